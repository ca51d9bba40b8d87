/**
 * What a sidecar (and an exported copy) says about each item, read from the catalog a page of
 * items at a time: one query per table per page, over a range of ids (the same SQL text for every
 * page, so that the statement cache keeps it), plus the small tables (albums, collections,
 * galleries, groups, licences) read once.
 *
 * The photo page (`browse_photo.ts`) gathers the same facts and more (whole rows, comments,
 * faves) by id; read through it, the sidecars phase took 3 to 4 times as long
 * (`scripts/bench/child_rows_readers.ts`), so this reader stays, and `sidecar_items_test.ts` checks
 * that both say the same about every item.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import { displayName } from "./browse_people.ts";
import { listedOwnerName } from "./account_owner.ts";
import { privacyOf, type XmpItem } from "../xmp/xmp.ts";

/** An item's metadata and the current files a sidecar or copy may sit beside. */
export interface SidecarItem {
  xmp: XmpItem;
  /** Current files by kind ('original', 'largest', 'video', 'display'). */
  files: Map<string, SidecarFile>;
}

/** A current file of an item (original, video stream or display copy). */
export interface SidecarFile {
  /** Relative to the archive, '/' separated. */
  path: string;
  sha256: string;
}

/**
 * The best file of an item: the original, else the largest size its owner permits (others'
 * photos whose owner forbids the original), else the video stream, else the display copy.
 */
export function bestFile(item: SidecarItem): SidecarFile | null {
  return item.files.get("original") ?? item.files.get("largest") ?? item.files.get("video") ??
    item.files.get("display") ?? null;
}

/** The file a sidecar sits beside ({@link bestFile}'s path). */
export function sidecarTarget(item: SidecarItem): string | null {
  return bestFile(item)?.path ?? null;
}

/** The small tables, read once per pass over the catalog. */
export interface SetNames {
  albums: Map<string, string>;
  /** Album id -> the paths (titles from the top) of the collections holding it. */
  albumCollections: Map<string, string[][]>;
  galleries: Map<string, string>;
  /** Item id -> gallery ids (galleries are few and their table has no index by item). */
  galleryItems: Map<string, string[]>;
  groups: Map<string, string>;
  licenses: Map<number, { id: number; name: string; url: string | null }>;
  /** Owners' names where `people` has none (the account holder), by NSID: filled page by page. */
  ownerNames: Map<string, OwnerName>;
}

/** An owner's names as getInfo (else the listing) gave them. */
interface OwnerName {
  realname: string | null;
  username: string | null;
}

/** Reads the album, collection, gallery, group and licence names once. */
export async function loadSetNames(db: Kysely<Database>): Promise<SetNames> {
  const [albums, collections, collectionAlbums, galleries, galleryItems, groups, licenses] =
    await Promise.all([
      db.selectFrom("albums").select(["id", "title"]).execute(),
      db.selectFrom("collections").select(["id", "title", "parent_id"]).execute(),
      db.selectFrom("collection_albums").select(["collection_id", "album_id"])
        .orderBy("collection_id").orderBy("position").execute(),
      db.selectFrom("galleries").select(["id", "title"]).orderBy("position").execute(),
      db.selectFrom("gallery_items").select(["gallery_id", "item_id"]).execute(),
      db.selectFrom("groups").select(["id", "name"]).orderBy("position").execute(),
      db.selectFrom("licenses").select(["id", "name", "url"]).execute(),
    ]);
  const byId = new Map(collections.map((c) => [c.id, c]));
  const pathOf = (id: string): string[] => {
    const path: string[] = [];
    const seen = new Set<string>();
    for (
      let c = byId.get(id);
      c && !seen.has(c.id);
      c = c.parent_id ? byId.get(c.parent_id) : undefined
    ) {
      seen.add(c.id);
      path.unshift(c.title);
    }
    return path;
  };
  const albumCollections = new Map<string, string[][]>();
  for (const ca of collectionAlbums) {
    const list = albumCollections.get(ca.album_id) ?? [];
    list.push(pathOf(ca.collection_id));
    albumCollections.set(ca.album_id, list);
  }
  const galleryOf = new Map<string, string[]>();
  for (const gi of galleryItems) {
    const list = galleryOf.get(gi.item_id) ?? [];
    list.push(gi.gallery_id);
    galleryOf.set(gi.item_id, list);
  }
  return {
    albums: new Map(albums.map((a) => [a.id, a.title])),
    albumCollections,
    galleries: new Map(galleries.map((g) => [g.id, g.title])),
    galleryItems: galleryOf,
    groups: new Map(groups.map((g) => [g.id, g.name])),
    licenses: new Map(licenses.map((l) => [l.id, l])),
    ownerNames: new Map(),
  };
}

