/**
 * The same photo uploaded twice (a phone and a camera upload, a re-upload after an edit): items
 * whose current originals have the same bytes (SHA-256), or whose `checksum:md5=` machine tag
 * names another item's original (its MD5, `files.md5`). Items linked either way, directly or
 * through others, form one group.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import { gridColumns, type GridItem, gridJoins, toGridItem } from "./browse.ts";
import { checksumTag } from "./checksum_tag.ts";

/** Why items are in one group. */
export type DuplicateReason =
  /** These items' originals have the same bytes. */
  | { kind: "same-bytes"; sha256: string; itemIds: string[] }
  /** `taggedId`'s checksum:md5= tag is the MD5 of `holderId`'s original. */
  | { kind: "checksum-tag"; md5: string; taggedId: string; holderId: string };

/** A group of items that are the same photo, by id, with the reasons that join them. */
export interface DuplicateSet {
  itemIds: string[];
  reasons: DuplicateReason[];
}

/** A group with the items as the grids show them (oldest upload first). */
export interface DuplicateGroup {
  items: GridItem[];
  reasons: DuplicateReason[];
}

/** The files that stand for an item's bytes: its original, or the largest copy where none. */
const BEST = sql`f.is_current = 1 AND f.kind IN ('original', 'largest')`;

async function sameBytes(db: Kysely<Database>): Promise<DuplicateReason[]> {
  const { rows } = await sql<
    { sha256: string; item_id: string }
  >`SELECT DISTINCT f.sha256, f.item_id
    FROM files f
    WHERE ${BEST} AND f.sha256 IN (
      SELECT f.sha256 FROM files f WHERE ${BEST}
      GROUP BY f.sha256 HAVING count(DISTINCT f.item_id) > 1)
    ORDER BY f.sha256, f.item_id`.execute(db);
  const bySha = new Map<string, string[]>();
  for (const r of rows) {
    // Pushed in place: copying the list per row is quadratic in a group's size.
    const ids = bySha.get(r.sha256);
    if (ids) ids.push(r.item_id);
    else bySha.set(r.sha256, [r.item_id]);
  }
  return [...bySha].map(([sha256, itemIds]) => ({ kind: "same-bytes", sha256, itemIds }));
}

async function tagMatches(db: Kysely<Database>): Promise<DuplicateReason[]> {
  // A catalog the viewer opens read-only may predate files.md5 (it comes with the next archive
  // or import run): then no tag can be matched yet.
  const { rows: md5Column } = await sql`SELECT 1 FROM pragma_table_info('files')
    WHERE name = 'md5'`.execute(db);
  if (md5Column.length === 0) return [];
  // The SQL narrows by the 32 characters after the tag; checksumTag then reads the tag exactly
  // as the archive's own check does.
  const { rows } = await sql<{
    tagged: string;
    holder: string;
    md5: string;
    machine_tags: string;
    tag_rows: string | null;
  }>`WITH tagged (item_id, md5) AS (
      SELECT id, lower(substr(machine_tags, instr(lower(machine_tags), 'checksum:md5=') + 13, 32))
      FROM items WHERE machine_tags LIKE '%checksum:md5=%'
      UNION
      SELECT item_id, lower(substr(tag, 14, 32)) FROM tags WHERE tag LIKE 'checksum:md5=%')
    SELECT DISTINCT t.item_id AS tagged, f.item_id AS holder, f.md5, i.machine_tags,
      (SELECT group_concat(x.tag, ' ') FROM tags x
        WHERE x.item_id = t.item_id AND x.tag LIKE 'checksum:md5=%') AS tag_rows
    FROM tagged t
    JOIN files f ON f.md5 = t.md5 AND ${BEST} AND f.item_id != t.item_id
    JOIN items i ON i.id = t.item_id
    ORDER BY t.item_id, f.item_id`.execute(db);
  return rows
    .filter((r) => (checksumTag(r.tag_rows ?? "") ?? checksumTag(r.machine_tags)) === r.md5)
    .map((r) => ({ kind: "checksum-tag", md5: r.md5, taggedId: r.tagged, holderId: r.holder }));
}

/** The groups of duplicates, by item id (cheap: what `status` counts). */
export async function duplicateSets(db: Kysely<Database>): Promise<DuplicateSet[]> {
  const reasons = [...await sameBytes(db), ...await tagMatches(db)];
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  };
  const idsOf = (r: DuplicateReason) =>
    r.kind === "same-bytes" ? r.itemIds : [r.taggedId, r.holderId];
  for (const r of reasons) {
    const ids = idsOf(r);
    for (const id of ids) union(ids[0], id);
  }
  const sets = new Map<string, DuplicateSet & { seen: Set<string> }>();
  for (const r of reasons) {
    const root = find(idsOf(r)[0]);
    const set = sets.get(root) ?? { itemIds: [], reasons: [], seen: new Set<string>() };
    set.reasons.push(r);
    // A set, not `includes`: a group of thousands of copies would be quadratic.
    for (const id of idsOf(r)) {
      if (!set.seen.has(id)) {
        set.seen.add(id);
        set.itemIds.push(id);
      }
    }
    sets.set(root, set);
  }
  return [...sets.values()].map(({ itemIds, reasons }) => ({ itemIds, reasons }));
}

