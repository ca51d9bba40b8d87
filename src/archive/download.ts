/**
 * Downloads that appear only complete: a file is fetched to `<dest>.part-<random>` beside its
 * destination, hashed while it streams, checked against what was expected (its length, its first
 * bytes), flushed and renamed into place, so a crash or a failed download never leaves a partial
 * file under the final name. A download that stops sending is given up after the stall time.
 *
 * A download can also go on to the next file without waiting for its flush (`deferCommit`), and
 * `commitFiles` (`src/files/batch_commit.ts`) later makes a whole batch durable and renames it
 * into place, so the network is not left idle while the disk catches up.
 * @module
 */
import { waitBoard } from "./awaiting.ts";
import { linkedAbort } from "../abort.ts";
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { FetchFileClient } from "../flickr/fetch_file_client.ts";
import type { FileClient, FileResponse } from "../flickr/file_client.ts";
import { canSyncFilesystems } from "../files/filesystem_sync.ts";
import { handOver, type PendingFile } from "../files/batch_commit.ts";
import {
  type DirectoryCache,
  NO_DIRECTORY_CACHE,
  syncDirectory,
  writeAllSync,
} from "../files/durable.ts";
import { removeIfPresent, tempName } from "../files/temp_files.ts";
import { concat, concatAll, releaseBody } from "../files/buffers.ts";
import { type ExpectedMedia, matchesExpected, SNIFF_BYTES, sniffMedia } from "../files/sniff.ts";

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
   * temporary name and not yet flushed. Nothing is at `dest` until `commitFiles`.
   */
  pending?: PendingFile;
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
   * its temporary name, in `pending`: the caller must pass it to `commitFiles` (or
   * `discardFiles`) and record it nowhere before then.
   */
  deferCommit?: boolean;
}

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
  await (opts.dirs ?? NO_DIRECTORY_CACHE).ensure(dirname(dest));

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
      if (!matchesExpected(expect, kind)) {
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
 * Bodies up to this size are read whole ({@link downloadToFile}): display copies and thumbnails,
 * which are most of an archive's files. Larger ones, originals, are streamed.
 */
const WHOLE_BODY_BYTES = 256 * 1024;

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
