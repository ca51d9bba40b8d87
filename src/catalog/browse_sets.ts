/**
 * Read queries for the viewer's sets: albums (in the person's order), collections as a tree,
 * galleries and groups.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import {
  decodeCursor,
  gridColumns,
  type GridItem,
  gridJoins,
  type Page,
  type Thumb,
  toGridItem,
  toPage,
} from "./browse.ts";

/** An album as listed. */
export interface AlbumSummary {
  id: string;
  title: string;
  description: string;
  /** Flickr's counts; null when Flickr omitted them (unknown, not none). */
  countPhotos: number | null;
  countVideos: number | null;
  dateCreate: number | null;
  dateUpdate: number | null;
  /** Items of the album that are in the archive. */
  archived: number;
  cover: Thumb | null;
}

interface AlbumRow {
  id: string;
  position: number;
  title: string;
  description: string;
  count_photos: number | null;
  count_videos: number | null;
  date_create: number | null;
  date_update: number | null;
  archived: number;
  cover_id: number | null;
  cover_sha256: string | null;
  cover_w: number | null;
  cover_h: number | null;
}

const albumSelect = sql`SELECT a.id, a.position, a.title, a.description, a.count_photos,
    a.count_videos, a.date_create, a.date_update,
    (SELECT count(*) FROM album_items x JOIN items i ON i.id = x.item_id
      WHERE x.album_id = a.id) AS archived,
    t.id AS cover_id, t.sha256 AS cover_sha256, t.width AS cover_w, t.height AS cover_h
  FROM albums a
  LEFT JOIN files t ON t.item_id = a.primary_photo_id AND t.kind = 'thumb' AND t.is_current = 1`;

/** A stored count as a number, keeping null (Flickr omitted it) as unknown. */
function knownCount(v: number | null): number | null {
  return v === null ? null : Number(v);
}

function toAlbum(r: AlbumRow): AlbumSummary {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    countPhotos: knownCount(r.count_photos),
    countVideos: knownCount(r.count_videos),
    dateCreate: r.date_create,
    dateUpdate: r.date_update,
    archived: Number(r.archived),
    cover: r.cover_id === null ? null : {
      fileId: r.cover_id,
      sha256: r.cover_sha256 ?? "",
      width: r.cover_w,
      height: r.cover_h,
    },
  };
}

/** Albums in the person's order, a page at a time. */
export async function listAlbums(
  db: Kysely<Database>,
  opts: { after?: string | null; limit?: number } = {},
): Promise<Page<AlbumSummary>> {
  const limit = Math.min(Math.max(opts.limit ?? 60, 1), 500);
  let position = sql`1 = 1`;
  if (opts.after) {
    const [key, id] = decodeCursor(opts.after);
    position = sql`(a.position > ${key} OR (a.position = ${key} AND a.id > ${id}))`;
  }
  const { rows } = await sql<AlbumRow>`${albumSelect} WHERE ${position}
    ORDER BY a.position, a.id LIMIT ${limit + 1}`.execute(db);
  return toPage(rows, limit, toAlbum, (r) => [r.position, r.id]);
}

/** One album, or null. */
export async function getAlbum(db: Kysely<Database>, id: string): Promise<AlbumSummary | null> {
  const { rows } = await sql<AlbumRow>`${albumSelect} WHERE a.id = ${id}`.execute(db);
  return rows[0] ? toAlbum(rows[0]) : null;
}

/** A collection with its albums and sub-collections. */
export interface CollectionNode {
  id: string;
  title: string;
  description: string;
  albums: { id: string; title: string; cover: Thumb | null }[];
  children: CollectionNode[];
}

