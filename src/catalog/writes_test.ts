import { assert, assertEquals } from "../../tests/assert.ts";
import { sql } from "kysely";
import { item, withCatalog } from "./test_helpers.ts";
import {
  finishRun,
  getMeta,
  markDeleted,
  plainText,
  refreshSearch,
  replaceAlbums,
  replaceCollections,
  replaceComments,
  replaceCommentsBulk,
  replaceFaves,
  replaceFavesBulk,
  replaceGalleries,
  replaceGroups,
  replaceNotes,
  replacePhotoPeople,
  replaceTags,
  saveApiResponse,
  saveApiResponses,
  setMeta,
  startRun,
  updateRun,
  upsertFiles,
  upsertItems,
  upsertLicenses,
  upsertPeople,
} from "./writes.ts";

Deno.test("upsertItems inserts 20,000 rows past its batch size, and all of them are searchable", async () => {
  await withCatalog(async ({ db }) => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      item(String(10_000 + i), {
        title: `Photo ${i}`,
        date_taken: "2020-01-02 03:04:05",
        date_uploaded: 1_600_000_000 + i,
        tags: "sea sky",
        latitude: 51.5,
        longitude: -0.1,
        info_json: "{}",
        exif_json: "{}",
      }));
    await upsertItems(db, rows);
    const { n } = await db.selectFrom("items").select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    assertEquals(n, 20_000);

    await refreshSearch(db, rows.map((r) => r.id));
    const hits = await sql<{ n: number }>`SELECT count(*) AS n FROM search
      WHERE search MATCH 'sky'`.execute(db);
    assertEquals(hits.rows[0].n, 20_000);
  });
});

Deno.test("upsertItems updates what a row defines and leaves pipeline state and first_seen_at alone", async () => {
  await withCatalog(async ({ db }) => {
    await upsertItems(db, [
      item("1", { title: "old", info_json: '{"a":1}', comments_synced: 3, count_comments: 3 }),
      item("2", { media: "video" }),
    ]);
    await upsertItems(db, [
      {
        ...item("1", { title: "new", first_seen_at: "2030-01-01T00:00:00Z" }),
        info_json: undefined,
        comments_synced: undefined,
      },
      item("3", { is_mine: 0, is_favorite_of_mine: 1, owner: "2@N02" }),
    ]);
    const rows = await db.selectFrom("items")
      .select([
        "id",
        "title",
        "info_json",
        "comments_synced",
        "first_seen_at",
        "media",
        "count_comments",
      ])
      .orderBy("id").execute();
    assertEquals(rows, [
      {
        id: "1",
        title: "new",
        info_json: '{"a":1}',
        comments_synced: 3,
        first_seen_at: "2024-01-01T00:00:00.000Z",
        media: "photo",
        count_comments: 3,
      },
      {
        id: "2",
        title: "",
        info_json: null,
        comments_synced: null,
        first_seen_at: "2024-01-01T00:00:00.000Z",
        media: "video",
        count_comments: null,
      },
      {
        id: "3",
        title: "",
        info_json: null,
        comments_synced: null,
        first_seen_at: "2024-01-01T00:00:00.000Z",
        media: "photo",
        count_comments: null,
      },
    ]);
    // `update` limits which columns change on existing rows.
    await upsertItems(db, [item("2", { title: "kept?", media: "photo" })], { update: ["title"] });
    const two = await db.selectFrom("items").select(["title", "media"]).where("id", "=", "2")
      .executeTakeFirstOrThrow();
    assertEquals(two, { title: "kept?", media: "video" });
  });
});

