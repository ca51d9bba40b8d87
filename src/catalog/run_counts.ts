/**
 * What a page showing a run needs from the catalog while the run writes it: how many items and
 * files are on disk so far (read on a reader's connection, so a run's writes are seen as they
 * commit), and the last run of each kind, to tell a finished archive from one whose run stopped.
 * @module
 */
import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/** The archive's contents, counted. */
export interface RunCounts {
  /** The person's own photos and videos. */
  own: number;
  /** Others' photos the person faved. */
  favorites: number;
  /** Current originals on disk (the export's or Flickr's). */
  originals: number;
  /** Current files of every kind, and their bytes. */
  files: number;
  bytes: number;
  /**
   * Items Flickr did not show to everyone: private, friends, family, or of unknown privacy (which
   * never counts as public).
   */
  notPublic: number;
}

/** Counts what the archive holds now (a few index scans; cheap enough to poll every second). */
export async function runCounts(db: Kysely<Database>): Promise<RunCounts> {
  const { rows } = await sql<Record<keyof RunCounts, number | null>>`SELECT
      (SELECT count(*) FROM items WHERE is_mine = 1) AS own,
      (SELECT count(*) FROM items WHERE is_mine = 0) AS favorites,
      (SELECT count(*) FROM files WHERE kind = 'original' AND is_current = 1) AS originals,
      (SELECT count(*) FROM files WHERE is_current = 1) AS files,
      (SELECT sum(bytes) FROM files WHERE is_current = 1) AS bytes,
      (SELECT count(*) FROM items WHERE is_public IS NOT 1) AS notPublic`.execute(db);
  const r = rows[0];
  return {
    own: Number(r.own ?? 0),
    favorites: Number(r.favorites ?? 0),
    originals: Number(r.originals ?? 0),
    files: Number(r.files ?? 0),
    bytes: Number(r.bytes ?? 0),
    notPublic: Number(r.notPublic ?? 0),
  };
}

/** A run as the catalog recorded it. */
export interface RecordedRun {
  id: number;
  kind: "archive" | "import";
  /** 'running' for a run still going, or one whose process was killed before it could say. */
  status: "running" | "done" | "failed" | "interrupted";
  startedAt: string;
  finishedAt: string | null;
}

/** The latest run of `kind`, or undefined when there was none. */
export async function lastRun(
  db: Kysely<Database>,
  kind: "archive" | "import",
): Promise<RecordedRun | undefined> {
  const row = await db.selectFrom("runs").select([
    "id",
    "kind",
    "status",
    "started_at",
    "finished_at",
  ])
    .where("kind", "=", kind).orderBy("id", "desc").executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    kind,
    status: row.status as RecordedRun["status"],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Favourites (others' photos) with no picture on disk: Flickr's export names them but holds none
 * of their files, which only the API gives.
 */
export async function favouritesWithoutPicture(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM items i
    WHERE i.is_mine = 0 AND NOT EXISTS (SELECT 1 FROM files f
      WHERE f.item_id = i.id AND f.is_current = 1 AND f.kind IN ('original', 'largest'))`
    .execute(db);
  return Number(rows[0].n);
}
