/**
 * A free account's own photos in the catalog: Flickr gives apps at most 1,024 px of them (its rules
 * since 15 May 2025), so `archive` keeps that copy (a current file of kind `largest`) and the
 * original comes only with Flickr's data export. Such a photo is "waiting for the export": not a
 * lesser copy that the next run fetches again, not a missing file. `import` upgrades it to the
 * export's original.
 *
 * Tested by src/archive/free_account_test.ts, tests/free_account_test.ts and
 * views/status_pages_test.tsx.
 * @module
 */
import { type Kysely, sql } from "kysely";
import { ACCOUNT_IS_PRO_META } from "./meta_keys.ts";
import type { Database } from "./schema.ts";

/** Where Flickr's data export is requested (Settings, "Your Flickr data"). */
export const EXPORT_REQUEST_URL = "https://www.flickr.com/account";

/** True in SQL when the account is known to be free (`meta.account_ispro` = '0'). */
export const FREE_ACCOUNT = sql<number>`EXISTS (SELECT 1 FROM meta
  WHERE key = ${ACCOUNT_IS_PRO_META} AND value = '0')`;

/**
 * True in SQL for an item row `i` that is one of the person's own photos on a free account (its
 * smaller copy waits for the export rather than for the next run).
 */
export const OWN_ON_FREE_ACCOUNT = sql<number>`(i.is_mine = 1 AND ${FREE_ACCOUNT})`;

/**
 * How many own photos still on Flickr have as their only copy the one the API gives a free account
 * (0 unless the account is known to be free).
 *
 * @example
 * ```ts
 * const n = await countWaitingForExport(catalog.db);
 * console.log(`${n} photos wait for Flickr's data export`);
 * ```
 */
export async function countWaitingForExport(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM items i
    JOIN files f ON f.item_id = i.id AND f.kind = 'largest' AND f.is_current = 1
    WHERE i.deleted_on_flickr = 0 AND ${OWN_ON_FREE_ACCOUNT}`.execute(db);
  return Number(rows[0].n);
}

/** Whether the account is known to be free. */
export async function isFreeAccount(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ free: number }>`SELECT ${FREE_ACCOUNT} AS free`.execute(db);
  return rows[0].free === 1;
}
