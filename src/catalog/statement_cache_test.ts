import Database from "libsql";
import { sql } from "kysely";
import { assertEquals } from "../../tests/assert.ts";
import { openCatalog } from "./db.ts";
import { STATEMENT_CACHE_SIZE } from "./statement_cache.ts";

Deno.test("statement cache: one prepared statement per SQL text and connection, results unchanged", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_stmt_" });
  try {
    const db = new Database(`${dir}/x.db`);
    try {
      db.exec("CREATE TABLE t (id INTEGER, name TEXT)");
      const insert = db.prepare("INSERT INTO t (id, name) VALUES (?, ?)");
      assertEquals(db.prepare("INSERT INTO t (id, name) VALUES (?, ?)") === insert, true);
      insert.run(1, "a");
      insert.run(2, "b");
      const select = db.prepare("SELECT name FROM t WHERE id = ?");
      assertEquals(select.raw(true).all(2), [["b"]]);
      assertEquals(db.prepare("SELECT name FROM t WHERE id = ?").raw(false).all(1), [{
        name: "a",
      }]);
      // A schema change is picked up by a reused statement (SQLite re-prepares it).
      db.exec("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'");
      assertEquals(db.prepare("SELECT * FROM t WHERE id = ?").raw(true).all(1), [[1, "a", "x"]]);
      // The cache is bounded: the oldest text is prepared again after enough others.
      for (let i = 0; i <= STATEMENT_CACHE_SIZE; i++) db.prepare(`SELECT ${i}`);
      assertEquals(db.prepare("INSERT INTO t (id, name) VALUES (?, ?)") === insert, false);
    } finally {
      db.close();
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
