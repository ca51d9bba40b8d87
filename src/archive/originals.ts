/**
 * The originals phase: right after listing, before any per-photo API call, every item gets its
 * files from the URLs the listing gave (no API call at all):
 *
 * - `original`: the photo's `url_o` (or, when a listing left it out, the same URL derived from
 *   the original secret an earlier answer gave), or a video's page-style
 *   `play/orig/{originalsecret}/` URL (derived from the listing; it redirects to a short-lived
 *   signed file). A video whose original answers 404 is left to the video phase (getSizes, best
 *   stream, manual-download queue);
 * - `largest`: where there is no original to fetch (others' photos whose owner disabled
 *   downloads), the largest size the owner permits, filed where the original would be; once an
 *   original secret is known (getInfo), the original replaces it (`lesser_copies.ts`);
 * - `display`: one copy of about 1024 px (`url_l`, else the largest at most 1024 px, else the
 *   original itself when it is no larger);
 * - `thumb`: the 150 px square (`url_q`).
 *
 * What is already complete is never fetched again: a current file of the same kind, from the same
 * secret, still on disk with its recorded size, and not found missing or altered by `verify`. A
 * photo replaced on Flickr (new `originalsecret`) is fetched again and the previous original kept
 * as an earlier version under `versions/` (`is_current = 0`).
 *
 * Downloads run in a p-queue at `ctx.concurrency`, originals first. Transient failures (5xx, 429
 * with `Retry-After`, resets, truncated bodies, stalls after `ctx.stallTimeoutMs`) are retried with
 * backoff; permanent ones are reported through `ctx.attention`, never recorded as done. File rows
 * and EXIF are written in batches (`recorder.ts`, whose journal lets the next run record what a
 * killed run put in place). A file on disk under its final name is always complete (see
 * `src/files/durable.ts`), so one found without a row or a journal entry is adopted rather than fetched
 * again.
 * @module
 */
import { dirname } from "node:path";
import PQueue from "p-queue";
import type { FileRow } from "../catalog/schema.ts";
import { chunks } from "../catalog/writes.ts";
import { type ArchiveContext, directoriesOf, downloadRetry } from "./context.ts";
import { type Done, Recorder } from "./recorder.ts";
import { countOf, formatCount } from "../units.ts";
import { videoTypeExtension } from "./videos.ts";
import { downloadWithRetry } from "./download_retry.ts";
import { readExif } from "../xmp/exif_read.ts";
import { anyChecksumTag } from "../tree/md5s.ts";
import { DownloadError, type DownloadResult } from "./download.ts";
import { findCompleteFile } from "../files/sniff.ts";
import { copyFileAtomic } from "../files/durable.ts";
import { releaseBody } from "../files/buffers.ts";
import { ITEM_PLACEMENT_COLUMNS, resolveInArchive, versionPath } from "../tree/layout.ts";
import { wwwOrigin } from "./rows.ts";
import type { FileTask } from "./file_task.ts";
import { type PlanItem, wantedFiles } from "./wanted_files.ts";

/** What the originals phase did. */
export interface OriginalsResult {
  /** Items checked. */
  items: number;
  /** Files fetched. */
  downloaded: number;
  /** Bytes fetched. */
  bytes: number;
  /** Files a killed run had put in place but not recorded, recorded from its journal. */
  recovered: number;
  /** Complete files found on disk without a catalog row or a journal entry. */
  adopted: number;
  /** Earlier versions kept for replaced originals. */
  versions: number;
  /** Files that could not be fetched (reported in `ctx.attention`). */
  failed: number;
  /** Videos whose original could not be fetched: left to the video phase. */
  videosWithoutOriginal: string[];
}

/** Options of {@link runOriginals}. */
export interface RunOriginalsOptions {
  /** `--flickr-origin`, for the video play URLs (`www.flickr.com` otherwise). */
  origin?: string;
  /** Attempts per file for transient failures (default 5). */
  attempts?: number;
  /** First retry delay (default 1 s), doubled per attempt. */
  retryBaseMs?: number;
  /** Items read from the catalog at a time (default 500). */
  batchSize?: number;
  /** Only these items (default: every item not deleted on Flickr). */
  itemIds?: readonly string[];
  /** The phase's name in progress lines (default "originals"). */
  label?: string;
  /**
   * Hash originals with MD5 as they arrive (default: when any item carries a `checksum:md5=`
   * tag, so the checksum pass need not read them back).
   */
  md5?: boolean;
}

