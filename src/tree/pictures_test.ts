import { assert, assertEquals } from "../../tests/assert.ts";
import { readTags } from "../../tests/exiftool.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import type { Catalog } from "../catalog/db.ts";
import type { FileRow } from "../catalog/schema.ts";
import { item, withCatalog, writeArchiveFile } from "../catalog/test_helpers.ts";
import { upsertFiles, upsertItems } from "../catalog/writes.ts";
import { sha256File } from "../files/hash.ts";
import { makeMissingPictures, UNREADABLE_META } from "./pictures.ts";
import { Progress } from "../progress.ts";

/** Item id → the original it gets (a fixture file) and the media kind. */
const ORIGINALS: Record<string, { file: string[]; media?: "video" }> = {
  "5100000001": { file: ["media", "portrait_6.jpg"] }, // 1200x900, EXIF orientation 6
  "5100000002": { file: ["media", "exif-at-eof.heic"] }, // iPhone HEIC, 3024x4032
  "5100000003": { file: ["media", "exifr_IMG_20180725_163423-2.png"] }, // 40x30 PNG
  "5100000004": { file: ["media", "Crémieux11.tiff"] }, // 199x47 TIFF
  "5100000005": { file: ["pictures", "gradient_300x200.gif"] },
  "5100000006": { file: ["media", "with-gps.mp4"], media: "video" },
};

/** Puts each item's original in the archive and records it as `archive` or `import` does. */
async function seed(catalog: Catalog, dir: string, originals = ORIGINALS) {
  await upsertItems(
    catalog.db,
    Object.entries(originals).map(([id, o]) => item(id, { media: o.media ?? "photo" })),
  );
  for (const [id, o] of Object.entries(originals)) {
    const name = o.file[o.file.length - 1];
    const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
    await record(
      catalog,
      dir,
      id,
      `photos/2019/07/${id}_x.${ext}`,
      await Deno.readFile(fixturePath(...o.file)),
    );
  }
}

async function record(
  catalog: Catalog,
  dir: string,
  id: string,
  rel: string,
  bytes: Uint8Array<ArrayBuffer>,
  kind = "original",
) {
  const f = await writeArchiveFile(dir, rel, bytes);
  await upsertFiles(catalog.db, [{ item_id: id, kind, ...f, fetched_at: "2024-01-01" }]);
}

async function current(catalog: Catalog, kind: string): Promise<Map<string, FileRow>> {
  const rows = await catalog.db.selectFrom("files").selectAll().where("kind", "=", kind)
    .where("is_current", "=", 1).execute();
  return new Map(rows.map((r) => [r.item_id, r]));
}

function capture() {
  const lines: string[] = [];
  const progress = new Progress(
    { line: (t) => lines.push(t), status() {} },
    { callsPerHour: 0, callsMade: 0 },
  );
  return { lines, progress };
}

Deno.test("pictures: a display copy and a thumbnail from each photo's original, upright; none for a video", async () => {
  await withCatalog(async (catalog, dir) => {
    await seed(catalog, dir);
    const { lines, progress } = capture();
    const problems: string[] = [];
    const s = await makeMissingPictures(catalog, dir, {
      progress,
      problem: (t) => problems.push(t),
    });
    assertEquals(problems, []);
    assertEquals({ items: s.items, made: s.made, failed: s.failed }, {
      items: 5,
      made: 10,
      failed: 0,
    });
    assert(
      lines.some((l) => l.startsWith("pictures: 10 files made for 5 photos")),
      lines.join("\n"),
    );

    const originals = await current(catalog, "original");
    const displays = await current(catalog, "display");
    const thumbs = await current(catalog, "thumb");
    assertEquals([...displays.keys()].sort(), Object.keys(ORIGINALS).slice(0, 5));
    assertEquals([...thumbs.keys()].sort(), Object.keys(ORIGINALS).slice(0, 5));

    const rows = [...displays.values(), ...thumbs.values()];
    const tags = await readTags(rows.map((r) => `${dir}/${r.path}`));
    const seen: Record<string, string> = {};
    for (const [i, r] of rows.entries()) {
      // Recorded as every file is: its own hash and size, the original it was made from.
      assertEquals(await sha256File(`${dir}/${r.path}`), { bytes: r.bytes, sha256: r.sha256 });
      assertEquals(r.made_from, originals.get(r.item_id)!.sha256);
      assertEquals([r.content_type, r.secret], ["image/jpeg", null]);
      // ExifTool, an independent reader, agrees on what the file is.
      const t = tags[i];
      assertEquals(t["File:FileType"], "JPEG");
      assertEquals([t["File:ImageWidth"], t["File:ImageHeight"]], [r.width, r.height]);
      assertEquals(t["IFD0:Orientation"] ?? 1, 1, `${r.path} carries a turn`);
      seen[`${r.item_id} ${r.kind}`] = `${r.width}x${r.height}`;
    }
    assertEquals(seen, {
      // Portrait: the EXIF orientation 6 is applied, not carried.
      "5100000001 display": "768x1024",
      "5100000001 thumb": "150x150",
      "5100000002 display": "768x1024",
      "5100000002 thumb": "150x150",
      // Never enlarged: a small original's copies are its own size, the thumbnail its square.
      "5100000003 display": "40x30",
      "5100000003 thumb": "30x30",
      "5100000004 display": "199x47",
      "5100000004 thumb": "47x47",
      "5100000005 display": "300x200",
      "5100000005 thumb": "150x150",
    });
    assertEquals(displays.get("5100000001")!.path, "display/01/5100000001_b.jpg");
    assertEquals(thumbs.get("5100000001")!.path, "thumbs/01/5100000001_q.jpg");
    // The iPhone's Display P3 profile stays with the copy, so its colours do too.
    const heic = tags[rows.findIndex((r) => r.item_id === "5100000002")];
    assertEquals(heic["ICC-header:ColorSpaceData"] ?? heic["ICC_Profile:ColorSpaceData"], "RGB ");
  });
});

