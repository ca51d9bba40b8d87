/**
 * Archive first, then import: smaller copies (kind `largest`, as `archive` keeps when Flickr gives
 * no original, e.g. the 1,024 px copies of a free account's photos) are replaced in their place by
 * the export's originals; the API's values survive; `verify` is clean.
 */
import { join } from "node:path";
import { assert, assertEquals } from "./assert.ts";
import { credentialsOf } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { verifyArchive } from "../src/catalog/verify.ts";
import { sha256File } from "../src/files/hash.ts";
import { importExport } from "../src/import/pipeline.ts";
import { startSimulator } from "../src/simulator/server.ts";
import type { Truth } from "../src/simulator/truth.ts";

Deno.test("archive, then import: lesser copies become originals in their place; API values kept; verify clean", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_upgrade_" });
  const archive = join(dir, "archive");
  const sim = await startSimulator({
    photos: 30,
    videos: 2,
    favorites: 4,
    seed: 37,
    exportDir: join(dir, "export"),
  });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json() as Truth;
    const summary = await runArchive({
      archiveDir: archive,
      credentials: credentialsOf(sim),
      origin: sim.origin,
      rate: 0,
    });
    assertEquals(summary.status, "done");

    // Ten own photos with only a smaller copy, as a free account's archive holds them.
    const lesser = new Map<string, string>();
    let privacyBefore: unknown[] = [];
    {
      const catalog = await openCatalog(archive);
      const rows = await catalog.db.selectFrom("files as f").innerJoin(
        "items as i",
        "i.id",
        "f.item_id",
      )
        .select(["f.id", "f.item_id", "f.path"]).where("f.kind", "=", "original")
        .where("f.is_current", "=", 1).where("i.is_mine", "=", 1).where("i.media", "=", "photo")
        .orderBy("f.item_id").limit(10).execute();
      const copy = await Deno.readFile(join(archive, rows[0].path));
      for (const r of rows) {
        // Other bytes, under a name of the lesser copy's own.
        const path = r.path.replace(/\.jpg$/, "_1024.jpg");
        const bytes = copy.slice(0, copy.length - 100);
        await Deno.remove(join(archive, r.path));
        await Deno.writeFile(join(archive, path), bytes);
        const { sha256 } = await sha256File(join(archive, path));
        await catalog.db.updateTable("files")
          .set({ kind: "largest", path, bytes: bytes.length, sha256, width: 1024, height: 768 })
          .where("id", "=", r.id).execute();
        lesser.set(r.item_id, path);
      }
      privacyBefore = await catalog.db.selectFrom("items")
        .select(["id", "is_public", "is_friend", "is_family", "title"]).orderBy("id").execute();
      assertEquals((await archiveStatus(catalog, archive)).lesser_copies, 10);
      await catalog.close();
    }

    const report = await importExport({ archiveDir: archive, inputs: [join(dir, "export")] });
    assertEquals(report.lesserCopiesUpgraded, 10);
    assertEquals(report.unmatched, []);

    const catalog = await openCatalog(archive);
    try {
      const status = await archiveStatus(catalog, archive);
      assertEquals(status.lesser_copies, 0);
      const shaOf = new Map(truth.items.map((i) => [i.id, i.original_sha256]));
      for (const [id, lesserPath] of lesser) {
        const files = await catalog.db.selectFrom("files").selectAll().where("item_id", "=", id)
          .where("kind", "in", ["original", "largest"]).execute();
        assertEquals(files.length, 1, `one best file for ${id}`);
        assertEquals(files[0].kind, "original");
        assertEquals(files[0].sha256, shaOf.get(id));
        // In the lesser copy's place, which is gone.
        assertEquals(files[0].path, lesserPath);
        assertEquals((await sha256File(join(archive, files[0].path))).sha256, shaOf.get(id));
      }
      // The API's values stay: privacy (exact, where the export merges), titles.
      const after = await catalog.db.selectFrom("items")
        .select(["id", "is_public", "is_friend", "is_family", "title"]).orderBy("id").execute();
      assertEquals(after, privacyBefore);
      assert(
        after.some((i) => i.is_public === 0 && (i.is_friend === 1) !== (i.is_family === 1)),
        "friends-only or family-only photos, which the export cannot tell apart",
      );
      const verify = await verifyArchive(catalog, archive);
      assertEquals([verify.missing, verify.altered], [[], []]);
    } finally {
      await catalog.close();
    }
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
