/**
 * `flickrvault import`: builds or tops up the archive from Flickr's own data export, into the same
 * catalog and file tree as `archive`.
 *
 * Order: every input is opened and checked first (a bad zip stops the import before anything is
 * written), then the metadata is written in batches, each in one transaction, then media files are
 * streamed out of the zips into their place. Safe to run again with the same or more zips: items
 * already imported are rewritten with the same values, files already in place are skipped, and
 * items the API already archived (their `listing_json` is a real listing, not the `{}` an import
 * leaves) are not overwritten with the export's older view.
 *
 * Pipeline state for a later `archive` run (which decides what to fetch from these columns):
 * - `comments_synced` = `count_comments` when the record lists every comment (so no
 *   `comments.getList` call for it), else null;
 * - `faves_synced` = 0 when the photo has no faves, else null (the export has no list of who faved);
 * - `info_last_update`, `people_synced`, `sizes_synced` stay null: the export has no `lastupdate`,
 *   so getInfo (notes with names, places, tag authors) runs once per item later;
 * - a current `files` row of kind `original` (with the original secret from the export's URL) for
 *   every original in the media zips, so `archive` downloads no original the export gave.
 * @module
 */
import { sql } from "kysely";
import { basename } from "node:path";
import { readExif } from "../archive/exif.ts";
import { favoritePath, originalPath, resolveInArchive } from "../archive/layout.ts";
import type { ProgressSink } from "../archive/progress.ts";
import { type Catalog, openCatalog } from "../catalog/db.ts";
import { acquireArchiveLock } from "../catalog/lock.ts";
import type {
  NewAlbum,
  NewComment,
  NewFile,
  NewGallery,
  NewGroup,
  NewItem,
  NewPerson,
} from "../catalog/schema.ts";
import {
  type ApiResponseInput,
  type ChildRows,
  chunks,
  finishRun,
  getMeta,
  inTransaction,
  refreshSearch,
  replaceAlbums,
  replaceCommentsBulk,
  replaceGalleries,
  replaceGroups,
  replaceNotesBulk,
  replacePhotoPeopleBulk,
  replaceTagsBulk,
  saveApiResponses,
  setMeta,
  startRun,
  upsertFiles,
  upsertItems,
  upsertLicenses,
  upsertPeople,
} from "../catalog/writes.ts";
import { FLICKR_LICENSES } from "./licenses.ts";
import { type AccountIdentity, type MappedPhoto, mapPhoto } from "./map_photo.ts";
import { IMAGE_KINDS, writeStreamToFile } from "./media_writer.ts";
import {
  type AccountProfileJson,
  type AlbumJson,
  type ExportPhotoJson,
  exportTime,
  type FaveJson,
  type GalleryJson,
  type GroupJson,
  int,
  isNsid,
  list,
  type OwnCommentJson,
  personSegment,
  photoIdOfPage,
  text,
} from "./records.ts";
import {
  type ExportInputs,
  type ExportSource,
  ImportInputError,
  type MediaEntry,
  openInputs,
  photoJsonId,
  type SourceEntry,
} from "./sources.ts";

/** Options of {@link importExport}. */
export interface ImportOptions {
  archiveDir: string;
  /** Zips, or folders holding zips or unpacked export files. */
  inputs: string[];
  sink?: ProgressSink;
  /** Photo records written per transaction (default 500). */
  batchSize?: number;
}

