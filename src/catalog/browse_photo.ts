/**
 * Everything the photo page shows about one item, read in a handful of indexed queries.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database, FileRow, ItemRow } from "./schema.ts";
import { displayName } from "./browse_people.ts";

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
  dateCreate: number;
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
  const item = await db.selectFrom("items").selectAll().where("id", "=", id).executeTakeFirst();
  if (!item) return null;

  const [owner, files, tags, notes, people, comments, faves, albums, galleries, groups, license] =
    await Promise.all([
      sql<PersonCols>`SELECT ${personCols} FROM people p WHERE p.nsid = ${item.owner}`.execute(db),
      db.selectFrom("files").selectAll().where("item_id", "=", id).where("is_current", "=", 1)
        .execute(),
      db.selectFrom("tags").select(["tag", "raw", "author", "is_machine"]).where("item_id", "=", id)
        .orderBy("raw").execute(),
      db.selectFrom("notes").select(["id", "authorname", "x", "y", "w", "h", "text"])
        .where("item_id", "=", id).orderBy("id").execute(),
      sql<
        PersonCols & {
          nsid: string;
          x: number | null;
          y: number | null;
          w: number | null;
          h: number | null;
        }
      >`
        SELECT pp.nsid, pp.x, pp.y, pp.w, pp.h, ${personCols}
        FROM photo_people pp LEFT JOIN people p ON p.nsid = pp.nsid
        WHERE pp.item_id = ${id} ORDER BY pp.rowid`.execute(db),
      sql<
        PersonCols & {
          id: string;
          author: string;
          authorname: string | null;
          realname: string | null;
          author_is_deleted: number;
          date_create: number;
          permalink: string | null;
          html: string;
        }
      >`SELECT c.id, c.author, c.authorname, c.realname, c.author_is_deleted, c.date_create,
          c.permalink, c.html, ${personCols}
        FROM comments c LEFT JOIN people p ON p.nsid = c.author
        WHERE c.item_id = ${id} ORDER BY c.date_create, c.id`.execute(db),
      sql<PersonCols & { nsid: string; fave_date: number | null }>`
        SELECT f.nsid, f.fave_date, ${personCols}
        FROM faves f LEFT JOIN people p ON p.nsid = f.nsid
        WHERE f.item_id = ${id} ORDER BY f.fave_date DESC, f.nsid`.execute(db),
      sql<{ id: string; title: string }>`SELECT a.id, a.title FROM album_items ai
        JOIN albums a ON a.id = ai.album_id WHERE ai.item_id = ${id}
        ORDER BY a.position`.execute(db),
      sql<{ id: string; title: string }>`SELECT g.id, g.title FROM gallery_items gi
        JOIN galleries g ON g.id = gi.gallery_id WHERE gi.item_id = ${id}
        ORDER BY g.position`.execute(db),
      sql<{ id: string; name: string }>`SELECT g.id, g.name FROM group_items gi
        JOIN groups g ON g.id = gi.group_id WHERE gi.item_id = ${id}
        ORDER BY g.position`.execute(db),
      item.license === null
        ? Promise.resolve(undefined)
        : db.selectFrom("licenses").selectAll().where("id", "=", item.license).executeTakeFirst(),
    ]);

  const ownerCols = owner.rows[0] ??
    { p_nsid: null, p_username: null, p_realname: null, p_avatar: null, p_deleted: null };
  return {
    item,
    // The account owner is not in `people` (it holds others); the listing names them.
    owner: personRef(item.owner, ownerCols, listedOwnerName(item.listing_json)),
    files,
    tags: tags.filter((t) => t.is_machine !== 1).map(({ tag, raw, author }) => ({
      tag,
      raw,
      author,
    })),
    machineTags: tags.filter((t) => t.is_machine === 1).map(({ tag, raw, author }) => ({
      tag,
      raw,
      author,
    })),
    notes: notes.map((n) => ({
      id: n.id,
      authorName: n.authorname,
      x: n.x,
      y: n.y,
      w: n.w,
      h: n.h,
      text: n.text,
    })),
    people: people.rows.map((r) => ({
      ...personRef(r.nsid, r),
      box: r.x === null || r.y === null || r.w === null || r.h === null
        ? null
        : { x: r.x, y: r.y, w: r.w, h: r.h },
    })),
    comments: comments.rows.map((r) => {
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
    faves: faves.rows.map((r) => ({ ...personRef(r.nsid, r), faveDate: r.fave_date })),
    albums: albums.rows,
    galleries: galleries.rows,
    groups: groups.rows,
    license: license
      ? { id: license.id, name: license.name, url: license.url }
      : item.license === null
      ? null
      : { id: item.license, name: "", url: null },
    exif: exifEntries(item.exif_json),
  };
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
