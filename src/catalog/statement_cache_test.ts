import Database from "libsql";
import { sql } from "kysely";
import { assertEquals } from "../../tests/assert.ts";
import { openCatalog } from "./db.ts";
import { NativeConnection } from "./native_connection.ts";
import { STATEMENT_CACHE_SIZE, StatementCache } from "./statement_cache.ts";

Deno.test("statement cache: one prepared statement per SQL text, the oldest dropped past the bound", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_stmt_" });
  try {
    const db = new Database(`${dir}/x.db`);
    try {
      let prepared = 0;
      const cache = new StatementCache((text) => (prepared++, db.prepare(text)));
      db.exec("CREATE TABLE t (id INTEGER, name TEXT)");
      const insert = cache.get("INSERT INTO t (id, name) VALUES (?, ?)");
      assertEquals(insert.reader, false);
      assertEquals(cache.get("INSERT INTO t (id, name) VALUES (?, ?)") === insert, true);
      insert.stmt.run([1, "a"]);
      insert.stmt.run([2, "b"]);
      const select = cache.get("SELECT name FROM t WHERE id = ?");
      assertEquals(select.reader, true);
      // Set up once: rows as arrays, integers as BigInt.
      assertEquals(select.stmt.all(2), [["b"]]);
      assertEquals(cache.get("SELECT id FROM t WHERE id = ?").stmt.all(1), [[1n]]);
      assertEquals(prepared, 3);
      // The cache is bounded: the oldest text is prepared again after enough others.
      for (let i = 0; i <= STATEMENT_CACHE_SIZE; i++) cache.get(`SELECT ${i}`);
      assertEquals(cache.size, STATEMENT_CACHE_SIZE);
      assertEquals(cache.get("INSERT INTO t (id, name) VALUES (?, ?)") === insert, false);
    } finally {
      db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("statement cache: a reused SELECT * answers with the columns of a changed table", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_stmt_" });
  try {
    const connection = NativeConnection.open(`${dir}/x.db`, { timeout: 1000 });
    const other = new Database(`${dir}/x.db`);
    try {
      connection.execute("CREATE TABLE t (id INTEGER, name TEXT)", []);
      connection.execute("INSERT INTO t VALUES (1, 'a')", []);
      const all = () => connection.execute("SELECT * FROM t", []).rows;
      assertEquals(all(), [{ id: 1, name: "a" }]);
      // Changed on this connection: a column renamed (same count).
      connection.execute("ALTER TABLE t RENAME COLUMN name TO title", []);
      assertEquals(all(), [{ id: 1, title: "a" }]);
      // Changed by another connection (another process's migration): a column added.
      other.exec("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'");
      assertEquals(all(), [{ id: 1, title: "a", extra: "x" }]);
      // A migration rolled back takes its column away again.
      connection.execute("BEGIN", []);
      connection.execute("ALTER TABLE t ADD COLUMN more TEXT DEFAULT 'y'", []);
      assertEquals(all(), [{ id: 1, title: "a", extra: "x", more: "y" }]);
      connection.execute("ROLLBACK", []);
      assertEquals(all(), [{ id: 1, title: "a", extra: "x" }]);
    } finally {
      other.close();
      connection.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("statement cache: the catalog answers repeated and interleaved queries correctly", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_stmt_" });
  const catalog = await openCatalog(dir);
  try {
    const { db } = catalog;
    for (let i = 0; i < 50; i++) {
      await sql`INSERT INTO meta (key, value) VALUES (${`k${i}`}, ${String(i)})`.execute(db);
    }
    for (let i = 0; i < 50; i += 7) {
      const row = await db.selectFrom("meta").select("value").where("key", "=", `k${i}`)
        .executeTakeFirst();
      assertEquals(row?.value, String(i));
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom("meta").where("key", "=", "k1").execute();
      const n = await trx.selectFrom("meta").select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assertEquals(Number(n.n), 49);
    });
  } finally {
    await catalog.close();
    await Deno.remove(dir, { recursive: true });
  }
});
