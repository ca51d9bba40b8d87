/**
 * Items and their files: upserts of `items` rows, `files` rows (with the earlier version of a
 * replaced file demoted), and items flagged as deleted on Flickr.
 *
 * Tested by src/catalog/writes_test.ts and src/catalog/verify_test.ts.
 * @module
 */
import { sql } from "kysely";
import type { NewFile, NewItem } from "./schema.ts";
import {
  byShape,
  chunks,
  type Db,
  dedupe,
  excluded,
  inTransaction,
  lastByKey,
  now,
} from "./writes_batch.ts";

/** Columns of `items` an upsert never changes once the row exists. */
const ITEM_KEEP = new Set(["id", "first_seen_at"]);

/** Options of {@link upsertItems}. */
export interface UpsertItemsOptions {
  /** Update only these columns of existing rows (default: every column the row defines). */
  update?: (keyof NewItem)[];
}

/**
 * Inserts items, or updates the columns each row defines (never `id` or `first_seen_at`).
 * A new row needs `id`, `owner`, `media`, `is_mine`, `listing_json`, `first_seen_at`, `updated_at`.
 */
export async function upsertItems(
  db: Db,
  rows: readonly NewItem[],
  opts: UpsertItemsOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const only = opts.update ? new Set<string>(opts.update) : undefined;
  await inTransaction(db, async (trx) => {
    for (const group of byShape(lastByKey(rows, (r) => r.id))) {
      const columns = Object.keys(group[0]);
      const updates = columns.filter((c) => !ITEM_KEEP.has(c) && (!only || only.has(c)));
      for (const part of chunks(group, columns.length)) {
        const insert = trx.insertInto("items").values(part);
        await (updates.length === 0
          ? insert.onConflict((oc) => oc.column("id").doNothing())
          : insert.onConflict((oc) =>
            oc.column("id").doUpdateSet(Object.fromEntries(updates.map((c) => [c, excluded(c)])))
          )).execute();
      }
    }
  });
}

/**
 * Records files on disk. A row is the whole description of one file (by `path`): an existing row
 * with that path is overwritten, and its `verify_status` reset unless given. A current row
 * (`is_current` 1, the default) demotes the item's previous current file of the same kind to an
 * earlier version (`is_current` 0), as when a photo was replaced on Flickr.
 */
export async function upsertFiles(db: Db, rows: readonly NewFile[]): Promise<void> {
  if (rows.length === 0) return;
  const unique = lastByKey(
    lastByKey(rows, (r) => r.path),
    (r) => (r.is_current ?? 1) === 1 ? `${r.item_id}\0${r.kind}` : `path\0${r.path}`,
  );
  const all: (keyof NewFile)[] = [
    "item_id",
    "kind",
    "path",
    "bytes",
    "sha256",
    "md5",
    "content_type",
    "width",
    "height",
    "secret",
    "is_current",
    "fetched_at",
    "verify_status",
    "verified_at",
    "made_from",
  ];
  const full = unique.map((r) => ({
    item_id: r.item_id,
    kind: r.kind,
    path: r.path,
    bytes: r.bytes,
    sha256: r.sha256,
    md5: r.md5 ?? null,
    content_type: r.content_type ?? null,
    width: r.width ?? null,
    height: r.height ?? null,
    secret: r.secret ?? null,
    is_current: r.is_current ?? 1,
    fetched_at: r.fetched_at,
    verify_status: r.verify_status ?? null,
    verified_at: r.verified_at ?? null,
    made_from: r.made_from ?? null,
  }));
  await inTransaction(db, async (trx) => {
    for (const part of chunks(full, all.length)) {
      const current = part.filter((r) => r.is_current === 1);
      if (current.length > 0) {
        const pairs = sql.join(current.map((r) => sql`(${r.item_id}, ${r.kind})`));
        await sql`UPDATE files SET is_current = 0
          WHERE is_current = 1 AND (item_id, kind) IN (VALUES ${pairs})`.execute(trx);
      }
      await trx.insertInto("files").values(part)
        .onConflict((oc) =>
          oc.column("path").doUpdateSet(
            Object.fromEntries(all.filter((c) => c !== "path").map((c) => [c, excluded(c)])),
          )
        )
        .execute();
    }
  });
}

/**
 * Records the MD5 of files already recorded (by row id), where it is still unknown: a file
 * re-recorded since at the same path keeps the null its new row was given.
 */
export async function setFileMd5s(
  db: Db,
  rows: readonly { id: number; sha256: string; md5: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const r of rows) {
      await trx.updateTable("files").set({ md5: r.md5 })
        .where("id", "=", r.id).where("sha256", "=", r.sha256).where("md5", "is", null)
        .execute();
    }
  });
}

/** Flags items as deleted on Flickr (they stay in the archive). Returns how many were newly flagged. */
export async function markDeleted(
  db: Db,
  ids: readonly string[],
  at: string = now(),
): Promise<number> {
  if (ids.length === 0) return 0;
  return await inTransaction(db, async (trx) => {
    let n = 0;
    for (const part of chunks(dedupe(ids), 1)) {
      const r = await trx.updateTable("items")
        .set({ deleted_on_flickr: 1, deleted_detected_at: at, updated_at: at })
        .where("id", "in", part).where("deleted_on_flickr", "=", 0)
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  });
}
