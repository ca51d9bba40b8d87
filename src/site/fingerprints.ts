/**
 * Cheap change checks for a re-run of the site: what a page is built from, summed up in SQL so that
 * an unchanged page can be kept without reading its rows through the driver (which costs far more
 * than the query). A fingerprint is not a hash of the content (SQLite has none); it combines what
 * every write that changes a page also changes: `items.updated_at` (bumped by the archiver's item
 * writes), the count and size of each kind of child row (comments, faves, tags, notes, people in
 * the photo, current files: the importer replaces those without touching the item), the people's
 * `updated_at` (names, avatars, deletion), and memberships.
 * @module
 */
import { createHash } from "node:crypto";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../catalog/schema.ts";
import type { PrivacyColumns } from "../catalog/audience.ts";
import { DETAIL_BATCH } from "../catalog/browse_photo.ts";
import { gridJoins, type ListRef, listSpec } from "../catalog/browse.ts";
import { paddedTo } from "./site_media.ts";

/** An item's fingerprint, whether it is the account's own, and who Flickr showed it to. */
export interface ItemFingerprint {
  fp: string;
  mine: boolean;
  /** Read with the row at no cost: the site's summary counts the items not public. */
  privacy: PrivacyColumns;
}

/**
 * The fingerprints of up to {@link DETAIL_BATCH} items, by id (absent ids are left out): every row
 * a photo page shows, except the albums', galleries' and groups' own titles and order (see
 * {@link setsDigest}).
 */
export async function itemFingerprints(
  db: Kysely<Database>,
  ids: string[],
): Promise<Map<string, ItemFingerprint>> {
  const out = new Map<string, ItemFingerprint>();
  for (let i = 0; i < ids.length; i += DETAIL_BATCH) {
    // Always DETAIL_BATCH values: libsql keeps each distinct statement for good.
    const list = sql.join(paddedTo(ids.slice(i, i + DETAIL_BATCH), DETAIL_BATCH));
    const { rows } = await sql<{ id: string; mine: number; fp: string } & PrivacyColumns>`
      SELECT i.id AS id, i.is_mine AS mine, i.is_public, i.is_friend, i.is_family,
        i.updated_at || '|' || i.deleted_on_flickr || '|' ||
        (SELECT count(*) || ',' || ifnull(sum(length(html)), 0) || ',' ||
          ifnull(max(date_create), '') || ',' || ifnull(sum(author_is_deleted), 0)
          FROM comments WHERE item_id = i.id) || '|' ||
        (SELECT count(*) || ',' || ifnull(max(fave_date), '') || ',' ||
          ifnull(sum(length(nsid)), 0) FROM faves WHERE item_id = i.id) || '|' ||
        (SELECT count(*) || ',' || ifnull(sum(length(raw) + is_machine), 0) || ',' ||
          ifnull(group_concat(tag), '') FROM tags WHERE item_id = i.id) || '|' ||
        (SELECT count(*) || ',' || ifnull(sum(length(text) + x + y + w + h), 0)
          FROM notes WHERE item_id = i.id) || '|' ||
        (SELECT count(*) || ',' || ifnull(sum(ifnull(x, 0) + ifnull(y, 0) + ifnull(w, 0) +
          ifnull(h, 0)), 0) FROM photo_people WHERE item_id = i.id) || '|' ||
        (SELECT count(*) || ',' || ifnull(max(id), '') || ',' || ifnull(sum(id), 0) || ',' ||
          ifnull(sum(bytes), 0) FROM files WHERE item_id = i.id AND is_current = 1) || '|' ||
        (SELECT ifnull(group_concat(album_id), '') FROM album_items WHERE item_id = i.id) || '|' ||
        (SELECT ifnull(group_concat(group_id), '') FROM group_items WHERE item_id = i.id) || '|' ||
        max(
          ifnull((SELECT updated_at FROM people WHERE nsid = i.owner), ''),
          ifnull((SELECT max(p.updated_at) FROM comments c JOIN people p ON p.nsid = c.author
            WHERE c.item_id = i.id), ''),
          ifnull((SELECT max(p.updated_at) FROM faves f JOIN people p ON p.nsid = f.nsid
            WHERE f.item_id = i.id), ''),
          ifnull((SELECT max(p.updated_at) FROM photo_people pp JOIN people p ON p.nsid = pp.nsid
            WHERE pp.item_id = i.id), '')
        ) AS fp
      FROM items i WHERE i.id IN (${list})`.execute(db);
    for (const r of rows) {
      out.set(r.id, {
        fp: r.fp,
        mine: r.mine === 1,
        privacy: { is_public: r.is_public, is_friend: r.is_friend, is_family: r.is_family },
      });
    }
  }
  return out;
}

/**
 * A digest of the small tables every photo page draws on: albums, galleries and groups (titles,
 * order), gallery membership (no index by item, and few rows) and licences. A change there renders
 * every photo page again, which is rare and still correct.
 */