interface ItemCols {
  id: string;
  media: string;
  title: string;
  description: string;
  date_taken: string | null;
  date_taken_granularity: number;
  date_taken_unknown: number;
  date_uploaded: number | null;
  faved_at: number | null;
  is_favorite_of_mine: number;
  owner: string;
  license: number | null;
  photopage_url: string | null;
  path_alias: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
  neighbourhood: string | null;
  locality: string | null;
  county: string | null;
  region: string | null;
  country: string | null;
  o_width: number | null;
  o_height: number | null;
  rotation: number | null;
  is_public: number | null;
  is_friend: number | null;
  is_family: number | null;
  /** EXIF Orientation read from the original itself; null when its EXIF was not read from it. */
  file_orientation: number | null;
  exif_source: string | null;
  /** The owner's, from `people`, else {@link ownerName}'s. */
  realname: string | null;
  username: string | null;
}

/** Items per page of {@link loadSidecarPage}. */
export const SIDECAR_PAGE = 500;

/**
 * The next page of items after `after` (by id, in the catalog's text order), with everything their
 * XMP needs. An empty array at the end.
 *
 * @example
 * ```ts
 * const names = await loadSetNames(db);
 * for (let after = ""; ;) {
 *   const page = await loadSidecarPage(db, names, after);
 *   if (page.length === 0) break;
 *   after = page[page.length - 1].xmp.id;
 * }
 * ```
 */
