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
 * Tags in alphabetical order with their counts. Reads `list_counts` (kept by triggers) from the
 * cursor, so a page costs the same wherever it starts and however many items a tag is on, and
 * one raw spelling per tag by a seek in `tags_tag`. Machine tags are told apart by their
 * normalised shape (`namespace:predicate=value`).
 */
export async function listTags(
  db: Kysely<Database>,
  opts: { machine?: boolean; after?: string | null; limit?: number } = {},
): Promise<Page<TagCount>> {
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 1000);
  const after = opts.after ? String(decodeCursor(opts.after)[0]) : "";
  const machine = opts.machine ? sql`GLOB` : sql`NOT GLOB`;
  // 'tag;' is the first key past every 'tag:...' one.
  const { rows } = await sql<TagCount>`SELECT t.tag, t.count,
      (SELECT raw FROM tags WHERE tag = t.tag LIMIT 1) AS raw
    FROM (SELECT substr(list, 5) AS tag, count FROM list_counts
      WHERE list > ${"tag:" + after} AND list < 'tag;' AND substr(list, 5) ${machine} '*:*=*'
      ORDER BY list LIMIT ${limit + 1}) t`.execute(db);
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows).map((r) => ({
    tag: r.tag,
    raw: r.raw ?? r.tag,
    count: Number(r.count),
  }));
  const last = page.at(-1);
  return { items: page, next: more && last ? encodeCursor(last.tag, "") : null };
}

/** One tag's raw spelling and count, or null when no item carries it. */
export async function getTag(db: Kysely<Database>, tag: string): Promise<TagCount | null> {
  const { rows } = await sql<TagCount>`SELECT ${tag} AS tag, count,
      (SELECT raw FROM tags WHERE tag = ${tag} LIMIT 1) AS raw
    FROM list_counts WHERE list = ${"tag:" + tag}`.execute(db);
  return rows[0] ? { tag, raw: rows[0].raw ?? tag, count: Number(rows[0].count) } : null;
}

/**
 * Whether a normalised tag is a machine tag (`namespace:predicate=value`): the shape
 * {@link listTags} files under machine tags, so that a tag's page leads back to the list that
 * holds it.
 */
export function isMachineTag(tag: string): boolean {
  return /:.*=/s.test(tag);
}
