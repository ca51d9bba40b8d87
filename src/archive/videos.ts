/**
 * The videos phase: for each video whose original the originals phase could not fetch,
 * `flickr.photos.getSizes` (once per `lastupdate`), then the original again from the "Video
 * Original" entry's `source`, else the best stream, and the item recorded as needing a manual
 * download with its photo page URL.
 *
 * Video `source`s are page-style URLs (`.../play/{label}/{secret}/`) that answer 302 to a signed
 * URL valid for about three minutes, so each is downloaded right after getSizes, following the
 * redirect at once. Fetching the original from a script has been reported to fail (404) where a
 * signed-in browser succeeds: that is what the manual download is for (see `manual_videos.ts`).
 * @module
 */
import PQueue from "p-queue";
import { sql } from "kysely";
import { FlickrError } from "../flickr/client.ts";
import type { Size } from "../flickr/types.ts";
import { type ArchiveContext, downloadRetry } from "./context.ts";
import { downloadWithRetry } from "./download_retry.ts";
import { DownloadError, type DownloadResult } from "./download.ts";
import { findCompleteFile } from "../files/sniff.ts";
import type { PendingFile } from "../files/batch_commit.ts";
import { Recorder } from "./recorder.ts";
import { type ItemPatch, updateItems } from "./item_updates.ts";
import {
  fileExtension,
  itemMediaPath,
  MANUAL_DIR,
  resolveInArchive,
  videoStreamPath,
} from "../tree/layout.ts";
import { feedQueue, keysetPages } from "./work_feed.ts";

/** A video still without its original. */
export interface VideoWork {
  id: string;
  owner: string;
  is_mine: number;
  title: string;
  date_taken: string | null;
  date_taken_unknown: number;
  date_uploaded: number | null;
  original_format: string | null;
  original_secret: string | null;
  secret: string | null;
  last_update: number | null;
  photopage_url: string | null;
  path_alias: string | null;
}

