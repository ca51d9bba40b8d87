import { assertEquals } from "../../tests/assert.ts";
import { listItems } from "./listing.ts";
import { item, withCatalog } from "./test_helpers.ts";
import {
  replaceAlbums,
  replaceComments,
  replaceFaves,
  upsertFiles,
  upsertItems,
} from "./writes.ts";

Deno.test("listItems gives every item once with its original, counts and albums", async () => {
  await withCatalog(async (catalog) => {
    const { db } = catalog;
    await upsertItems(db, [
      item("100", {
        title: "Dawn",
        date_taken: "2019-07-01 05:30:00",
        date_uploaded: 1_562_000_000,
      }),
      item("200", { media: "video", needs_manual_download: 1 }),
      item("300", { is_mine: 0, is_favorite_of_mine: 1, owner: "9@N09", title: "Theirs" }),
    ]);
    await upsertFiles(db, [
      {
        item_id: "100",
        kind: "original",
        path: "photos/2019/07/100_dawn.jpg",
        bytes: 42,
        sha256: "ab",
        fetched_at: "t",
      },
      {
        item_id: "100",
        kind: "thumb",
        path: "thumbs/100.jpg",
        bytes: 1,
        sha256: "c",
        fetched_at: "t",
      },
    ]);
    await replaceComments(db, "100", [{
      id: "c",
      author: "a",
      date_create: 1,
      html: "x",
      raw_json: "{}",
    }]);
    await replaceFaves(db, "100", [{ nsid: "a" }, { nsid: "b" }]);
    await replaceAlbums(db, [{ id: "A2", position: 0, raw_json: "{}" }, {
      id: "A1",
      position: 1,
      raw_json: "{}",
    }], new Map([["A2", ["100", "300"]], ["A1", ["100"]]]));

    const entries = await Array.fromAsync(listItems(catalog));
    assertEquals(entries, [
      {
        id: "100",
        media: "photo",
        owner: "1000@N01",
        title: "Dawn",
        date_taken: "2019-07-01 05:30:00",
        date_uploaded: "2019-07-01T16:53:20.000Z",
        is_favorite_of_mine: false,
        is_mine: true,
        original: "photos/2019/07/100_dawn.jpg",
        original_bytes: 42,
        original_sha256: "ab",
        comments: 1,
        faves: 2,
        albums: ["A1", "A2"],
        needs_manual_download: false,
        deleted_on_flickr: false,
      },
      {
        id: "200",
        media: "video",
        owner: "1000@N01",
        title: "",
        date_taken: null,
        date_uploaded: null,
        is_favorite_of_mine: false,
        is_mine: true,
        original: null,
        original_bytes: null,
        original_sha256: null,
        comments: 0,
        faves: 0,
        albums: [],
        needs_manual_download: true,
        deleted_on_flickr: false,
      },
      {
        id: "300",
        media: "photo",
        owner: "9@N09",
        title: "Theirs",
        date_taken: null,
        date_uploaded: null,
        is_favorite_of_mine: true,
        is_mine: false,
        original: null,
        original_bytes: null,
        original_sha256: null,
        comments: 0,
        faves: 0,
        albums: ["A2"],
        needs_manual_download: false,
        deleted_on_flickr: false,
      },
    ]);
  });
});

Deno.test("listItems pages through many items without repeating or skipping", async () => {
  await withCatalog(async (catalog) => {
    const ids = Array.from({ length: 2345 }, (_, i) => String(i * 7 + 1));
    await upsertItems(catalog.db, ids.map((id) => item(id)));
    const seen = [];
    for await (const e of listItems(catalog, 100)) seen.push(e.id);
    assertEquals(seen, [...ids].sort());
  });
});
