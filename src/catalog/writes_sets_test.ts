import { assertEquals } from "../../tests/assert.ts";
import type { Catalog } from "./db.ts";
import { withCatalog } from "./test_helpers.ts";
import {
  replaceAlbums,
  replaceCollections,
  replaceGalleries,
  replaceGroups,
} from "./writes_sets.ts";

const set = (id: string, position: number) => ({ id, position, raw_json: "{}" });

async function albumItems(c: Catalog): Promise<string[]> {
  const rows = await c.db.selectFrom("album_items").select(["album_id", "item_id", "position"])
    .orderBy("album_id").orderBy("position").execute();
  return rows.map((r) => `${r.album_id}:${r.item_id}@${r.position}`);
}

Deno.test("replaceAlbums: the list is replaced whole; an album's items only when given", async () => {
  await withCatalog(async (c) => {
    await replaceAlbums(
      c.db,
      [set("a", 0), set("b", 1), set("c", 2)],
      new Map([["a", ["1", "2"]], ["b", ["3"]], ["c", ["4"]]]),
    );
    // b is gone from Flickr: it goes with its items. c is listed without its items (not fetched
    // this run): its stored items stay. a's items are replaced, duplicates kept once, in order.
    await replaceAlbums(c.db, [set("c", 0), set("a", 1)], new Map([["a", ["2", "5", "2", "1"]]]));
    const albums = await c.db.selectFrom("albums").select(["id", "position"]).orderBy("position")
      .execute();
    assertEquals(albums, [{ id: "c", position: 0 }, { id: "a", position: 1 }]);
    assertEquals(await albumItems(c), ["a:2@0", "a:5@1", "a:1@2", "c:4@0"]);
    // An empty list removes every album and every album's items.
    await replaceAlbums(c.db, [], new Map());
    assertEquals(await c.db.selectFrom("albums").select("id").execute(), []);
    assertEquals(await albumItems(c), []);
  });
});

Deno.test("replaceAlbums: thousands of albums and items in one call (statements stay under SQLite's limits)", async () => {
  await withCatalog(async (c) => {
    const albums = Array.from({ length: 3000 }, (_, i) => set(`al${i}`, i));
    const items = new Map(
      albums.slice(0, 20).map((a) => [a.id, Array.from({ length: 100 }, (_, k) => `${k}`)]),
    );
    await replaceAlbums(c.db, albums, items);
    await replaceAlbums(c.db, albums.slice(1), new Map());
    const count = await c.db.selectFrom("albums").select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const members = await c.db.selectFrom("album_items").select((eb) =>
      eb.fn.countAll<number>().as("n")
    )
      .executeTakeFirstOrThrow();
    assertEquals([Number(count.n), Number(members.n)], [2999, 19 * 100]);
  });
});

Deno.test("replaceCollections: the tree and each collection's albums, by the same rules", async () => {
  await withCatalog(async (c) => {
    const coll = (id: string, parent: string | null, position: number) => ({
      id,
      parent_id: parent,
      position,
      raw_json: "{}",
      title: id,
    });
    await replaceCollections(
      c.db,
      [coll("top", null, 0), coll("sub", "top", 0)],
      new Map([["top", ["a1", "a2"]], ["sub", ["a3"]]]),
    );
    await replaceCollections(c.db, [coll("top", null, 0)], new Map());
    const links = await c.db.selectFrom("collection_albums").select(["collection_id", "album_id"])
      .orderBy("position").execute();
    assertEquals(links.map((l) => `${l.collection_id}:${l.album_id}`), ["top:a1", "top:a2"]);
  });
});

Deno.test("replaceGalleries and replaceGroups: an entry listed twice is kept once, as last listed", async () => {
  await withCatalog(async (c) => {
    await replaceGalleries(
      c.db,
      [set("g", 0)],
      new Map([["g", [
        { item_id: "1", owner: "5@N01", title: "First", raw_json: "{}" },
        { item_id: "2", raw_json: "{}" },
        { item_id: "1", owner: "5@N01", title: "Renamed", raw_json: "{}" },
      ]]]),
    );
    const entries = await c.db.selectFrom("gallery_items").select([
      "item_id",
      "owner",
      "title",
      "position",
    ])
      .orderBy("position").execute();
    assertEquals(entries.map((e) => [e.item_id, e.owner, e.title]), [
      ["2", null, null],
      ["1", "5@N01", "Renamed"],
    ]);
    await replaceGroups(
      c.db,
      [set("p", 0), set("q", 1)],
      new Map([
        ["p", [{ item_id: "1", date_added: 10 }, { item_id: "1", date_added: 20 }]],
        ["q", [{ item_id: "2" }]],
      ]),
    );
    const pools = await c.db.selectFrom("group_items").select(["group_id", "item_id", "date_added"])
      .orderBy("group_id").execute();
    // No date given is an unknown date, not the epoch.
    assertEquals(pools, [
      { group_id: "p", item_id: "1", date_added: 20 },
      { group_id: "q", item_id: "2", date_added: null },
    ]);
  });
});
