import { assertEquals, assertRejects } from "../../tests/assert.ts";
import type { Catalog } from "./db.ts";
import { item, withCatalog } from "./test_helpers.ts";
import {
  collectionTree,
  getAlbum,
  getGallery,
  getGroup,
  listAlbums,
  listGalleries,
  listGroups,
} from "./browse_sets.ts";
import {
  replaceAlbums,
  replaceCollections,
  replaceGalleries,
  replaceGroups,
  upsertFiles,
  upsertItems,
} from "./writes.ts";

/** Items with a current thumbnail each (and an old one that is no longer current). */
async function itemsWithThumbs(c: Catalog, ids: string[]): Promise<Map<string, number>> {
  await upsertItems(c.db, ids.map((id) => item(id, { title: `Item ${id}` })));
  const file = (id: string, current: number) => ({
    item_id: id,
    kind: "thumb",
    path: `thumbs/${id}${current ? "" : "_old"}.jpg`,
    bytes: 10,
    sha256: `${id}${current}`.padEnd(64, "0"),
    fetched_at: "2024-01-01T00:00:00.000Z",
    width: 100,
    height: 75,
    is_current: current,
  });
  await upsertFiles(c.db, ids.flatMap((id) => [file(id, 0), file(id, 1)]));
  const rows = await c.db.selectFrom("files").select(["id", "item_id"]).where("is_current", "=", 1)
    .execute();
  return new Map(rows.map((r) => [r.item_id, r.id]));
}

const album = (id: string, position: number, over: Record<string, unknown> = {}) => ({
  id,
  position,
  raw_json: "{}",
  title: `Album ${id}`,
  ...over,
});

Deno.test("listAlbums and getAlbum: the person's order a page at a time, with the cover's current thumbnail", async () => {
  await withCatalog(async (c) => {
    const thumbs = await itemsWithThumbs(c, ["1", "2"]);
    await replaceAlbums(
      c.db,
      [
        album("z", 0, { primary_photo_id: "2", count_photos: 3, count_videos: 1, date_create: 5 }),
        album("a", 1, { primary_photo_id: "gone" }),
        album("m", 2, { title: "Été 写真" }),
      ],
      new Map([["z", ["1", "2"]], ["m", []]]),
    );
    const first = await listAlbums(c.db, { limit: 2 });
    assertEquals(first.items.map((a) => a.id), ["z", "a"], "the person's order, not by id");
    const z = first.items[0];
    assertEquals([z.countPhotos, z.countVideos, z.archived, z.dateCreate], [3, 1, 2, 5]);
    assertEquals(z.cover, {
      fileId: thumbs.get("2")!,
      sha256: "21".padEnd(64, "0"),
      width: 100,
      height: 75,
    });
    assertEquals(first.items[1].cover, null, "a cover not in the archive has no thumbnail");
    const rest = await listAlbums(c.db, { after: first.next, limit: 2 });
    assertEquals([rest.items.map((a) => a.title), rest.next], [["Été 写真"], null]);
    // The limit is clamped: 0 still gives one album.
    assertEquals((await listAlbums(c.db, { limit: 0 })).items.length, 1);
    assertEquals((await getAlbum(c.db, "m"))?.archived, 0);
    assertEquals(await getAlbum(c.db, "nope"), null);
    await assertRejects(
      () => listAlbums(c.db, { after: "not a cursor" }),
      "Cannot read the page cursor",
    );
  });
});

Deno.test("collectionTree: nested in the person's order; an album not stored shows its id", async () => {
  await withCatalog(async (c) => {
    assertEquals(await collectionTree(c.db), []);
    await replaceAlbums(c.db, [album("a1", 0)], new Map());
    const coll = (id: string, parent: string | null, position: number) => ({
      id,
      parent_id: parent,
      position,
      title: id.toUpperCase(),
      raw_json: "{}",
    });
    await replaceCollections(
      c.db,
      [
        coll("second", null, 1),
        coll("first", null, 0),
        coll("child", "first", 0),
        coll("orphan", "missing", 2),
      ],
      new Map([["child", ["a1", "a-unknown"]]]),
    );
    const tree = await collectionTree(c.db);
    // A collection whose parent is not stored is shown at the top rather than lost.
    assertEquals(tree.map((t) => t.id), ["first", "second", "orphan"]);
    assertEquals(tree[0].children.map((t) => t.title), ["CHILD"]);
    assertEquals(tree[0].children[0].albums.map((a) => a.title), ["Album a1", "a-unknown"]);
  });
});

Deno.test("listGalleries and getGallery: the cover is the first entry with a thumbnail; others' photos not archived keep the listing's title", async () => {
  await withCatalog(async (c) => {
    const thumbs = await itemsWithThumbs(c, ["2", "3"]);
    await replaceGalleries(
      c.db,
      [album("g", 0, { url: null, count_photos: 3 })],
      new Map([["g", [
        { item_id: "9", owner: "5@N01", title: "Someone's bridge", raw_json: "{}" },
        { item_id: "3", raw_json: "{}" },
        { item_id: "2", raw_json: "{}" },
      ]]]),
    );
    const [g] = await listGalleries(c.db);
    assertEquals([g.id, g.countPhotos, g.cover?.fileId], ["g", 3, thumbs.get("3")]);
    const got = await getGallery(c.db, "g");
    assertEquals(got!.entries.map((e) => [e.id, e.owner, e.title, e.item?.id ?? null]), [
      ["9", "5@N01", "Someone's bridge", null],
      ["3", null, "Item 3", "3"],
      ["2", null, "Item 2", "2"],
    ]);
    assertEquals(await getGallery(c.db, "missing"), null);
  });
});

Deno.test("listGroups and getGroup: items in each pool; the cover is the latest added with a thumbnail", async () => {
  await withCatalog(async (c) => {
    const thumbs = await itemsWithThumbs(c, ["1", "2"]);
    const group = (id: string, position: number, name: string) => ({
      id,
      position,
      name,
      raw_json: "{}",
    });
    await replaceGroups(
      c.db,
      [group("p", 0, "Bridges"), group("e", 1, "Empty")],
      new Map([
        ["p", [{ item_id: "1", date_added: 100 }, { item_id: "2", date_added: 200 }, {
          item_id: "x",
          date_added: 300,
        }]],
      ]),
    );
    const groups = await listGroups(c.db);
    assertEquals(groups.map((g) => [g.id, g.name, g.items, g.cover?.fileId ?? null]), [
      ["p", "Bridges", 3, thumbs.get("2")],
      ["e", "Empty", 0, null],
    ]);
    assertEquals((await getGroup(c.db, "e"))?.name, "Empty");
    assertEquals(await getGroup(c.db, "nope"), null);
  });
});