Deno.test("upsertFiles keeps one current file per item and kind, and earlier versions", async () => {
  await withCatalog(async ({ db }) => {
    await upsertItems(db, [item("1"), item("2")]);
    const file = (item_id: string, kind: string, path: string, sha256: string) => ({
      item_id,
      kind,
      path,
      bytes: 10,
      sha256,
      fetched_at: "2024-01-01T00:00:00Z",
    });
    await upsertFiles(db, [
      file("1", "original", "photos/1_a.jpg", "a"),
      file("1", "thumb", "thumbs/1.jpg", "t"),
      file("2", "original", "photos/2.jpg", "b"),
    ]);
    await db.updateTable("files").set({ verify_status: "altered" }).where("item_id", "=", "2")
      .execute();
    // photo 1 replaced on Flickr (new path), photo 2 fetched again to the same path
    await upsertFiles(db, [
      file("1", "original", "photos/1_b.jpg", "a2"),
      file("2", "original", "photos/2.jpg", "b2"),
    ]);
    const rows = await db.selectFrom("files")
      .select(["item_id", "kind", "path", "sha256", "is_current", "verify_status"])
      .orderBy("path").execute();
    assertEquals(rows, [
      {
        item_id: "1",
        kind: "original",
        path: "photos/1_a.jpg",
        sha256: "a",
        is_current: 0,
        verify_status: null,
      },
      {
        item_id: "1",
        kind: "original",
        path: "photos/1_b.jpg",
        sha256: "a2",
        is_current: 1,
        verify_status: null,
      },
      {
        item_id: "2",
        kind: "original",
        path: "photos/2.jpg",
        sha256: "b2",
        is_current: 1,
        verify_status: null,
      },
      {
        item_id: "1",
        kind: "thumb",
        path: "thumbs/1.jpg",
        sha256: "t",
        is_current: 1,
        verify_status: null,
      },
    ]);
  });
});

Deno.test("replace* writers replace one item's rows and leave other items alone", async () => {
  await withCatalog(async ({ db }) => {
    await upsertItems(db, [item("1"), item("2")]);
    const comment = (id: string, item_id: string) => ({
      id,
      item_id,
      author: "9@N09",
      date_create: Number(id),
      html: `comment ${id}`,
      raw_json: "{}",
    });
    await replaceCommentsBulk(
      db,
      new Map([["1", [comment("10", "1"), comment("11", "1")]], ["2", [comment("20", "2")]]]),
    );
    await replaceComments(db, "1", [comment("12", "1")]);
    const comments = await db.selectFrom("comments").select(["id", "item_id"]).orderBy("id")
      .execute();
    assertEquals(comments, [{ id: "12", item_id: "1" }, { id: "20", item_id: "2" }]);

    await replaceFavesBulk(
      db,
      new Map([["1", [{ nsid: "a", fave_date: 1 }, { nsid: "b", fave_date: 2 }, {
        nsid: "a",
        fave_date: 3,
      }]], ["2", [{ nsid: "c", fave_date: null }]]]),
    );
    await replaceFaves(db, "2", []);
    assertEquals(
      await db.selectFrom("faves").selectAll().orderBy("nsid").execute(),
      [{ item_id: "1", nsid: "a", fave_date: 3 }, { item_id: "1", nsid: "b", fave_date: 2 }],
    );

    await replaceTags(db, "1", [{ tag: "sea", raw: "Sea" }, {
      tag: "sky",
      raw: "Sky!",
      author: "x",
    }]);
    await replaceTags(db, "1", [{ tag: "sky", raw: "Sky" }]);
    assertEquals(await db.selectFrom("tags").select(["tag", "raw", "is_machine"]).execute(), [
      { tag: "sky", raw: "Sky", is_machine: 0 },
    ]);

    await replaceNotes(db, "2", [{ id: "n1", x: 1, y: 2, w: 3, h: 4, text: "hello" }]);
    await replacePhotoPeople(db, "2", [{ nsid: "p1" }, { nsid: "p2", x: 1, y: 1, w: 5, h: 5 }]);
    assertEquals(await db.selectFrom("notes").select(["id", "item_id", "text"]).execute(), [
      { id: "n1", item_id: "2", text: "hello" },
    ]);
    assertEquals(
      (await db.selectFrom("photo_people").select("nsid").orderBy("nsid").execute())
        .map((r) => r.nsid),
      ["p1", "p2"],
    );
  });
});

Deno.test("replaceCommentsBulk writes thousands of items' comments in one call", async () => {
  await withCatalog(async ({ db }) => {
    const ids = Array.from({ length: 3000 }, (_, i) => String(i + 1));
    await upsertItems(db, ids.map((id) => item(id)));
    const byItem = new Map(ids.map((id) => [
      id,
      [0, 1, 2].map((k) => ({
        id: `${id}-${k}`,
        author: "9@N09",
        date_create: k,
        html: "x",
        raw_json: "{}",
      })),
    ]));
    await replaceCommentsBulk(db, byItem);
    const { n } = await db.selectFrom("comments").select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    assertEquals(n, 9000);
  });
});