/** Every collection as a tree, in the person's order. */
export async function collectionTree(db: Kysely<Database>): Promise<CollectionNode[]> {
  const collections = await db.selectFrom("collections")
    .select(["id", "parent_id", "title", "description"])
    .orderBy("position").orderBy("id").execute();
  const { rows: links } = await sql<{
    collection_id: string;
    album_id: string;
    title: string | null;
    cover_id: number | null;
    cover_sha256: string | null;
    cover_w: number | null;
    cover_h: number | null;
  }>`SELECT ca.collection_id, ca.album_id, a.title,
      t.id AS cover_id, t.sha256 AS cover_sha256, t.width AS cover_w, t.height AS cover_h
    FROM collection_albums ca
    LEFT JOIN albums a ON a.id = ca.album_id
    LEFT JOIN files t ON t.item_id = a.primary_photo_id AND t.kind = 'thumb' AND t.is_current = 1
    ORDER BY ca.collection_id, ca.position`.execute(db);
  const nodes = new Map<string, CollectionNode>();
  for (const c of collections) {
    nodes.set(c.id, {
      id: c.id,
      title: c.title,
      description: c.description,
      albums: [],
      children: [],
    });
  }
  for (const l of links) {
    nodes.get(l.collection_id)?.albums.push({
      id: l.album_id,
      title: l.title ?? l.album_id,
      cover: l.cover_id === null ? null : {
        fileId: l.cover_id,
        sha256: l.cover_sha256 ?? "",
        width: l.cover_w,
        height: l.cover_h,
      },
    });
  }
  const roots: CollectionNode[] = [];
  for (const c of collections) {
    const node = nodes.get(c.id)!;
    const parent = c.parent_id ? nodes.get(c.parent_id) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** A gallery as listed. */
export interface GallerySummary {
  id: string;
  title: string;
  description: string;
  url: string | null;
  /** Flickr's counts; null when Flickr omitted them (unknown, not none). */
  countPhotos: number | null;
  countVideos: number | null;
  dateCreate: number | null;
  cover: Thumb | null;
}

/** Every gallery in the person's order (galleries are few: Flickr caps them at 50 photos each). */
export async function listGalleries(db: Kysely<Database>): Promise<GallerySummary[]> {
  const { rows } = await sql<{
    id: string;
    title: string;
    description: string;
    url: string | null;
    count_photos: number | null;
    count_videos: number | null;
    date_create: number | null;
    cover_id: number | null;
    cover_sha256: string | null;
    cover_w: number | null;
    cover_h: number | null;
  }>`SELECT g.id, g.title, g.description, g.url, g.count_photos, g.count_videos, g.date_create,
      t.id AS cover_id, t.sha256 AS cover_sha256, t.width AS cover_w, t.height AS cover_h
    FROM galleries g
    LEFT JOIN files t ON t.id = (
      SELECT f.id FROM gallery_items gi JOIN files f
        ON f.item_id = gi.item_id AND f.kind = 'thumb' AND f.is_current = 1
      WHERE gi.gallery_id = g.id ORDER BY gi.position LIMIT 1)
    ORDER BY g.position, g.id`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    url: r.url,
    countPhotos: knownCount(r.count_photos),
    countVideos: knownCount(r.count_videos),
    dateCreate: r.date_create,
    cover: r.cover_id === null ? null : {
      fileId: r.cover_id,
      sha256: r.cover_sha256 ?? "",
      width: r.cover_w,
      height: r.cover_h,
    },
  }));
}

/** A gallery entry: the archived item when the archive holds it, else what the listing said. */
export interface GalleryEntry {
  id: string;
  owner: string | null;
  title: string;
  item: GridItem | null;
}

/** One gallery and its entries in gallery order, or null. */
export async function getGallery(
  db: Kysely<Database>,
  id: string,
): Promise<{ gallery: GallerySummary; entries: GalleryEntry[] } | null> {
  const gallery = (await listGalleries(db)).find((g) => g.id === id);
  if (!gallery) return null;
  const { rows } = await sql<
    Parameters<typeof toGridItem>[0] & {
      entry_id: string;
      entry_owner: string | null;
      entry_title: string | null;
      archived: number;
    }
  >`SELECT ${gridColumns}, gi.item_id AS entry_id, gi.owner AS entry_owner,
      gi.title AS entry_title, (i.id IS NOT NULL) AS archived
    FROM gallery_items gi LEFT JOIN items i ON i.id = gi.item_id ${gridJoins}
    WHERE gi.gallery_id = ${id} ORDER BY gi.position, gi.item_id`.execute(db);
  return {
    gallery,
    entries: rows.map((r) => ({
      id: r.entry_id,
      owner: r.entry_owner,
      title: r.entry_title ?? r.title ?? "",
      item: r.archived ? toGridItem(r) : null,
    })),
  };
}

/** A group the person's items are in. */
export interface GroupSummary {
  id: string;
  name: string;
  items: number;
  cover: Thumb | null;
}

/** Every group in the person's order with how many archived items are in its pool. */
export async function listGroups(db: Kysely<Database>): Promise<GroupSummary[]> {
  const { rows } = await sql<{
    id: string;
    name: string;
    items: number;
    cover_id: number | null;
    cover_sha256: string | null;
    cover_w: number | null;
    cover_h: number | null;
  }>`SELECT g.id, g.name, (SELECT count(*) FROM group_items x WHERE x.group_id = g.id) AS items,
      t.id AS cover_id, t.sha256 AS cover_sha256, t.width AS cover_w, t.height AS cover_h
    FROM groups g
    LEFT JOIN files t ON t.id = (
      SELECT f.id FROM group_items gi JOIN files f
        ON f.item_id = gi.item_id AND f.kind = 'thumb' AND f.is_current = 1
      WHERE gi.group_id = g.id ORDER BY gi.date_added DESC LIMIT 1)
    ORDER BY g.position, g.id`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    items: Number(r.items),
    cover: r.cover_id === null ? null : {
      fileId: r.cover_id,
      sha256: r.cover_sha256 ?? "",
      width: r.cover_w,
      height: r.cover_h,
    },
  }));
}

/** One group, or null. */
export async function getGroup(db: Kysely<Database>, id: string): Promise<GroupSummary | null> {
  return (await listGroups(db)).find((g) => g.id === id) ?? null;
}
