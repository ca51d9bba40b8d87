import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { sql } from "kysely";
import {
  CatalogError,
  migrate,
  openCatalog,
  WAL_CHECKPOINT_PAGES,
  WRITER_CACHE_KIB,
} from "./db.ts";
import { migrations } from "./migrations.ts";

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fv_db_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("openCatalog creates catalog.db in WAL mode with every table, and migrating twice is a no-op", async () => {
  await withTempDir(async (dir) => {
    const archive = `${dir}/nested/archive`;
    const catalog = await openCatalog(archive);
    try {
      assertEquals(catalog.path, `${archive}/catalog.db`);
      const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(catalog.db);
      assertEquals(mode.rows[0].journal_mode, "wal");
      const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(catalog.db);
      assertEquals(fk.rows[0].foreign_keys, 1);
      const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'search_%' AND name NOT LIKE 'sqlite_%'
        ORDER BY name`.execute(catalog.db);
      assertEquals(tables.rows.map((r) => r.name), [
        "album_items",
        "albums",
        "api_responses",
        "collection_albums",
        "collections",
        "comments",
        "commit_journal",
        "faves",
        "files",
        "galleries",
        "gallery_items",
        "group_items",
        "groups",
        "items",
        "licenses",
        "list_counts",
        "meta",
        "notes",
        "people",
        "photo_people",
        "runs",
        "schema_migrations",
        "search",
        "sidecars",
        "tags",
      ]);
      assertEquals(await migrate(catalog.db, migrations), []);
    } finally {
      await catalog.close();
    }
    const again = await openCatalog(archive);
    const applied = await again.db.selectFrom("schema_migrations").select("name").execute();
    assertEquals(applied.map((r) => r.name), migrations.map((m) => m.name));
    await again.close();
  });
});

Deno.test("a migration that fails half way leaves nothing behind", async () => {
  await withTempDir(async (dir) => {
    const broken = [{
      name: "0001_broken",
      statements: ["CREATE TABLE a (x INTEGER)", "CREATE TABLE b (nonsense("],
    }];
    await assertRejects(() => openCatalog(dir, { migrations: broken }));
    const catalog = await openCatalog(dir, { migrations: [] });
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master
      WHERE type = 'table' AND name = 'a'`.execute(catalog.db);
    assertEquals(tables.rows.length, 0);
    await catalog.close();
  });
});

Deno.test("openCatalog without create on an empty directory says what to run", async () => {
  await withTempDir(async (dir) => {
    const err = await assertRejects(
      () => openCatalog(dir, { create: false }),
      `Cannot read the archive: no catalog.db in ${dir}`,
    );
    assert(err instanceof CatalogError);
    assert(err.hint?.includes("flickrvault archive"));
    const files = [];
    for await (const f of Deno.readDir(dir)) files.push(f.name);
    assertEquals(files, []);
  });
});

Deno.test("an archive path that is a file, or inside one, names the file", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/photos.zip`;
    await Deno.writeTextFile(file, "not a folder");
    for (const archive of [file, `${file}/archive`, `${file}/archive/deeper`]) {
      for (const opts of [{}, { readonly: true }]) {
        const err = await assertRejects(
          () => openCatalog(archive, opts),
          `Cannot open the archive: ${file} is a file, not a folder`,
        );
        assert(err instanceof CatalogError && err.hint?.includes("--archive"));
      }
    }
  });
});

Deno.test("openCatalog on a file that is not a database explains it", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/catalog.db`, "this is not sqlite ".repeat(300));
    const err = await assertRejects(
      () => openCatalog(dir),
      "is damaged (it does not start as an SQLite database)",
    );
    assert(err instanceof CatalogError);
  });
});

Deno.test("a catalog from before a writers-only migration opens read-only as it is; a write open upgrades it", async () => {
  await withTempDir(async (dir) => {
    // The migrations up to the writers-only one (later ones readers need are asked for below).
    const upTo = migrations.slice(0, 2);
    await (await openCatalog(dir, { migrations: migrations.slice(0, 1) })).close();
    const ro = await openCatalog(dir, { readonly: true, migrations: upTo });
    const names = async (db: typeof ro.db) =>
      (await db.selectFrom("schema_migrations").select("name").orderBy("name").execute())
        .map((r) => r.name);
    assertEquals(await names(ro.db), ["0001_initial"]);
    await ro.close();
    const rw = await openCatalog(dir);
    assertEquals(await names(rw.db), migrations.map((m) => m.name));
    await rw.close();
    // A migration that readers need is still asked for.
    const needed = `${dir}/needed`;
    await (await openCatalog(needed, { migrations: migrations.slice(0, 1) })).close();
    await assertRejects(
      () =>
        openCatalog(needed, {
          readonly: true,
          migrations: [...upTo, { name: "0099_read", statements: [] }],
        }),
      "needs an upgrade (0099_read)",
    );
  });
});