/** What an import did and what it found missing. */
export interface ImportReport {
  /** `photo_<id>.json` records written. */
  photos: number;
  /** Records left alone because `archive` already holds the item from the API. */
  keptFromApi: number;
  favorites: number;
  /** Null when the inputs held no such file. */
  albums: number | null;
  galleries: number | null;
  groups: number | null;
  comments: number;
  mediaWritten: number;
  /** Media files already in the archive (skipped). */
  mediaAlreadyPresent: number;
  bytesWritten: number;
  /** Own items in the archive still without an original file (count and the first ids). */
  photosWithoutMedia: { count: number; ids: string[] };
  /** Media files (zip entry names) that match no photo. */
  mediaWithoutPhoto: string[];
  /** Export zips that look absent (gaps in `_partN` / `data-download-N` numbering). */
  missingParts: string[];
  /** Photos listed in albums.json with no `photo_<id>.json` anywhere imported. */
  albumPhotosWithoutRecord: number;
  /** Files inside the inputs that could not be read (damaged entries, bad JSON). */
  damaged: string[];
}

/** The exit code for a report: 2 when an input was damaged, 1 when something is missing, else 0. */
export function importExitCode(r: ImportReport): 0 | 1 | 2 {
  if (r.damaged.length > 0) return 2;
  const missing = r.photosWithoutMedia.count + r.mediaWithoutPhoto.length + r.missingParts.length +
    r.albumPhotosWithoutRecord;
  return missing > 0 ? 1 : 0;
}

const SILENT: ProgressSink = { line() {}, status() {} };
/** The account an archive belongs to: the same key `archive` reads and writes. */
const USER_NSID_META = "user_nsid";
const META_PARTS = "import_metadata_parts";
const META_MEDIA = "import_media_zips";

/**
 * Imports Flickr's data export into the archive. Throws {@link ImportInputError} (nothing written)
 * when an input is missing, not a zip, truncated or not from a Flickr export, or when there is no
 * metadata to match media files against; throws `ArchiveLockedError` when another run holds the
 * archive.
 *
 * @example
 * ```ts
 * const report = await importExport({ archiveDir: "./flickr-archive", inputs: ["~/export"] });
 * Deno.exit(importExitCode(report));
 * ```
 */
export async function importExport(opts: ImportOptions): Promise<ImportReport> {
  const sink = opts.sink ?? SILENT;
  const inputs = await openInputs(opts.inputs);
  try {
    await using _lock = await acquireArchiveLock(opts.archiveDir);
    const catalog = await openCatalog(opts.archiveDir);
    try {
      return await run(catalog, inputs, opts, sink);
    } finally {
      await catalog.close();
    }
  } finally {
    inputs.close();
  }
}

interface Located {
  source: ExportSource;
  entry: SourceEntry;
}

/** The first entry of each export JSON base name, and every photo record (one per id). */
function locate(inputs: ExportInputs) {
  const named = new Map<string, Located>();
  const photos = new Map<string, Located>();
  for (const source of inputs.metadata) {
    for (const entry of source.entries) {
      const base = basename(entry.name);
      const id = photoJsonId(base);
      if (id) {
        if (!photos.has(id)) photos.set(id, { source, entry });
      } else if (!named.has(base)) named.set(base, { source, entry });
    }
  }
  const parts = (prefix: string) =>
    [...named.keys()].filter((n) => n.startsWith(prefix)).sort().map((n) => named.get(n)!);
  return { named, photos, parts };
}

