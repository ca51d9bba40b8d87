/**
 * Files written under their temporary names by many writers at once (downloads, media streamed
 * out of an export, pictures made from originals) and put in place as a batch: {@link commitFiles}
 * makes the whole batch durable and renames it into place, on Linux with one `syncfs` for the
 * batch (`filesystem_sync.ts`), elsewhere with an fsync per file started in the background by its
 * writer ({@link handOver}). Either way the writers are not left idle while the disk catches up,
 * as they were with an fsync per file in each writer's slot.
 *
 * Tested by src/archive/download_test.ts.
 * @module
 */
import { dirname } from "node:path";
import { canSyncFilesystems, syncFilesystems } from "./filesystem_sync.ts";
import { eachConcurrently, syncDirectories } from "./durable.ts";
import { removeIfPresent } from "./temp_files.ts";

/** A complete file under its temporary name, waiting for {@link commitFiles}. */
export interface PendingFile {
  readonly tmp: string;
  /** Where {@link commitFiles} puts it; the caller may change it before then. */
  dest: string;
  /**
   * Resolves when the file's bytes are on disk (its fsync, started by its writer). Absent where
   * {@link commitFiles} flushes the batch's filesystem instead (see `filesystem_sync.ts`).
   */
  readonly flushed?: Promise<void>;
}

/**
 * Puts pending files in place durably: flushes their bytes (one syncfs per filesystem, or waits
 * for each file's own fsync), renames each to its `dest`, then makes the renames durable
 * ({@link syncDirectories}). Only after this may the files be recorded anywhere. On failure the
 * files not yet renamed stay under their temporary names, which the next run removes.
 *
 * @example
 * ```ts
 * const a = await downloadToFile({ url, dest, expect: "image", deferCommit: true });
 * await commitFiles([a.pending!]);
 * ```
 */
export async function commitFiles(files: readonly PendingFile[]): Promise<void> {
  for (const f of files) await f.flushed;
  const unflushed = files.filter((f) => !f.flushed);
  // Their bytes must be on disk before their names are: a rename that reached the disk before
  // the data would leave an empty or torn file under the final name after a power cut.
  if (unflushed.length > 0) await syncFilesystems(unflushed.map((f) => dirname(f.tmp)));
  // Synchronous, like the downloads' writes: an asynchronous rename is a trip to a blocking thread
  // that cost the event loop more than the rename itself (13 % of a download's CPU on 20 KB files).
  for (const f of files) Deno.renameSync(f.tmp, f.dest);
  await syncDirectories(files.map((f) => dirname(f.dest)));
}

/** Removes pending files that will not be committed. */
export async function discardFiles(files: readonly PendingFile[]): Promise<void> {
  await eachConcurrently(files, async (f) => {
    await f.flushed?.catch(() => {});
    await removeIfPresent(f.tmp);
  });
}

/**
 * Hands a complete temporary file over to {@link commitFiles}: closed as it is where the batch is
 * flushed with one syncfs, else with its fsync started in the background.
 */
export async function handOver(file: Deno.FsFile, tmp: string, dest: string): Promise<PendingFile> {
  if (canSyncFilesystems()) {
    file.close();
    return { tmp, dest };
  }
  await flushSlot();
  return { tmp, dest, flushed: flushInBackground(file) };
}

/**
 * Pending files being flushed. Each writer starts its file's fsync as soon as the bytes are
 * written and goes on to the next file; side-by-side fsyncs share the filesystem's journal
 * commits. Bounded, so that a slow disk holds the writers back rather than open files piling up.
 */
const flushing = new Set<Promise<void>>();
const MAX_FLUSHING = 64;

/** Waits until fewer than {@link MAX_FLUSHING} files are being flushed. */
async function flushSlot(): Promise<void> {
  while (flushing.size >= MAX_FLUSHING) await Promise.race(flushing);
}

/** Fsyncs and closes `file` in the background; the promise rejects if the fsync fails. */
function flushInBackground(file: Deno.FsFile): Promise<void> {
  const flushed = file.sync().finally(() => file.close());
  // Settles either way and marks a failure as handled until commitFiles awaits `flushed`.
  const settled: Promise<void> = flushed.then(
    () => void flushing.delete(settled),
    () => void flushing.delete(settled),
  );
  flushing.add(settled);
  return flushed;
}
