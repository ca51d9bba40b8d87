/**
 * The full-text search index (`search`, FTS5): rebuilt per item from the item, its tags, its
 * comments and its place names, with HTML reduced to the words a person reads.
 *
 * Tested by src/catalog/writes_test.ts and src/catalog/browse_test.ts.
 * @module
 */
import { sql } from "kysely";
import { chunks, type Db, dedupe, inTransaction } from "./writes_batch.ts";
import { placeName } from "./place.ts";

/**
 * Rebuilds the full-text rows of these items from `items`, `tags` (raw forms, else the item's
 * listed tags), comment texts and place names. Items that no longer exist lose their row. The FTS
 * rowid is the numeric photo id, so the delete is an index lookup rather than a table scan.
 */
export async function refreshSearch(db: Db, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const part of chunks(dedupe(itemIds), 1)) {
      const numeric = part.filter((id) => /^\d{1,18}$/.test(id));
      const other = part.filter((id) => !/^\d{1,18}$/.test(id));
      if (numeric.length > 0) {
        // One JSON parameter, not a list: the SQL text stays the same whatever the count, so the
        // prepared statement is reused (see statement_cache.ts).
        await sql`DELETE FROM search WHERE rowid IN (SELECT value FROM json_each(${
          JSON.stringify(numeric.map(Number))
        }))`.execute(trx);
      }
      if (other.length > 0) {
        await sql`DELETE FROM search WHERE item_id IN (SELECT value FROM json_each(${
          JSON.stringify(other)
        }))`.execute(trx);
      }
      const items = await trx.selectFrom("items")
        .select([
          "id",
          "title",
          "description",
          "tags",
          "machine_tags",
          "neighbourhood",
          "locality",
          "county",
          "region",
          "country",
        ])
        .where("id", "in", part).execute();
      if (items.length === 0) continue;
      const tags = await trx.selectFrom("tags").select(["item_id", "raw", "tag"])
        .where("item_id", "in", part).execute();
      const comments = await trx.selectFrom("comments").select(["item_id", "html"])
        .where("item_id", "in", part).orderBy("date_create").execute();
      const tagsBy = groupTexts(tags.map((t) => [t.item_id, `${t.raw} ${t.tag}`]));
      const commentsBy = groupTexts(comments.map((c) => [c.item_id, plainText(c.html)]));
      const rows = items.map((i) => ({
        rowid: /^\d{1,18}$/.test(i.id) ? Number(i.id) : null,
        item_id: i.id,
        title: i.title,
        description: plainText(i.description),
        tags: tagsBy.get(i.id) ?? [i.tags, i.machine_tags].filter(Boolean).join(" "),
        comments: commentsBy.get(i.id) ?? "",
        places: placeName(i),
      }));
      for (const rowsPart of chunks(rows, 7)) {
        await sql`INSERT INTO search (rowid, item_id, title, description, tags, comments, places)
          VALUES ${
          sql.join(rowsPart.map((r) =>
            sql`(${r.rowid}, ${r.item_id}, ${r.title}, ${r.description}, ${r.tags}, ${r.comments}, ${r.places})`
          ))
        }`.execute(trx);
      }
    }
  });
}

function groupTexts(pairs: [string, string][]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const [id, text] of pairs) {
    let list = out.get(id);
    if (!list) out.set(id, list = []);
    list.push(text);
  }
  return new Map([...out].map(([id, list]) => [id, list.join("\n")]));
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * Flickr descriptions and comments are HTML: index the words a person reads, not `href` and
 * `https` of every link.
 */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X"
          ? parseInt(e.slice(2), 16)
          : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000
          ? String.fromCodePoint(code)
          : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, " ")
    .trim();
}