async function run(
  catalog: Catalog,
  inputs: ExportInputs,
  opts: ImportOptions,
  sink: ProgressSink,
): Promise<ImportReport> {
  const { db } = catalog;
  const dir = opts.archiveDir;
  const report: ImportReport = {
    photos: 0,
    keptFromApi: 0,
    favorites: 0,
    albums: null,
    galleries: null,
    groups: null,
    comments: 0,
    mediaWritten: 0,
    mediaAlreadyPresent: 0,
    bytesWritten: 0,
    photosWithoutMedia: { count: 0, ids: [] },
    mediaWithoutPhoto: [],
    missingParts: [],
    albumPhotosWithoutRecord: 0,
    damaged: [],
  };
  const { named, photos, parts } = locate(inputs);
  const readJson = async (at: Located): Promise<Record<string, unknown> | undefined> => {
    try {
      const value = JSON.parse(new TextDecoder().decode(await at.source.bytes(at.entry)));
      if (value && typeof value === "object" && !Array.isArray(value)) return value;
      throw new Error("not a JSON object");
    } catch (e) {
      report.damaged.push(
        `${basename(at.source.label)}: ${at.entry.name} cannot be read (${(e as Error).message})`,
      );
      return undefined;
    }
  };

  // Who the account is: the profile, else what an earlier import or archive run recorded.
  const profileAt = named.get("account_profile.json");
  const profile = profileAt ? await readJson(profileAt) as AccountProfileJson : undefined;
  const stored = await getMeta(db, USER_NSID_META);
  const nsid = text(profile?.nsid) ?? stored;
  if (stored && nsid && stored !== nsid) {
    throw new ImportInputError(
      `Cannot import: this archive holds the account ${stored}, but the export is of ${nsid}`,
      "pass --archive DIR for that account's own archive",
    );
  }
  const ownCount = Number(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM items WHERE is_mine = 1`.execute(db))
      .rows[0].n,
  );
  if (inputs.metadata.length === 0 && ownCount === 0) {
    throw new ImportInputError(
      "Cannot import: no metadata zip among the inputs (the <digits>_<hex>_part1.zip with " +
        "photo_<id>.json files), so the media files match no photo",
      "add the metadata zips Flickr sent beside the data-download zips",
    );
  }
  if (!nsid && photos.size > 0) {
    throw new ImportInputError(
      "Cannot import: account_profile.json is missing, so the photos' owner is unknown",
      "add the metadata zip that ends in _part1.zip",
    );
  }
  const pathAlias = text(profile?.path_alias) || await getMeta(db, "account_path_alias") || null;
  const account: AccountIdentity = { nsid: nsid ?? "", pathAlias };

  const runId = await startRun(db, "import");
  let finished = false;
  try {
    const now = new Date().toISOString();
    if (profile && nsid) {
      await setMeta(db, USER_NSID_META, nsid);
      if (text(profile.screen_name)) await setMeta(db, "account_username", profile.screen_name!);
      if (text(profile.real_name)) await setMeta(db, "account_realname", profile.real_name!);
      if (pathAlias) await setMeta(db, "account_path_alias", pathAlias);
      await saveApiResponses(db, [{
        method: "export",
        key: "account_profile.json",
        body: profile,
      }]);
    }
    await upsertLicenses(db, FLICKR_LICENSES.map(({ id, name, url }) => ({ id, name, url })));

    // Photo records, in batches.
    const mediaOf = new Map<string, string>();
    const groupRefs = new Map<string, { id: string; name: string; url: string | null }[]>();
    const batchSize = Math.max(1, opts.batchSize ?? 500);
    const records = [...photos.values()];
    sink.line(`Metadata: ${records.length} photo records in ${inputs.metadata.length} source(s)`);
    for (let start = 0; start < records.length; start += batchSize) {
      const mapped: { m: MappedPhoto; raw: Record<string, unknown>; key: string }[] = [];
      for (const at of records.slice(start, start + batchSize)) {
        const raw = await readJson(at);
        if (!raw) continue;
        if (!text(raw.id) || !/^\d+$/.test(text(raw.id)!)) {
          report.damaged.push(`${basename(at.source.label)}: ${at.entry.name} has no photo id`);
          continue;
        }
        mapped.push({
          m: mapPhoto(raw as unknown as ExportPhotoJson, account, now),
          raw,
          key: basename(at.entry.name),
        });
      }
      const fromApi = await itemsFromApi(catalog, mapped.map((x) => x.m.item.id));
      const fresh = mapped.filter((x) => !fromApi.has(x.m.item.id));
      report.keptFromApi += mapped.length - fresh.length;
      for (const { m } of mapped) {
        mediaOf.set(m.item.id, m.item.media);
        groupRefs.set(m.item.id, m.groups);
      }
      await writePhotos(catalog, fresh);
      report.photos += fresh.length;
      report.comments += fresh.reduce((n, x) => n + x.m.comments.length, 0);
      sink.status(`Metadata: ${Math.min(start + batchSize, records.length)}/${records.length}`);
    }

    await importAlbums(catalog, named, readJson, mediaOf, report);
    await importGalleries(catalog, named, readJson, report);
    await importGroups(catalog, named, readJson, groupRefs, report);
    await importFavourites(catalog, parts("faves_part"), readJson, account, now, report);
    await importOwnComments(catalog, parts("photos_comments_part"), readJson, account, report);
    sink.line(
      `Metadata: ${report.photos} photos and videos, ${report.favorites} favourites, ` +
        `${report.albums ?? 0} albums, ${report.comments} comments`,
    );

    await importMedia(catalog, dir, inputs.media, sink, report);

    // What is missing: gaps in the zips' numbering (over every import so far), photos without files.
    const seenParts = await remember(catalog, META_PARTS, inputs.metadataParts);
    const seenMedia = await remember(catalog, META_MEDIA, inputs.mediaZips);
    for (const n of gaps(seenParts)) report.missingParts.push(`metadata zip _part${n}.zip`);
    for (const n of gaps(seenMedia)) report.missingParts.push(`data-download-${n}.zip`);
    const without = await sql<{ id: string }>`SELECT id FROM items i
      WHERE is_mine = 1 AND deleted_on_flickr = 0 AND needs_manual_download = 0
        AND NOT EXISTS (SELECT 1 FROM files f
          WHERE f.item_id = i.id AND f.kind = 'original' AND f.is_current = 1)
      ORDER BY id`.execute(db);
    report.photosWithoutMedia = {
      count: without.rows.length,
      ids: without.rows.slice(0, 20).map((r) => r.id),
    };
    await finishRun(db, runId, "done", {
      bytes_downloaded: report.bytesWritten,
      summary: report,
    });
    finished = true;
    return report;
  } finally {
    if (!finished) await finishRun(db, runId, "failed").catch(() => {});
  }
}

/** Ids among `ids` whose row came from the API (a real listing), which the export must not overwrite. */
async function itemsFromApi(catalog: Catalog, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...ids], 1)) {
    if (part.length === 0) continue;
    const rows = await catalog.db.selectFrom("items").select("id")
      .where("id", "in", part).where("listing_json", "!=", "{}").execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

async function writePhotos(
  catalog: Catalog,
  batch: { m: MappedPhoto; raw: Record<string, unknown>; key: string }[],
): Promise<void> {
  if (batch.length === 0) return;
  const by = <T>(pick: (m: MappedPhoto) => T[]) =>
    new Map(batch.map(({ m }) => [m.item.id as string, pick(m)]));
  const people: NewPerson[] = batch.flatMap(({ m }) => m.people);
  const raws: ApiResponseInput[] = batch.map(({ raw, key }) => ({
    method: "export",
    key,
    body: raw,
  }));
  await inTransaction(catalog.db, async (trx) => {
    await upsertItems(trx, batch.map(({ m }) => m.item));
    await replaceCommentsBulk(trx, by((m) => m.comments));
    await replaceTagsBulk(trx, by((m) => m.tags));
    await replaceNotesBulk(trx, by((m) => m.notes));
    await replacePhotoPeopleBulk(trx, by((m) => m.photoPeople));
    // The export knows less about people than the API: never overwrite what is stored.
    await upsertPeople(trx, people, { onlyFill: true });
    await saveApiResponses(trx, raws);
  });
  await refreshSearch(catalog.db, batch.map(({ m }) => m.item.id));
}

type ReadJson = (at: Located) => Promise<Record<string, unknown> | undefined>;

async function importAlbums(
  catalog: Catalog,
  named: Map<string, Located>,
  readJson: ReadJson,
  mediaOf: Map<string, string>,
  report: ImportReport,
): Promise<void> {
  const at = named.get("albums.json");
  const json = at && await readJson(at);
  if (!json) return;
  const albums: NewAlbum[] = [];
  const itemsByAlbum = new Map<string, string[]>();
  for (const a of list<AlbumJson>(json.albums)) {
    const id = text(a.id);
    if (!id) continue;
    const photos = (Array.isArray(a.photos) ? a.photos : []).map(String).filter((p) =>
      /^\d+$/.test(p)
    );
    const known = photos.every((p) => mediaOf.has(p));
    const videos = photos.filter((p) => mediaOf.get(p) === "video").length;
    albums.push({
      id,
      position: albums.length,
      title: text(a.title) ?? "",
      description: text(a.description) ?? "",
      primary_photo_id: photoIdOfPage(a.cover_photo) ?? photos[0] ?? null,
      count_photos: known ? photos.length - videos : int(a.photo_count),
      count_videos: known ? videos : null,
      count_views: int(a.view_count),
      date_create: int(a.created),
      date_update: int(a.last_updated),
      raw_json: JSON.stringify(a),
    });
    itemsByAlbum.set(id, photos);
  }
  await replaceAlbums(catalog.db, albums, itemsByAlbum);
  report.albums = albums.length;
  const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT item_id) AS n FROM album_items
    WHERE item_id NOT IN (SELECT id FROM items)`.execute(catalog.db);
  report.albumPhotosWithoutRecord = Number(rows[0].n);
}

async function importGalleries(
  catalog: Catalog,
  named: Map<string, Located>,
  readJson: ReadJson,
  report: ImportReport,
): Promise<void> {
  const at = named.get("galleries.json");
  const json = at && await readJson(at);
  if (!json) return;
  const galleries: NewGallery[] = [];
  const items = new Map<string, { item_id: string; raw_json: string }[]>();
  for (const g of list<GalleryJson>(json.galleries)) {
    const id = text(g.id);
    if (!id) continue;
    const photos = (Array.isArray(g.photos) ? g.photos : []).map(String).filter((p) =>
      /^\d+$/.test(p)
    );
    galleries.push({
      id,
      position: galleries.length,
      title: text(g.title) ?? "",
      description: text(g.description) ?? "",
      url: text(g.url) ?? null,
      count_photos: int(g.photo_count) ?? photos.length,
      date_create: int(g.created),
      date_update: int(g.last_updated),
      raw_json: JSON.stringify(g),
    });
    items.set(id, photos.map((p) => ({ item_id: p, raw_json: JSON.stringify({ id: p }) })));
  }
  await replaceGalleries(catalog.db, galleries, items);
  report.galleries = galleries.length;
}

async function importGroups(
  catalog: Catalog,
  named: Map<string, Located>,
  readJson: ReadJson,
  refs: Map<string, { id: string; name: string; url: string | null }[]>,
  report: ImportReport,
): Promise<void> {
  const at = named.get("groups.json");
  const json = at && await readJson(at);
  if (!json && refs.size === 0) return;
  const { db } = catalog;
  const groups = new Map<string, NewGroup>();
  if (json) {
    for (const g of list<GroupJson>(json.groups)) {
      const id = text(g.id);
      if (id) {
        groups.set(id, {
          id,
          name: text(g.name) ?? "",
          position: groups.size,
          raw_json: JSON.stringify(g),
        });
      }
    }
  } else {
    for (const g of await db.selectFrom("groups").selectAll().orderBy("position").execute()) {
      groups.set(g.id, g);
    }
  }
  // Pools as the photo records say, kept for photos imported earlier from other parts.
  const members = new Map<string, { item_id: string; date_added: number | null }[]>();
  const add = (group: string, item: string, dateAdded: number | null) => {
    const l = members.get(group) ?? [];
    l.push({ item_id: item, date_added: dateAdded });
    members.set(group, l);
  };
  for (const row of await db.selectFrom("group_items").selectAll().execute()) {
    if (!refs.has(row.item_id)) add(row.group_id, row.item_id, row.date_added);
  }
  for (const [item, list] of refs) {
    for (const g of list) {
      if (!groups.has(g.id)) {
        groups.set(g.id, {
          id: g.id,
          name: g.name,
          position: groups.size,
          raw_json: JSON.stringify(g),
        });
      }
      add(g.id, item, null);
    }
  }
  for (const id of groups.keys()) if (!members.has(id)) members.set(id, []);
  await replaceGroups(db, [...groups.values()], members);
  if (json) report.groups = groups.size;
}

async function importFavourites(
  catalog: Catalog,
  files: Located[],
  readJson: ReadJson,
  account: AccountIdentity,
  now: string,
  report: ImportReport,
): Promise<void> {
  const rows: NewItem[] = [];
  const owners: NewPerson[] = [];
  for (const at of files) {
    const json = await readJson(at);
    if (!json) continue;
    for (const f of list<FaveJson>(json.faves)) {
      const id = text(f.photo_id) ?? photoIdOfPage(f.photo_url);
      if (!id || !/^\d+$/.test(id)) continue;
      const who = personSegment(f.photo_url);
      const owner = who && isNsid(who) ? who : "";
      if (owner && owner !== account.nsid) owners.push({ nsid: owner, updated_at: now });
      rows.push({
        id,
        owner,
        media: "photo",
        is_mine: 0,
        is_favorite_of_mine: 1,
        path_alias: who && !isNsid(who) ? who : null,
        photopage_url: text(f.photo_url) ?? null,
        listing_json: "{}",
        first_seen_at: now,
        updated_at: now,
      });
    }
  }
  const fromApi = await itemsFromApi(catalog, rows.map((r) => r.id));
  const fresh = rows.filter((r) => !fromApi.has(r.id));
  await inTransaction(catalog.db, async (trx) => {
    for (const part of chunks(fresh, 20)) await upsertItems(trx, part);
    await upsertPeople(trx, owners, { onlyFill: true });
  });
  report.favorites = rows.length;
}

/** The person's own comments on others' photos: added to favourites whose comments were never fetched. */
async function importOwnComments(
  catalog: Catalog,
  files: Located[],
  readJson: ReadJson,
  account: AccountIdentity,
  report: ImportReport,
): Promise<void> {
  if (!account.nsid) return;
  const byItem = new Map<string, ChildRows<NewComment>[]>();
  for (const at of files) {
    const json = await readJson(at);
    if (!json) continue;
    for (const c of list<OwnCommentJson>(json.comments)) {
      const item = text(c.photo_id);
      if (!item) continue;
      const l = byItem.get(item) ?? [];
      l.push({
        id: text(c.comment_id) || `${item}-export-own-${l.length}`,
        author: account.nsid,
        date_create: exportTime(c.date) ?? 0,
        permalink: text(c.url) ?? null,
        html: text(c.comment) ?? "",
        raw_json: JSON.stringify(c),
      });
      byItem.set(item, l);
    }
  }
  const open = new Set<string>();
  for (const part of chunks([...byItem.keys()], 1)) {
    const rows = await catalog.db.selectFrom("items").select("id").where("id", "in", part)
      .where("is_mine", "=", 0).where("comments_synced", "is", null).execute();
    for (const r of rows) open.add(r.id);
  }
  const writable = new Map([...byItem].filter(([id]) => open.has(id)));
  await replaceCommentsBulk(catalog.db, writable);
  report.comments += [...writable.values()].reduce((n, l) => n + l.length, 0);
}

const CONTENT_TYPES: Record<string, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  heic: "image/heic",
  tiff: "image/tiff",
  webp: "image/webp",
  mp4: "video/mp4",
  mov: "video/quicktime",
};

