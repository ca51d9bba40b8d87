/**
 * Folders a benchmark wrote, removed when the whole benchmark is over rather than between runs.
 *
 * Why: ext4 will not reuse an inode freed in the last 30 seconds (5 minutes while its inode table
 * block is still dirty), and looks past each such inode when it creates a file. Removing a 37,000-
 * file archive just before the next run made that run's file creation scan past every one of them:
 * `perf` put a quarter of the archiver's CPU samples in `ext4_create` → `find_inode_bit` →
 * `recently_deleted`, and each run of scenario 1 came out slower than the one before. A person's
 * archive does not follow the deletion of tens of thousands of files by seconds.
 * @module
 */

const deferred: string[] = [];

/** Removes `path` (recursively) at {@link removeDeferred}. */
export function removeLater(path: string): void {
  deferred.push(path);
}

/** Removes every folder given to {@link removeLater}; failures are ignored. */
export async function removeDeferred(): Promise<void> {
  for (const path of deferred.splice(0)) {
    await Deno.remove(path, { recursive: true }).catch(() => {});
  }
}