/** The "Video Original" entry of getSizes, if listed (only the owner sees it). */
export function originalStream(sizes: readonly Size[]): Size | undefined {
  return sizes.find((s) =>
    s.media === "video" && (/original/i.test(s.label) || /\/play\/orig\//.test(s.source))
  );
}

/** The largest video stream other than the original. */
export function bestStream(sizes: readonly Size[]): Size | undefined {
  const original = originalStream(sizes);
  let best: Size | undefined;
  for (const s of sizes) {
    if (s.media !== "video" || s === original) continue;
    const area = (s.width ?? 0) * (s.height ?? 0);
    if (!best || area > (best.width ?? 0) * (best.height ?? 0)) best = s;
  }
  return best;
}

/** The photo page of an item: getInfo's, else the one a video size links to, else Flickr's form. */
export function photoPageOf(w: VideoWork, sizes: readonly Size[]): string {
  if (w.photopage_url) return w.photopage_url;
  const fromSizes = sizes.find((s) => s.media === "video" && s.url && !/\/sizes\//.test(s.url));
  if (fromSizes?.url) return fromSizes.url;
  return `https://www.flickr.com/photos/${w.path_alias || w.owner}/${w.id}/`;
}

/** Video containers by content type: a downloaded original is named after what it is. */
export const VIDEO_TYPES: Readonly<Record<string, string>> = {
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "video/x-msvideo": "avi",
  "video/avi": "avi",
  "video/x-ms-wmv": "wmv",
  "video/3gpp": "3gp",
  "video/3gpp2": "3g2",
  "video/mpeg": "mpg",
  "video/mp2t": "mts",
  "video/webm": "webm",
  "video/x-matroska": "mkv",
  "video/x-flv": "flv",
  "video/x-m4v": "m4v",
  "video/ogg": "ogv",
};

/**
 * Every extension a video original may be named with: its content type's, or its own
 * `originalformat` (an AVCHD camera's `.m2ts` is served as `video/mp2t`, named `.mts` above).
 */
export const VIDEO_EXTENSIONS: readonly string[] = [
  ...new Set([...Object.values(VIDEO_TYPES), "m2ts"]),
];

/** The container a content type names, if it names a video one. */
export function videoTypeExtension(contentType: string | null | undefined): string | undefined {
  return VIDEO_TYPES[(contentType ?? "").split(";")[0].trim().toLowerCase()];
}

/**
 * The extension a video original is filed under. Flickr gives videos the `originalformat` of their
 * poster image (`jpg`): only a video container names the file, `mp4` otherwise.
 *
 * @example
 * ```ts
 * videoExtension("mov"); // "mov"
 * videoExtension("jpg"); // "mp4"
 * ```
 */
export function videoExtension(format: string | null | undefined): string {
  const ext = fileExtension(format, "video");
  return VIDEO_EXTENSIONS.includes(ext) ? ext : "mp4";
}

/** Where a video's original is filed (the layout's original path for the item). */
export function videoOriginalPath(w: VideoWork, format?: string | null): string {
  return itemMediaPath(w, videoExtension(format ?? w.original_format), "video");
}

/** Runs the videos phase (see the module documentation). */
export async function syncVideos(ctx: ArchiveContext): Promise<void> {
  const { db } = ctx.catalog;
  // A video whose original arrived after all (a retry in the originals phase) needs nothing now.
  await sql`UPDATE items SET needs_manual_download = 0, manual_reason = NULL
    WHERE needs_manual_download = 1 AND EXISTS (SELECT 1 FROM files f
      WHERE f.item_id = items.id AND f.kind = 'original' AND f.is_current = 1)`.execute(db);
  const due = sql`media = 'video' AND deleted_on_flickr = 0 AND sizes_synced IS NOT last_update
      AND NOT EXISTS (SELECT 1 FROM files f
        WHERE f.item_id = i.id AND f.kind = 'original' AND f.is_current = 1)`;
  const { rows: [{ n: total }] } = await sql<{ n: number }>`SELECT count(*) AS n FROM items i
    WHERE ${due}`.execute(db);
  ctx.progress.phase("videos", { total, unit: "videos", plannedCalls: total });
  if (total === 0) return;
  // Keyset-paged by id: the queue is fed a page at a time (see work_feed.ts).
  const pages = keysetPages(
    async (after: string | undefined) =>
      (await sql<VideoWork>`SELECT id, owner, is_mine, title, date_taken,
      date_taken_unknown, date_uploaded, original_format, original_secret, secret, last_update,
      photopage_url, path_alias
    FROM items i
    WHERE ${due} AND id > ${after ?? ""}
    ORDER BY id LIMIT ${PAGE}`.execute(db)).rows,
    (w) => w.id,
  );
  const queue = new PQueue({ concurrency: Math.max(1, ctx.concurrency) });
  await feedQueue(queue, pages, async (w) => {
    if (ctx.signal.aborted) return;
    await syncVideo(ctx, w);
    ctx.progress.advance(1, 1);
  }, { signal: ctx.signal });
}

/** A video file downloaded (under its temporary name, `pending`) or adopted as found. */
type Fetched = Pick<DownloadResult, "bytes" | "sha256" | "contentType"> & {
  rel: string;
  adopted: boolean;
  pending?: PendingFile;
};

/** Videos read from the catalog at a time. */
const PAGE = 500;

/** getSizes, then the original, else the best stream; written as soon as the files are in place. */
async function syncVideo(ctx: ArchiveContext, w: VideoWork): Promise<void> {
  let sizes: Size[];
  try {
    sizes = (await ctx.client.getSizes(w.id)).sizes;
  } catch (e) {
    if (e instanceof FlickrError && (e.code === 1 || e.code === 2)) {
      ctx.progress.note(`Skipped video ${w.id} for now: ${e.message}`);
      return;
    }
    throw e;
  }
  // Left under a temporary name: the recorder journals it, puts it in place and records it.
  const download = (url: string, rel: string) =>
    downloadWithRetry({
      url,
      dest: resolveInArchive(ctx.archiveDir, rel),
      expect: "video",
      files: ctx.files,
      stallTimeoutMs: ctx.stallTimeoutMs,
      signal: ctx.signal,
      deferCommit: true,
    }, downloadRetry(ctx));
  /**
   * A file that a run killed before journaling it left in place under one of `rels` without
   * recording it is taken as it is (see findCompleteFile); otherwise `url` is downloaded for the
   * first of `rels`.
   */
  const fetchOrAdopt = async (
    kind: "original" | "video",
    url: string,
    rels: string[],
  ): Promise<Fetched> => {
    const recorded = await ctx.catalog.db.selectFrom("files").select("id")
      .where("item_id", "=", w.id).where("kind", "=", kind).where("is_current", "=", 1)
      .executeTakeFirst();
    if (!recorded) {
      for (const rel of new Set(rels)) {
        const found = await findCompleteFile(resolveInArchive(ctx.archiveDir, rel), "video");
        if (found) return { ...found, rel, adopted: true };
      }
    }
    return { ...await download(url, rels[0]), rel: rels[0], adopted: false };
  };
  /**
   * Journals the file, puts it in place and records it with the item's new state, in one
   * transaction: a killed run leaves the next one to record it as what it was (recorder.ts).
   */
  const record = (
    got: Fetched,
    rel: string,
    file: { kind: "original" | "video"; url: string; secret: string | null; size: Size },
    item: ItemPatch,
  ) =>
    new Recorder(ctx).recordNow([{
      task: {
        itemId: w.id,
        kind: file.kind,
        url: file.url,
        rel,
        secret: file.secret,
        expect: "video",
        width: file.size.width ?? null,
        height: file.size.height ?? null,
        keepPrevious: false,
        exif: false,
        media: "video",
      },
      result: got,
      rel,
      pending: got.pending,
    }], (trx) => updateItems(trx, [item]));
  const page = photoPageOf(w, sizes);
  const original = originalStream(sizes);
  let reason: string;
  // A failure that may pass (5xx, stalls) leaves sizes_synced alone: the next run tries again.
  let settled = true;
  if (original) {
    try {
      // The name after the container, when the content type said another: any of those.
      const names = [videoOriginalPath(w), ...VIDEO_EXTENSIONS.map((e) => videoOriginalPath(w, e))];
      const got = await fetchOrAdopt("original", original.source, names);
      let rel = got.rel;
      const ext = videoTypeExtension(got.contentType);
      if (got.pending && ext && !rel.endsWith(`.${ext}`)) {
        rel = videoOriginalPath(w, ext);
        got.pending.dest = resolveInArchive(ctx.archiveDir, rel);
      }
      await record(got, rel, {
        kind: "original",
        url: original.source,
        secret: w.original_secret,
        size: original,
      }, {
        id: w.id,
        sizes_synced: w.last_update,
        needs_manual_download: 0,
        manual_reason: null,
        photopage_url: page,
      });
      return;
    } catch (e) {
      if (!(e instanceof DownloadError)) throw e;
      settled = !e.transient;
      reason = `Flickr refused the video original to flickrvault (${e.message}). Download it ` +
        `from ${page} while signed in and drop it into ${MANUAL_DIR}/ named ${w.id}.mp4 ` +
        `(or ${w.id}_anything.mov); the next run files it.`;
    }
  } else {
    reason = `Flickr does not list the video original for this account. If you own it, ` +
      `download it from ${page} and drop it into ${MANUAL_DIR}/ named ${w.id}.mp4; the next ` +
      `run files it.`;
  }

  const patch: ItemPatch = {
    id: w.id,
    // Only the owner can ever download a video original, by hand or otherwise.
    needs_manual_download: w.is_mine === 1 ? 1 : 0,
    manual_reason: w.is_mine === 1 ? reason : null,
    photopage_url: page,
    sizes_synced: settled ? w.last_update : undefined,
  };
  const stream = bestStream(sizes);
  const current = await ctx.catalog.db.selectFrom("files").select("secret")
    .where("item_id", "=", w.id).where("kind", "=", "video").where("is_current", "=", 1)
    .executeTakeFirst();
  if (stream && !(current && current.secret === w.secret)) {
    const rel = videoStreamPath(w.id, "mp4");
    try {
      const got = await fetchOrAdopt("video", stream.source, [rel]);
      await record(
        got,
        rel,
        { kind: "video", url: stream.source, secret: w.secret, size: stream },
        patch,
      );
      return;
    } catch (e) {
      if (!(e instanceof DownloadError)) throw e;
      ctx.progress.note(`Cannot download a stream of video ${w.id}: ${e.message}`);
      if (e.transient) patch.sizes_synced = undefined;
    }
  }
  await updateItems(ctx.catalog.db, [patch]);
}