Deno.test("upsertPeople merges without erasing, and onlyFill never overwrites", async () => {
  await withCatalog(async ({ db }) => {
    const at = "2024-01-01T00:00:00Z";
    await upsertPeople(db, [
      { nsid: "a", username: "alice", realname: "Alice A", updated_at: at },
      { nsid: "b", username: "bob", updated_at: at },
    ]);
    await upsertPeople(db, [
      { nsid: "a", username: "alice2", realname: null, location: "Paris", updated_at: at },
      { nsid: "b", is_deleted: 1, updated_at: at },
    ]);
    await upsertPeople(db, [
      { nsid: "a", username: "commenter-name", ispro: 1, updated_at: at },
      { nsid: "c", username: "carol", updated_at: at },
    ], { onlyFill: true });
    await upsertPeople(db, [{ nsid: "b", username: "bobby", updated_at: at }]);
    const rows = await db.selectFrom("people")
      .select(["nsid", "username", "realname", "location", "ispro", "is_deleted"])
      .orderBy("nsid").execute();
    assertEquals(rows, [
      {
        nsid: "a",
        username: "alice2",
        realname: "Alice A",
        location: "Paris",
        ispro: 1,
        is_deleted: 0,
      },
      { nsid: "b", username: "bobby", realname: null, location: null, ispro: null, is_deleted: 1 },
      { nsid: "c", username: "carol", realname: null, location: null, ispro: null, is_deleted: 0 },
    ]);
  });
});

Deno.test("replaceAlbums, replaceCollections, replaceGalleries, replaceGroups replace lists", async () => {
  await withCatalog(async ({ db }) => {
    const album = (id: string, position: number, title = "") => ({
      id,
      position,
      title,
      raw_json: "{}",
    });
    await replaceAlbums(
      db,
      [album("A", 0), album("B", 1)],
      new Map([["A", ["1", "2", "1"]], [
        "B",
        ["3"],
      ]]),
    );
    await replaceAlbums(db, [album("B", 0, "Bee"), album("C", 1)], new Map([["C", ["4"]]]));
    assertEquals(
      await db.selectFrom("albums").select(["id", "position", "title"]).orderBy("id")
        .execute(),
      [{ id: "B", position: 0, title: "Bee" }, { id: "C", position: 1, title: "" }],
    );
    assertEquals(
      await db.selectFrom("album_items").selectAll().orderBy("album_id").orderBy("position")
        .execute(),
      [{ album_id: "B", item_id: "3", position: 0 }, { album_id: "C", item_id: "4", position: 0 }],
    );

    await replaceCollections(db, [
      { id: "K1", position: 0, raw_json: "{}" },
      { id: "K2", parent_id: "K1", position: 0, raw_json: "{}" },
    ], new Map([["K2", ["C", "B"]]]));
    assertEquals(
      await db.selectFrom("collection_albums").select(["album_id", "position"]).orderBy("position")
        .execute(),
      [{ album_id: "C", position: 0 }, { album_id: "B", position: 1 }],
    );
    await replaceCollections(db, [], new Map());
    assertEquals(await db.selectFrom("collection_albums").selectAll().execute(), []);

    await replaceGalleries(
      db,
      [{ id: "G", position: 0, raw_json: "{}" }],
      new Map([["G", [
        { item_id: "9", owner: "x", raw_json: "{}" },
        { item_id: "8", raw_json: "{}" },
      ]]]),
    );
    assertEquals(
      await db.selectFrom("gallery_items").select(["item_id", "position", "owner"]).orderBy(
        "position",
      ).execute(),
      [{ item_id: "9", position: 0, owner: "x" }, { item_id: "8", position: 1, owner: null }],
    );

    await replaceGroups(
      db,
      [{ id: "g1", name: "Group", position: 0, raw_json: "{}" }],
      new Map([[
        "g1",
        [{ item_id: "1", date_added: 5 }],
      ]]),
    );
    await replaceGroups(db, [{ id: "g2", position: 0, raw_json: "{}" }], new Map());
    assertEquals(await db.selectFrom("groups").select("id").execute(), [{ id: "g2" }]);
    assertEquals(await db.selectFrom("group_items").selectAll().execute(), []);

    await upsertLicenses(db, [{ id: 0, name: "All Rights Reserved", url: "" }, {
      id: 4,
      name: "CC BY",
      url: "u",
    }]);
    await upsertLicenses(db, [{ id: 4, name: "CC BY 2.0", url: "u" }]);
    assertEquals(await db.selectFrom("licenses").select(["id", "name"]).orderBy("id").execute(), [
      { id: 0, name: "All Rights Reserved" },
      { id: 4, name: "CC BY 2.0" },
    ]);
  });
});

