/**
 * Files that appear only complete: downloads and writes go to `<dest>.part-<random>` beside the
 * destination, are hashed while streaming, flushed to disk, then renamed into place, so a crash or a
 * failed download never leaves a partial file under the final name.
 *
 * A download can also go on to the next file without waiting for its flush (`deferCommit`), and
 * {@link commitFiles} later makes a whole batch durable and renames it into place: on Linux with
 * one `syncfs` for the batch (`filesystem_sync.ts`), elsewhere with an fsync per file started in
 * the background by the download. Either way the network is not left idle while the disk catches
 * up, as it was with an fsync per download in its download slot.
 * @module
 */
import { waitBoard } from "./awaiting.ts";
import { OUTPUT_MARKERS } from "../files/output_markers.ts";
import { linkedAbort } from "../abort.ts";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";

import { sha256File } from "../files/hash.ts";
import { FetchFileClient } from "../flickr/fetch_file_client.ts";
import type { FileClient, FileResponse } from "../flickr/file_client.ts";
import { contentTypeOfKind } from "../files/content_types.ts";
import { canSyncFilesystems, syncFilesystems } from "../files/filesystem_sync.ts";

/** Size and SHA-256 of a file on disk; the catalog's, re-exported for the archive's callers. */
export { sha256File };

/** What {@link downloadToFile} wrote. */
export interface DownloadResult {
  bytes: number;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  /** Lower-case hex MD5 of the file, when {@link DownloadOptions.md5} asked for it. */
  md5?: string;
  contentType: string | null;
  /** The URL after redirects. */
  finalUrl: string;
  /** The whole file, when {@link DownloadOptions.keepBodyUpTo} asked for it and it was that small. */
  body?: Uint8Array;
  /**
   * With {@link DownloadOptions.deferCommit}: the file, complete and checked, still under its
   * temporary name and not yet flushed. Nothing is at `dest` until {@link commitFiles}.
   */
  pending?: PendingFile;
}

/** A downloaded file under its temporary name, waiting for {@link commitFiles}. */
export interface PendingFile {
  readonly tmp: string;
  /** Where {@link commitFiles} puts it; the caller may change it before then. */
  dest: string;
  /**
   * Resolves when the file's bytes are on disk (its fsync, started by the download). Absent where
   * {@link commitFiles} flushes the batch's filesystem instead (see `filesystem_sync.ts`).
   */
  readonly flushed?: Promise<void>;
}

/** A failed download. `transient` failures are worth retrying (after `retryAfterMs` when given). */
export class DownloadError extends Error {
  /** HTTP status, when the server answered. */
  status?: number;
  transient: boolean;
  /** From `Retry-After` on a 429 or 503. */
  retryAfterMs?: number;

  constructor(
    message: string,
    opts: { transient: boolean; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: opts.cause });
    this.name = "DownloadError";
    this.transient = opts.transient;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
  }
}

/** What kind of file the caller expects; the first bytes must agree. */
export type ExpectedMedia = "image" | "video" | "any";

/** Options of {@link downloadToFile}. */
export interface DownloadOptions {
  url: string;
  /** Final path; its directory is created when missing. */
  dest: string;
  /**
   * "image": the body must be JPEG, PNG, GIF, HEIC, TIFF or WebP. "video": anything but HTML or an
   * image (video originals come in many containers: MP4, MOV, AVI, WMV...). "any": no check.
   */
  expect: ExpectedMedia;
  /** What fetches the file (default: `fetch`, through {@link FetchFileClient}). */
  files?: FileClient;
  /** Instead of `files`: a fetch to fetch the file with. */
  fetch?: typeof fetch;
  /** No bytes for this long (waiting for headers or body) aborts as a transient error. Default 30 s. */
  stallTimeoutMs?: number;
  /** Aborting rejects with the signal's reason, not a DownloadError. */
  signal?: AbortSignal;
  /** Directories already made in this run: `dest`'s is created once, not per file. */
  dirs?: DirectoryCache;
  /** Return the file's bytes in `body` when it has at most this many (saves reading it back). */
  keepBodyUpTo?: number;
  /**
   * Hash the file with MD5 too, as it arrives (for `checksum:md5=` tags: saves reading every
   * original back later).
   */
  md5?: boolean;
  /**
   * Return as soon as the file is written (its fsync goes on in the background) and leave it under
   * its temporary name, in `pending`: the caller must pass it to {@link commitFiles} (or
   * {@link discardFiles}) and record it nowhere before then.
   */
  deferCommit?: boolean;
}