/** How much of an original EXIF is read from (EXIF lives near the start). */
const EXIF_READ_MAX = 16 * 1024 * 1024;
/**
 * Originals up to this size are kept in memory by the download for their EXIF, rather than read
 * back from disk (an open, a stat and a read per photo). Larger ones are read back: holding them
 * would cost up to this much per concurrent download.
 */
const KEEP_FOR_EXIF = 1024 * 1024;

/**
 * The originals phase (see the module doc). Makes no API call.
 *
 * @example
 * ```ts
 * const result = await runOriginals(ctx, { origin });
 * console.log(`${result.downloaded} files, ${result.bytes} bytes`);
 * ```
 */
export async function runOriginals(
  ctx: ArchiveContext,
  options: RunOriginalsOptions = {},
): Promise<OriginalsResult> {
  const www = wwwOrigin(options.origin);
  const db = ctx.catalog.db;
  const opts = { ...options, md5: options.md5 ?? await anyChecksumTag(db) };
  const result: OriginalsResult = {
    items: 0,
    downloaded: 0,
    bytes: 0,
    recovered: 0,
    adopted: 0,
    versions: 0,
    failed: 0,
    videosWithoutOriginal: [],
  };
  const total = opts.itemIds?.length ?? Number(
    (await db.selectFrom("items").select((eb) => eb.fn.countAll().as("n"))
      .where("deleted_on_flickr", "=", 0).executeTakeFirstOrThrow()).n,
  );
  const label = opts.label ?? "originals";
  ctx.progress.phase(label, { total, unit: "items", plannedCalls: 0 });

  const queue = new PQueue({ concurrency: Math.max(1, ctx.concurrency) });
  const recorder = new Recorder(ctx);
  // Before any plan: what a killed run put in place is recorded as what it was.
  result.recovered = await recorder.recover();
  const pendingPerItem = new Map<string, number>();
  const itemSettled = (id: string) => {
    const left = (pendingPerItem.get(id) ?? 1) - 1;
    if (left > 0) pendingPerItem.set(id, left);
    else {
      pendingPerItem.delete(id);
      ctx.progress.advance(1);
    }
  };
  const run = async (task: FileTask) => {
    if (ctx.signal.aborted) return;
    try {
      const done = await fetchFile(ctx, task, opts);
      if (!done) return;
      if (done.version) result.versions++;
      if ("adopted" in done) result.adopted++;
      else {
        result.downloaded++;
        result.bytes += done.result.bytes;
        ctx.progress.advance(0, 0, done.result.bytes);
      }
      recorder.add(done);
    } catch (e) {
      if (ctx.signal.aborted && !(e instanceof DownloadError)) return;
      const message = e instanceof Error ? e.message : String(e);
      if (task.kind === "original" && task.media === "video" && e instanceof DownloadError) {
        // Flickr refuses some video originals to scripts (404): the video phase takes over.
        result.videosWithoutOriginal.push(task.itemId);
        return;
      }
      result.failed++;
      ctx.attention.push(`photo ${task.itemId}: cannot fetch its ${task.kind} file: ${message}`);
    } finally {
      itemSettled(task.itemId);
    }
  };

  const batchSize = opts.batchSize ?? 500;
  let after = "";
  while (!ctx.signal.aborted) {
    // Keyset paging by id (text order) keeps memory flat for large accounts.
    const items: PlanItem[] = await db.selectFrom("items")
      .select([
        ...ITEM_PLACEMENT_COLUMNS,
        "original_secret",
        "original_format",
        "o_width",
        "o_height",
        "path_alias",
        "needs_manual_download",
        "listing_json",
      ])
      .where("deleted_on_flickr", "=", 0).where("id", ">", after)
      .$if(opts.itemIds !== undefined, (qb) => qb.where("id", "in", opts.itemIds!))
      .orderBy("id").limit(batchSize).execute();
    if (items.length === 0) break;
    after = items[items.length - 1].id;
    const tasks = await planBatch(ctx, items, www);
    result.items += items.length;
    const byItem = new Map<string, number>();
    for (const t of tasks) byItem.set(t.itemId, (byItem.get(t.itemId) ?? 0) + 1);
    for (const item of items) {
      const n = byItem.get(item.id) ?? 0;
      if (n === 0) ctx.progress.advance(1);
      else pendingPerItem.set(item.id, n);
    }
    for (const task of tasks) {
      queue.add(() => run(task), { priority: task.kind === "original" ? 2 : 1 })
        .catch(() => {}); // run() reports its own failures
    }
    // Backpressure: plan the next batch only when this one is mostly under way.
    await queue.onSizeLessThan(Math.max(8, ctx.concurrency * 4));
  }
  if (ctx.signal.aborted) queue.clear();
  await queue.onIdle();
  await recorder.flush();
  const parts = [`${countOf(result.downloaded, "files")} fetched`];
  if (result.recovered) {
    parts.push(`${formatCount(result.recovered)} recorded from an interrupted run`);
  }
  if (result.adopted) parts.push(`${formatCount(result.adopted)} found complete on disk`);
  if (result.versions) parts.push(`${countOf(result.versions, "earlier versions")} kept`);
  if (result.failed) parts.push(`${result.failed} failed`);
  if (result.videosWithoutOriginal.length) {
    parts.push(
      `${countOf(result.videosWithoutOriginal.length, "video originals")} refused ` +
        "(left to the video phase)",
    );
  }
  ctx.progress.note(`${label}: ${parts.join(", ")}`);
  return result;
}

