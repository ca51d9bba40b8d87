import { dirname, join } from "node:path";
import { sql } from "kysely";
import { assert, assertEquals } from "../../tests/assert.ts";
import { seedCatalog } from "../../tests/seed_catalog.ts";
import { openCatalog } from "./db.ts";
import { ITEM_ROWS, MEMBERSHIPS, openShownCopy } from "./shown_copy.ts";

async function withSeeded(
  fn: (dir: string, seeded: Awaited<ReturnType<typeof seedCatalog>>) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "fv_shown_copy_" });
  try {
    const seeded = await seedCatalog(dir, { photos: 40, videos: 2, favorites: 6, seed: 3 });
    await fn(dir, seeded);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("shown copy: no row of any table names a hidden item; the catalog itself is unchanged; close removes the copy", async () => {
  await withSeeded(async (dir, seeded) => {
    const w = await openCatalog(dir);
    // Unknown privacy, and an album whose only item is hidden, in a collection of its own.
    await sql`UPDATE items SET is_public = NULL WHERE id = ${seeded.favoriteIds[0]}`.execute(w.db);
    await sql`INSERT INTO albums (id, position, title, raw_json)
      VALUES ('a-hidden', 9, 'Only hidden', '{}')`.execute(w.db);
    await sql`INSERT INTO album_items (album_id, item_id, position)
      VALUES ('a-hidden', ${seeded.ownIds[0]}, 0)`.execute(w.db);
    await sql`INSERT INTO collections (id, parent_id, position, title, raw_json)
      VALUES ('c-hidden', NULL, 9, 'Hidden collection', '{}')`.execute(w.db);
    await sql`INSERT INTO collection_albums (collection_id, album_id, position)
      VALUES ('c-hidden', 'a-hidden', 0)`.execute(w.db);
    await w.close();

    const source = await openCatalog(dir, { readonly: true });
    try {
      const hidden = (await sql<{ id: string }>`SELECT id FROM items WHERE is_public IS NOT 1`
        .execute(source.db)).rows.map((r) => r.id);
      assert(hidden.includes(seeded.ownIds[0]) && hidden.includes(seeded.favoriteIds[0]));
      const before = (await sql<{ n: number }>`SELECT count(*) AS n FROM items`.execute(source.db))
        .rows[0].n;
      const copy = await openShownCopy(source, "public");
      try {
        assertEquals(copy.leftOut, hidden.length);
        const db = copy.db;
        const tables = (await sql<{ name: string }>`SELECT m.name FROM sqlite_master m
          WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c
            WHERE c.name = 'item_id')`.execute(db)).rows.map((r) => r.name).sort();
        // A table added later that names items must be handled by the copy.
        assertEquals(tables, [...ITEM_ROWS, ...MEMBERSHIPS].sort());
        const list = sql.join(hidden);
        for (const t of [...tables, "items"]) {
          const col = sql.ref(t === "items" ? "id" : "item_id");
          const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}
            WHERE ${col} IN (${list})`.execute(db);
          assertEquals(Number(rows[0].n), 0, `${t} still names a hidden item`);
        }
        // Sets only hidden items were in go; the collection of such an album too.
        const album = await db.selectFrom("albums").select("id").where("id", "=", "a-hidden")
          .executeTakeFirst();
        assertEquals(album, undefined);
        const coll = await db.selectFrom("collections").select("id")
          .where("id", "=", "c-hidden").executeTakeFirst();
        assertEquals(coll, undefined);
        // Albums left count what they show, and are covered by it.
        for (
          const a of await db.selectFrom("albums")
            .select(["id", "count_photos", "count_videos", "primary_photo_id"]).execute()
        ) {
          const shown = await db.selectFrom("album_items").innerJoin("items", "items.id", "item_id")
            .select(["items.id", "items.media"]).where("album_id", "=", a.id).execute();
          assert(shown.length > 0, `${a.id} is empty`);
          assertEquals(a.count_photos, shown.filter((s) => s.media === "photo").length);
          assertEquals(a.count_videos, shown.filter((s) => s.media === "video").length);
          assert(shown.some((s) => s.id === a.primary_photo_id), `${a.id}'s cover is shown`);
        }
        // The status page's people: only those something left names.
        const people = (await db.selectFrom("people").select("nsid").execute()).length;
        assert(people > 0);
      } finally {
        await copy.close();
      }
      let gone = false;
      try {
        await Deno.stat(dirname(copy.path));
      } catch (e) {
        gone = e instanceof Deno.errors.NotFound;
      }
      assert(gone, "the copy's folder is removed");
      const after = (await sql<{ n: number }>`SELECT count(*) AS n FROM items`.execute(source.db))
        .rows[0].n;
      assertEquals(after, before);
    } finally {
      await source.close();
    }
  });
});

