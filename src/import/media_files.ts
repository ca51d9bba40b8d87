/**
 * The media zips' files: each matched surely to one of the account's own photos, streamed into its
 * place in the archive, its EXIF read, and recorded as the item's current `original` in batches.
 * Files already in place with the recorded size are skipped, so importing again is cheap.
 * @module
 */
import { basename } from "node:path";
import { readExif } from "../xmp/exif_read.ts";
import { commitFiles, discardFiles, type PendingFile } from "../files/batch_commit.ts";
import { removeIfPresent } from "../files/temp_files.ts";
import { isDiskFull } from "../files/disk_full.ts";
import { sha256File } from "../files/hash.ts";
import {
  ITEM_PLACEMENT_COLUMNS,
  itemMediaPath,
  type ItemPlacement,
  resolveInArchive,
} from "../tree/layout.ts";
import { countOf, formatBytes } from "../units.ts";
import type { ProgressSink } from "../progress.ts";
import { contentTypeOfKind } from "../files/content_types.ts";
import type { Catalog } from "../catalog/db.ts";
import type { ItemRow, NewFile, NewItem } from "../catalog/schema.ts";
import { chunks, inTransaction, upsertFiles } from "../catalog/writes.ts";
import { writeStreamToFile } from "./media_writer.ts";
import { IMAGE_KINDS } from "../files/sniff.ts";
import { isVideoExtension } from "./records.ts";
import type { ImportReport } from "./report.ts";
import type { MediaEntry } from "./sources.ts";
import type { MediaEntries } from "./entry_list.ts";
import {
  matchMedia,
  type MediaCandidate,
  type MediaName,
  type PhotoEvidence,
} from "./media_match.ts";

/** Files recorded per transaction. */
const FILES_PER_BATCH = 50;
/** Items whose rows are read at once. */
const LOOKUP_CHUNK = 500;

/** What placing an item's file needs, and what the import compares with the export's file. */
type MediaTarget = ItemPlacement & Pick<ItemRow, "original_secret" | "original_format">;

/**
 * A media file of the inputs as the matcher sees it: an index into the inputs' list, its entry
 * made each time it is asked for (83,000 entries held through the matching were 17 MB).
 */
class ExportFile implements MediaCandidate<MediaEntry> {
  constructor(readonly media: MediaEntries, readonly index: number) {}
  get file(): MediaEntry {
    return this.media.at(this.index)!;
  }
  get name(): MediaName {
    return this.file.name;
  }
  /** The same file from the same zip passed twice, or unpacked beside its zip (made when asked). */
  get identity(): string {
    const { entry } = this.file;
    return `${basename(entry.name)}\0${entry.size}`;
  }
  get label(): string {
    const { source, entry } = this.file;
    return `${basename(source.label)}: ${entry.name}`;
  }
  get bytes(): number {
    return this.file.entry.size;
  }
}

/** An item's current file of one kind. */
interface CurrentFile {
  path: string;
  bytes: number;
}

/**
 * Writes the media files that are surely the originals of the account's own items
 * (`media_match.ts`); every other file is listed in `report.unmatched` with its reason, unreadable
 * ones in `report.damaged`. An original replaces a lesser copy (kind `largest`, e.g. the 1,024 px
 * copy Flickr gives apps of a free account's photos) in its place; an original already in the
 * archive is never replaced.
 */