/** The tasks for a batch of items: what is wanted minus what is already complete. */
async function planBatch(ctx: ArchiveContext, items: PlanItem[], www: string): Promise<FileTask[]> {
  const ids = items.map((i) => i.id);
  const current = new Map<string, FileRow>();
  for (const part of chunks(ids, 1)) {
    const rows = await ctx.catalog.db.selectFrom("files").selectAll()
      .where("item_id", "in", part).where("is_current", "=", 1).execute();
    for (const r of rows) current.set(`${r.item_id}\0${r.kind}`, r);
  }
  const tasks: FileTask[] = [];
  const sizes: { path: string; width: number; height: number | null }[] = [];
  for (const item of items) {
    let wanted;
    try {
      wanted = wantedFiles(item, www);
    } catch (e) {
      ctx.attention.push(`photo ${item.id}: cannot plan its files: ${(e as Error).message}`);
      continue;
    }
    for (const w of wanted) {
      // A listing that left the original out must not put a lesser copy over the original.
      if (w.kind === "largest" && current.has(`${w.itemId}\0original`)) continue;
      // An original replacing the lesser copy takes its place (and its name).
      const cur = current.get(`${w.itemId}\0${w.kind}`) ??
        (w.kind === "original" ? current.get(`${w.itemId}\0largest`) : undefined);
      if (cur && cur.secret === w.secret && await isIntact(ctx, cur)) {
        // A file another door brought (Flickr's export, through `import`) lacks Flickr's size.
        if (cur.width === null && w.width !== null && cur.kind === w.kind) {
          sizes.push({ path: cur.path, width: w.width, height: w.height });
        }
        continue;
      }
      const replaced = cur !== undefined && cur.secret !== w.secret;
      let rel = w.rel;
      if (cur && (w.kind === "original" || w.kind === "largest")) {
        // Paths are stable: a file keeps the name it was first given (only a new format renames it).
        rel = withExtension(cur.path, extensionOf(w.rel));
      }
      tasks.push({
        ...w,
        rel,
        previous: cur,
        keepPrevious: replaced && w.kind === "original" && cur.kind === "original",
      });
    }
  }
  for (const { path, width, height } of sizes) {
    await ctx.catalog.db.updateTable("files").set({ width, height })
      .where("path", "=", path).where("width", "is", null).execute();
  }
  return tasks;
}

