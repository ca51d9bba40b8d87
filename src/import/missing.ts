/**
 * What the archive still lacks after an import: export zips that look absent (gaps in the
 * numbering of every zip imported so far, remembered in `meta`) and own items without an
 * original file.
 * @module
 */
import { sql } from "kysely";
import type { Catalog } from "../catalog/db.ts";
import { getMeta, setMeta } from "../catalog/writes.ts";
import type { ImportReport } from "./report.ts";
import type { ExportInputs } from "./sources.ts";

const META_PARTS = "import_metadata_parts";
const META_MEDIA = "import_media_zips";
/** How many ids of photos without media the report lists. */
const IDS_LISTED = 20;

/** Fills `report.missingParts` and `report.photosWithoutMedia`. */
export async function reportMissing(
  catalog: Catalog,
  inputs: ExportInputs,
  report: ImportReport,
): Promise<void> {
  const seenParts = await remember(catalog, META_PARTS, inputs.metadataParts);
  const seenMedia = await remember(catalog, META_MEDIA, inputs.mediaZips);
  for (const n of gaps(seenParts)) report.missingParts.push(`metadata zip _part${n}.zip`);
  for (const n of gaps(seenMedia)) report.missingParts.push(`data-download-${n}.zip`);
  const without = await sql<{ id: string }>`SELECT id FROM items i
    WHERE is_mine = 1 AND deleted_on_flickr = 0 AND needs_manual_download = 0
      AND NOT EXISTS (SELECT 1 FROM files f
        WHERE f.item_id = i.id AND f.kind = 'original' AND f.is_current = 1)
    ORDER BY id`.execute(catalog.db);
  report.photosWithoutMedia = {
    count: without.rows.length,
    ids: without.rows.slice(0, IDS_LISTED).map((r) => r.id),
  };
}

/** Adds `numbers` to the set kept under a meta key and returns the whole set. */
async function remember(catalog: Catalog, key: string, numbers: number[]): Promise<number[]> {
  let before: number[] = [];
  try {
    before = JSON.parse((await getMeta(catalog.db, key)) ?? "[]");
  } catch { /* rewritten below */ }
  const all = [...new Set([...before, ...numbers])].filter(Number.isInteger).sort((a, b) => a - b);
  if (all.length > 0) await setMeta(catalog.db, key, JSON.stringify(all));
  return all;
}

/** The numbers from 1 to the largest seen that were not seen. */
function gaps(seen: number[]): number[] {
  const max = seen.length ? seen[seen.length - 1] : 0;
  const have = new Set(seen);
  const out: number[] = [];
  for (let n = 1; n <= max; n++) if (!have.has(n)) out.push(n);
  return out;
}