export async function importMedia(
  catalog: Catalog,
  dir: string,
  media: MediaEntries,
  sink: ProgressSink,
  report: ImportReport,
): Promise<void> {
  if (media.length === 0) return;
  const { db } = catalog;
  const { ids, indices } = await matchFiles(catalog, media, report);
  const total = ids.length;
  let totalBytes = 0;
  for (const i of indices) totalBytes += media.at(i)!.entry.size;
  sink.line(`Media: ${countOf(total, "files")}, ${formatBytes(totalBytes)}`);
  let done = 0;
  let files: NewFile[] = [];
  let updates: { id: string; set: Partial<NewItem> }[] = [];
  /** Lesser copies replaced: their rows go with the batch, their files once it is recorded. */
  let replaced: CurrentFile[] = [];
  // Written and checked, not yet flushed nor under their names: committed with their rows.
  let pending: PendingFile[] = [];
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
      for (const part of chunks(r.map((x) => x.path), 1)) {
        await trx.deleteFrom("files").where("path", "in", part).where("kind", "=", "largest")
          .execute();
      }
      await upsertFiles(trx, f);
    });
    const kept = new Set(f.map((x) => x.path));
    for (const x of r) if (!kept.has(x.path)) await removeIfPresent(resolveInArchive(dir, x.path));
  };
  try {
    let looked: Awaited<ReturnType<typeof targetsOf>> | undefined;
    for (const [k, id] of ids.entries()) {
      // The items' rows a chunk at a time: all at once they were ~1 KB each held to the end.
      if (k % LOOKUP_CHUNK === 0) looked = await targetsOf(catalog, ids.slice(k, k + LOOKUP_CHUNK));
      const { targets, originals, lesser } = looked!;
      const candidate = new ExportFile(media, indices[k]);
      const m = candidate.file;
      done++;
      const item = targets.get(id)!;
      const existing = originals.get(id);
      if (existing) {
        const size = await sizeOf(resolveInArchive(dir, existing.path));
        if (size === existing.bytes) {
          report.mediaAlreadyPresent++;
          continue;
        }
        if (size !== null) {
          // Never written over: the archive's own may be a later version from Flickr.
          report.unmatched.push({
            file: candidate.label,
            reason: `photo ${id} already has another original in the archive (${existing.path})`,
          });
          continue;
        }
      }
      const lesserCopy = existing ? undefined : lesser.get(id);
      const rel = existing?.path ??
        (lesserCopy ? withExtension(lesserCopy.path, m.name.ext) : placeOf(item, m.name.ext));
      const dest = resolveInArchive(dir, rel);
      let written;
      try {
        written = await writeStreamToFile(m.source.read(m.entry), dest);
      } catch (e) {
        // A full disk is no fault of the zip, and no later file fits either: the import stops.
        if (isDiskFull(e)) throw e;
        report.damaged.push(`${basename(m.source.label)}: ${(e as Error).message}`);
        continue;
      }
      if (!existing && lesserCopy?.path !== rel && await differsFrom(dest, written.sha256)) {
        // A file stands under the name with no row: not this import's (a killed run's would match).
        await discardFiles([written.pending]);
        report.unmatched.push({
          file: candidate.label,
          reason: `another file is in the way at ${rel}`,
        });
        continue;
      }
      const isImage = IMAGE_KINDS.has(written.kind);
      const set: Partial<NewItem> = {
        media: isImage ? "photo" : "video",
        updated_at: new Date().toISOString(),
      };
      if (!item.original_format) set.original_format = m.name.ext;
      if (isImage) {
        const exif = await readExif(written.head);
        // As `archive` records it: no tags is no EXIF.
        set.exif_json = Object.keys(exif.tags).length > 0 ? JSON.stringify(exif.tags) : null;
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
      if (lesserCopy) {
        replaced.push(lesserCopy);
        report.lesserCopiesUpgraded++;
      }
      pending.push(written.pending);
      report.mediaWritten++;
      report.bytesWritten += written.bytes;
      if (files.length >= FILES_PER_BATCH) await flush();
      sink.status(`Media: ${done}/${total} files, ${formatBytes(report.bytesWritten)}`);
    }
    await flush();
  } catch (e) {
    await discardFiles(pending);
    throw e;
  }
  sink.line(
    `Media: ${report.mediaWritten} written, ${report.mediaAlreadyPresent} already in the archive` +
      (report.unmatched.length > 0 ? `, ${report.unmatched.length} not matched surely` : ""),
  );
}

/**
 * The files surely matched: photo `ids[k]`'s original is `media.at(indices[k])`; the others are
 * noted in `report.unmatched`. The photos' evidence and the matcher's map and objects are let go
 * on return, before any file is written.
 */
async function matchFiles(
  catalog: Catalog,
  media: MediaEntries,
  report: ImportReport,
): Promise<{ ids: string[]; indices: Uint32Array }> {
  const files = function* () {
    for (let i = 0; i < media.length; i++) yield new ExportFile(media, i);
  };
  const known = await ownPhotos(catalog, files());
  const { matched, unmatched } = matchMedia(files(), known);
  report.unmatched.push(...unmatched);
  const ids = [...matched.keys()];
  const indices = Uint32Array.from(matched.values(), (f) => f.index);
  return { ids, indices };
}

/** Items whose evidence is read per query while files are matched. */
const EVIDENCE_CHUNK = 2000;

/** The account's own items among the files' candidate ids, with what tells whether a file fits. */
async function ownPhotos(
  catalog: Catalog,
  files: Iterable<ExportFile>,
): Promise<Map<string, PhotoEvidence>> {
  const ids = new Set<string>();
  for (const f of files) for (const id of f.name.candidates) ids.add(id);
  const out = new Map<string, PhotoEvidence>();
  // A few kinds of evidence among 83,000 photos: one object each, not one per photo.
  const kinds = new Map<string, PhotoEvidence>();
  const all = [...ids];
  ids.clear();
  for (let k = 0; k < all.length; k += EVIDENCE_CHUNK) {
    const rows = await catalog.db.selectFrom("items")
      .select(["id", "media", "original_format"])
      .where("id", "in", all.slice(k, k + EVIDENCE_CHUNK)).where("is_mine", "=", 1).execute();
    for (const r of rows) {
      const kind = `${r.media}\0${r.original_format}`;
      let evidence = kinds.get(kind);
      if (!evidence) {
        evidence = { media: r.media, originalFormat: r.original_format };
        kinds.set(kind, evidence);
      }
      out.set(r.id, evidence);
    }
  }
  return out;
}

/** The items of these ids, and the current original or lesser copy each already has. */
async function targetsOf(catalog: Catalog, ids: string[]) {
  const targets = new Map<string, MediaTarget>();
  const originals = new Map<string, CurrentFile>();
  const lesser = new Map<string, CurrentFile>();
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
    ) (f.kind === "original" ? originals : lesser).set(f.item_id, f);
  }
  return { targets, originals, lesser };
}

/** Where a new file of `item` goes: the originals tree for one's own, else the favourites'. */
function placeOf(item: MediaTarget, ext: string): string {
  return itemMediaPath(
    item,
    ext,
    item.media === "video" || isVideoExtension(ext) ? "video" : "photo",
  );
}

function withExtension(path: string, ext: string): string {
  return path.replace(/\.[0-9A-Za-z]+$/, `.${ext}`);
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return null;
  }
}

/** Whether a file is at `path` with other bytes than `sha256`. */
async function differsFrom(path: string, sha256: string): Promise<boolean> {
  try {
    return (await sha256File(path)).sha256 !== sha256;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