export async function loadSidecarPage(
  db: Kysely<Database>,
  names: SetNames,
  after: string,
  limit = SIDECAR_PAGE,
): Promise<SidecarItem[]> {
  const items = (await sql<ItemCols>`
    SELECT i.id, i.media, i.title, i.description, i.date_taken, i.date_taken_granularity,
      i.date_taken_unknown, i.date_uploaded, i.faved_at, i.is_favorite_of_mine, i.owner, i.license,
      i.photopage_url, i.path_alias, i.latitude, i.longitude, i.accuracy, i.neighbourhood,
      i.locality, i.county, i.region, i.country, i.o_width, i.o_height, i.rotation, i.is_public,
      i.is_friend, i.is_family, i.exif_source,
      CASE WHEN i.exif_source = 'file' THEN json_extract(i.exif_json, '$.Orientation') END
        AS file_orientation,
      NULLIF(p.realname, '') AS realname, NULLIF(p.username, '') AS username
    FROM items i LEFT JOIN people p ON p.nsid = i.owner
    WHERE i.id > ${after} ORDER BY i.id LIMIT ${limit}`.execute(db)).rows;
  if (items.length === 0) return [];
  for (const r of items) {
    if (r.realname !== null && r.username !== null) continue;
    const owner = await ownerName(db, names.ownerNames, r.owner);
    r.realname ??= owner.realname;
    r.username ??= owner.username;
  }
  const first = items[0].id;
  const last = items[items.length - 1].id;
  const inRange = <T>(q: ReturnType<typeof sql<T>>) => q.execute(db).then((r) => r.rows);
  const [files, tags, notes, people, albums, groups] = await Promise.all([
    // Thumbnails never carry a sidecar: left out (a third of the rows).
    inRange(sql<
      {
        item_id: string;
        kind: string;
        path: string;
        sha256: string;
        width: number | null;
        height: number | null;
      }
    >`SELECT item_id, kind, path, sha256, width, height FROM files
      WHERE item_id >= ${first} AND item_id <= ${last} AND is_current = 1
        AND kind IN ('original', 'largest', 'video', 'display')`),
    inRange(sql<{ item_id: string; raw: string; is_machine: number }>`
      SELECT item_id, raw, is_machine FROM tags WHERE item_id >= ${first} AND item_id <= ${last}
      ORDER BY item_id, rowid`),
    inRange(sql<
      {
        item_id: string;
        authorname: string | null;
        x: number;
        y: number;
        w: number;
        h: number;
        text: string;
      }
    >`SELECT item_id, authorname, x, y, w, h, text FROM notes
      WHERE item_id >= ${first} AND item_id <= ${last} ORDER BY item_id, id`),
    inRange(sql<
      {
        item_id: string;
        nsid: string;
        x: number | null;
        y: number | null;
        w: number | null;
        h: number | null;
        realname: string | null;
        username: string | null;
      }
    >`SELECT pp.item_id, pp.nsid, pp.x, pp.y, pp.w, pp.h, p.realname, p.username
      FROM photo_people pp LEFT JOIN people p ON p.nsid = pp.nsid
      WHERE pp.item_id >= ${first} AND pp.item_id <= ${last} ORDER BY pp.item_id, pp.rowid`),
    inRange(sql<{ item_id: string; album_id: string }>`
      SELECT ai.item_id, ai.album_id FROM album_items ai JOIN albums a ON a.id = ai.album_id
      WHERE ai.item_id >= ${first} AND ai.item_id <= ${last} ORDER BY ai.item_id, a.position`),
    inRange(sql<{ item_id: string; group_id: string }>`
      SELECT gi.item_id, gi.group_id FROM group_items gi JOIN groups g ON g.id = gi.group_id
      WHERE gi.item_id >= ${first} AND gi.item_id <= ${last} ORDER BY gi.item_id, g.position`),
  ]);

  const out = new Map<string, SidecarItem>();
  const sizes = new Map<string, Map<string, { width: number | null; height: number | null }>>();
  for (const r of items) out.set(r.id, { xmp: toXmpItem(r, names), files: new Map() });
  for (const f of files) {
    const it = out.get(f.item_id);
    if (!it) continue;
    it.files.set(f.kind, { path: f.path, sha256: f.sha256 });
    const s = sizes.get(f.item_id) ?? new Map();
    s.set(f.kind, { width: f.width, height: f.height });
    sizes.set(f.item_id, s);
  }
  for (const t of tags) {
    const x = out.get(t.item_id)?.xmp;
    if (x) (t.is_machine === 1 ? x.machineTags : x.tags).push(t.raw);
  }
  for (const n of notes) {
    out.get(n.item_id)?.xmp.notes.push({
      text: n.text,
      author: n.authorname,
      box: { x: n.x, y: n.y, w: n.w, h: n.h },
    });
  }
  for (const p of people) {
    out.get(p.item_id)?.xmp.people.push({
      nsid: p.nsid,
      name: displayName({ realname: p.realname, username: p.username, nsid: p.nsid }),
      box: p.x === null || p.y === null || p.w === null || p.h === null
        ? null
        : { x: p.x, y: p.y, w: p.w, h: p.h },
    });
  }
  for (const a of albums) {
    const x = out.get(a.item_id)?.xmp;
    const title = names.albums.get(a.album_id);
    if (!x || title === undefined) continue;
    x.albums.push(title);
    for (const path of names.albumCollections.get(a.album_id) ?? []) x.collections.push(path);
  }
  for (const g of groups) {
    const x = out.get(g.item_id)?.xmp;
    const name = names.groups.get(g.group_id);
    if (x && name !== undefined) x.groups.push(name);
  }
  for (const it of out.values()) {
    const s = sizes.get(it.xmp.id);
    // Flickr's sized copies are turned as Flickr shows the photo.
    const shown = s?.get("display") ?? s?.get("largest");
    if (shown?.width && shown.height) it.xmp.shownAspect = shown.width / shown.height;
    if (!it.files.has("original")) {
      // Beside a size Flickr made, the pixels already stand as Flickr shows them.
      it.xmp.rotation = null;
      it.xmp.fileOrientation = null;
      const made = s?.get("largest") ?? s?.get("display");
      if (made?.width && made.height) it.xmp.size = { width: made.width, height: made.height };
    }
    if (it.xmp.size) continue;
    // Without the original's size from Flickr, the size of the file the regions would describe.
    const f = s?.get("original") ?? s?.get("largest") ?? s?.get("display");
    if (f?.width && f.height) it.xmp.size = { width: f.width, height: f.height };
  }
  return [...out.values()];
}