Deno.test("shown copy: friends keep friends' items and those Flickr's export calls 'friend & family'", async () => {
  await withSeeded(async (dir, seeded) => {
    const w = await openCatalog(dir);
    const [friends, family, both] = [seeded.ownIds[1], seeded.ownIds[2], seeded.ownIds[0]];
    await sql`UPDATE items SET is_public = 0, is_friend = 1, is_family = 0 WHERE id = ${friends}`
      .execute(w.db);
    await sql`UPDATE items SET is_public = 0, is_friend = 0, is_family = 1 WHERE id = ${family}`
      .execute(w.db);
    await w.close();
    const source = await openCatalog(dir, { readonly: true });
    try {
      const copy = await openShownCopy(source, "friends");
      try {
        const ids = new Set(
          (await copy.db.selectFrom("items").select("id").execute()).map((r) => r.id),
        );
        assert(ids.has(friends) && ids.has(both) && !ids.has(family));
        assert(ids.has(seeded.ownIds[3]), "a public item");
      } finally {
        await copy.close();
      }
    } finally {
      await source.close();
    }
  });
});

Deno.test("shown copy: the folder it was made in is removed when the process exits at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_shown_exit_" });
  try {
    await seedCatalog(join(dir, "archive"), { photos: 40, videos: 2, favorites: 6 });
    const script = `
      import { openCatalog } from ${JSON.stringify(new URL("./db.ts", import.meta.url).href)};
      import { openShownCopy } from ${
      JSON.stringify(new URL("./shown_copy.ts", import.meta.url).href)
    };
      const source = await openCatalog(${JSON.stringify(join(dir, "archive"))}, { readonly: true });
      const copy = await openShownCopy(source, "public");
      console.log(copy.path);
      Deno.exit(130);
    `;
    const tmp = join(dir, "tmp");
    await Deno.mkdir(tmp);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", script],
      env: { TMPDIR: tmp },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const printed = new TextDecoder().decode(out.stdout).trim();
    assertEquals(out.code, 130, new TextDecoder().decode(out.stderr));
    assert(printed.startsWith(tmp), printed);
    assertEquals([...Deno.readDirSync(tmp)], [], "nothing left in TMPDIR");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("shown copy: a copy a killed run left behind is removed by the next one; a running process's is kept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_shown_orphan_" });
  try {
    const archive = join(dir, "archive");
    await seedCatalog(archive, { photos: 40, videos: 2, favorites: 6 });
    const tmp = join(dir, "tmp");
    await Deno.mkdir(tmp);
    // A run that makes its copy, then is killed outright: nothing of it gets to remove the copy.
    const script = `
      import { openCatalog } from ${JSON.stringify(new URL("./db.ts", import.meta.url).href)};
      import { openShownCopy } from ${
      JSON.stringify(new URL("./shown_copy.ts", import.meta.url).href)
    };
      const source = await openCatalog(${JSON.stringify(archive)}, { readonly: true });
      const copy = await openShownCopy(source, "public", ${JSON.stringify(tmp)});
      console.log(copy.path);
      await new Promise(() => {});
    `;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", script],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    const orphan = dirname(new TextDecoder().decode(value).trim());
    child.kill("SIGKILL");
    await child.status;
    reader.releaseLock();
    await child.stdout.cancel();
    assert(orphan.startsWith(tmp), orphan);
    // A live process's copy (this one's) and a folder named without a pid stay.
    const live = join(tmp, `flickrvault-shown-${Deno.pid}-live`);
    const older = join(tmp, "flickrvault-shown-abc123");
    await Deno.mkdir(live);
    await Deno.mkdir(older);

    const source = await openCatalog(archive, { readonly: true });
    try {
      const copy = await openShownCopy(source, "public", tmp);
      await copy.close();
    } finally {
      await source.close();
    }
    const left = [...Deno.readDirSync(tmp)].map((e) => join(tmp, e.name)).sort();
    assertEquals(left, [older, live].sort(), "the orphaned copy is gone, the others kept");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
