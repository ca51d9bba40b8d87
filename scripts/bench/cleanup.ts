/**
 * The disk between a benchmark's runs: folders it wrote are removed when the whole benchmark is
 * over rather than between runs, and {@link settleDisk} waits out removals made before it began.
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

/** Seconds {@link settleDisk} waits: ext4's window for a freed inode once its table is written. */
export const SETTLE_SECONDS = 35;

/**
 * Flushes the file systems, then waits out ext4's window for recently freed inodes (see the module
 * doc), so that removals made just before the benchmark began (a test suite's clean-up, an earlier
 * archive) do not slow its first run's file creation. Comparing two revisions needs this: an
 * `--against` pair whose first run followed the removal of a 30,000-item archive by two minutes
 * came out ×1.2, its second ×1.0.
 */
export async function settleDisk(
  say: (line: string) => void,
  seconds = SETTLE_SECONDS,
): Promise<void> {
  say(`settling the disk: sync, then ${seconds} s without removing files`);
  await new Deno.Command("sync").output().catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