/** The kinds {@link sniffMedia} knows as images (EXIF may be read); other media is video. */
export const IMAGE_KINDS: ReadonlySet<MediaKind> = new Set([
  "jpeg",
  "png",
  "gif",
  "heic",
  "tiff",
  "webp",
]);
const SNIFF_BYTES = 32;

/**
 * Streams `url` to `dest` without ever leaving a partial file: writes `${dest}.part-<random>`
 * (a body of up to 256 KiB is read whole, a larger one streamed), hashes it, checks
 * `Content-Length` and the magic bytes against `expect`, fsyncs, renames to `dest` and fsyncs the
 * directory. Redirects are followed. Any failure removes the temporary file and leaves an existing
 * `dest` untouched.
 *
 * Transient (retry): 408, 429 (with `retryAfterMs`), 5xx, network errors, stalls, truncated bodies.
 * Permanent: other 4xx (403, 404, 410...) and a body of the wrong kind (an HTML page for an image).
 *
 * @example
 * ```ts
 * const { sha256, bytes } = await downloadToFile({
 *   url: "https://live.staticflickr.com/65535/123_abc_o.jpg",
 *   dest: "archive/photos/2019/07/123_beach.jpg",
 *   expect: "image",
 * });
 * ```
 */
export async function downloadToFile(opts: DownloadOptions): Promise<DownloadResult> {
  const { url, dest, expect, signal } = opts;
  const files = opts.files ?? new FetchFileClient(opts.fetch);
  const stallMs = opts.stallTimeoutMs ?? 30_000;
  signal?.throwIfAborted();
  await (opts.dirs ?? NO_CACHE).ensure(dirname(dest));

  // Follows the caller's signal (a whole run's Ctrl-C) without being held by it after this file.
  const stall = linkedAbort(signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One timer per file, not one per chunk: each chunk only notes the time, and the timer, when it
  // fires early, waits for the rest of the stall time since the last chunk.
  let lastActivity = 0;
  const onTimer = () => {
    const idle = Date.now() - lastActivity;
    if (idle >= stallMs) stall.abort();
    else timer = setTimeout(onTimer, stallMs - idle);
  };
  const armStallTimer = () => {
    lastActivity = Date.now();
    timer ??= setTimeout(onTimer, stallMs);
  };
  /** Turns whatever a fetch or read threw into the error the caller should see. */
  const failure = (e: unknown, what: string): unknown => {
    if (e instanceof DownloadError) return e;
    if (signal?.aborted) return signal.reason;
    if (stall.signal.aborted) {
      return new DownloadError(`Download stalled: no data for ${stallMs} ms from ${url}`, {
        transient: true,
      });
    }
    return new DownloadError(`${what} ${url}: ${e instanceof Error ? e.message : e}`, {
      transient: true,
      cause: e,
    });
  };

  const tmp = tempName(dest);
  const unlist = waitBoard.download(() => lastActivity, stallMs);
  let file: Deno.FsFile | undefined;
  // After the rename there is no temporary file: removing it would only raise NotFound, which
  // cost a failed syscall and an error object per file (3 % of an archive run's CPU). A deferred
  // download hands its temporary file to the caller.
  let handedOver = false;
  try {
    armStallTimer();
    let response: FileResponse;
    try {
      response = await files.get(url, stall.signal);
    } catch (e) {
      throw failure(e, "Cannot download");
    }
    if (response.status < 200 || response.status > 299) {
      await response.cancel();
      throw statusError(response, url);
    }
    const expectedLength = declaredLength(response);
    const hash = createHash("sha256");
    const md5 = opts.md5 ? createHash("md5") : undefined;
    let head: Uint8Array = new Uint8Array(0);
    /** The first bytes must be of the expected kind; with `bytes`, the length must be as declared. */
    const check = (bytes?: number) => {
      const kind = sniffMedia(head);
      if (!matches(expect, kind)) {
        throw new DownloadError(
          `Expected ${expect === "image" ? "an image" : "a video"} from ${url} but got ${
            kind === "unknown" ? "an unknown file type" : kind
          }`,
          { transient: false, status: response.status },
        );
      }
      if (bytes !== undefined && expectedLength !== undefined && bytes !== expectedLength) {
        throw new DownloadError(
          `Download truncated: got ${bytes} of ${expectedLength} bytes from ${url}`,
          { transient: true, status: response.status },
        );
      }
    };
    const describe = (bytes: number): DownloadResult => ({
      bytes,
      sha256: hash.digest("hex"),
      ...(md5 ? { md5: md5.digest("hex") } : {}),
      contentType: response.header("content-type"),
      finalUrl: response.url,
    });
    // Synchronous open and writes: each asynchronous file op is a trip to a blocking thread that
    // cost the event loop 20-35 µs, more than the write itself into the page cache (measured on
    // 20 KB thumbnails, where these trips were a third of a download's CPU).
    const open = () => (file = Deno.openSync(tmp, { write: true, createNew: true }));
    // Where the batch is flushed with one syncfs, nothing needs the open file after its bytes are
    // written: a body read whole is written with one call instead of open, write and close.
    const writeWhole = opts.deferCommit === true && canSyncFilesystems();
    let bytes = 0;
    const keepUpTo = opts.keepBodyUpTo ?? -1;
    let kept: Uint8Array[] | undefined = keepUpTo >= 0 ? [] : undefined;
    if (expectedLength !== undefined && expectedLength <= WHOLE_BODY_BYTES) {
      // One read for the whole body instead of one per chunk and a last one for the end: 12 % less
      // CPU per 20 KB thumbnail (172 against 196 µs). The stall timer still covers it: a body this
      // small still unfinished after the stall time came at under 9 KB/s.
      let data: Uint8Array;
      try {
        armStallTimer();
        data = await response.bytes();
      } catch (e) {
        throw failure(e, "Download interrupted:");
      }
      head = data.slice(0, SNIFF_BYTES); // a copy: `data` is released below
      check();
      hash.update(data);
      md5?.update(data);
      if (writeWhole) Deno.writeFileSync(tmp, data, { createNew: true });
      else writeAllSync(open(), data);
      bytes = data.length;
      if (kept && bytes <= keepUpTo) kept.push(data);
      else {
        kept = undefined;
        releaseBody(data);
      }
    } else {
      const out = open();
      let finished = false;
      let sniffed = false;
      try {
        while (true) {
          let data: Uint8Array | null;
          try {
            armStallTimer();
            data = await response.read();
          } catch (e) {
            throw failure(e, "Download interrupted:");
          }
          if (data === null) {
            finished = true;
            break;
          }
          if (!sniffed) {
            head = concat(head, data.subarray(0, SNIFF_BYTES - head.length));
            if (head.length >= SNIFF_BYTES) {
              sniffed = true;
              check();
            }
          }
          hash.update(data);
          md5?.update(data);
          writeAllSync(out, data);
          bytes += data.length;
          // A copy: the view is the response's read buffer, reused by the next read.
          if (kept && bytes <= keepUpTo) kept.push(data.slice());
          else kept = undefined;
        }
      } finally {
        // On failure, cancelling tells the server to stop sending (closes the connection).
        if (!finished) await response.cancel();
      }
    }
    clearTimeout(timer);
    check(bytes);
    let pending: PendingFile | undefined;
    const out = file;
    if (opts.deferCommit) {
      pending = out ? await handOver(out, tmp, dest) : { tmp, dest };
      file = undefined;
      handedOver = true;
    } else {
      await out!.sync();
      out!.close();
      file = undefined;
      await Deno.rename(tmp, dest);
      handedOver = true;
      await syncDirectory(dirname(dest));
    }
    const result = describe(bytes);
    if (kept) result.body = kept.length === 1 ? kept[0] : concatAll(kept, bytes);
    if (pending) result.pending = pending;
    return result;
  } finally {
    unlist();
    clearTimeout(timer);
    stall.dispose();
    if (file) {
      try {
        file.close();
      } catch { /* already closed */ }
    }
    if (!handedOver) await removeIfPresent(tmp);
  }
}

/**
 * Puts deferred downloads in place durably: flushes their bytes (one syncfs per filesystem, or
 * waits for each file's own fsync), renames each to its `dest`, then makes the renames durable
 * ({@link syncDirectories}). Only after this may the files be recorded anywhere. On
 * failure the files not yet renamed stay under their temporary names, which the next run removes.
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

/** Removes deferred downloads that will not be committed. */
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
 * Deferred downloads being flushed. Each download starts its file's fsync as soon as the bytes are
 * written and goes on to the next download; side-by-side fsyncs share the filesystem's journal
 * commits. Bounded, so that a slow disk holds the downloads back rather than open files piling up.
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

/**
 * A file already under its final name with no catalog row is complete (files appear only complete,
 * after their fsync) and was written by a run killed before recording it: its size, hash and
 * content type, when its first bytes are of the expected kind, so that it is recorded rather than
 * fetched again. Undefined when there is no such file or it is of another kind.
 */
export async function findCompleteFile(
  dest: string,
  expect: ExpectedMedia,
): Promise<{ bytes: number; sha256: string; contentType: string | null } | undefined> {
  let head: Uint8Array;
  try {
    using file = await Deno.open(dest, { read: true });
    head = new Uint8Array(SNIFF_BYTES);
    const n = await file.read(head);
    head = head.subarray(0, n ?? 0);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  const kind = sniffMedia(head);
  if (!matches(expect, kind) || kind === "unknown") return undefined;
  const { bytes, sha256 } = await sha256File(dest);
  return { bytes, sha256, contentType: contentTypeOfKind(kind) };
}

/**
 * Bodies up to this size are read whole ({@link downloadToFile}): display copies and thumbnails,
 * which are most of an archive's files. Larger ones, originals, are streamed.
 */
const WHOLE_BODY_BYTES = 256 * 1024;

/**
 * Frees a body now rather than when V8 collects it, for one read whole or kept
 * ({@link DownloadOptions.keepBodyUpTo}) and no longer needed: such buffers live outside the JS
 * heap, and left to the collector they were 45 MB more peak memory over 18,000 thumbnails, and
 * kept bodies 20 MB more over an archive of 10,000 items. `data` is empty afterwards.
 */
export function releaseBody(data: Uint8Array): void {
  // Only a buffer of its own: detaching one shared with other views would empty them too.
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) {
    (data.buffer as ArrayBuffer).transfer(0);
  }
}

/** Removals and directory fsyncs run this many at a time. */
const COMMIT_CONCURRENCY = 32;

async function eachConcurrently<T>(
  items: readonly T[],
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(COMMIT_CONCURRENCY, items.length) }, worker));
}

