/**
 * Picking up videos the person downloaded by hand: a file dropped into `<archive>/manual/` and
 * named by the photo id (`<id>.mp4`, `<id>_anything.mov`, `<id>.anything.avi`...) is checked to be
 * a video by its first bytes, moved to the item's original path, recorded (size, sha256) as its
 * original, and the item no longer needs a manual download. Anything else is reported and left
 * where it is.
 * @module
 */
import { sql } from "kysely";
import { dirname, extname } from "node:path";
import { inTransaction, upsertFiles } from "../catalog/writes.ts";
import type { ArchiveContext } from "./context.ts";
import { sha256File } from "../files/hash.ts";
import { sniffMedia } from "../files/sniff.ts";
import { type ItemPatch, updateItems } from "./item_updates.ts";
import { fileExtension, MANUAL_DIR, resolveInArchive } from "../tree/layout.ts";
import { checkChecksums } from "./checksum.ts";
import { VIDEO_TYPES, videoOriginalPath, type VideoWork } from "./videos.ts";

/** The photo id a dropped file is named by, or undefined. */
export function manualFileId(name: string): string | undefined {
  return /^(\d{1,30})(?:[._-].*)?\.[A-Za-z0-9]{1,5}$/.exec(name)?.[1];
}

/** Bytes read to identify a file. */
const HEAD_BYTES = 64;

/**
 * Whether a file's first bytes are those of a video container: MP4/MOV/3GP (`ftyp`, QuickTime
 * atoms), AVI, Matroska/WebM, ASF/WMV, MPEG program and transport streams, FLV.
 */
export function isVideoHead(head: Uint8Array): boolean {
  const kind = sniffMedia(head);
  if (kind === "mp4" || kind === "mov") return true;
  if (kind !== "unknown") return false;
  const ascii = (a: number, b: number) => String.fromCharCode(...head.subarray(a, b));
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "AVI ") return true;
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true;
  if (head[0] === 0x30 && head[1] === 0x26 && head[2] === 0xb2 && head[3] === 0x75) return true;
  if (head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba) return true;
  if (head[0] === 0x47 && head.length > 188 && head[188] === 0x47) return true;
  return ascii(0, 3) === "FLV";
}

async function readHead(path: string): Promise<Uint8Array> {
  using file = await Deno.open(path, { read: true });
  const buf = new Uint8Array(HEAD_BYTES * 4);
  let n = 0;
  while (n < buf.length) {
    const got = await file.read(buf.subarray(n));
    if (got === null) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/** Runs the pick-up (see the module documentation). Files being written (`.part`, hidden) wait. */
export async function pickUpManualVideos(ctx: ArchiveContext): Promise<void> {
  const dir = resolveInArchive(ctx.archiveDir, MANUAL_DIR);
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  const files = entries.filter((e) => e.isFile && !e.name.startsWith(".") && !/\.part/.test(e.name))
    .map((e) => e.name).sort();
  if (files.length === 0) return;
  ctx.progress.phase("manual downloads", { total: files.length, unit: "files", plannedCalls: 0 });
  const { db } = ctx.catalog;
  const report = (name: string, why: string) => {
    const line = `${MANUAL_DIR}/${name} was left in place: ${why}`;
    ctx.progress.note(line);
    ctx.attention.push(line);
  };

  for (const name of files) {
    if (ctx.signal.aborted) return;
    ctx.progress.advance(1);
    const id = manualFileId(name);
    if (!id) {
      report(name, "its name does not start with a photo id (e.g. 51234567890.mp4)");
      continue;
    }
    const { rows } = await sql<VideoWork & { media: string; has_original: number }>`SELECT id,
        owner, is_mine, title, date_taken, date_taken_unknown, date_uploaded, original_format,
        original_secret, secret, last_update, photopage_url, path_alias, media,
        EXISTS (SELECT 1 FROM files f WHERE f.item_id = items.id AND f.kind = 'original'
          AND f.is_current = 1) AS has_original
      FROM items WHERE id = ${id}`.execute(db);
    const item = rows[0];
    if (!item) {
      report(name, `no photo or video ${id} in the archive`);
      continue;
    }
    if (item.media !== "video") {
      report(name, `${id} is a photo, not a video`);
      continue;
    }
    if (item.has_original) {
      report(name, `video ${id} already has its original in the archive`);
      continue;
    }
    const source = `${dir}/${name}`;
    if (!isVideoHead(await readHead(source))) {
      report(name, "it is not a video file (its first bytes say otherwise)");
      continue;
    }
    const format = fileExtension(extname(name), "video");
    const rel = videoOriginalPath(item, format);
    const dest = resolveInArchive(ctx.archiveDir, rel);
    const { bytes, sha256 } = await sha256File(source);
    await Deno.mkdir(dirname(dest), { recursive: true });
    // Same file system: a rename is atomic, and a video is too large to copy for nothing.
    await Deno.rename(source, dest);
    await syncDir(dirname(dest));
    await syncDir(dir);
    const patch: ItemPatch = { id, needs_manual_download: 0, manual_reason: null };
    await inTransaction(db, async (trx) => {
      await upsertFiles(trx, [{
        item_id: id,
        kind: "original",
        path: rel,
        bytes,
        sha256,
        content_type: Object.entries(VIDEO_TYPES).find(([, ext]) => ext === format)?.[0] ??
          "application/octet-stream",
        secret: item.original_secret,
        fetched_at: new Date().toISOString(),
      }]);
      await updateItems(trx, [patch]);
    });
    ctx.progress.note(`Filed ${MANUAL_DIR}/${name} as the original of video ${id} (${rel})`);
  }
  await checkChecksums(ctx);
}

async function syncDir(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  using handle = await Deno.open(dir, { read: true });
  await handle.sync();
}