Deno.test("api responses, runs, meta and markDeleted", async () => {
  await withCatalog(async ({ db }) => {
    await saveApiResponse(db, "flickr.photos.getInfo", "1", { photo: { id: "1" } });
    await saveApiResponses(db, [
      { method: "flickr.photos.getInfo", key: "1", body: '{"photo":{"id":"1","v":2}}' },
      { method: "flickr.people.getPhotos", key: "page=1", body: { photos: {} } },
    ]);
    assertEquals(
      await db.selectFrom("api_responses").select(["method", "key", "body"]).orderBy("method")
        .execute(),
      [
        { method: "flickr.people.getPhotos", key: "page=1", body: '{"photos":{}}' },
        { method: "flickr.photos.getInfo", key: "1", body: '{"photo":{"id":"1","v":2}}' },
      ],
    );

    const run = await startRun(db, "archive");
    await updateRun(db, run, { api_calls: 5 });
    await finishRun(db, run, "done", { api_calls: 12, bytes_downloaded: 100, summary: { new: 1 } });
    const row = await db.selectFrom("runs").selectAll().executeTakeFirstOrThrow();
    assertEquals(
      [row.kind, row.status, row.api_calls, row.retries, row.bytes_downloaded, row.summary_json],
      ["archive", "done", 12, 0, 100, '{"new":1}'],
    );
    assert(row.finished_at !== null);

    assertEquals(await getMeta(db, "user_nsid"), undefined);
    await setMeta(db, "user_nsid", "1@N01");
    await setMeta(db, "user_nsid", "2@N02");
    assertEquals(await getMeta(db, "user_nsid"), "2@N02");

    await upsertItems(db, [item("1"), item("2"), item("3")]);
    assertEquals(await markDeleted(db, ["1", "2", "404"], "2024-05-05T00:00:00Z"), 2);
    assertEquals(await markDeleted(db, ["1"]), 0);
    assertEquals(
      await db.selectFrom("items").select(["id", "deleted_on_flickr", "deleted_detected_at"])
        .orderBy("id").execute(),
      [
        { id: "1", deleted_on_flickr: 1, deleted_detected_at: "2024-05-05T00:00:00Z" },
        { id: "2", deleted_on_flickr: 1, deleted_detected_at: "2024-05-05T00:00:00Z" },
        { id: "3", deleted_on_flickr: 0, deleted_detected_at: null },
      ],
    );
  });
});

Deno.test("refreshSearch indexes titles, plain description text, tags, comments and places", async () => {
  await withCatalog(async ({ db }) => {
    await upsertItems(db, [
      item("1", {
        title: "Harbour at dawn",
        description: 'Seen from <a href="https://example.com">the pier</a> &amp; café',
        locality: "Brighton",
        country: "United Kingdom",
        tags: "boats",
      }),
      item("2", { title: "Other" }),
    ]);
    await replaceTags(db, "2", [{ tag: "lighthouse", raw: "Lighthouse" }]);
    await replaceComments(db, "2", [{
      id: "c1",
      author: "x",
      date_create: 1,
      html: "<b>wonderful</b> light",
      raw_json: "{}",
    }]);
    await refreshSearch(db, ["1", "2"]);
    await refreshSearch(db, ["1"]);
    const match = async (q: string) =>
      (await sql<{ item_id: string }>`SELECT item_id FROM search WHERE search MATCH ${q}
        ORDER BY item_id`.execute(db)).rows.map((r) => r.item_id);
    assertEquals(await match("harbour"), ["1"]);
    assertEquals(await match("pier"), ["1"]);
    assertEquals(await match("cafe"), ["1"]);
    assertEquals(await match("href"), []);
    assertEquals(await match("boats"), ["1"]);
    assertEquals(await match("brighton"), ["1"]);
    assertEquals(await match("lighthouse"), ["2"]);
    assertEquals(await match("wonderful"), ["2"]);
    const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM search`.execute(db);
    assertEquals(rows.rows[0].n, 2);
    const rowid = await sql<{ rowid: number }>`SELECT rowid FROM search WHERE item_id = '2'`
      .execute(db);
    assertEquals(rowid.rows[0].rowid, 2);
  });
});

Deno.test("plainText strips markup and decodes entities", () => {
  assertEquals(plainText("<p>a&nbsp;b &#233; &#x263A; &bogus;</p>"), "a b é ☺ &bogus;");
});
