/**
 * Batched updates of existing `items` rows: many rows per statement (`WITH v(...) AS (VALUES ...)
 * UPDATE items ... FROM v`), never one round trip per item. The phases that fill in what a photo
 * page shows use it to write their columns and pipeline state together.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database, ItemUpdate } from "../catalog/schema.ts";
import { chunks, inTransaction } from "../catalog/writes.ts";

/** New values for some columns of one existing item (`undefined` leaves a column alone). */
export type ItemPatch = { id: string } & Omit<ItemUpdate, "id">;

/**
 * Applies patches to existing items; rows that do not exist are ignored. Patches defining the
 * same columns share statements; `updated_at` is set to now unless given.
 *
 * @example
 * ```ts
 * await updateItems(db, [{ id: "123", comments_synced: 4 }, { id: "456", comments_synced: 0 }]);
 * ```
 */
export async function updateItems(
  db: Kysely<Database>,
  patches: readonly ItemPatch[],
): Promise<void> {
  if (patches.length === 0) return;
  const stamp = new Date().toISOString();
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const patch of patches) {
    const row: Record<string, unknown> = { updated_at: stamp };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) row[k] = v;
    const shape = Object.keys(row).filter((k) => k !== "id").sort();
    const key = shape.join(",");
    let group = groups.get(key);
    if (!group) groups.set(key, group = []);
    group.push(row);
  }
  await inTransaction(db, async (trx) => {
    for (const [key, rows] of groups) {
      const columns = key.split(",");
      const all = ["id", ...columns];
      for (const part of chunks(rows, all.length)) {
        const values = sql.join(
          part.map((r) => sql`(${sql.join(all.map((c) => r[c] ?? null))})`),
        );
        const names = sql.join(all.map((c) => sql.ref(c)));
        const sets = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
        await sql`WITH v(${names}) AS (VALUES ${values})
          UPDATE items SET ${sets} FROM v WHERE items.id = v.id`.execute(trx);
      }
    }
  });
}
