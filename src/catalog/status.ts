/**
 * What the archive holds and what is missing: the object `flickrvault status --json` prints.
 * @module
 */
import { sql } from "kysely";
import { resolve } from "node:path";
import type { Catalog } from "./db.ts";
import { duplicateCounts } from "./duplicates.ts";
import { FREE_ACCOUNT, OWN_ON_FREE_ACCOUNT } from "./free_account.ts";

/**
 * The archive's counters, as in design.md "`status --json`".
 *
 * `photos` and `videos` count the account's own items by media type, including those since deleted
 * on Flickr: the archive still holds them. `deleted_on_flickr` says how many of all archived items
 * are gone from Flickr, and `photos_on_flickr`/`videos_on_flickr` count only those still there.
 */
export interface ArchiveStatus {
  /** Absolute archive directory. */
  archive: string;
  photos: number;
  videos: number;
  /** Own photos and videos not deleted on Flickr. */
  photos_on_flickr: number;
  videos_on_flickr: number;
  /** Other people's photos and videos the person faved. */
  favorites: number;
  albums: number;
  collections: number;
  galleries: number;
  groups: number;
  /** Comment records over every archived item. */
  comments: number;
  /** Fave records over every archived item. */
  faves: number;
  /** Distinct people the catalog knows (commenters, favers, owners of favourites, ...). */
  people: number;
  notes: number;
  /** Current files (earlier versions of replaced photos not counted). */
  files: number;
  /** Their total size. */
  bytes: number;
  /**
   * Items that should have an original but have no current one (videos waiting for a manual
   * download excluded; for others' photos whose owner disabled downloads, the largest permitted
   * size, kind 'largest', is the best copy there is), plus current files `verify` found missing.
   */
  missing_files: number;
  /** Current files the last `verify` found changed on disk. */
  altered_files: number;
  /**
   * Photos with only a smaller copy on disk (kind 'largest') although their owner does not forbid
   * the original: Flickr left it out of the run's answers, and the next run tries again. A free
   * account's own photos are not counted here but in `waiting_for_export`.
   */
  lesser_copies: number;
  /**
   * Own photos of a free account (still on Flickr) of which the archive holds the copy Flickr gives
   * apps, at most 1,024 px: their originals come only with Flickr's data export, which
   * `flickrvault import` adds. 0 on a Pro account.
   */
  waiting_for_export: number;
  /** Whether the account is a free one (`flickr.people.getInfo` said `ispro` 0). */
  free_account: boolean;
  videos_needing_manual_download: number;
  deleted_on_flickr: number;
  /**
   * Groups of duplicates: items whose originals have the same bytes, or whose `checksum:md5=`
   * tag names another item's original (listed at /duplicates in the viewer).
   */
  duplicates: number;
  /** The items in those groups. */
  duplicate_items: number;
  /** When the last finished archive or import run ended (ISO), or null. */
  last_run: string | null;
  /** 'done' | 'failed' | 'interrupted', or null. */
  last_run_status: string | null;
  /** API calls of that run (0 when there was none). */
  api_calls_last_run: number;
}

/** What one query counts: the status's own counters, and the parts of `missing_files`. */
type Counts =
  & Omit<
    ArchiveStatus,
    | "archive"
    | "missing_files"
    | "last_run"
    | "last_run_status"
    | "api_calls_last_run"
    | "duplicates"
    | "duplicate_items"
    | "free_account"
  >
  & { items_without_original: number; files_missing: number; free_account: number };

/**
 * Reads the archive's counters from its catalog.
 *
 * @example
 * ```ts
 * const catalog = await openCatalog(dir, { create: false });
 * console.log(JSON.stringify(await archiveStatus(catalog, dir)));
 * ```
 */