Deno.test("a catalog from a newer flickrvault is refused, readonly refuses writes", async () => {
  await withTempDir(async (dir) => {
    const catalog = await openCatalog(dir);
    await catalog.db.insertInto("schema_migrations")
      .values({ name: "9999_future", applied_at: "2030-01-01T00:00:00Z" }).execute();
    await catalog.close();
    await assertRejects(() => openCatalog(dir), "written by a newer flickrvault");

    const fresh = `${dir}/second`;
    await (await openCatalog(fresh)).close();
    const ro = await openCatalog(fresh, { readonly: true });
    await assertRejects(
      () => ro.db.insertInto("meta").values({ key: "k", value: "v" }).execute(),
      "readonly",
    );
    await ro.close();
  });
});

Deno.test("readers spill big sorts to files (the site's memory); the writer keeps them, checkpoints less often and caches more pages", async () => {
  await withTempDir(async (dir) => {
    /** One PRAGMA's value on a connection. */
    const pragma = async (c: Awaited<ReturnType<typeof openCatalog>>, name: string) =>
      Object.values(
        (await sql<Record<string, number>>`PRAGMA ${sql.raw(name)}`.execute(c.db))
          .rows[0],
      )[0];
    const writer = await openCatalog(dir);
    const reader = await openCatalog(dir, { readonly: true });
    try {
      // 1 is FILE; 0 leaves libsql's build default (memory), which a writer's statement journals
      // need: with FILE, each multi-row statement past 64 KiB wrote its journal to a temp file.
      assertEquals(await pragma(reader, "temp_store"), 1);
      assertEquals(await pragma(writer, "temp_store"), 0);
      // The writer checkpoints its WAL less often than SQLite's default of 1,000 pages.
      assertEquals(await pragma(writer, "wal_autocheckpoint"), WAL_CHECKPOINT_PAGES);
      // The writer keeps more pages than SQLite's 2 MB default; readers keep the default.
      assertEquals(await pragma(writer, "cache_size"), -WRITER_CACHE_KIB);
      assertEquals(await pragma(reader, "cache_size"), -2000);
    } finally {
      await reader.close();
      await writer.close();
    }
  });
});

Deno.test("a transaction holds its statements together and rolls back on error", async () => {
  await withTempDir(async (dir) => {
    const catalog = await openCatalog(dir);
    const { db } = catalog;
    await assertRejects(() =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto("meta").values({ key: "a", value: "1" }).execute();
        throw new Error("boom");
      }), "boom");
    // Concurrent callers queue behind the transaction instead of landing inside it.
    const inside = db.transaction().execute(async (trx) => {
      await trx.insertInto("meta").values({ key: "b", value: "1" }).execute();
      await new Promise((r) => setTimeout(r, 20));
      await trx.insertInto("meta").values({ key: "c", value: "1" }).execute();
    });
    const outside = db.selectFrom("meta").selectAll().execute();
    await inside;
    assertEquals((await outside).map((r) => r.key).sort(), ["b", "c"]);
    await catalog.close();
  });
});

Deno.test("a catalog another program holds locked is reported as locked", async () => {
  await withTempDir(async (dir) => {
    await (await openCatalog(dir, { migrations: [] })).close();
    const { createClient } = await import("@libsql/client");
    const other = createClient({ url: `file:${dir}/catalog.db` });
    const tx = await other.transaction("write");
    try {
      await tx.execute("CREATE TABLE holding (x)");
      const err = await assertRejects(
        () => openCatalog(dir, { busyTimeoutMs: 50 }),
        "catalog.db is locked by another program",
      );
      assert(err instanceof CatalogError);
    } finally {
      await tx.rollback();
      other.close();
    }
  });
});

