/**
 * Pictures made from an imported export, end to end: after `import` every own photo has a
 * thumbnail and a display copy made from its original, `verify` finds every file as recorded, a
 * second import makes nothing; then `archive` against the same simulator replaces each made copy
 * with Flickr's own (as an archive alone would have), so that the door taken first leaves no trace.
 */
import { join } from "node:path";
import { assert, assertEquals } from "./assert.ts";
import { credentialsOf } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import type { FileRow } from "../src/catalog/schema.ts";
import { verifyArchive } from "../src/catalog/verify.ts";
import { importExport } from "../src/import/pipeline.ts";
import { startSimulator } from "../src/simulator/server.ts";
import type { Truth } from "../src/simulator/truth.ts";

async function currentFiles(archive: string): Promise<FileRow[]> {
  const catalog = await openCatalog(archive);
  try {
    return await catalog.db.selectFrom("files").selectAll().where("is_current", "=", 1)
      .orderBy("path").execute();
  } finally {
    await catalog.close();
  }
}

Deno.test("import makes every photo's thumbnail and display copy; archive then puts Flickr's in their place", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_import_pictures_" });
  const exportDir = join(dir, "export");
  const archive = join(dir, "archive");
  const sim = await startSimulator({ photos: 30, videos: 4, favorites: 5, seed: 41, exportDir });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json() as Truth;
    const ownPhotos = truth.items.filter((i) => !i.is_favorite_of_mine && i.media === "photo");
    await importExport({ archiveDir: archive, inputs: [exportDir] });

    const imported = await currentFiles(archive);
    const of = (rows: FileRow[], kind: string) =>
      new Map(rows.filter((r) => r.kind === kind).map((r) => [r.item_id, r]));
    const originals = of(imported, "original");
    for (const kind of ["display", "thumb"]) {
      const made = of(imported, kind);
      assertEquals([...made.keys()].sort(), ownPhotos.map((i) => i.id).sort(), `${kind} copies`);
      for (const [id, r] of made) {
        assertEquals(r.made_from, originals.get(id)!.sha256, `${kind} of ${id} names its original`);
        assert(Math.max(r.width!, r.height!) <= (kind === "thumb" ? 150 : 1024), r.path);
      }
    }
    {
      const catalog = await openCatalog(archive);
      try {
        const v = await verifyArchive(catalog, archive);
        assertEquals([v.checked, v.missing.length, v.altered.length], [imported.length, 0, 0]);
      } finally {
        await catalog.close();
      }
    }

    // The same export again: no picture made again, no file touched.
    const verified = await currentFiles(archive);
    const lines: string[] = [];
    await importExport({
      archiveDir: archive,
      inputs: [exportDir],
      sink: { line: (t) => lines.push(t), status() {} },
    });
    assertEquals(lines.filter((l) => l.startsWith("pictures")), []);
    assertEquals(await currentFiles(archive), verified);

    const summary = await runArchive({
      archiveDir: archive,
      credentials: credentialsOf(sim),
      origin: sim.origin,
      rate: 0,
    });
    assertEquals([summary.status, summary.attention], ["done", []]);
    const archived = await currentFiles(archive);
    for (const kind of ["display", "thumb"]) {
      for (const r of archived.filter((f) => f.kind === kind)) {
        assertEquals(r.made_from, null, `${kind} of ${r.item_id} is Flickr's`);
        assert(r.secret, `${kind} of ${r.item_id} has Flickr's secret`);
      }
    }
    // Every item of the truth has Flickr's display copy and thumbnail, at the same names.
    assertEquals(archived.filter((f) => f.kind === "thumb").length, truth.items.length);
    for (const r of imported.filter((f) => f.kind !== "original")) {
      assert(archived.some((a) => a.path === r.path && a.kind === r.kind), r.path);
    }
    const catalog = await openCatalog(archive);
    try {
      const v = await verifyArchive(catalog, archive);
      assertEquals([v.missing.length, v.altered.length], [0, 0]);
    } finally {
      await catalog.close();
    }
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
