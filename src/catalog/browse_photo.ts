/**
 * Everything the photo page shows about one item, read in a handful of indexed queries.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database, FileRow, ItemRow } from "./schema.ts";
import { displayName } from "./browse_people.ts";
import { accountOwner } from "./account_owner.ts";

/** A person attached to something on the page (commenter, faver, tagged, owner). */
export interface PersonRef {
  nsid: string;
  name: string;
  username: string | null;
  hasAvatar: boolean;
  isDeleted: boolean;
}

/** A comment on the item. */
export interface ItemComment {
  id: string;
  author: PersonRef;
  /** Unix time; null when Flickr did not give it (unknown). */
  dateCreate: number | null;
  permalink: string | null;
  /** Flickr HTML, unsanitised. */
  html: string;
}

/** A note drawn over the image; the box is in pixels of the 500px-wide image. */
export interface ItemNote {
  id: string;
  authorName: string | null;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
}

/** One EXIF value: the tag's name and its value as text. */
export interface ExifEntry {
  tag: string;
  value: string;
}

/** The whole photo page's data. */
export interface PhotoDetail {
  item: ItemRow;
  owner: PersonRef;
  files: FileRow[];
  tags: { tag: string; raw: string; author: string | null }[];
  machineTags: { tag: string; raw: string; author: string | null }[];
  notes: ItemNote[];
  people: (PersonRef & { box: { x: number; y: number; w: number; h: number } | null })[];
  comments: ItemComment[];
  faves: (PersonRef & { faveDate: number | null })[];
  albums: { id: string; title: string }[];
  galleries: { id: string; title: string }[];
  groups: { id: string; name: string }[];
  license: { id: number; name: string; url: string | null } | null;
  exif: ExifEntry[];
}

interface PersonCols {
  p_nsid: string | null;
  p_username: string | null;
  p_realname: string | null;
  p_avatar: number | null;
  p_deleted: number | null;
}

const personCols = sql`p.nsid AS p_nsid, p.username AS p_username, p.realname AS p_realname,
  (p.avatar_path IS NOT NULL) AS p_avatar, p.is_deleted AS p_deleted`;

function personRef(nsid: string, r: PersonCols, fallbackName?: string | null): PersonRef {
  const username = r.p_username ?? fallbackName ?? null;
  return {
    nsid,
    name: displayName({ realname: r.p_realname, username, nsid }),
    username,
    hasAvatar: r.p_avatar === 1,
    isDeleted: r.p_deleted === 1,
  };
}

/** The `ownername` the listing gave for an item, if any. */
function listedOwnerName(listingJson: string | null): string | null {
  try {
    const name = JSON.parse(listingJson ?? "{}")?.ownername;
    return typeof name === "string" && name ? name : null;
  } catch {
    return null;
  }
}

/** Flattens stored EXIF JSON (flat `{tag: value}` or grouped `{IFD0: {...}}`) into readable rows. */
export function exifEntries(json: string | null): ExifEntry[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  const out: ExifEntry[] = [];
  const walk = (obj: unknown, prefix: string) => {
    if (Array.isArray(obj)) {
      // getExif's shape: [{tag, label, raw: {_content}, clean?: {_content}}]
      for (const e of obj) {
        if (e && typeof e === "object") {
          const o = e as Record<string, unknown>;
          const label = String(o.label ?? o.tag ?? "");
          const v = (o.clean as { _content?: unknown })?._content ??
            (o.raw as { _content?: unknown })?._content ?? o.value ?? o.raw;
          if (label && v !== undefined && v !== null && typeof v !== "object") {
            out.push({ tag: label, value: String(v) });
          }
        }
      }
      return;
    }
    if (!obj || typeof obj !== "object") return;
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      if (typeof v === "object" && !Array.isArray(v)) walk(v, prefix);
      else if (Array.isArray(v)) {
        if (v.every((x) => typeof x === "number") && v.length <= 8) {
          out.push({ tag: k, value: v.join(", ") });
        } else if (v.some((x) => x && typeof x === "object")) walk(v, prefix);
      } else out.push({ tag: k, value: String(v) });
    }
  };
  walk(value, "");
  return out.filter((e) => e.value.length < 300);
}

/** The photo page's data for `id`, or null when the archive has no such item. */
export async function getPhotoDetail(
  db: Kysely<Database>,
  id: string,
): Promise<PhotoDetail | null> {
  return (await getPhotoDetails(db, [id])).get(id) ?? null;
}

/** The most items {@link getPhotoDetails} reads at once. */
export const DETAIL_BATCH = 200;