/**
 * The names of an owner who has none in `people` (the account holder is not there): from the
 * first of their items getInfo answered for, else the listing's `ownername`. Asked once per owner
 * and pass: read from each item, getInfo's answer (about 1.7 KB of JSON) was parsed for every one
 * of the account's own items, 0.7 s of a 100,000-item sidecars phase.
 */
async function ownerName(
  db: Kysely<Database>,
  cache: Map<string, OwnerName>,
  owner: string,
): Promise<OwnerName> {
  const known = cache.get(owner);
  if (known) return known;
  const info = (await sql<OwnerName>`SELECT json_extract(info_json, '$.owner.realname') AS realname,
      json_extract(info_json, '$.owner.username') AS username
    FROM items INDEXED BY items_owner WHERE owner = ${owner} AND info_json IS NOT NULL LIMIT 1`
    .execute(db)).rows[0];
  const found = {
    realname: text(info?.realname),
    username: text(info?.username) ?? await listedOwnerName(db, owner),
  };
  cache.set(owner, found);
  return found;
}

function text(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function toXmpItem(r: ItemCols, names: SetNames): XmpItem {
  // The account holder is not in `people`: getInfo's answer (or the listing) names them.
  const ownerName = r.realname?.trim() || r.username?.trim()
    ? displayName({ realname: r.realname, username: r.username, nsid: r.owner })
    : null;
  return {
    id: r.id,
    media: r.media,
    title: r.title,
    description: r.description,
    dateTaken: r.date_taken,
    dateTakenGranularity: r.date_taken_granularity,
    dateTakenUnknown: r.date_taken_unknown === 1,
    dateUploaded: r.date_uploaded,
    favedAt: r.is_favorite_of_mine === 1 ? r.faved_at : null,
    isFavoriteOfMine: r.is_favorite_of_mine === 1,
    ownerNsid: r.owner,
    creator: ownerName,
    license: r.license === null
      ? null
      : names.licenses.get(r.license) ?? { id: r.license, name: "", url: null },
    photoPage: r.photopage_url ??
      `https://www.flickr.com/photos/${r.path_alias ?? r.owner}/${r.id}/`,
    tags: [],
    machineTags: [],
    albums: [],
    collections: [],
    galleries: (names.galleryItems.get(r.id) ?? []).flatMap((g) => {
      const title = names.galleries.get(g);
      return title === undefined ? [] : [title];
    }),
    groups: [],
    geo: r.latitude === null || r.longitude === null
      ? null
      : { latitude: r.latitude, longitude: r.longitude, accuracy: r.accuracy },
    place: {
      neighbourhood: r.neighbourhood,
      locality: r.locality,
      county: r.county,
      region: r.region,
      country: r.country,
    },
    people: [],
    notes: [],
    size: r.o_width && r.o_height ? { width: r.o_width, height: r.o_height } : null,
    shownAspect: null,
    rotation: r.media === "photo" ? r.rotation : null,
    // Read from the file: no Orientation tag means none (1). Else unknown.
    fileOrientation: r.exif_source === "file"
      ? (Number.isInteger(r.file_orientation) ? Number(r.file_orientation) : 1)
      : null,
    privacy: privacyOf(r.is_public, r.is_friend, r.is_family),
  };
}
