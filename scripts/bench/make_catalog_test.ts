import { assert, assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { openCatalog } from "../../src/catalog/db.ts";
import { verifyArchive } from "../../src/catalog/verify.ts";
import { createApp } from "../../src/server/app.ts";
import { makeCatalog, tagPool } from "./make_catalog.ts";

Deno.test("tagPool holds about 3,000 distinct tags", () => {
  const pool = tagPool();
  assertEquals(new Set(pool).size, pool.length);
  assert(pool.length >= 3000, `only ${pool.length} tags`);
});

Deno.test("makeCatalog fills a catalog the viewer serves, with every file whole", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flickrvault-make-catalog-" });
  try {
    const made = await makeCatalog(dir, { items: 400, seed: 3 });
    const catalog = await openCatalog(dir);
    try {
      const { db } = catalog;
      const count = async (table: "items" | "files" | "comments" | "faves" | "albums") =>
        Number(
          (await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()).n,
        );
      assertEquals(await count("items"), 400);
      assertEquals(await count("files"), 1200);
      assertEquals(made.ownIds.length, 392);
      assert(await count("comments") > 0 && await count("faves") > 0);
      assertEquals(await count("albums"), 3);
      const withComments = Number(
        (await db.selectFrom("items").select((eb) => eb.fn.countAll().as("n"))
          .where("count_comments", ">", 0).executeTakeFirstOrThrow()).n,
      );
      assert(withComments > 20 && withComments < 120, `${withComments} items with comments`);

      const report = await verifyArchive(catalog, dir);
      assertEquals([report.checked, report.missing.length, report.altered.length], [1200, 0, 0]);

      const app = createApp({ archiveDir: dir, catalog, allowedHosts: ["127.0.0.1"] });
      const get = (path: string) => app.request(`http://127.0.0.1${path}`);
      const tag = await get(`/tags/${encodeURIComponent(made.commonTag)}`);
      assertEquals(tag.status, 200);
      assertStringIncludes(await tag.text(), `${made.commonTagCount} tagged`);
      const photo = await get(`/photos/${made.ownIds[5]}`);
      assertEquals(photo.status, 200);
      await photo.body?.cancel();
      const search = await get(`/search?q=${made.broadWord}`);
      assertEquals(search.status, 200);
      assertStringIncludes(await search.text(), "/photos/");
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