/**
 * Writes `data` to `dest` atomically: a temporary file beside it, fsync, rename, fsync of the
 * directory. Readers see the old content or the new, never a mix.
 */
export async function writeFileAtomic(dest: string, data: Uint8Array | string): Promise<void> {
  await Deno.mkdir(dirname(dest), { recursive: true });
  const tmp = tempName(dest);
  let renamed = false;
  try {
    const file = await Deno.open(tmp, { write: true, createNew: true });
    try {
      await writeAll(file, typeof data === "string" ? new TextEncoder().encode(data) : data);
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, dest);
    renamed = true;
    await syncDirectory(dirname(dest));
  } finally {
    if (!renamed) await removeIfPresent(tmp);
  }
}

const TEMP_PATTERN = /\.part-[0-9a-z]+$/;

/**
 * Removes the temporary files (`*.part-*`) that interrupted writes left anywhere under `root`
 * (symbolic links are not followed), except in the folders of a `site` or an `export` kept inside
 * the archive (see `output_markers.ts`). With `only`, removes just those whose final name (the
 * path relative to `root`, `/`-separated, without `.part-*`) it accepts: a site or an export
 * removes the temporary files of what it was writing, never a person's `thesis.part-2`. Returns
 * how many were removed; a missing root counts as none.
 */
