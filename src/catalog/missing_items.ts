/**
 * The account's own photos and videos that have no original in the archive: what `import` lists in
 * its report file and `status --json` in `missing_items`, one entry each, so a person can look
 * every one up on Flickr.
 *
 * Tested by tests/free_account_test.ts and src/setup/routes_setup_test.ts.
 * @module
 */
import { sql } from "kysely";
import type { Catalog } from "./db.ts";

/** One own item without its original. */
export interface MissingItem {
  id: string;
  media: string;
  title: string;
  /** Its page on Flickr. */
  page: string;
  /** A smaller copy is in the archive (e.g. the 1,024 px copy Flickr gives apps of a free account). */
  has_lesser_copy: boolean;
}

/**
 * Own items, not deleted on Flickr and not waiting for a manual video download, without a current
 * original file, by id.
 */
export async function missingItems(catalog: Catalog): Promise<MissingItem[]> {
  const rows = await sql<{
    id: string;
    media: string;
    title: string | null;
    owner: string;
    path_alias: string | null;
    photopage_url: string | null;
    lesser: number;
  }>`SELECT i.id, i.media, i.title, i.owner, i.path_alias, i.photopage_url,
      EXISTS (SELECT 1 FROM files f WHERE f.item_id = i.id AND f.kind = 'largest'
        AND f.is_current = 1) AS lesser
    FROM items i
    WHERE i.is_mine = 1 AND i.deleted_on_flickr = 0 AND i.needs_manual_download = 0
      AND NOT EXISTS (SELECT 1 FROM files f
        WHERE f.item_id = i.id AND f.kind = 'original' AND f.is_current = 1)
    ORDER BY length(i.id), i.id`.execute(catalog.db);
  return rows.rows.map((r) => ({
    id: r.id,
    media: r.media,
    title: r.title ?? "",
    page: r.photopage_url ||
      `https://www.flickr.com/photos/${r.path_alias || r.owner}/${r.id}/`,
    has_lesser_copy: r.lesser === 1,
  }));
}
