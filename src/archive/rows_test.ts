import { assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { parsePhotoList } from "../flickr/responses.ts";
import { withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import { listedToItem, photoPageUrl, videoOriginalUrl, wwwOrigin } from "./rows.ts";

const NOW = "2024-05-01T10:00:00.000Z";

async function realListing() {
  const path = fixturePath(
    "flickr-api/flickr.people.getPhotos__janko_flickr-objects__flickr-people-getPhotos-1.json",
  );
  return parsePhotoList(JSON.parse(await Deno.readTextFile(path)));
}

Deno.test("rows: a real people.getPhotos entry becomes an items row of what it carries", async () => {
  const photo = (await realListing()).items.find((p) => p.id === "10115956703")!;
  const row = listedToItem(photo, {
    source: "own",
    userNsid: "78733179@N04",
    now: NOW,
    wwwOrigin: wwwOrigin(undefined),
  });
  assertEquals(row, {
    id: "10115956703",
    owner: "78733179@N04",
    media: "photo",
    is_mine: 1,
    title: "Jon Snow",
    description: "It's a photo",
    date_taken: "2013-10-06 14:06:41",
    date_taken_granularity: 0,
    date_taken_unknown: 0,
    date_uploaded: 1381061206,
    last_update: 1381067365,
    license: 0,
    is_public: 1,
    is_friend: 0,
    is_family: 0,
    views: 0,
    tags: "foo vision:night=077",
    machine_tags: "",
    latitude: 45.807258,
    longitude: 15.967599,
    accuracy: 11,
    place_id: "00j4IylZV7scWik",
    woeid: "851128",
    server: "2822",
    secret: "b14e1be9d0",
    original_secret: "e40de5bf26",
    original_format: "jpg",
    path_alias: null,
    media_status: "ready",
    photopage_url: "https://www.flickr.com/photos/78733179@N04/10115956703/",
    deleted_on_flickr: 0,
    deleted_detected_at: null,
    listing_json: JSON.stringify(photo.raw),
    first_seen_at: NOW,
    updated_at: NOW,
  });
});

Deno.test("rows: favourites are others' items with their fave date; geo-less items clear geo", async () => {
  const listing = await realListing();
  const photo = {
    ...listing.items[0],
    latitude: undefined,
    longitude: undefined,
    dateFaved: 1700000000,
  };
  const row = listedToItem(photo, {
    source: "favorites",
    userNsid: "1@N01",
    now: NOW,
    wwwOrigin: "http://127.0.0.1:9999",
  });
  assertEquals(
    [row.is_mine, row.is_favorite_of_mine, row.faved_at, row.latitude, row.place_id],
    [0, 1, 1700000000, null, null],
  );
  assertEquals(row.photopage_url?.startsWith("http://127.0.0.1:9999/photos/"), true);
});

Deno.test("rows: upserting a listed row keeps the pipeline state and first_seen_at", async () => {
  await withCatalog(async ({ db }) => {
    const photo = (await realListing()).items[0];
    const opts = {
      source: "own" as const,
      userNsid: "x@N01",
      now: NOW,
      wwwOrigin: "https://www.flickr.com",
    };
    await upsertItems(db, [listedToItem(photo, opts)]);
    await db.updateTable("items").set({ info_json: "{}", comments_synced: 3, has_people: 1 })
      .where("id", "=", photo.id).execute();
    const later = "2024-06-01T00:00:00.000Z";
    await upsertItems(db, [listedToItem({ ...photo, title: "Renamed" }, { ...opts, now: later })]);
    const row = await db.selectFrom("items").selectAll().where("id", "=", photo.id)
      .executeTakeFirstOrThrow();
    assertEquals(
      [
        row.title,
        row.info_json,
        row.comments_synced,
        row.has_people,
        row.first_seen_at,
        row.updated_at,
      ],
      ["Renamed", "{}", 3, 1, NOW, later],
    );
  });
});

Deno.test("rows: a later entry without some extras keeps what an earlier one said", async () => {
  await withCatalog(async ({ db }) => {
    const photo = (await realListing()).items.find((p) => p.id === "10115956703")!;
    const opts = { source: "own" as const, userNsid: "x@N01", now: NOW, wwwOrigin: "https://x" };
    const full = { ...photo.raw as Record<string, unknown>, count_comments: "2", count_faves: "9" };
    await upsertItems(db, [listedToItem(parsePhotoList(page(full)).items[0], opts)]);
    // The same photo listed again without description, tags, geo, licence, counts, url_o...
    const dropped = [
      "description",
      "tags",
      "machine_tags",
      "latitude",
      "longitude",
      "accuracy",
      "license",
      "count_comments",
      "count_faves",
      "originalsecret",
      "originalformat",
      "url_o",
      "lastupdate",
      "datetaken",
    ];
    const sparse = Object.fromEntries(Object.entries(full).filter(([k]) => !dropped.includes(k)));
    await upsertItems(db, [listedToItem(parsePhotoList(page(sparse)).items[0], opts)]);
    const row = await db.selectFrom("items").selectAll().where("id", "=", photo.id)
      .executeTakeFirstOrThrow();
    assertEquals(
      [row.description, row.tags, row.latitude, row.license, row.count_comments, row.count_faves],
      ["It's a photo", "foo vision:night=077", 45.807258, 0, 2, 9],
    );
    assertEquals(
      [row.original_secret, row.last_update, row.date_taken],
      ["e40de5bf26", 1381067365, "2013-10-06 14:06:41"],
    );
    // A new row from a sparse entry has no counts: unknown, not 0.
    const other = { ...sparse, id: "42" };
    await upsertItems(db, [listedToItem(parsePhotoList(page(other)).items[0], opts)]);
    const fresh = await db.selectFrom("items").select(["count_comments", "count_faves", "tags"])
      .where("id", "=", "42").executeTakeFirstOrThrow();
    assertEquals(fresh, { count_comments: null, count_faves: null, tags: "" });
  });
});

function page(photo: Record<string, unknown>) {
  return { photos: { page: 1, pages: 1, perpage: 1, total: "1", photo: [photo] }, stat: "ok" };
}

Deno.test("rows: photo pages and video play URLs follow the origin, the path alias or the owner", () => {
  assertEquals(
    photoPageUrl("https://www.flickr.com", { id: "1", owner: "2@N01", pathAlias: "me" }),
    "https://www.flickr.com/photos/me/1/",
  );
  assertEquals(
    videoOriginalUrl("http://127.0.0.1:8", { id: "1", owner: "2@N01", originalSecret: "ab12" }),
    "http://127.0.0.1:8/photos/2@N01/1/play/orig/ab12/",
  );
  assertEquals(wwwOrigin("http://127.0.0.1:8/"), "http://127.0.0.1:8");
});
