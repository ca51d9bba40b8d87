import { assert, assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { item, withCatalog, writeArchiveFile } from "../catalog/test_helpers.ts";
import { upsertFiles, upsertItems } from "../catalog/writes.ts";
import { memorySink } from "../progress.ts";
import { importMedia } from "./media_files.ts";
import { readMediaName } from "./media_match.ts";
import { emptyReport } from "./report.ts";
import type { ExportSource, MediaEntry } from "./sources.ts";

/** A source holding the given files (name → bytes), as an unpacked export folder would. */
function sourceOf(files: Record<string, Uint8Array>): ExportSource {
  const entries = Object.entries(files).map(([name, b]) => ({ name, size: b.length }));
  return {
    kind: "folder",
    label: "export",
    modified: 0,
    entries,
    async *read(entry) {
      yield files[entry.name];
    },
    bytes: (entry) => Promise.resolve(files[entry.name]),
    close() {},
  };
}

Deno.test("importMedia: an original replaces the smaller copy archive held, under its name, with its own extension", async () => {
  await withCatalog(async (catalog, dir) => {
    const { db } = catalog;
    // Two own photos of a free account, held as the 1,024 px JPEG the API gives.
    await upsertItems(db, [
      item("51000000001", { title: "Harbour", date_uploaded: 1_600_000_000, can_download: 0 }),
      item("51000000002", { title: "Tram", date_uploaded: 1_600_000_000, can_download: 0 }),
    ]);
    const copies = {
      "51000000001": "photos/2020/09/51000000001_harbour.jpg",
      "51000000002": "photos/2020/09/51000000002_tram.jpg",
    };
    for (const [id, rel] of Object.entries(copies)) {
      const f = await writeArchiveFile(dir, rel, `the 1,024 px copy of ${id}`);
      await upsertFiles(db, [{ item_id: id, kind: "largest", ...f, fetched_at: "t" }]);
    }
    // The export holds a PNG original for one and a JPEG original for the other.
    const png = await Deno.readFile(fixturePath("media", "png_with_exif_and_gps.png"));
    const jpeg = await Deno.readFile(fixturePath("media", "BlueSquare.jpg"));
    const source = sourceOf({
      "harbour_51000000001_o.png": png,
      "tram_51000000002_o.jpg": jpeg,
    });
    const media: MediaEntry[] = source.entries.map((entry) => ({
      source,
      entry,
      name: readMediaName(entry.name)!,
    }));
    const report = emptyReport();
    await importMedia(catalog, dir, media, memorySink(), report);
    assertEquals([report.mediaWritten, report.damaged], [2, []]);

    const rows = await db.selectFrom("files").select(["item_id", "kind", "path", "bytes"])
      .orderBy("item_id").execute();
    assertEquals(rows, [
      {
        item_id: "51000000001",
        kind: "original",
        path: "photos/2020/09/51000000001_harbour.png",
        bytes: png.length,
      },
      { item_id: "51000000002", kind: "original", path: copies["51000000002"], bytes: jpeg.length },
    ]);
    assertEquals(await Deno.readFile(`${dir}/photos/2020/09/51000000001_harbour.png`), png);
    assertEquals(await Deno.readFile(`${dir}/${copies["51000000002"]}`), jpeg);
    // The copy under another name is gone with its row; nothing else is left beside them.
    const left = [...Deno.readDirSync(`${dir}/photos/2020/09`)].map((e) => e.name).sort();
    assertEquals(left, ["51000000001_harbour.png", "51000000002_tram.jpg"]);
    assert(!left.some((n) => n.includes(".part-")), "no temporary file left");
  });
});
