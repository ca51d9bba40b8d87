/**
 * Which items `archive` already holds from the API. Their rows carry a real listing (an import
 * leaves `listing_json` as `{}`), newer than the export's view, so an import must not overwrite
 * them.
 *
 * Tested by src/import/photo_records_test.ts.
 * @module
 */
import type { Catalog } from "../catalog/db.ts";
import { chunks } from "../catalog/writes.ts";

/** Ids among `ids` whose row came from the API (a real listing). */
export async function itemsFromApi(catalog: Catalog, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...ids], 1)) {
    if (part.length === 0) continue;
    const rows = await catalog.db.selectFrom("items").select("id")
      .where("id", "in", part).where("listing_json", "!=", "{}").execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}
