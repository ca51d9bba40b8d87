/**
 * The media zips' files: each streamed into its place in the archive (an original of one's own,
 * or a favourite's file), its EXIF read, and recorded as the item's current `original` in batches.
 * Files already in place with the recorded size are skipped, so importing again is cheap. An
 * original replaces the smaller copy `archive` held (a free account's 1,024 px copy, or a lesser
 * copy): it takes that copy's name (with its own extension), and the copy and its row go.
 * @module
 */
import { basename } from "node:path";
import { readExif } from "../archive/exif.ts";
import {
  commitFiles,
  discardFiles,
  type PendingFile,
  removeIfPresent,
} from "../archive/file_writer.ts";
import {
  ITEM_PLACEMENT_COLUMNS,
  itemMediaPath,
  type ItemPlacement,
  resolveInArchive,
} from "../archive/layout.ts";
import { countOf, type ProgressSink } from "../archive/progress.ts";
import { contentTypeOfKind } from "../catalog/content_types.ts";
import type { Catalog } from "../catalog/db.ts";
import type { ItemRow, NewFile, NewItem } from "../catalog/schema.ts";
import { chunks, inTransaction, upsertFiles } from "../catalog/writes.ts";
import { IMAGE_KINDS, writeStreamToFile } from "./media_writer.ts";
import { isVideoExtension } from "./records.ts";
import type { ImportReport } from "./report.ts";
import type { MediaEntry } from "./sources.ts";

/** Files recorded per transaction. */
const FILES_PER_BATCH = 50;

/** The columns of the item a media file belongs to that place and describe the file. */
/** What placing an item's file needs, and what the import compares with the export's file. */
type MediaTarget = ItemPlacement & Pick<ItemRow, "original_secret" | "original_format">;

/**
 * Writes the media files (the first entry per photo id) of items the catalog holds; files that
 * match no item are listed in `report.mediaWithoutPhoto`, unreadable ones in `report.damaged`.
 */
export async function importMedia(
  catalog: Catalog,
  dir: string,
  media: MediaEntry[],
  sink: ProgressSink,
  report: ImportReport,
): Promise<void> {
  if (media.length === 0) return;
  const { db } = catalog;
  const unique = new Map<string, MediaEntry>();
  for (const m of media) if (!unique.has(m.id)) unique.set(m.id, m);
  const { targets, current, lesser } = await targetsOf(catalog, [...unique.keys()]);
  const total = unique.size;
  const totalBytes = [...unique.values()].reduce((n, m) => n + m.entry.size, 0);
  sink.line(`Media: ${countOf(total, "files")}, ${(totalBytes / 1e6).toFixed(1)} MB`);
  let done = 0;
  let files: NewFile[] = [];
  let updates: { id: string; set: Partial<NewItem> }[] = [];
  // Written and checked, not yet flushed nor under their names: committed with their rows.
  let pending: PendingFile[] = [];
  // Smaller copies under another name than the original that replaces them.
  let replaced: string[] = [];
  const flush = async () => {
    if (files.length === 0) return;
    const f = files;
    const u = updates;
    const p = pending;
    const r = replaced;
    files = [];
    updates = [];
    pending = [];
    replaced = [];
    await commitFiles(p);
    await inTransaction(db, async (trx) => {
      for (const { id, set } of u) {
        await trx.updateTable("items").set(set).where("id", "=", id).execute();
      }
      for (const part of chunks(r, 1)) {
        await trx.deleteFrom("files").where("path", "in", part).where("kind", "=", "largest")
          .where("is_current", "=", 1).execute();
      }
      await upsertFiles(trx, f);
    });
    for (const rel of r) await removeIfPresent(resolveInArchive(dir, rel));
  };
  try {
    for (const m of unique.values()) {
      done++;
      const item = targets.get(m.id);
      if (!item) {
        report.mediaWithoutPhoto.push(basename(m.entry.name));
        continue;
      }
      const existing = current.get(m.id);
      if (existing && await hasSize(resolveInArchive(dir, existing.path), existing.bytes)) {
        report.mediaAlreadyPresent++;
        continue;
      }
      const copy = existing ? undefined : lesser.get(m.id);
      const rel = existing?.path ??
        (copy ? copy.path.replace(/\.[0-9A-Za-z]+$/, `.${m.ext}`) : placeOf(item, m.ext));
      let written;
      try {
        written = await writeStreamToFile(m.source.read(m.entry), resolveInArchive(dir, rel));
      } catch (e) {
        report.damaged.push(`${basename(m.source.label)}: ${(e as Error).message}`);
        continue;
      }
      const isImage = IMAGE_KINDS.has(written.kind);
      const set: Partial<NewItem> = {
        media: isImage ? "photo" : "video",
        updated_at: new Date().toISOString(),
      };
      if (!item.original_format) set.original_format = m.ext;
      if (isImage) {
        const exif = await readExif(written.head);
        set.exif_json = JSON.stringify(exif.tags);
        set.exif_source = "file";
        set.exif_error = exif.error ?? null;
        if (exif.make) set.camera_make = exif.make;
        if (exif.model) set.camera_model = exif.model;
      }
      updates.push({ id: item.id, set });
      files.push({
        item_id: item.id,
        kind: "original",
        path: rel,
        bytes: written.bytes,
        sha256: written.sha256,
        content_type: contentTypeOfKind(written.kind),
        secret: item.original_secret,
        fetched_at: new Date().toISOString(),
      });
      pending.push(written.pending);
      // Same name: the copy's row becomes the original's (upsertFiles, by path).
      if (copy && copy.path !== rel) replaced.push(copy.path);
      report.mediaWritten++;
      report.bytesWritten += written.bytes;
      if (files.length >= FILES_PER_BATCH) await flush();
      sink.status(`Media: ${done}/${total} files, ${(report.bytesWritten / 1e6).toFixed(1)} MB`);
    }
    await flush();
  } catch (e) {
    await discardFiles(pending);
    throw e;
  }
  sink.line(
    `Media: ${report.mediaWritten} written, ${report.mediaAlreadyPresent} already in the archive`,
  );
}

/** The items of these ids, and the current original (or smaller copy) each already has. */
async function targetsOf(catalog: Catalog, ids: string[]) {
  const targets = new Map<string, MediaTarget>();
  const current = new Map<string, { path: string; bytes: number }>();
  const lesser = new Map<string, { path: string }>();
  for (const part of chunks(ids, 1)) {
    for (
      const r of await catalog.db.selectFrom("items")
        .select([...ITEM_PLACEMENT_COLUMNS, "original_secret", "original_format"])
        .where("id", "in", part).execute()
    ) targets.set(r.id, r);
    for (
      const f of await catalog.db.selectFrom("files").select(["item_id", "kind", "path", "bytes"])
        .where("item_id", "in", part).where("kind", "in", ["original", "largest"])
        .where("is_current", "=", 1).execute()
    ) (f.kind === "original" ? current : lesser).set(f.item_id, f);
  }
  return { targets, current, lesser };
}

/** Where a new file of `item` goes: the originals tree for one's own, else the favourites'. */
function placeOf(item: MediaTarget, ext: string): string {
  return itemMediaPath(
    item,
    ext,
    item.media === "video" || isVideoExtension(ext) ? "video" : "photo",
  );
}

async function hasSize(path: string, bytes: number): Promise<boolean> {
  try {
    return (await Deno.stat(path)).size === bytes;
  } catch {
    return false;
  }
}
