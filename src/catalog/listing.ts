/**
 * One record per archived photo or video: what `flickrvault list --json` prints.
 * @module
 */
import { sql } from "kysely";
import type { Catalog } from "./db.ts";

/** One archived item, as in design.md "`list --json`". */
export interface ListEntry {
  id: string;
  /** 'photo' | 'video' */
  media: string;
  /** Owner nsid. */
  owner: string;
  title: string;
  /** 'YYYY-MM-DD HH:MM:SS' local time as Flickr gives it, or null. */
  date_taken: string | null;
  /** ISO time, or null. */
  date_uploaded: string | null;
  /** True for other people's photos in the person's favorites. */
  is_favorite_of_mine: boolean;
  is_mine: boolean;
  /** Path of the current original, relative to the archive, or null. */
  original: string | null;
  original_bytes: number | null;
  original_sha256: string | null;
  /** Archived comment records. */
  comments: number;
  /** Archived fave records. */
  faves: number;
  /** Ids of the albums the item is in. */
  albums: string[];
  needs_manual_download: boolean;
  deleted_on_flickr: boolean;
}

interface Row {
  id: string;
  media: string;
  owner: string;
  title: string;
  date_taken: string | null;
  date_uploaded: number | null;
  is_favorite_of_mine: number;
  is_mine: number;
  original: string | null;
  original_bytes: number | null;
  original_sha256: string | null;
  comments: number;
  faves: number;
  albums: string;
  needs_manual_download: number;
  deleted_on_flickr: number;
}

/**
 * Every archived item in id order, read a page at a time (keyset paging on the primary key), so an
 * archive of 100,000 items never sits in memory at once.
 *
 * @example
 * ```ts
 * for await (const entry of listItems(catalog)) console.log(JSON.stringify(entry));
 * ```
 */
export async function* listItems(
  catalog: Catalog,
  pageSize = 1000,
): AsyncGenerator<ListEntry> {
  let after: string | null = null;
  while (true) {
    const { rows }: { rows: Row[] } = await sql<Row>`SELECT
        i.id, i.media, i.owner, i.title, i.date_taken, i.date_uploaded,
        i.is_favorite_of_mine, i.is_mine, i.needs_manual_download, i.deleted_on_flickr,
        f.path AS original, f.bytes AS original_bytes, f.sha256 AS original_sha256,
        (SELECT count(*) FROM comments c WHERE c.item_id = i.id) AS comments,
        (SELECT count(*) FROM faves v WHERE v.item_id = i.id) AS faves,
        (SELECT json_group_array(album_id) FROM (
          SELECT a.album_id FROM album_items a WHERE a.item_id = i.id ORDER BY a.album_id)) AS albums
      FROM items i
      LEFT JOIN files f ON f.item_id = i.id AND f.kind = 'original' AND f.is_current = 1
      WHERE ${after === null ? sql`1` : sql`i.id > ${after}`}
      ORDER BY i.id
      LIMIT ${pageSize}`.execute(catalog.db);
    for (const r of rows) yield toEntry(r);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}

function toEntry(r: Row): ListEntry {
  return {
    id: r.id,
    media: r.media,
    owner: r.owner,
    title: r.title,
    date_taken: r.date_taken,
    date_uploaded: r.date_uploaded === null ? null : new Date(r.date_uploaded * 1000).toISOString(),
    is_favorite_of_mine: r.is_favorite_of_mine === 1,
    is_mine: r.is_mine === 1,
    original: r.original,
    original_bytes: r.original_bytes,
    original_sha256: r.original_sha256,
    comments: r.comments,
    faves: r.faves,
    albums: JSON.parse(r.albums) as string[],
    needs_manual_download: r.needs_manual_download === 1,
    deleted_on_flickr: r.deleted_on_flickr === 1,
  };
}