export async function archiveStatus(catalog: Catalog, archiveDir: string): Promise<ArchiveStatus> {
  const { db } = catalog;
  const { rows } = await sql<Counts>`SELECT
      coalesce(sum(is_mine = 1 AND media = 'photo'), 0) AS photos,
      coalesce(sum(is_mine = 1 AND media = 'video'), 0) AS videos,
      coalesce(sum(is_mine = 1 AND media = 'photo' AND deleted_on_flickr = 0), 0) AS photos_on_flickr,
      coalesce(sum(is_mine = 1 AND media = 'video' AND deleted_on_flickr = 0), 0) AS videos_on_flickr,
      coalesce(sum(is_mine = 0 AND is_favorite_of_mine = 1), 0) AS favorites,
      coalesce(sum(media = 'video' AND needs_manual_download = 1), 0)
        AS videos_needing_manual_download,
      coalesce(sum(deleted_on_flickr = 1), 0) AS deleted_on_flickr,
      (SELECT count(*) FROM albums) AS albums,
      (SELECT count(*) FROM collections) AS collections,
      (SELECT count(*) FROM galleries) AS galleries,
      (SELECT count(*) FROM groups) AS groups,
      (SELECT count(*) FROM comments) AS comments,
      (SELECT count(*) FROM faves) AS faves,
      (SELECT count(*) FROM people) AS people,
      (SELECT count(*) FROM notes) AS notes,
      (SELECT count(*) FROM files WHERE is_current = 1) AS files,
      (SELECT coalesce(sum(bytes), 0) FROM files WHERE is_current = 1) AS bytes,
      (SELECT count(*) FROM files WHERE is_current = 1 AND verify_status = 'missing')
        AS files_missing,
      (SELECT count(*) FROM files WHERE is_current = 1 AND verify_status = 'altered')
        AS altered_files,
      (SELECT count(*) FROM items i JOIN files f
        ON f.item_id = i.id AND f.kind = 'largest' AND f.is_current = 1
        WHERE i.deleted_on_flickr = 0 AND (i.can_download IS NULL OR i.can_download = 1)
          AND NOT ${OWN_ON_FREE_ACCOUNT})
        AS lesser_copies,
      (SELECT count(*) FROM items i JOIN files f
        ON f.item_id = i.id AND f.kind = 'largest' AND f.is_current = 1
        WHERE i.deleted_on_flickr = 0 AND ${OWN_ON_FREE_ACCOUNT})
        AS waiting_for_export,
      ${FREE_ACCOUNT} AS free_account,
      (SELECT count(*) FROM items i WHERE i.needs_manual_download = 0 AND NOT EXISTS (
        SELECT 1 FROM files f
        WHERE f.item_id = i.id AND f.kind IN ('original', 'largest') AND f.is_current = 1))
        AS items_without_original
    FROM items`.execute(db);
  const c = rows[0];
  const duplicates = await duplicateCounts(db);
  const run = await db.selectFrom("runs").select(["finished_at", "status", "api_calls"])
    .where("finished_at", "is not", null)
    .orderBy("finished_at", "desc").orderBy("id", "desc")
    .executeTakeFirst();
  return {
    archive: resolve(archiveDir),
    photos: c.photos,
    videos: c.videos,
    photos_on_flickr: c.photos_on_flickr,
    videos_on_flickr: c.videos_on_flickr,
    favorites: c.favorites,
    albums: c.albums,
    collections: c.collections,
    galleries: c.galleries,
    groups: c.groups,
    comments: c.comments,
    faves: c.faves,
    people: c.people,
    notes: c.notes,
    files: c.files,
    bytes: c.bytes,
    missing_files: c.items_without_original + c.files_missing,
    altered_files: c.altered_files,
    lesser_copies: c.lesser_copies,
    waiting_for_export: c.waiting_for_export,
    free_account: c.free_account === 1,
    videos_needing_manual_download: c.videos_needing_manual_download,
    deleted_on_flickr: c.deleted_on_flickr,
    duplicates: duplicates.groups,
    duplicate_items: duplicates.items,
    last_run: run?.finished_at ?? null,
    last_run_status: run?.status ?? null,
    api_calls_last_run: run?.api_calls ?? 0,
  };
}