export async function setsDigest(db: Kysely<Database>): Promise<string> {
  const h = createHash("sha1");
  const parts = [
    sql`SELECT id, position, title FROM albums ORDER BY id`,
    sql`SELECT id, position, title FROM galleries ORDER BY id`,
    sql`SELECT id, position, name FROM groups ORDER BY id`,
    sql`SELECT gallery_id, item_id, position FROM gallery_items ORDER BY gallery_id, item_id`,
    sql`SELECT id, name, url FROM licenses ORDER BY id`,
  ];
  for (const q of parts) {
    const { rows } = await q.execute(db);
    h.update(JSON.stringify(rows));
    h.update("\n");
  }
  return h.digest("base64url");
}

/**
 * Sums over a list's rows that change when its tiles or their order do: the count, the items'
 * `updated_at`, their thumbnails (a new file is a new row), their owners' `updated_at`, and which
 * items with which sort keys (album position, date of the fave...).
 */
const listAggregates = (k1: RawBuilder<unknown>) =>
  sql`count(*) || '|' || ifnull(max(i.updated_at), '') || '|' || total(ifnull(t.id, 0)) || '|' ||
    ifnull(max(o.updated_at), '') || '|' || total(CAST(i.id AS INTEGER) % 1000003) || '|' ||
    total((CAST(i.id AS INTEGER) % 997) * (CAST(ifnull(${k1}, 0) AS INTEGER) % 1000003)) || '|' ||
    total(length(ifnull(${k1}, '')))`;

/** A list's fingerprint (see {@link listAggregates}) and its length, in one query. */
export async function listFingerprint(
  db: Kysely<Database>,
  ref: ListRef,
): Promise<{ fp: string; count: number }> {
  const spec = listSpec(ref);
  const { rows } = await sql<{ fp: string; n: number }>`
    SELECT ${listAggregates(spec.k1)} AS fp, count(*) AS n
    FROM ${spec.from} ${gridJoins} WHERE ${spec.where}`.execute(db);
  return { fp: rows[0].fp, count: Number(rows[0].n) };
}

/** A list's fingerprint and its length. */
export interface ListFingerprint {
  fp: string;
  count: number;
}

/**
 * The fingerprints of every list of one kind at once, by the list's key (a tag, a person's nsid):
 * one pass over the table instead of a query per list, whose scattered lookups cost far more.
 * `CROSS JOIN` keeps SQLite walking `items` in storage order (the rows of a list are scattered
 * over the table, and reading them in list order costs a page read per row).
 * Each query must select what {@link listFingerprint} would for one list (for comments, what
 * personComments shows): the re-run test checks that a re-run sees an edit.
 */
export async function allListFingerprints(
  db: Kysely<Database>,
  kind: "tag" | "faved-by" | "tagged" | "favorites-by" | "comments",
): Promise<Map<string, ListFingerprint>> {
  const q = {
    tag: sql`SELECT tg.tag AS k, ${listAggregates(sql.raw("tg.date_taken"))} AS fp, count(*) AS n
      FROM items i CROSS JOIN tags tg ON tg.item_id = i.id ${gridJoins} GROUP BY tg.tag`,
    "faved-by": sql`SELECT f.nsid AS k, ${listAggregates(sql.raw("f.fave_date"))} AS fp,
      count(*) AS n FROM items i CROSS JOIN faves f ON f.item_id = i.id ${gridJoins} GROUP BY f.nsid`,
    tagged: sql`SELECT pp.nsid AS k, ${listAggregates(sql.raw("i.date_taken"))} AS fp,
      count(*) AS n FROM items i CROSS JOIN photo_people pp ON pp.item_id = i.id ${gridJoins}
      GROUP BY pp.nsid`,
    "favorites-by": sql`SELECT i.owner AS k, ${listAggregates(sql.raw("i.faved_at"))} AS fp,
      count(*) AS n FROM items i ${gridJoins} WHERE i.is_favorite_of_mine = 1 GROUP BY i.owner`,
    comments: sql`SELECT c.author AS k, ${
      listAggregates(sql.raw("c.date_create"))
    } || '|' || total(length(c.html)) || '|' ||
      total(length(ifnull(c.permalink, ''))) || '|' || total(length(c.id)) AS fp, count(*) AS n
      FROM items i CROSS JOIN comments c ON c.item_id = i.id ${gridJoins} GROUP BY c.author`,
  }[kind];
  const { rows } = await sql<{ k: string; fp: string; n: number }>`${q}`.execute(db);
  return new Map(rows.map((r) => [r.k, { fp: r.fp, count: Number(r.n) }]));
}

/** The fingerprint of an empty list (a person with no comments, say). */
export const EMPTY_LIST: ListFingerprint = { fp: "", count: 0 };