Deno.test("pictures: a re-run makes nothing; a changed original or a lost copy is made again; Flickr's copies stay", async () => {
  await withCatalog(async (catalog, dir) => {
    const some = Object.fromEntries(Object.entries(ORIGINALS).slice(0, 3));
    await seed(catalog, dir, some);
    // Photo 3 already has Flickr's display copy (no `made_from`), but no thumbnail.
    const flickrs = await Deno.readFile(fixturePath("media", "Canon_40D.jpg"));
    await record(catalog, dir, "5100000003", "display/03/5100000003_b.jpg", flickrs, "display");
    const first = await makeMissingPictures(catalog, dir);
    assertEquals(first.made, 5);
    const display3 = (await current(catalog, "display")).get("5100000003")!;
    assertEquals([display3.made_from, display3.bytes], [null, flickrs.length]);

    const before = await current(catalog, "thumb");
    const mtime = async (rel: string) => (await Deno.stat(`${dir}/${rel}`)).mtime?.getTime();
    const mtimes = await Promise.all([...before.values()].map((r) => mtime(r.path)));
    const { lines, progress } = capture();
    const again = await makeMissingPictures(catalog, dir, { progress });
    assertEquals([again.items, again.made], [0, 0]);
    assertEquals(lines, [], "a run with nothing to make says nothing");
    assertEquals(await Promise.all([...before.values()].map((r) => mtime(r.path))), mtimes);

    // A new original for photo 1 (import upgraded it); photo 2's thumbnail lost, as verify found.
    await record(
      catalog,
      dir,
      "5100000001",
      "photos/2019/07/5100000001_x.jpg",
      await Deno.readFile(fixturePath("media", "Canon EOS 7D.jpg")),
    );
    await Deno.remove(`${dir}/${before.get("5100000002")!.path}`);
    await catalog.db.updateTable("files").set({ verify_status: "missing" })
      .where("id", "=", before.get("5100000002")!.id).execute();
    const third = await makeMissingPictures(catalog, dir);
    assertEquals([third.items, third.made], [2, 3]);
    const thumbs = await current(catalog, "thumb");
    const original1 = (await current(catalog, "original")).get("5100000001")!;
    assertEquals(thumbs.get("5100000001")!.made_from, original1.sha256);
    assertEquals((await current(catalog, "display")).get("5100000001")!.height, 1024);
    assertEquals(thumbs.get("5100000002")!.verify_status, null);
    assertEquals(
      await sha256File(`${dir}/${thumbs.get("5100000002")!.path}`),
      { bytes: thumbs.get("5100000002")!.bytes, sha256: thumbs.get("5100000002")!.sha256 },
    );
    assertEquals((await current(catalog, "display")).get("5100000003")!.made_from, null);

    // A favourite with only a smaller copy (`largest`) gets pictures from it; one that has both
    // (an original arrived beside the copy) is counted once and made from its original.
    await upsertItems(catalog.db, [item("5100000007"), item("5100000008")]);
    const small = await Deno.readFile(fixturePath("media", "Canon_40D.jpg"));
    const big = await Deno.readFile(fixturePath("media", "Nikon D1X.jpg"));
    await record(catalog, dir, "5100000007", "favorites/x/5100000007_l.jpg", small, "largest");
    await record(catalog, dir, "5100000008", "favorites/x/5100000008_l.jpg", small, "largest");
    await record(catalog, dir, "5100000008", "favorites/x/5100000008_o.jpg", big);
    const fourth = await makeMissingPictures(catalog, dir);
    assertEquals([fourth.items, fourth.made], [2, 4]);
    const displays = await current(catalog, "display");
    assertEquals(displays.get("5100000007")!.width, 200);
    assertEquals(displays.get("5100000008")!.width, 1024);
  });
});

Deno.test("pictures: an original that cannot be read is reported once, then left alone until it changes", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("5100000009")]);
    const rel = "photos/2019/07/5100000009_x.jpg";
    await record(catalog, dir, "5100000009", rel, new TextEncoder().encode("not a picture at all"));
    const problems: string[] = [];
    const first = await makeMissingPictures(catalog, dir, { problem: (t) => problems.push(t) });
    assertEquals([first.failed, first.made], [1, 0]);
    assertEquals(problems.length, 1);
    assertEquals(
      problems[0],
      `photo 5100000009: cannot make its thumbnail and display copy from ${rel}: ` +
        "it is not a picture in a format flickrvault reads",
    );
    assert(
      (await catalog.db.selectFrom("meta").select("value").where("key", "=", UNREADABLE_META)
        .executeTakeFirst())?.value.includes("5100000009"),
    );

    const { lines, progress } = capture();
    const second = await makeMissingPictures(catalog, dir, {
      progress,
      problem: (t) => problems.push(t),
    });
    assertEquals([second.failed, second.skipped, problems.length, lines], [0, 1, 1, []]);

    await record(
      catalog,
      dir,
      "5100000009",
      rel,
      await Deno.readFile(fixturePath("media", "Canon_40D.jpg")),
    );
    const third = await makeMissingPictures(catalog, dir);
    assertEquals([third.made, third.failed], [2, 0]);
  });
});
