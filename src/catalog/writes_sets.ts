/**
 * The person's lists and what they hold: albums, collections, galleries and groups. Each call
 * replaces the whole list (what is no longer listed goes, with its items) and the contents of
 * the sets it is given.
 * @module
 */
import { sql } from "kysely";
import type {
  NewAlbum,
  NewCollection,
  NewGallery,
  NewGalleryItem,
  NewGroup,
  NewGroupItem,
} from "./schema.ts";
import {
  chunks,
  type Db,
  dedupe,
  inTransaction,
  lastByKey,
  type Tx,
  upsertWhole,
} from "./writes_batch.ts";

/** The lists of sets. */
type Listed = "albums" | "collections" | "galleries" | "groups";
/** What the sets hold, one table per list. */
type Members = "album_items" | "collection_albums" | "gallery_items" | "group_items";

/**
 * Replaces the list of albums (in the person's order: `position` is theirs) and the items of the
 * albums in `itemsByAlbum` (album id → item ids in album order). Albums no longer listed are removed
 * with their items; listed albums missing from `itemsByAlbum` keep the items already stored.
 */
export function replaceAlbums(
  db: Db,
  albums: readonly NewAlbum[],
  itemsByAlbum: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  return replaceList(db, {
    list: "albums",
    sets: albums,
    members: "album_items",
    setColumn: "album_id",
    changed: [...itemsByAlbum.keys()],
    rows: [...itemsByAlbum].flatMap(([album_id, ids]) =>
      dedupe(ids).map((item_id, position) => ({ album_id, item_id, position }))
    ),
  });
}

/**
 * Replaces the collection tree (`parent_id` links, `position` within the parent) and the albums of
 * the collections in `albumsByCollection` (collection id → album ids in order). Collections no longer
 * listed are removed; listed ones missing from the map keep their stored albums.
 */
export function replaceCollections(
  db: Db,
  collections: readonly NewCollection[],
  albumsByCollection: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  return replaceList(db, {
    list: "collections",
    sets: collections,
    members: "collection_albums",
    setColumn: "collection_id",
    changed: [...albumsByCollection.keys()],
    rows: [...albumsByCollection].flatMap(([collection_id, ids]) =>
      dedupe(ids).map((album_id, position) => ({ collection_id, album_id, position }))
    ),
  });
}

/**
 * Replaces the galleries and the items of the galleries in `itemsByGallery` (gallery id → its
 * items in order; `gallery_id` and `position` are filled in). Same rules as {@link replaceAlbums}.
 */
export function replaceGalleries(
  db: Db,
  galleries: readonly NewGallery[],
  itemsByGallery: ReadonlyMap<string, readonly Omit<NewGalleryItem, "gallery_id" | "position">[]>,
): Promise<void> {
  return replaceList(db, {
    list: "galleries",
    sets: galleries,
    members: "gallery_items",
    setColumn: "gallery_id",
    changed: [...itemsByGallery.keys()],
    rows: [...itemsByGallery].flatMap(([gallery_id, items]) =>
      lastByKey(items, (i) => i.item_id).map((i, position): NewGalleryItem => ({
        gallery_id,
        item_id: i.item_id,
        owner: i.owner ?? null,
        title: i.title ?? null,
        position,
        raw_json: i.raw_json,
      }))
    ),
  });
}

/**
 * Replaces the groups and the person's items in the groups of `itemsByGroup` (group id → items).
 * Same rules as {@link replaceAlbums}.
 */
export function replaceGroups(
  db: Db,
  groups: readonly NewGroup[],
  itemsByGroup: ReadonlyMap<string, readonly Omit<NewGroupItem, "group_id">[]>,
): Promise<void> {
  return replaceList(db, {
    list: "groups",
    sets: groups,
    members: "group_items",
    setColumn: "group_id",
    changed: [...itemsByGroup.keys()],
    rows: [...itemsByGroup].flatMap(([group_id, items]) =>
      lastByKey(items, (i) => i.item_id).map((i): NewGroupItem => ({
        group_id,
        item_id: i.item_id,
        date_added: i.date_added ?? null,
      }))
    ),
  });
}

/** A whole list of sets and the new contents of some of them. */
interface ListReplacement {
  list: Listed;
  sets: readonly { id: string }[];
  members: Members;
  /** The column of `members` that names the set. */
  setColumn: string;
  /** The sets whose contents are replaced by `rows`. */
  changed: readonly string[];
  /** Every row of `members` for the `changed` sets; all rows of one shape. */
  rows: readonly object[];
}

/** The rules every list follows: see {@link replaceAlbums}. */
async function replaceList(db: Db, r: ListReplacement): Promise<void> {
  await inTransaction(db, async (trx) => {
    const keep = r.sets.map((s) => s.id);
    await deleteMissing(trx, r.members, r.setColumn, keep);
    await deleteMissing(trx, r.list, "id", keep);
    await upsertWhole(trx, r.list, r.sets, "id");
    for (const part of chunks(r.changed, 1)) {
      await sql`DELETE FROM ${sql.table(r.members)} WHERE ${sql.ref(r.setColumn)} IN (${
        sql.join(part)
      })`.execute(trx);
    }
    if (r.rows.length === 0) return;
    for (const part of chunks(r.rows, Object.keys(r.rows[0]).length)) {
      await trx.insertInto(r.members).values(part as never).execute();
    }
  });
}

/** Deletes rows of `table` whose `column` is not among `keep` (ids of the `parent` list). */
async function deleteMissing(
  trx: Tx,
  table: Listed | Members,
  column: string,
  keep: readonly string[],
): Promise<void> {
  if (keep.length === 0) {
    await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
    return;
  }
  // A temporary table keeps the statement small however many ids there are.
  await sql`CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)`.execute(trx);
  await sql`DELETE FROM temp.keep_ids`.execute(trx);
  for (const part of chunks(dedupe(keep), 1)) {
    await sql`INSERT INTO temp.keep_ids (id) VALUES ${sql.join(part.map((id) => sql`(${id})`))}`
      .execute(trx);
  }
  await sql`DELETE FROM ${sql.table(table)}
    WHERE ${sql.ref(column)} NOT IN (SELECT id FROM temp.keep_ids)`.execute(trx);
  await sql`DELETE FROM temp.keep_ids`.execute(trx);
}
