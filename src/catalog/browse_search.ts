/**
 * Full-text search over titles, descriptions, tags, comments and place names (the FTS5 `search`
 * table that the catalog's writers keep up to date).
 *
 * Tested by src/catalog/browse_test.ts.
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
  toGridItem,
  toPage,
} from "./browse.ts";

/**
 * Turns what a person typed into an FTS5 query that cannot be a syntax error or an injection:
 * every word is a quoted string (FTS5 operators like `OR`, `NEAR`, `*` and `:` lose their meaning),
 * and the last word also matches as a prefix so that results follow the typing. Null when nothing
 * searchable is left.
 *
 * @example
 * ```ts
 * ftsQuery('sunset "beach'); // '"sunset" """beach"*'
 * ```
 */
export function ftsQuery(input: string): string | null {
  const words = input.normalize("NFKC").split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((w, i) => {
    const quoted = `"${w.replace(/"/g, '""')}"`;
    return i === words.length - 1 ? `${quoted}*` : quoted;
  }).join(" ");
}

/** Matches beyond which results come newest first rather than best first. */
const BROAD = 2000;

/** Items matching `q`, best first (newest first for very broad queries), a page at a time. */
export async function searchItems(
  db: Kysely<Database>,
  q: string,
  opts: { after?: string | null; limit?: number } = {},
): Promise<Page<GridItem>> {
  const match = ftsQuery(q);
  if (!match) return { items: [], next: null };
  const limit = Math.min(Math.max(opts.limit ?? 60, 1), 500);
  let byRank: boolean;
  let position = sql`1 = 1`;
  if (opts.after) {
    const [key, id] = decodeCursor(opts.after);
    byRank = typeof key === "number";
    position = byRank
      ? sql`(s.rank > ${key} OR (s.rank = ${key} AND i.id > ${id}))`
      : sql`s.rowid < ${Number(String(key).slice(2))}`;
  } else {
    // Ranking needs bm25 for every match: fine for a few thousand, too slow when a word is on
    // every photo. Broad queries list the newest matches first instead (FTS5 walks its rowids,
    // which are photo ids, in order and stops at the page).
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM search
      WHERE search MATCH ${match} LIMIT ${BROAD}) AS m`.execute(db);
    byRank = Number(rows[0].n) < BROAD;
  }
  const { rows } = await sql<Parameters<typeof toGridItem>[0] & { rank: number; sid: number }>`
    SELECT ${gridColumns}, ${byRank ? sql`s.rank` : sql`0`} AS rank, s.rowid AS sid
    FROM search s JOIN items i ON i.id = s.item_id ${gridJoins}
    WHERE search MATCH ${match} AND ${position}
    ORDER BY ${byRank ? sql`s.rank, i.id` : sql`s.rowid DESC`} LIMIT ${limit + 1}`.execute(db);
  return toPage(rows, limit, toGridItem, (r) => [byRank ? r.rank : `r:${r.sid}`, r.id]);
}
