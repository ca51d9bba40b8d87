/**
 * Prepared statements kept per connection, each with what running it needs to know. Under Deno the
 * native statement behind a `libsql` `Statement` is never freed: preparing every statement anew
 * leaks its compiled program (about 4 KB for a one-row SELECT, 70 KB for a 500-value `IN` list),
 * and an archive run of 100,000 items executes enough of them to grow by hundreds of megabytes.
 * With the cache, memory grows with the number of distinct statements, not with the number run.
 *
 * Keeping the statement also keeps its settings (`raw`, `safeIntegers`, set once) and its column
 * names: `libsql`'s `columns()` costs about 70 µs for a row of the items table (all of its column
 * metadata is built), more than reading the row. SQLite re-prepares a statement by itself after a
 * schema change; {@link StatementCache.forgetColumns} drops the names the change may have made stale.
 * @module
 */
import type Database from "libsql";

/** Distinct SQL texts kept per connection; beyond it the least recently used one is dropped. */
export const STATEMENT_CACHE_SIZE = 1000;

/** A `libsql` prepared statement. */
export type Statement = ReturnType<Database.Database["prepare"]>;

/** A prepared statement and what running it needs. */
export interface CachedStatement {
  stmt: Statement;
  /** Whether it returns rows (a SELECT, a PRAGMA that answers, a `RETURNING` clause). */
  reader: boolean;
  /** The names of its columns, read on first use (and again after a schema change). */
  columns: string[] | undefined;
}

/** The statements of one connection, the least recently used dropped beyond `size`. */
export class StatementCache {
  readonly #prepare: (sql: string) => Statement;
  readonly #size: number;
  readonly #cache = new Map<string, CachedStatement>();

  constructor(prepare: (sql: string) => Statement, size = STATEMENT_CACHE_SIZE) {
    this.#prepare = prepare;
    this.#size = size;
  }

  /** The statement for `sql`, prepared on first use. Throws what preparing throws. */
  get(sql: string): CachedStatement {
    const hit = this.#cache.get(sql);
    if (hit !== undefined) {
      // Most recently used last: re-inserting moves it to the end of the Map's order.
      this.#cache.delete(sql);
      this.#cache.set(sql, hit);
      return hit;
    }
    const stmt = this.#prepare(sql);
    const reader = stmt.reader;
    // Integers come as BigInt, so that one beyond 2^53 is recognised instead of rounded.
    stmt.safeIntegers(true);
    if (reader) stmt.raw(true);
    const entry: CachedStatement = { stmt, reader, columns: undefined };
    this.#cache.set(sql, entry);
    if (this.#cache.size > this.#size) this.#cache.delete(this.#cache.keys().next().value!);
    return entry;
  }

  /** Makes every statement read its column names again (after a schema change). */
  forgetColumns(): void {
    for (const entry of this.#cache.values()) entry.columns = undefined;
  }

  /** How many statements are kept. */
  get size(): number {
    return this.#cache.size;
  }
}
