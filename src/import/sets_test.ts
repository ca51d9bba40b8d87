import { assertEquals } from "../../tests/assert.ts";
import { withCatalog } from "../catalog/test_helpers.ts";
import { STRUCTURE_REFRESHED_AT } from "../catalog/meta_keys.ts";
import { setMeta } from "../catalog/writes.ts";
import type { Located, ReadJson } from "./export_files.ts";
import { emptyReport } from "./report.ts";
import { importAlbums, importGalleries, importGroups } from "./sets.ts";
import type { ExportSource } from "./sources.ts";

/** The export's named JSON files, held in memory; `null` stands for a file that cannot be read. */
function files(
  byName: Record<string, unknown>,
): { named: Map<string, Located>; readJson: ReadJson } {
  const source = { label: "/x/part1.zip" } as ExportSource;
  const named = new Map(
    Object.keys(byName).map((name) => [name, { source, entry: { name, size: 0 } }]),
  );
  const readJson: ReadJson = (at) =>
    Promise.resolve((byName[at.entry.name] ?? undefined) as Record<string, unknown> | undefined);
  return { named, readJson };
}

const album = (id: string, photos: string[], over: Record<string, unknown> = {}) => ({
  id,
  title: `Album ${id}`,
  photo_count: String(photos.length),
  created: "1262304000",
  photos,
  ...over,
});

Deno.test("importAlbums: every part of albums.json, in part order; counts exact only when every photo has a record", async () => {
  await withCatalog(async (catalog) => {
    // Parts 2 and 10: the number orders them, not the name.
    const { named, readJson } = files({
      "albums_part10.json": { albums: [album("3", [])] },
      "albums_part2.json": { albums: [album("2", ["101", "999"], { photo_count: "7" })] },
      "albums.json": {
        albums: [
          album("1", ["101", "102", "x"], {
            cover_photo: "https://www.flickr.com/photos/me/102/",
            view_count: "12",
          }),
          { title: "no id" },
        ],
      },
    });
    const report = emptyReport();
    const mediaOf = new Map([["101", "photo"], ["102", "video"]]);
    await importAlbums(catalog, named, readJson, mediaOf, report);
    const rows = await catalog.db.selectFrom("albums")
      .select([
        "id",
        "position",
        "title",
        "primary_photo_id",
        "count_photos",
        "count_videos",
        "count_views",
        "date_create",
      ])
      .orderBy("position").execute();
    assertEquals(rows, [
      // Every photo has a record: photos and videos counted exactly; the cover from its page URL.
      {
        id: "1",
        position: 0,
        title: "Album 1",
        primary_photo_id: "102",
        count_photos: 1,
        count_videos: 1,
        count_views: 12,
        date_create: 1262304000,
      },
      // A photo without a record: the export's count stands, and how many are videos is unknown.
      {
        id: "2",
        position: 1,
        title: "Album 2",
        primary_photo_id: "101",
        count_photos: 7,
        count_videos: null,
        count_views: null,
        date_create: 1262304000,
      },
      {
        id: "3",
        position: 2,
        title: "Album 3",
        primary_photo_id: null,
        count_photos: 0,
        count_videos: 0,
        count_views: null,
        date_create: 1262304000,
      },
    ]);
    const members = await catalog.db.selectFrom("album_items").select(["album_id", "item_id"])
      .orderBy("album_id").orderBy("position").execute();
    assertEquals(members.map((m) => `${m.album_id}:${m.item_id}`), [
      "1:101",
      "1:102",
      "2:101",
      "2:999",
    ]);
    assertEquals(report.albums, 3);
    // No item rows were written here (only albums): the three photos listed are named.
    assertEquals(report.albumPhotosWithoutRecord, 3);
  });
});

