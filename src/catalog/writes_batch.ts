/**
 * What every catalog writer shares: transactions that join the caller's, statements chunked under
 * SQLite's limit of bound variables, and rows grouped by the keys they define (a key that is
 * `undefined` or absent is left alone).
 *
 * Tested by src/catalog/writes_batch_test.ts, src/catalog/writes_test.ts and
 * src/catalog/statement_cache_test.ts.
 * @module
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

/** The catalog, or a transaction on it. */
export type Db = Kysely<Database>;
/** A transaction on the catalog. */
export type Tx = Transaction<Database>;

/**
 * Bound values per statement. SQLite allows 32,766, but a prepared statement's compiled program
 * grows with them (about 90 bytes per value: 1.9 MB for 500 rows of the items table's 42 columns),
 * and a prepared statement's memory is never given back (see `statement_cache.ts`). With parts of
 * up to 30,000 values, an archive run's statements held about 176,000 values' worth (16 MB of the
 * process's native heap at 10,000 items); with 2,048, about 54,000 (peak RSS 10-20 MB lower),
 * for the same writes in more statements: 32 rows of the items table at a time rather than 500.
 */
export const MAX_VARIABLES = 2048;
const MAX_ROWS_PER_STATEMENT = 512;

/** Runs `fn` in a transaction, or directly inside the caller's transaction. */
export function inTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return db.transaction().execute(fn);
}

/**
 * Splits `rows` into statements of at most {@link MAX_VARIABLES} bound values. Every part has a
 * power-of-two number of rows (100 rows of 42 columns: 32 + 32 + 32 + 4), so a statement shape has
 * only a few distinct SQL texts, which the statement cache (`statement_cache.ts`) keeps prepared:
 * with a part of any length, each new length was a new statement that leaked its compiled program.
 *
 * @example
 * ```ts
 * for (const part of chunks(rows, 4)) await trx.insertInto("sidecars").values(part).execute();
 * ```
 */
export function chunks<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const fit = Math.min(
    MAX_ROWS_PER_STATEMENT,
    Math.floor(MAX_VARIABLES / Math.max(1, columnsPerRow)),
  );
  const size = fit < 1 ? 1 : 1 << Math.floor(Math.log2(fit));
  const out: T[][] = [];
  let i = 0;
  for (; i + size <= rows.length; i += size) out.push(rows.slice(i, i + size));
  for (let part = size >> 1; part >= 1 && i < rows.length; part >>= 1) {
    if (i + part <= rows.length) {
      out.push(rows.slice(i, i + part));
      i += part;
    }
  }
  return out;
}

/** Drops `undefined` values, so that a missing and an undefined key mean the same: "leave alone". */
export function defined<T extends object>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return out as T;
}

/**
 * Groups rows by the set of keys they define. Kysely writes a missing key of a multi-row insert as
 * NULL (SQLite has no DEFAULT in VALUES), which would break NOT NULL DEFAULT columns and clobber
 * columns on upsert; rows of one shape avoid both.
 */
export function byShape<T extends object>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const clean = defined(row);
    const shape = Object.keys(clean).sort().join(",");
    let group = groups.get(shape);
    if (!group) groups.set(shape, group = []);
    group.push(clean);
  }
  return [...groups.values()];
}

/** Keeps the last row for each key: one statement may not touch the same row twice on upsert. */
export function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const map = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    map.delete(k);
    map.set(k, row);
  }
  return [...map.values()];
}

/** The value an upsert tried to insert into `column` (SQLite's `excluded.column`). */
export function excluded(column: string): RawBuilder<unknown> {
  return sql.ref(`excluded.${column}`);
}

/** The current time as an ISO string, stamped on rows. */
export function now(): string {
  return new Date().toISOString();
}

/** The ids without repeats, in first-seen order. */
export function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Tables whose rows {@link upsertWhole} writes whole: the listed sets and licenses. */
export type WholeRowTable = "albums" | "collections" | "galleries" | "groups" | "licenses";

/** Inserts rows or overwrites every column they define (rows describe the whole record). */
export async function upsertWhole<T extends object>(
  trx: Tx,
  table: WholeRowTable,
  rows: readonly T[],
  key: string,
): Promise<void> {
  for (
    const group of byShape(lastByKey(rows, (r) => String((r as Record<string, unknown>)[key])))
  ) {
    const columns = Object.keys(group[0]);
    const updates = columns.filter((c) => c !== key);
    for (const part of chunks(group, columns.length)) {
      const insert = trx.insertInto(table).values(part as never);
      await (updates.length === 0
        // deno-lint-ignore no-explicit-any
        ? insert.onConflict((oc) => oc.column(key as any).doNothing())
        : insert.onConflict((oc) =>
          // deno-lint-ignore no-explicit-any
          oc.column(key as any).doUpdateSet(
            Object.fromEntries(updates.map((c) => [c, excluded(c)])) as never,
          )
        )).execute();
    }
  }
}
