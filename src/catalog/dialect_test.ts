/**
 * The libSQL dialect: an error raised by COMMIT itself reaches the caller; text keeps what follows
 * a NUL character.
 */
import { sql } from "kysely";
import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { openCatalog } from "./db.ts";

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
