/**
 * The libSQL dialect: an error raised by COMMIT itself reaches the caller; text keeps what follows
 * a NUL character; integers, BLOBs and SQLite's errors come as they did through `@libsql/client`.
 */
import { LibsqlError } from "@libsql/client";
import Database from "libsql";
import { sql } from "kysely";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { catalogFailure, openCatalog } from "./db.ts";
import { withCatalog } from "./test_helpers.ts";

Deno.test("dialect: a failed COMMIT throws its own error, not 'no transaction is open'", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A deferred foreign key is checked at COMMIT: the same path as SQLITE_FULL on a full disk.
    const catalog = await openCatalog(dir, {
      migrations: [{
        name: "0001_deferred",
        statements: [
          `CREATE TABLE parent (id INTEGER PRIMARY KEY)`,
          `CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER
             REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`,
        ],
      }],
    });
    try {
      await assertRejects(
        () =>
          catalog.db.transaction().execute(async (trx) => {
            await sql`INSERT INTO child (id, parent_id) VALUES (1, 42)`.execute(trx);
          }),
        "FOREIGN KEY constraint failed",
      );
      // The connection is usable afterwards, and nothing of the failed transaction was kept.
      await catalog.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO parent (id) VALUES (42)`.execute(trx);
        await sql`INSERT INTO child (id, parent_id) VALUES (2, 42)`.execute(trx);
      });
      const rows = await sql<{ id: number }>`SELECT id FROM child`.execute(catalog.db);
      assertEquals(rows.rows.map((r) => r.id), [2]);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialect: text with a NUL character is kept but for the NUL, not cut there", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const catalog = await openCatalog(dir);
    try {
      const title = "Sunset\u0000 over the bay";
      await catalog.db.insertInto("meta").values({ key: "title", value: title }).execute();
      await catalog.db.insertInto("meta").values({ key: "plain", value: "no nul" }).execute();
      const rows = await catalog.db.selectFrom("meta").select(["key", "value"])
        .where("key", "in", ["title", "plain"]).orderBy("key").execute();
      assertEquals(rows, [
        { key: "plain", value: "no nul" },
        { key: "title", value: "Sunset over the bay" },
      ]);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialect: integers come as numbers up to 2^53; one beyond is refused, never rounded", async () => {
  await withCatalog(async ({ db }) => {
    const safe = Number.MAX_SAFE_INTEGER;
    const rows = await sql<{ safe: number; small: number; real: number }>`SELECT ${safe} AS safe,
      ${-3} AS small, 0.5 AS real`.execute(db);
    assertEquals(rows.rows, [{ safe, small: -3, real: 0.5 }]);
    // 2^53 + 1 as a number would read back as 2^53: a different Flickr id, a wrong count.
    await sql`CREATE TABLE nums (n INTEGER)`.execute(db);
    await sql`INSERT INTO nums (n) VALUES (${2n ** 53n + 1n})`.execute(db);
    const err = await assertRejects(
      () => sql`SELECT n FROM nums`.execute(db),
      "cannot be safely represented",
    );
    assert(err instanceof RangeError);
    // As text it is exact.
    const text = await sql<{ v: string }>`SELECT CAST(n AS TEXT) AS v FROM nums`.execute(db);
    assertEquals(text.rows, [{ v: "9007199254740993" }]);
  });
});

Deno.test("dialect: a BLOB comes back as the bytes it was given, in an ArrayBuffer", async () => {
  await withCatalog(async ({ db }) => {
    const bytes = new Uint8Array([0, 1, 2, 255, 0, 7]);
    await sql`CREATE TABLE blobs (b BLOB)`.execute(db);
    await sql`INSERT INTO blobs (b) VALUES (${bytes}), (${bytes.buffer})`.execute(db);
    const rows = await sql<{ b: ArrayBuffer }>`SELECT b FROM blobs`.execute(db);
    assertEquals(rows.rows.length, 2);
    for (const { b } of rows.rows) {
      assert(b instanceof ArrayBuffer);
      assertEquals(new Uint8Array(b), bytes);
    }
  });
});

Deno.test("dialect: a write while another program holds the lock says the catalog is locked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const catalog = await openCatalog(dir, { busyTimeoutMs: 50 });
    const other = new Database(`${dir}/catalog.db`);
    try {
      other.exec("BEGIN IMMEDIATE");
      other.exec("INSERT INTO meta (key, value) VALUES ('held', 'by another program')");
      for (
        const write of [
          () => catalog.db.insertInto("meta").values({ key: "k", value: "v" }).execute(),
          () =>
            catalog.db.transaction().execute((trx) =>
              trx.insertInto("meta").values({ key: "k", value: "v" }).execute()
            ),
        ]
      ) {
        const err = await assertRejects(write, "database is locked");
        assert(err instanceof LibsqlError);
        assertEquals(err.code, "SQLITE_BUSY");
        assertEquals(
          catalogFailure(err, "write", catalog.path)?.message,
          `Cannot write the archive: ${catalog.path} is locked by another program`,
        );
      }
      other.exec("ROLLBACK");
      // Reading is not blocked by the lock, and the catalog works once it is released.
      await catalog.db.insertInto("meta").values({ key: "k", value: "v" }).execute();
      const rows = await catalog.db.selectFrom("meta").select("value").where("key", "=", "k")
        .execute();
      assertEquals(rows, [{ value: "v" }]);
    } finally {
      other.close();
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialect: a catalog that cannot grow inside a transaction reports SQLITE_FULL, and stays usable", async () => {
  await withCatalog(async ({ db }) => {
    await sql`CREATE TABLE big (b TEXT)`.execute(db);
    const pages = (await sql<{ n: number }>`PRAGMA page_count`.execute(db)).rows[0];
    // The same failure as a full disk, without a full disk: no page beyond the ones it has.
    await sql.raw(`PRAGMA max_page_count = ${Object.values(pages)[0]}`).execute(db);
    const err = await assertRejects(
      () =>
        db.transaction().execute(async (trx) => {
          for (let i = 0; i < 50; i++) {
            await sql`INSERT INTO big (b) VALUES (${"x".repeat(100_000)})`.execute(trx);
          }
        }),
      "full",
    );
    assert(err instanceof LibsqlError);
    assertEquals(err.code, "SQLITE_FULL");
    await sql`PRAGMA max_page_count = 1073741823`.execute(db);
    await db.insertInto("meta").values({ key: "after", value: "1" }).execute();
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM big`.execute(db);
    assertEquals(n.rows, [{ n: 0 }]);
  });
});