Deno.test("importAlbums: no readable albums file keeps the stored albums; lists the API wrote are kept", async () => {
  await withCatalog(async (catalog) => {
    const first = files({ "albums.json": { albums: [album("1", [])] } });
    await importAlbums(catalog, first.named, first.readJson, new Map(), emptyReport());
    const unreadable = files({ "albums.json": null });
    await importAlbums(catalog, unreadable.named, unreadable.readJson, new Map(), emptyReport());
    await importAlbums(catalog, new Map(), unreadable.readJson, new Map(), emptyReport());
    const ids = async () =>
      (await catalog.db.selectFrom("albums").select("id").execute()).map((r) => r.id);
    assertEquals(await ids(), ["1"]);
    // After an archive run took the albums from the API, the export's poorer list is not written.
    await setMeta(catalog.db, STRUCTURE_REFRESHED_AT, "2025-01-01T00:00:00Z");
    const report = emptyReport();
    const other = files({ "albums.json": { albums: [album("2", []), album("3", [])] } });
    await importAlbums(catalog, other.named, other.readJson, new Map(), report);
    assertEquals(await ids(), ["1"]);
    assertEquals(report.albums, 2, "still counted as found in the export");
  });
});

Deno.test("importGalleries: the export's galleries with their photos; a missing count is the photos listed", async () => {
  await withCatalog(async (catalog) => {
    const { named, readJson } = files({
      "galleries.json": {
        galleries: [
          {
            id: "72157-1",
            title: "Blue",
            url: "https://www.flickr.com/photos/me/galleries/72157-1/",
            photos: ["501", "502"],
          },
          { id: "72157-2", title: "Empty", photo_count: "4" },
        ],
      },
    });
    const report = emptyReport();
    await importGalleries(catalog, named, readJson, report);
    const rows = await catalog.db.selectFrom("galleries").select([
      "id",
      "title",
      "count_photos",
      "url",
    ])
      .orderBy("position").execute();
    assertEquals(rows.map((r) => [r.id, r.title, r.count_photos]), [
      ["72157-1", "Blue", 2],
      ["72157-2", "Empty", 4],
    ]);
    const items = await catalog.db.selectFrom("gallery_items").select([
      "gallery_id",
      "item_id",
      "owner",
    ])
      .orderBy("position").execute();
    assertEquals(items, [
      { gallery_id: "72157-1", item_id: "501", owner: null },
      { gallery_id: "72157-1", item_id: "502", owner: null },
    ]);
    assertEquals(report.galleries, 2);
  });
});

Deno.test("importGroups: groups.json and the groups photo records name; pools of photos imported before are kept", async () => {
  await withCatalog(async (catalog) => {
    const { named, readJson } = files({
      "groups.json": {
        groups: [{ id: "10@N01", name: "Bridges" }, { id: "11@N01", name: "Empty pool" }],
      },
    });
    // A first part: photo 1 in Bridges.
    await importGroups(
      catalog,
      named,
      readJson,
      new Map([["1", [{ id: "10@N01", name: "Bridges", url: null }]]]),
      emptyReport(),
    );
    // A later part, without groups.json: photo 2 in Bridges and in a group only its record names.
    const report = emptyReport();
    await importGroups(
      catalog,
      new Map(),
      readJson,
      new Map([["2", [{ id: "10@N01", name: "Bridges", url: null }, {
        id: "12@N01",
        name: "Rivers 川",
        url: null,
      }]]]),
      report,
    );
    const groups = await catalog.db.selectFrom("groups").select(["id", "name"]).orderBy("position")
      .execute();
    assertEquals(groups.map((g) => `${g.id}:${g.name}`), [
      "10@N01:Bridges",
      "11@N01:Empty pool",
      "12@N01:Rivers 川",
    ]);
    const pools = await catalog.db.selectFrom("group_items").select([
      "group_id",
      "item_id",
      "date_added",
    ])
      .orderBy("group_id").orderBy("item_id").execute();
    // The date a photo joined a pool is not in the export: unknown, not zero.
    assertEquals(pools, [
      { group_id: "10@N01", item_id: "1", date_added: null },
      { group_id: "10@N01", item_id: "2", date_added: null },
      { group_id: "12@N01", item_id: "2", date_added: null },
    ]);
    assertEquals(report.groups, null, "no groups.json in this part: no count from it");
  });
});