export async function removeStaleTempFiles(
  root: string,
  only?: (finalName: string) => boolean,
): Promise<number> {
  let removed = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    if (dir !== root && entries.some((e) => e.isFile && OUTPUT_MARKERS.has(e.name))) return;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path, relPath);
      else if (entry.isFile && TEMP_PATTERN.test(entry.name)) {
        if (only && !only(relPath.replace(TEMP_PATTERN, ""))) continue;
        await removeIfPresent(path);
        removed++;
      }
    }
  };
  await walk(root, "");
  return removed;
}

/** What a file's first bytes say it is. Needs at least 12 bytes for the ISO-BMFF kinds. */
export type MediaKind =
  | "jpeg"
  | "png"
  | "gif"
  | "heic"
  | "tiff"
  | "webp"
  | "mp4"
  | "mov"
  | "html"
  | "unknown";

const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);
/** Top-level atoms that open QuickTime files written before `ftyp` existed. */
const QUICKTIME_ATOMS = new Set(["moov", "mdat", "wide", "free", "skip", "pnot"]);

/**
 * Identifies a file from its first bytes (magic numbers; `ftyp` brands for MP4/MOV/HEIC).
 *
 * @example
 * ```ts
 * sniffMedia(new Uint8Array([0xff, 0xd8, 0xff, 0xe1])); // "jpeg"
 * ```
 */
