import { assert, assertEquals } from "../../tests/assert.ts";
import { OWNER_NAME, seedCatalog, type SeededArchive } from "../../tests/seed_catalog.ts";
import { type Catalog, openCatalog } from "./db.ts";
import { item, withCatalog } from "./test_helpers.ts";
import { replaceCommentsBulk, upsertItems } from "./writes.ts";
import {
  avatarPath,
  currentFile,
  DETAIL_BATCH,
  exifEntries,
  fileById,
  getPhotoDetail,
  getPhotoDetails,
} from "./browse_photo.ts";

async function withSeeded(fn: (c: Catalog, s: SeededArchive) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fv_browse_photo_" });
  try {
    const seeded = await seedCatalog(dir, { photos: 40, videos: 3, favorites: 8 });
    const catalog = await openCatalog(dir, { readonly: true });
    try {
      await fn(catalog, seeded);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("getPhotoDetail gathers comments, faves, notes, people, sets, licence and EXIF", async () => {
  await withSeeded(async (c, s) => {
    const d = (await getPhotoDetail(c.db, s.richId))!;
    assertEquals(d.comments.length, 6);
    assertEquals(d.comments[0].author.nsid, s.commenterNsid);
    assert(d.faves.length >= 8);
    assertEquals(d.notes.length, 2);
    assertEquals(d.people.length, 2);
    assertEquals(d.machineTags.map((t) => t.raw), ["dc:subject=harbour"]);
    assertEquals(d.tags.map((t) => t.raw).sort(), ["Harbour", "New York", "travel"]);
    assert(d.albums.length >= 2);
    assertEquals(d.groups.map((g) => g.name), ["Harbours of the World"]);
    assertEquals(d.license, {
      id: 11,
      name: "CC BY 4.0",
      url: "https://creativecommons.org/licenses/by/4.0/",
    });
    assert(d.exif.some((e) => e.tag === "Model"));
    assertEquals(d.files.map((f) => f.kind).sort(), ["display", "original", "thumb"]);
    assertEquals(await getPhotoDetail(c.db, "999"), null);
    // The archiver keeps the account owner out of `people`; the listing's ownername names them.
    assertEquals(d.owner.name, OWNER_NAME);
  });
});

Deno.test("getPhotoDetails reads a batch as one item at a time would, and leaves out absent ids", async () => {
  await withSeeded(async (c, s) => {
    const ids = [...s.ownIds, ...s.favoriteIds];
    assert(ids.length > 1 && ids.length < DETAIL_BATCH, "a batch padded to its fixed length");
    const batch = await getPhotoDetails(c.db, [...ids, "no-such-item"]);
    assertEquals(batch.size, ids.length);
    assertEquals(batch.has("no-such-item"), false);
    for (const id of ids) assertEquals(batch.get(id), await getPhotoDetail(c.db, id), id);
    assertEquals((await getPhotoDetails(c.db, [])).size, 0);
    // The richest item's child rows belong to it alone, not to the items read beside it.
    const rich = batch.get(s.richId)!;
    assertEquals(rich.comments.length, 6);
    const others = [...batch.values()].filter((d) => d.item.id !== s.richId);
    assert(
      others.every((d) => d.comments.every((cm) => !rich.comments.some((r) => r.id === cm.id))),
    );
  });
});

Deno.test("exifEntries reads flat, grouped and getExif's shapes, and leaves out what it cannot show", () => {
  assertEquals(exifEntries(null), []);
  assertEquals(exifEntries("not json"), []);
  assertEquals(exifEntries(JSON.stringify({ Make: "Canon", ISO: 200, Skip: null })), [
    { tag: "Make", value: "Canon" },
    { tag: "ISO", value: "200" },
  ]);
  assertEquals(
    exifEntries(JSON.stringify({ IFD0: { Model: "EOS 5D" }, GPS: { GPSLatitude: [40, 42, 46] } })),
    [{ tag: "Model", value: "EOS 5D" }, { tag: "GPSLatitude", value: "40, 42, 46" }],
  );
  // Flickr's getExif: the clean value where there is one, else the raw one.
  assertEquals(
    exifEntries(JSON.stringify([
      { tag: "FNumber", label: "Aperture", raw: { _content: "8.0" }, clean: { _content: "f/8.0" } },
      { tag: "ExposureTime", label: "Exposure", raw: { _content: "1/250" } },
    ])),
    [{ tag: "Aperture", value: "f/8.0" }, { tag: "Exposure", value: "1/250" }],
  );
  // A value too long to show (a maker note, a thumbnail) is left out.
  assertEquals(exifEntries(JSON.stringify({ MakerNote: "x".repeat(400), Make: "Nikon" })), [
    { tag: "Make", value: "Nikon" },
  ]);
});

Deno.test("currentFile, fileById and avatarPath find what the viewer serves, or null", async () => {
  await withSeeded(async (c, s) => {
    const original = (await currentFile(c.db, s.richId, "original"))!;
    assertEquals(original.item_id, s.richId);
    assertEquals(original.is_current, 1);
    assertEquals((await fileById(c.db, original.id))?.path, original.path);
    assertEquals(await currentFile(c.db, s.richId, "video"), null);
    assertEquals(await fileById(c.db, -1), null);
    assertEquals(await avatarPath(c.db, "nobody@N00"), null);
  });
});

Deno.test("getPhotoDetail: a comment whose date is unknown stays unknown and comes after the dated ones", async () => {
  await withCatalog(async (c) => {
    await upsertItems(c.db, [item("1")]);
    const comment = (id: string, date: number | null) => ({
      id,
      author: "2@N01",
      date_create: date,
      html: id,
      raw_json: "{}",
    });
    await replaceCommentsBulk(
      c.db,
      new Map([["1", [comment("a", null), comment("b", 200), comment("c", 100)]]]),
    );
    const d = await getPhotoDetail(c.db, "1");
    assertEquals(d?.comments.map((x) => [x.id, x.dateCreate]), [["c", 100], ["b", 200], [
      "a",
      null,
    ]]);
  });
});
