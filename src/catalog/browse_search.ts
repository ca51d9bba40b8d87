/**
 * Full-text search over titles, descriptions, tags, comments and place names (the FTS5 `search`
 * table that the catalog's writers keep up to date).
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import {
  decodeCursor,
  encodeCursor,
  gridColumns,
  type GridItem,
  gridJoins,
  type Page,
  toGridItem,
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

/** Items matching `q`, best first, a page at a time. */
export async function searchItems(
  db: Kysely<Database>,
  q: string,
  opts: { after?: string | null; limit?: number } = {},
): Promise<Page<GridItem>> {
  const match = ftsQuery(q);
  if (!match) return { items: [], next: null };
  const limit = Math.min(Math.max(opts.limit ?? 60, 1), 500);
  let position = sql`1 = 1`;
  if (opts.after) {
    const [rank, id] = decodeCursor(opts.after);
    position = sql`(s.rank > ${rank} OR (s.rank = ${rank} AND i.id > ${id}))`;
  }
  const { rows } = await sql<Parameters<typeof toGridItem>[0] & { rank: number }>`
    SELECT ${gridColumns}, s.rank AS rank
    FROM search s JOIN items i ON i.id = s.item_id ${gridJoins}
    WHERE search MATCH ${match} AND ${position}
    ORDER BY s.rank, i.id LIMIT ${limit + 1}`.execute(db);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map(toGridItem),
    next: more && last ? encodeCursor(last.rank, last.id) : null,
  };
}
