/**
 * Read queries for the archive's health: videos waiting for a manual download, files missing or
 * failing verification, items deleted on Flickr, and the last runs.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database, RunRow } from "./schema.ts";
import { gridColumns, type GridItem, gridJoins, toGridItem } from "./browse.ts";

/**
 * The folder, relative to the archive, where a person drops video originals that Flickr would not
 * hand to a script; the next `flickrvault archive` run picks up files named with the photo id.
 */
export const MANUAL_DROP_DIR = "manual";

/** A video that needs a manual download. */
export interface ManualVideo {
  item: GridItem;
  photopageUrl: string | null;
  reason: string | null;
  /** Where to put the file, relative to the archive (any extension). */
  dropPath: string;
}

/** Videos whose original must be downloaded by hand, newest first. */
export async function manualVideos(db: Kysely<Database>): Promise<ManualVideo[]> {
  const { rows } = await sql<
    Parameters<typeof toGridItem>[0] & {
      photopage_url: string | null;
      manual_reason: string | null;
      path_alias: string | null;
    }
  >`SELECT ${gridColumns}, i.photopage_url, i.manual_reason, i.path_alias
    FROM items i ${gridJoins}
    WHERE i.needs_manual_download = 1
    ORDER BY i.date_uploaded DESC, i.id DESC`.execute(db);
  return rows.map((r) => ({
    item: toGridItem(r),
    photopageUrl: r.photopage_url ??
      `https://www.flickr.com/photos/${r.path_alias || r.owner}/${r.id}/`,
    reason: r.manual_reason,
    dropPath: `${MANUAL_DROP_DIR}/${r.id}.mp4`,
  }));
}

/** A file that is missing or altered on disk, as the last `verify` found. */
export interface FailingFile {
  fileId: number;
  itemId: string;
  kind: string;
  path: string;
  status: string;
  verifiedAt: string | null;
}

/** Files whose last verification failed (at most `limit`). */
export async function failingFiles(db: Kysely<Database>, limit = 200): Promise<FailingFile[]> {
  const rows = await db.selectFrom("files")
    .select(["id", "item_id", "kind", "path", "verify_status", "verified_at"])
    .where("is_current", "=", 1).where("verify_status", "in", ["missing", "altered"])
    .orderBy("verified_at", "desc").limit(limit).execute();
  return rows.map((r) => ({
    fileId: r.id,
    itemId: r.item_id,
    kind: r.kind,
    path: r.path,
    status: r.verify_status ?? "",
    verifiedAt: r.verified_at,
  }));
}

/** Items that were deleted on Flickr and live on only here (at most `limit`). */
export async function deletedItems(db: Kysely<Database>, limit = 200): Promise<GridItem[]> {
  const { rows } = await sql<Parameters<typeof toGridItem>[0]>`SELECT ${gridColumns}
    FROM items i ${gridJoins} WHERE i.deleted_on_flickr = 1
    ORDER BY i.deleted_detected_at DESC, i.id DESC LIMIT ${limit}`.execute(db);
  return rows.map(toGridItem);
}

/** The most recent runs, newest first. */
export async function recentRuns(db: Kysely<Database>, limit = 5): Promise<RunRow[]> {
  return await db.selectFrom("runs").selectAll().orderBy("id", "desc").limit(limit).execute();
}

/** The `meta` table as a map (account nsid, username, ...). */
export async function archiveMeta(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom("meta").select(["key", "value"]).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}
