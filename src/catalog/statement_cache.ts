/**
 * Reuses prepared statements. `@libsql/client` prepares every statement it executes, and under
 * Deno the native statement behind each one is never freed: every query leaks its compiled
 * program (about 4 KB for a one-row SELECT, 70 KB for a 500-value `IN` list). An archive run of
 * 100,000 items executes enough of them to grow by hundreds of megabytes. Importing this module
 * makes `libsql`'s `Database#prepare` hand back the statement it prepared before for the same SQL
 * on the same connection, so memory grows with the number of distinct statements, not with the
 * number executed.
 *
 * Reuse is safe for the way `@libsql/client` uses statements: it sets `raw` and `safeIntegers`
 * before each use, binds arguments afresh on every call, and runs each statement to completion
 * (`all`/`run`) before it returns. SQLite re-prepares a statement by itself after a schema change.
 * @module
 */
import Database from "libsql";

/** Distinct SQL texts kept per connection; beyond it the least recently used one is dropped. */
export const STATEMENT_CACHE_SIZE = 1000;

type Prepare = (this: object, sql: string) => unknown;

const proto = Database.prototype as unknown as { prepare: Prepare; __statementCache?: true };
if (!proto.__statementCache) {
  const prepare = proto.prepare;
  const caches = new WeakMap<object, Map<string, unknown>>();
  proto.prepare = function (this: object, sql: string): unknown {
    let cache = caches.get(this);
    if (!cache) caches.set(this, cache = new Map());
    const hit = cache.get(sql);
    if (hit !== undefined) {
      // Most recently used last: re-inserting moves it to the end of the Map's order.
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = prepare.call(this, sql);
    cache.set(sql, stmt);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return stmt;
  };
  proto.__statementCache = true;
}