export function sniffMedia(head: Uint8Array): MediaKind {
  const ascii = (start: number, end: number) =>
    String.fromCharCode(...head.subarray(start, Math.min(end, head.length)));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return "gif";
  if (ascii(0, 4) === "II*\0" || ascii(0, 4) === "MM\0*") return "tiff";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  const box = ascii(4, 8);
  if (box === "ftyp") {
    const brand = ascii(8, 12);
    if (HEIF_BRANDS.has(brand)) return "heic";
    return brand === "qt  " ? "mov" : "mp4";
  }
  if (QUICKTIME_ATOMS.has(box)) return "mov";
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < head.length && (head[i] === 0x20 || (head[i] >= 0x09 && head[i] <= 0x0d))) i++;
  if (head[i] === 0x3c) return "html"; // "<": HTML or XML error pages
  return "unknown";
}

function matches(expect: ExpectedMedia, kind: MediaKind): boolean {
  if (expect === "any") return true;
  if (expect === "image") return IMAGE_KINDS.has(kind);
  return kind !== "html" && !IMAGE_KINDS.has(kind);
}

function statusError(response: FileResponse, url: string): DownloadError {
  const status = response.status;
  const transient = status === 408 || status === 429 || status >= 500;
  const retryAfterMs = transient ? parseRetryAfter(response.header("retry-after")) : undefined;
  return new DownloadError(
    `Cannot download ${url}: HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`,
    { status, transient, retryAfterMs },
  );
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Content-Length, unless the body is content-encoded (fetch decodes it, so lengths differ). */
function declaredLength(response: FileResponse): number | undefined {
  const encoding = response.header("content-encoding");
  if (encoding && encoding !== "identity") return undefined;
  const value = response.header("content-length");
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Random per process, then counted: unique names without a random draw per file. */
const TEMP_PREFIX = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(36))
  .join("");
let tempCount = 0;

/** A temporary name beside `dest` (`<dest>.part-<random>`), as {@link removeStaleTempFiles} knows. */
export function tempName(dest: string): string {
  return `${dest}.part-${TEMP_PREFIX}${(tempCount++).toString(36)}`;
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) written += await file.write(data.subarray(written));
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

/**
 * The directories an archive run has made or found, so that each is created once (`mkdir -p` per
 * file was 3 % of a run's CPU), and whether this run created it: a directory this run created holds
 * no file of an earlier run, so there is nothing to adopt in it.
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

/** For callers without a cache: nothing is remembered. */
const NO_CACHE = {
  ensure: (dir: string) => Deno.mkdir(dir, { recursive: true }),
};

/** Makes a rename durable. Directories cannot be opened for fsync on Windows: skipped there. */
async function syncDirectory(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  using handle = await Deno.open(dir, { read: true });
  await handle.sync();
}

/** Removes a file; one that is already gone is not an error. */
export async function removeIfPresent(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

function concatAll(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function writeAllSync(file: Deno.FsFile, data: Uint8Array): void {
  let written = 0;
  while (written < data.length) written += file.writeSync(data.subarray(written));
}