/** Whether a current file is still there as recorded (size, and not flagged by `verify`). */
async function isIntact(ctx: ArchiveContext, row: FileRow): Promise<boolean> {
  if (row.verify_status === "missing" || row.verify_status === "altered") return false;
  try {
    const info = await Deno.stat(resolveInArchive(ctx.archiveDir, row.path));
    return info.isFile && info.size === row.bytes;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

function extensionOf(path: string): string {
  const m = /\.([0-9a-z]+)$/.exec(path);
  return m ? m[1] : "";
}

function withExtension(path: string, ext: string): string {
  return ext ? path.replace(/\.[0-9A-Za-z]+$/, `.${ext}`) : path;
}

/**
 * Fetches one file (or adopts a complete one found on disk), keeping a replaced original as an
 * earlier version first. Returns undefined when the run was interrupted before it started.
 */
async function fetchFile(
  ctx: ArchiveContext,
  task: FileTask,
  opts: RunOriginalsOptions,
): Promise<(Done & { adopted?: true }) | undefined> {
  const dest = resolveInArchive(ctx.archiveDir, task.rel);
  let version: string | undefined;
  if (task.keepPrevious && task.previous?.secret) {
    version = await keepVersion(ctx, task);
  }
  const dirs = directoriesOf(ctx);
  await dirs.ensure(dirname(dest));
  // A directory this run created holds nothing from a killed run: no need to look for the file.
  if (!task.previous && !dirs.createdHere(dirname(dest))) {
    const adopted = await adopt(dest, task);
    if (adopted) return { task, result: adopted, rel: task.rel, exif: adopted.exif, adopted: true };
  }
  let result: DownloadResult;
  try {
    // In-flight downloads are not aborted on Ctrl-C: they finish, so no work is thrown away.
    result = await downloadWithRetry(
      {
        url: task.url,
        dest,
        expect: task.expect,
        files: ctx.files,
        stallTimeoutMs: ctx.stallTimeoutMs,
        dirs,
        deferCommit: true,
        ...(task.exif ? { keepBodyUpTo: KEEP_FOR_EXIF } : {}),
        md5: opts.md5 === true && (task.kind === "original" || task.kind === "largest"),
      },
      {
        ...downloadRetry(ctx, opts.attempts ?? 5),
        ...(opts.retryBaseMs === undefined ? {} : { baseDelayMs: opts.retryBaseMs }),
        maxDelayMs: 5 * 60_000,
      },
    );
  } catch (e) {
    if (ctx.signal.aborted && !(e instanceof DownloadError)) return undefined;
    throw e;
  }
  const pending = result.pending!;
  let rel = task.rel;
  if (task.expect === "video") {
    rel = nameAfterContainer(task.rel, result.contentType);
    pending.dest = resolveInArchive(ctx.archiveDir, rel);
  }
  const done: Done = { task, result, rel, version, pending };
  if (task.exif) done.exif = await exifOf(pending.tmp, result.body);
  if (result.body) {
    // Its EXIF is read: free it now, not when the collector gets to it.
    releaseBody(result.body);
    delete result.body;
  }
  return done;
}

/** A video original's name after its container, when the content type says another one. */
function nameAfterContainer(rel: string, contentType: string | null): string {
  const ext = videoTypeExtension(contentType);
  if (!ext || extensionOf(rel) === ext) return rel;
  return withExtension(rel, ext);
}

/**
 * Keeps the previous original of a replaced photo under `versions/` (a hard link, or a copy where
 * links are not possible), before the new one takes its name. Returns the version's path, or
 * undefined when the previous file is no longer on disk.
 */
async function keepVersion(ctx: ArchiveContext, task: FileTask): Promise<string | undefined> {
  const prev = task.previous!;
  const rel = versionPath(task.itemId, prev.secret!, extensionOf(prev.path), task.media);
  const from = resolveInArchive(ctx.archiveDir, prev.path);
  const to = resolveInArchive(ctx.archiveDir, rel);
  try {
    await Deno.stat(to);
    return rel; // kept by an earlier, interrupted run
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  try {
    await Deno.mkdir(dirname(to), { recursive: true });
    try {
      await Deno.link(from, to);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
      // Another file system, or links not allowed: a copy, complete and durable before its name.
      await copyFileAtomic(from, to);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  return rel;
}

/** {@link findCompleteFile}, with the EXIF of a photo original. */
async function adopt(
  dest: string,
  task: FileTask,
): Promise<(Done["result"] & { exif?: Done["exif"] }) | undefined> {
  const found: (Done["result"] & { exif?: Done["exif"] }) | undefined = await findCompleteFile(
    dest,
    task.expect,
  );
  if (found && task.exif) found.exif = await exifOf(dest);
  return found;
}

/** EXIF columns from a photo original on disk (or its bytes, when the download kept them). */
async function exifOf(path: string, body?: Uint8Array): Promise<NonNullable<Done["exif"]>> {
  const bytes = body ?? await readHead(path, EXIF_READ_MAX);
  const exif = await readExif(bytes);
  const hasTags = Object.keys(exif.tags).length > 0;
  return {
    exif_json: hasTags ? JSON.stringify(exif.tags) : null,
    exif_error: exif.error ?? null,
    camera_make: exif.make ?? null,
    camera_model: exif.model ?? null,
  };
}

/** The first `max` bytes of a file (EXIF lives near the start; huge TIFFs need not be read whole). */
async function readHead(path: string, max: number): Promise<Uint8Array> {
  using file = await Deno.open(path, { read: true });
  const size = (await file.stat()).size;
  const buf = new Uint8Array(Math.min(size, max));
  let off = 0;
  while (off < buf.length) {
    const n = await file.read(buf.subarray(off));
    if (n === null) break;
    off += n;
  }
  return buf.subarray(0, off);
}
