/**
 * Importing the same export again changes nothing: a record written before is merged with what the
 * archive learned since from the export's own media file, and left with its `updated_at` when
 * nothing else changed.
 * @module
 */
import type { Catalog } from "../catalog/db.ts";
import type { ItemRow, NewItem } from "../catalog/schema.ts";
import { chunks } from "../catalog/writes.ts";

/** Columns the original file gave (`exif_source` 'file'), which beat the export's EXIF list. */
const FROM_FILE = [
  "exif_json",
  "exif_source",
  "exif_error",
  "camera_make",
  "camera_model",
] as const;

/** The rows of the items among `ids` the catalog holds. */
export async function existingItems(
  catalog: Catalog,
  ids: readonly string[],
): Promise<Map<string, ItemRow>> {
  const out = new Map<string, ItemRow>();
  for (const part of chunks([...ids], 1)) {
    if (part.length === 0) continue;
    for (
      const r of await catalog.db.selectFrom("items").selectAll().where("id", "in", part).execute()
    ) {
      out.set(r.id, r);
    }
  }
  return out;
}

/**
 * The row to write for a record imported before: the file's EXIF and the original format a
 * media file told stay (a video's record has no format), and `updated_at` stays when no column
 * changes.
 */
export function mergeWithExisting(fresh: NewItem, existing: ItemRow | undefined): NewItem {
  if (!existing) return fresh;
  const row: NewItem = { ...fresh };
  if (existing.exif_source === "file") {
    for (const c of FROM_FILE) delete row[c];
  }
  if (row.original_format == null && existing.original_format) {
    row.original_format = existing.original_format;
  }
  // The media file tells photo from video surely; a record only by its original's URL.
  if (existing.media) row.media = existing.media;
  const changed = Object.entries(row).some(([k, v]) =>
    k !== "updated_at" && k !== "first_seen_at" && v !== undefined &&
    (existing as Record<string, unknown>)[k] !== v
  );
  if (!changed) row.updated_at = existing.updated_at;
  return row;
}