Deno.test("savepoints of a controlled transaction roll back only their part", async () => {
  await withTempDir(async (dir) => {
    const catalog = await openCatalog(dir);
    const trx = await catalog.db.startTransaction().execute();
    await trx.insertInto("meta").values({ key: "kept", value: "1" }).execute();
    const sp = await trx.savepoint("sp1").execute();
    await sp.insertInto("meta").values({ key: "dropped", value: "1" }).execute();
    const back = await sp.rollbackToSavepoint("sp1").execute();
    await back.commit().execute();
    assertEquals(
      (await catalog.db.selectFrom("meta").select("key").execute()).map((r) => r.key),
      ["kept"],
    );
    await catalog.close();
  });
});

Deno.test("an older catalog's counts that no listing gave become unknown, or getInfo's", async () => {
  await withTempDir(async (dir) => {
    const old = await openCatalog(dir, { migrations: migrations.slice(0, 2) });
    const row = (id: string, listing: object, info: object | null, counts: number) => ({
      id,
      owner: "1@N00",
      media: "photo",
      is_mine: 1,
      listing_json: JSON.stringify(listing),
      info_json: info && JSON.stringify(info),
      count_comments: counts,
      count_faves: counts,
      comments_synced: counts,
      faves_synced: counts,
      first_seen_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
    });
    await old.db.insertInto("items").values([
      // Listed without counts; getInfo said 2 comments. Stored as 0 and "synced" by the old code.
      row("1", { id: "1" }, { comments: { _content: "2" } }, 0),
      // Listed with counts: kept as they are.
      row("2", { id: "2", count_comments: "4", count_faves: "5" }, null, 3),
      // Imported from the export (listing '{}'): its counts came from the export.
      row("3", {}, null, 7),
    ]).execute();
    await old.close();
    const catalog = await openCatalog(dir);
    const rows = await catalog.db.selectFrom("items")
      .select(["id", "count_comments", "count_faves", "comments_synced", "faves_synced"])
      .orderBy("id").execute();
    assertEquals(rows, [
      { id: "1", count_comments: 2, count_faves: null, comments_synced: 0, faves_synced: null },
      { id: "2", count_comments: 3, count_faves: 3, comments_synced: 3, faves_synced: 3 },
      { id: "3", count_comments: 7, count_faves: 7, comments_synced: 7, faves_synced: 7 },
    ]);
    // New rows without counts are unknown, not 0.
    await catalog.db.insertInto("items").values({
      ...row("4", {}, null, 0),
      count_comments: undefined,
      count_faves: undefined,
    }).execute();
    const fresh = await catalog.db.selectFrom("items").select(["count_comments", "count_faves"])
      .where("id", "=", "4").executeTakeFirstOrThrow();
    assertEquals(fresh, { count_comments: null, count_faves: null });
    await catalog.close();
  });
});

Deno.test("an older catalog's comments stored at time 0 (date not given) become unknown", async () => {
  await withTempDir(async (dir) => {
    const before = migrations.findIndex((m) => m.name === "0008_comment_date_unknown");
    const old = await openCatalog(dir, { migrations: migrations.slice(0, before) });
    await old.db.insertInto("items").values({
      id: "1",
      owner: "1@N00",
      media: "photo",
      is_mine: 1,
      listing_json: "{}",
      first_seen_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
    }).execute();
    const comment = (id: string, date: number) => ({
      id,
      item_id: "1",
      author: "1@N00",
      date_create: date,
      html: "hi",
      raw_json: "{}",
    });
    await old.db.insertInto("comments").values([comment("a", 0), comment("b", 1_600_000_000)])
      .execute();
    await old.close();
    const catalog = await openCatalog(dir);
    const rows = await catalog.db.selectFrom("comments").select(["id", "date_create"])
      .orderBy("id").execute();
    assertEquals(rows, [{ id: "a", date_create: null }, { id: "b", date_create: 1_600_000_000 }]);
    // New comments without a date are stored as unknown.
    await catalog.db.insertInto("comments").values({ ...comment("c", 0), date_create: null })
      .execute();
    const c = await catalog.db.selectFrom("comments").select("date_create").where("id", "=", "c")
      .executeTakeFirstOrThrow();
    assertEquals(c.date_create, null);
    // The indexes on the column are kept (a person's comments, newest first, seek in one).
    const { rows: indexes } = await sql<{ name: string }>`SELECT name FROM sqlite_master
      WHERE type = 'index' AND tbl_name = 'comments' AND name LIKE 'comments_%' ORDER BY name`
      .execute(catalog.db);
    assertEquals(indexes.map((r) => r.name), ["comments_author", "comments_item"]);
    await catalog.close();
  });
});