/**
 * How many groups of duplicates, and how many items they hold, without reading the groups'
 * members: an account uploaded twice has tens of thousands, and each row read through the driver
 * costs about a kilobyte of memory (the static site's about page and `status` ask for this).
 * SQL counts the same-bytes groups; only what joins or extends them is read: items whose two best
 * files (an original and a largest copy) differ, and checksum tags, both few in any archive.
 * Measured at 25,000 pairs (50,000 items): 0.07–0.18 s and no growth of memory, where
 * {@link duplicateSets} took 2.0–2.6 s and 100 MB. A test checks both give the same numbers.
 */
export async function duplicateCounts(
  db: Kysely<Database>,
): Promise<{ groups: number; items: number }> {
  const { rows: [totals] } = await sql<{ groups: number; items: number }>`
    SELECT count(*) AS groups, coalesce(sum(n), 0) AS items FROM (
      SELECT count(DISTINCT f.item_id) AS n FROM files f WHERE ${BEST}
      GROUP BY f.sha256 HAVING n > 1)`.execute(db);
  const { rows: twoFiles } = await sql<{ item_id: string }>`SELECT f.item_id FROM files f
    WHERE ${BEST} GROUP BY f.item_id HAVING count(DISTINCT f.sha256) > 1`.execute(db);
  const tagged = await tagMatches(db);
  const involved = new Set(twoFiles.map((r) => r.item_id));
  for (const r of tagged) {
    if (r.kind === "checksum-tag") involved.add(r.taggedId).add(r.holderId);
  }
  if (involved.size === 0) return { groups: Number(totals.groups), items: Number(totals.items) };

  // Each involved item's same-bytes groups (by sha256), or none.
  const groupsOf = new Map<string, string[]>();
  const ids = [...involved];
  for (let i = 0; i < ids.length; i += 500) {
    const { rows } = await sql<{ item_id: string; sha256: string }>`
      SELECT DISTINCT f.item_id, f.sha256 FROM files f
      WHERE ${BEST} AND f.item_id IN (${sql.join(ids.slice(i, i + 500))})
        AND (SELECT count(DISTINCT g.item_id) FROM files g
          WHERE g.sha256 = f.sha256 AND g.is_current = 1
            AND g.kind IN ('original', 'largest')) > 1`.execute(db);
    for (const r of rows) {
      const list = groupsOf.get(r.item_id);
      if (list) list.push(r.sha256);
      else groupsOf.set(r.item_id, [r.sha256]);
    }
  }
  // Union-find over groups (`s:sha256`) and items in no group (`i:id`), counting the joins.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    if (root !== k) parent.set(k, root);
    return root;
  };
  let joins = 0;
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    parent.set(rb, ra);
    joins++;
  };
  const alone = new Set<string>();
  let counted = 0; // items the SQL counted once per group they are in, beyond the first
  const nodeOf = (id: string) => {
    const shas = groupsOf.get(id);
    if (shas) return `s:${shas[0]}`;
    alone.add(id);
    return `i:${id}`;
  };
  for (const [, shas] of groupsOf) {
    counted += shas.length - 1;
    for (const sha of shas) union(`s:${shas[0]}`, `s:${sha}`);
  }
  for (const r of tagged) {
    if (r.kind === "checksum-tag") union(nodeOf(r.taggedId), nodeOf(r.holderId));
  }
  return {
    groups: Number(totals.groups) + alone.size - joins,
    items: Number(totals.items) + alone.size - counted,
  };
}

/** The groups of duplicates with their items, the group with the latest upload first. */
export async function duplicateGroups(db: Kysely<Database>): Promise<DuplicateGroup[]> {
  const sets = await duplicateSets(db);
  const ids = sets.flatMap((s) => s.itemIds);
  const byId = new Map<string, GridItem>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const { rows } = await sql<Parameters<typeof toGridItem>[0]>`SELECT ${gridColumns}
      FROM items i ${gridJoins} WHERE i.id IN (${sql.join(part)})`.execute(db);
    for (const row of rows) byId.set(row.id, toGridItem(row));
  }
  const uploaded = (item: GridItem) => item.dateUploaded ?? 0;
  return sets
    .map((s) => ({
      items: s.itemIds.flatMap((id) => byId.get(id) ?? [])
        .sort((a, b) => uploaded(a) - uploaded(b) || a.id.localeCompare(b.id)),
      reasons: s.reasons,
    }))
    .filter((g) => g.items.length > 1)
    .sort((a, b) => uploaded(b.items.at(-1)!) - uploaded(a.items.at(-1)!));
}
