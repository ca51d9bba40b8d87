/**
 * Read queries for tags: every tag with its count, alphabetically, a page at a time.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import { decodeCursor, encodeCursor, type Page } from "./browse.ts";

/** A tag as shown: the normalised form (as in URLs), one raw spelling, and how many items carry it. */
export interface TagCount {
  tag: string;
  raw: string;
  count: number;
}

/**
 * Tags in alphabetical order with their counts. Walks the `tags_tag` index from the cursor, so a
 * page costs the same wherever it starts, even with hundreds of thousands of tag rows. Machine
 * tags are told apart by their normalised shape (`namespace:predicate=value`), which the index
 * holds, rather than by `is_machine`, which would cost a table read per tag row.
 */
export async function listTags(
  db: Kysely<Database>,
  opts: { machine?: boolean; after?: string | null; limit?: number } = {},
): Promise<Page<TagCount>> {
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 1000);
  const after = opts.after ? String(decodeCursor(opts.after)[0]) : "";
  const { rows } = await sql<TagCount>`SELECT tag, min(raw) AS raw, count(*) AS count FROM tags
    WHERE tag > ${after} AND ${opts.machine ? sql`tag GLOB '*:*=*'` : sql`tag NOT GLOB '*:*=*'`}
    GROUP BY tag ORDER BY tag LIMIT ${limit + 1}`.execute(db);
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows).map((r) => ({ ...r, count: Number(r.count) }));
  const last = page.at(-1);
  return { items: page, next: more && last ? encodeCursor(last.tag, "") : null };
}

/** One tag's raw spelling and count, or null when no item carries it. */
export async function getTag(db: Kysely<Database>, tag: string): Promise<TagCount | null> {
  const { rows } = await sql<TagCount>`SELECT tag, min(raw) AS raw, count(*) AS count FROM tags
    WHERE tag = ${tag} GROUP BY tag`.execute(db);
  return rows[0] ? { ...rows[0], count: Number(rows[0].count) } : null;
}