interface MediaTarget {
  id: string;
  is_mine: number;
  owner: string;
  media: string;
  title: string;
  date_taken: string | null;
  date_taken_unknown: number;
  date_uploaded: number | null;
  original_secret: string | null;
  original_format: string | null;
}

async function importMedia(
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
  const targets = new Map<string, MediaTarget>();
  const current = new Map<string, { path: string; bytes: number }>();
  for (const part of chunks([...unique.keys()], 1)) {
    for (
      const r of await db.selectFrom("items").select([
        "id",
        "is_mine",
        "owner",
        "media",
        "title",
        "date_taken",
        "date_taken_unknown",
        "date_uploaded",
        "original_secret",
        "original_format",
      ]).where("id", "in", part).execute()
    ) targets.set(r.id, r);
    for (
      const f of await db.selectFrom("files").select(["item_id", "path", "bytes"])
        .where("item_id", "in", part).where("kind", "=", "original").where("is_current", "=", 1)
        .execute()
    ) current.set(f.item_id, f);
  }
  const total = unique.size;
  const totalBytes = [...unique.values()].reduce((n, m) => n + m.entry.size, 0);
  sink.line(`Media: ${total} files, ${(totalBytes / 1e6).toFixed(1)} MB`);
  let done = 0;
  let files: NewFile[] = [];
  let updates: { id: string; set: Partial<NewItem> }[] = [];
  const flush = async () => {
    if (files.length === 0) return;
    const f = files;
    const u = updates;
    files = [];
    updates = [];
    await inTransaction(db, async (trx) => {
      for (const { id, set } of u) {
        await trx.updateTable("items").set(set).where("id", "=", id).execute();
      }
      await upsertFiles(trx, f);
    });
  };
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
    const isVideo = item.media === "video" ||
      /^(mp4|m4v|mov|avi|wmv|3gp|3g2|mpg|mpeg|mts|m2ts|mkv|webm|ogv|flv)$/.test(m.ext);
    const rel = existing?.path ?? (item.is_mine
      ? originalPath({
        id: item.id,
        title: item.title,
        dateTaken: item.date_taken,
        dateTakenUnknown: item.date_taken_unknown === 1,
        dateUploaded: item.date_uploaded,
        originalFormat: m.ext,
        media: isVideo ? "video" : "photo",
      })
      : favoritePath({
        id: item.id,
        owner: item.owner || "unknown",
        title: item.title,
        originalFormat: m.ext,
        media: isVideo ? "video" : "photo",
      }));
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
      content_type: CONTENT_TYPES[written.kind] ?? null,
      secret: item.original_secret,
      fetched_at: new Date().toISOString(),
    });
    report.mediaWritten++;
    report.bytesWritten += written.bytes;
    if (files.length >= 50) await flush();
    sink.status(`Media: ${done}/${total} files, ${(report.bytesWritten / 1e6).toFixed(1)} MB`);
  }
  await flush();
  sink.line(
    `Media: ${report.mediaWritten} written, ${report.mediaAlreadyPresent} already in the archive`,
  );
}

async function hasSize(path: string, bytes: number): Promise<boolean> {
  try {
    return (await Deno.stat(path)).size === bytes;
  } catch {
    return false;
  }
}

/** Adds `numbers` to the set kept under a meta key and returns the whole set. */
async function remember(catalog: Catalog, key: string, numbers: number[]): Promise<number[]> {
  let before: number[] = [];
  try {
    before = JSON.parse((await getMeta(catalog.db, key)) ?? "[]");
  } catch { /* rewritten below */ }
  const all = [...new Set([...before, ...numbers])].filter(Number.isInteger).sort((a, b) => a - b);
  if (all.length > 0) await setMeta(catalog.db, key, JSON.stringify(all));
  return all;
}

function gaps(seen: number[]): number[] {
  const max = seen.length ? seen[seen.length - 1] : 0;
  const have = new Set(seen);
  const out: number[] = [];
  for (let n = 1; n <= max; n++) if (!have.has(n)) out.push(n);
  return out;
}
