/**
 * The disk between a benchmark's runs: folders it wrote are removed when the whole benchmark is
 * over rather than between runs, and {@link settleDisk} clears the effect of removals made before
 * it began.
 *
 * Why: ext4 without a journal (the CI machines' root file system) will not reuse an inode freed in
 * the last 60 seconds (Linux 5.7 and later; 360 while its inode-table block is dirty), and to know
 * it looks up each free inode's table block in the buffer cache as it creates a file. Removing a
 * 37,000-file archive just before the next run made that run's file creation step past every one
 * of them: `perf` put a quarter to a third of the archiver's CPU samples in `ext4_create` →
 * `find_inode_bit` → `recently_deleted` (10,000 items: 33–38 s with 18–21 s of system time, against
 * 20–22 s with 6 s once the cache was dropped), and each run of scenario 1 came out slower than the
 * one before. A person's archive does not follow the deletion of tens of thousands of files by
 * seconds, and a file system with a journal never looks.
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

/**
 * Seconds {@link settleDisk} waits where it cannot drop the cache: ext4's window for a freed inode
 * whose table block is written.
 */
export const SETTLE_SECONDS = 65;

/** Where Linux lets root drop clean cached pages (and with them the inode tables ext4 looks in). */
const DROP_CACHES = "/proc/sys/vm/drop_caches";

/**
 * Flushes the file systems, then drops the clean page cache where allowed (root on Linux), else
 * waits out ext4's window for recently freed inodes (see the module doc), so that removals made
 * just before the benchmark began (a test suite's clean-up, an earlier archive) do not slow its
 * first run's file creation. Comparing two revisions needs this: an `--against` pair whose first
 * run followed the removal of a 30,000-item archive by two minutes came out ×1.2, its second ×1.0.
 * Dropping the cache costs both sides alike: each run starts its own processes anyway.
 */
export async function settleDisk(
  say: (line: string) => void,
  seconds = SETTLE_SECONDS,
): Promise<void> {
  await new Deno.Command("sync").output().catch(() => {});
  try {
    await Deno.writeTextFile(DROP_CACHES, "1");
    say("settling the disk: synced, clean cache dropped");
    return;
  } catch {
    // Not root, or not Linux: wait instead.
  }
  say(`settling the disk: synced, then ${seconds} s without removing files`);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