/**
 * `values` padded to one of two lengths (1 or {@link DETAIL_BATCH}) with a repeated value, so
 * that every batch runs the same prepared statements: libsql never frees one (statement_cache.ts).
 */
function padded<T>(values: T[]): T[] {
  const n = values.length <= 1 ? 1 : DETAIL_BATCH;
  return values.length === n ? values : [
    ...values,
    ...Array.from({ length: n - values.length }, () => values[0]),
  ];
}

function groupBy<R extends { item_id: string }>(rows: R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(r.item_id);
    if (list) list.push(r);
    else out.set(r.item_id, [r]);
  }
  return out;
}

/**
 * The photo pages' data of up to {@link DETAIL_BATCH} items, by id (absent ids are left out), in
 * one query per kind of row: the static site reads 100,000 items this way in a few hundred
 * queries instead of a million.
 */
export async function getPhotoDetails(
  db: Kysely<Database>,
  ids: string[],
): Promise<Map<string, PhotoDetail>> {
  const out = new Map<string, PhotoDetail>();
  if (ids.length === 0) return out;
  if (ids.length > DETAIL_BATCH) throw new Error(`At most ${DETAIL_BATCH} items at once`);
  const list = sql.join(padded(ids));
  const items = await db.selectFrom("items").selectAll().where("id", "in", padded(ids)).execute();
  if (!items.length) return out;
  const ownerList = sql.join(padded([...new Set(items.map((i) => i.owner))]));
  const needsLicences = items.some((i) => i.license !== null);

  const [owners, files, tags, notes, people, comments, faves, albums, galleries, groups, licenses] =
    await Promise.all([
      sql<PersonCols>`SELECT ${personCols} FROM people p WHERE p.nsid IN (${ownerList})`
        .execute(db),
      db.selectFrom("files").selectAll().where("item_id", "in", padded(ids))
        .where("is_current", "=", 1).orderBy("id").execute(),
      db.selectFrom("tags").select(["item_id", "tag", "raw", "author", "is_machine"])
        .where("item_id", "in", padded(ids)).orderBy("raw").execute(),
      db.selectFrom("notes").select(["item_id", "id", "authorname", "x", "y", "w", "h", "text"])
        .where("item_id", "in", padded(ids)).orderBy("id").execute(),
      sql<
        PersonCols & {
          item_id: string;
          nsid: string;
          x: number | null;
          y: number | null;
          w: number | null;
          h: number | null;
        }
      >`
        SELECT pp.item_id, pp.nsid, pp.x, pp.y, pp.w, pp.h, ${personCols}
        FROM photo_people pp LEFT JOIN people p ON p.nsid = pp.nsid
        WHERE pp.item_id IN (${list}) ORDER BY pp.rowid`.execute(db),
      sql<
        PersonCols & {
          item_id: string;
          id: string;
          author: string;
          authorname: string | null;
          realname: string | null;
          author_is_deleted: number;
          date_create: number | null;
          permalink: string | null;
          html: string;
        }
      >`SELECT c.item_id, c.id, c.author, c.authorname, c.realname, c.author_is_deleted,
          c.date_create, c.permalink, c.html, ${personCols}
        FROM comments c LEFT JOIN people p ON p.nsid = c.author
        WHERE c.item_id IN (${list})
        ORDER BY c.date_create IS NULL, c.date_create, c.id`.execute(db),
      sql<PersonCols & { item_id: string; nsid: string; fave_date: number | null }>`
        SELECT f.item_id, f.nsid, f.fave_date, ${personCols}
        FROM faves f LEFT JOIN people p ON p.nsid = f.nsid
        WHERE f.item_id IN (${list}) ORDER BY f.fave_date DESC, f.nsid`.execute(db),
      sql<{ item_id: string; id: string; title: string }>`SELECT ai.item_id, a.id, a.title
        FROM album_items ai JOIN albums a ON a.id = ai.album_id WHERE ai.item_id IN (${list})
        ORDER BY a.position`.execute(db),
      sql<{ item_id: string; id: string; title: string }>`SELECT gi.item_id, g.id, g.title
        FROM gallery_items gi JOIN galleries g ON g.id = gi.gallery_id
        WHERE gi.item_id IN (${list}) ORDER BY g.position`.execute(db),
      sql<{ item_id: string; id: string; name: string }>`SELECT gi.item_id, g.id, g.name
        FROM group_items gi JOIN groups g ON g.id = gi.group_id
        WHERE gi.item_id IN (${list}) ORDER BY g.position`.execute(db),
      needsLicences ? db.selectFrom("licenses").selectAll().execute() : Promise.resolve([]),
    ]);

  const ownerRows = new Map(owners.rows.map((r) => [r.p_nsid, r]));
  // An imported photo of one's own: neither `people` nor a listing names its owner, the profile did.
  const account = items.some((i) => !ownerRows.has(i.owner) && !listedOwnerName(i.listing_json))
    ? await accountOwner(db)
    : null;
  const filesBy = groupBy(files);
  const tagsBy = groupBy(tags);
  const notesBy = groupBy(notes);
  const peopleBy = groupBy(people.rows);
  const commentsBy = groupBy(comments.rows);
  const favesBy = groupBy(faves.rows);
  const albumsBy = groupBy(albums.rows);
  const galleriesBy = groupBy(galleries.rows);
  const groupsBy = groupBy(groups.rows);
  const licenseById = new Map(licenses.map((l) => [l.id, l]));
  const noPerson = {
    p_nsid: null,
    p_username: null,
    p_realname: null,
    p_avatar: null,
    p_deleted: null,
  };

  for (const item of items) {
    const id = item.id;
    const itemTags = tagsBy.get(id) ?? [];
    const license = item.license === null ? undefined : licenseById.get(item.license);
    out.set(id, {
      item,
      // The account owner is not in `people` (it holds others); the listing names them, or the
      // export's profile.
      owner: personRef(
        item.owner,
        ownerRows.get(item.owner) ??
          (item.owner === account?.nsid
            ? { ...noPerson, p_realname: account.realname, p_username: account.username }
            : noPerson),
        listedOwnerName(item.listing_json),
      ),
      files: filesBy.get(id) ?? [],
      tags: itemTags.filter((t) => t.is_machine !== 1).map(({ tag, raw, author }) => ({
        tag,
        raw,
        author,
      })),
      machineTags: itemTags.filter((t) => t.is_machine === 1).map(({ tag, raw, author }) => ({
        tag,
        raw,
        author,
      })),
      notes: (notesBy.get(id) ?? []).map((n) => ({
        id: n.id,
        authorName: n.authorname,
        x: n.x,
        y: n.y,
        w: n.w,
        h: n.h,
        text: n.text,
      })),
      people: (peopleBy.get(id) ?? []).map((r) => ({
        ...personRef(r.nsid, r),
        box: r.x === null || r.y === null || r.w === null || r.h === null
          ? null
          : { x: r.x, y: r.y, w: r.w, h: r.h },
      })),
      comments: (commentsBy.get(id) ?? []).map((r) => {
        const author = personRef(r.author, r, r.authorname);
        if (!r.p_realname && r.realname) author.name = r.realname;
        if (r.author_is_deleted) author.isDeleted = true;
        return {
          id: r.id,
          author,
          dateCreate: r.date_create,
          permalink: r.permalink,
          html: r.html,
        };
      }),
      faves: (favesBy.get(id) ?? []).map((r) => ({
        ...personRef(r.nsid, r),
        faveDate: r.fave_date,
      })),
      albums: (albumsBy.get(id) ?? []).map(({ id, title }) => ({ id, title })),
      galleries: (galleriesBy.get(id) ?? []).map(({ id, title }) => ({ id, title })),
      groups: (groupsBy.get(id) ?? []).map(({ id, name }) => ({ id, name })),
      license: license
        ? { id: license.id, name: license.name, url: license.url }
        : item.license === null
        ? null
        : { id: item.license, name: "", url: null },
      exif: exifEntries(item.exif_json),
    });
  }
  return out;
}

/** One current file of an item by kind, or null. */
export async function currentFile(
  db: Kysely<Database>,
  itemId: string,
  kind: string,
): Promise<FileRow | null> {
  return await db.selectFrom("files").selectAll()
    .where("item_id", "=", itemId).where("kind", "=", kind).where("is_current", "=", 1)
    .executeTakeFirst() ?? null;
}

/** A file by its catalog id, or null. */
export async function fileById(db: Kysely<Database>, id: number): Promise<FileRow | null> {
  return await db.selectFrom("files").selectAll().where("id", "=", id).executeTakeFirst() ?? null;
}

/** A person's avatar path (relative to the archive), or null. */
export async function avatarPath(db: Kysely<Database>, nsid: string): Promise<string | null> {
  const row = await db.selectFrom("people").select("avatar_path").where("nsid", "=", nsid)
    .executeTakeFirst();
  return row?.avatar_path ?? null;
}
