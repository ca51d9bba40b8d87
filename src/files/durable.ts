/**
 * Durable writes: a file appears only complete (temporary name, fsync, rename, fsync of its
 * directory), and the directories of a run are made once ({@link DirectoryCache}).
 *
 * Batches of files written by many writers at once are put in place by `batch_commit.ts`.
 * @module
 */
import { dirname } from "node:path";
import { canSyncFilesystems, syncFilesystems } from "./filesystem_sync.ts";
import { removeIfPresent, tempName } from "./temp_files.ts";

/**
 * Writes `data` to `dest` atomically: a temporary file beside it, fsync, rename, fsync of the
 * directory. Readers see the old content or the new, never a mix. With `mode` (e.g. 0o600 for
 * credentials) the file never exists with wider permissions: created so, and set again after the
 * umask had its say.
 */
export async function writeFileAtomic(
  dest: string,
  data: Uint8Array | string,
  opts: { mode?: number } = {},
): Promise<void> {
  await Deno.mkdir(dirname(dest), { recursive: true });
  const tmp = tempName(dest);
  let renamed = false;
  try {
    const file = await Deno.open(tmp, { write: true, createNew: true, mode: opts.mode });
    try {
      await writeAll(file, typeof data === "string" ? new TextEncoder().encode(data) : data);
      await file.sync();
    } finally {
      file.close();
    }
    if (opts.mode !== undefined && Deno.build.os !== "windows") await Deno.chmod(tmp, opts.mode);
    await Deno.rename(tmp, dest);
    renamed = true;
    await syncDirectory(dirname(dest));
  } finally {
    if (!renamed) await removeIfPresent(tmp);
  }
}

/**
 * Copies `source` to `dest` under a temporary name (videos may be large: never read whole), fsync,
 * then renames; returns the copy's size.
 */
export async function copyFileAtomic(source: string, dest: string): Promise<number> {
  await Deno.mkdir(dirname(dest), { recursive: true });
  const tmp = tempName(dest);
  try {
    await Deno.copyFile(source, tmp);
    {
      using f = await Deno.open(tmp, { write: true });
      await f.sync();
    }
    await Deno.rename(tmp, dest);
  } catch (e) {
    await removeIfPresent(tmp);
    throw e;
  }
  return (await Deno.stat(dest)).size;
}

/** Makes a rename durable. Directories cannot be opened for fsync on Windows: skipped there. */
export async function syncDirectory(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  using handle = await Deno.open(dir, { read: true });
  await handle.sync();
}

/**
 * Makes the renames into `dirs` durable: one syncfs per filesystem where it can, else an fsync of
 * each directory once.
 */
export async function syncDirectories(dirs: Iterable<string>): Promise<void> {
  const unique = [...new Set(dirs)];
  if (unique.length === 0) return;
  if (canSyncFilesystems()) await syncFilesystems(unique);
  else await eachConcurrently(unique, syncDirectory);
}

/** Removals and directory fsyncs run this many at a time. */
const COMMIT_CONCURRENCY = 32;

/** Runs `fn` over `items`, {@link COMMIT_CONCURRENCY} at a time. */
export async function eachConcurrently<T>(
  items: readonly T[],
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(COMMIT_CONCURRENCY, items.length) }, worker));
}

/** Writes all of `data` (a write may take only part of it). */
export async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) written += await file.write(data.subarray(written));
}

/** Writes all of `data` synchronously. */
export function writeAllSync(file: Deno.FsFile, data: Uint8Array): void {
  let written = 0;
  while (written < data.length) written += file.writeSync(data.subarray(written));
}

/**
 * The directories a run has made or found, so that each is created once (`mkdir -p` per file was
 * 3 % of an archive run's CPU), and whether this run created it: a directory this run created
 * holds no file of an earlier run, so there is nothing to adopt in it.
 */
export class DirectoryCache {
  #known = new Set<string>();
  #created = new Set<string>();

  /** Creates `dir` and its parents unless this cache has seen it already. */
  async ensure(dir: string): Promise<void> {
    if (this.#known.has(dir)) return;
    try {
      await this.#make(dir);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound) || dirname(dir) === dir) throw e;
      await this.ensure(dirname(dir));
      await this.#make(dir);
    }
    this.#known.add(dir);
  }

  async #make(dir: string): Promise<void> {
    try {
      await Deno.mkdir(dir);
      this.#created.add(dir);
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
  }

  /** Whether {@link ensure} created `dir` in this run (not merely found it). */
  createdHere(dir: string): boolean {
    return this.#created.has(dir);
  }
}

/** For callers without a {@link DirectoryCache}: nothing is remembered. */
export const NO_DIRECTORY_CACHE: Pick<DirectoryCache, "ensure"> = {
  ensure: (dir: string) => Deno.mkdir(dir, { recursive: true }),
};
