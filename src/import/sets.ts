/**
 * The person's albums, galleries and groups from `albums.json`, `galleries.json` and
 * `groups.json`. Each list replaces the stored one; group pools also come from the photo records,
 * which name the groups each photo is in. Lists `archive` already took from the API (album order,
 * gallery photos with their owners, pool dates) are richer than the export's and left as they are.
 * @module
 */
import { sql } from "kysely";
import type { Catalog } from "../catalog/db.ts";
import { ALBUMS_SYNCED_AT, STRUCTURE_REFRESHED_AT } from "../catalog/meta_keys.ts";
import type { NewAlbum, NewGallery, NewGroup } from "../catalog/schema.ts";
import { replaceAlbums, replaceGalleries, replaceGroups } from "../catalog/writes.ts";
import type { Located, ReadJson } from "./export_files.ts";
import type { PhotoRecordsSeen } from "./photo_records.ts";
import {
  type AlbumJson,
  type GalleryJson,
  type GroupJson,
  int,
  list,
  photoIdOfPage,
  text,
} from "./records.ts";
import type { ImportReport } from "./report.ts";

/**
 * Replaces the albums with `albums.json`'s. Photo and video counts are exact when every photo of
 * an album has a record (`mediaOf`); else the export's count is kept and videos are unknown.
 */
export async function importAlbums(
  catalog: Catalog,
  named: Map<string, Located>,
  readJson: ReadJson,
  mediaOf: PhotoRecordsSeen["mediaOf"],
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
    const photos = photoIds(a.photos);
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
  report.albums = albums.length;
  if (await fromApi(catalog, ALBUMS_SYNCED_AT, STRUCTURE_REFRESHED_AT)) return;
  await replaceAlbums(catalog.db, albums, itemsByAlbum);
  const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT item_id) AS n FROM album_items
    WHERE item_id NOT IN (SELECT id FROM items)`.execute(catalog.db);
  report.albumPhotosWithoutRecord = Number(rows[0].n);
}

/** Replaces the galleries with `galleries.json`'s. */
export async function importGalleries(
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
    const photos = photoIds(g.photos);
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
  report.galleries = galleries.length;
  if (await fromApi(catalog, STRUCTURE_REFRESHED_AT)) return;
  await replaceGalleries(catalog.db, galleries, items);
}

/**
 * Replaces the groups with `groups.json`'s (or keeps the stored list when there is none) plus any
 * group a photo record names, and sets the pools of the photos in `refs`.
 */
export async function importGroups(
  catalog: Catalog,
  named: Map<string, Located>,
  readJson: ReadJson,
  refs: PhotoRecordsSeen["groupRefs"],
  report: ImportReport,
): Promise<void> {
  const at = named.get("groups.json");
  const json = at && await readJson(at);
  if (!json && refs.size === 0) return;
  if (await fromApi(catalog, STRUCTURE_REFRESHED_AT)) {
    if (json) report.groups = list<GroupJson>(json.groups).length;
    return;
  }
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

/** Whether an `archive` run has written these lists from the API (any of the `meta` keys is set). */
async function fromApi(catalog: Catalog, ...keys: string[]): Promise<boolean> {
  const row = await catalog.db.selectFrom("meta").select("key").where("key", "in", keys)
    .executeTakeFirst();
  return row !== undefined;
}

/** The photo ids of an album's or gallery's `photos` list, in order (anything else dropped). */
function photoIds(photos: unknown): string[] {
  return (Array.isArray(photos) ? photos : []).map(String).filter((p) => /^\d+$/.test(p));
}
