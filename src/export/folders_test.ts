import { assertEquals } from "../../tests/assert.ts";
import { withCatalog } from "../catalog/test_helpers.ts";
import { replaceAlbums } from "../catalog/writes.ts";
import type { SidecarFile, SidecarItem } from "../catalog/sidecar_items.ts";
import { albumFolders, folderName, placesOf } from "./folders.ts";

Deno.test("folderName: a name cut to its byte limit still ends as every file system accepts", () => {
  // Cut at a space (or a dot), the name would end in one, which Windows drops or refuses.
  const cut = folderName(`${"a".repeat(199)} ${"b".repeat(10)}`, "x");
  assertEquals(cut, "a".repeat(199));
  assertEquals(folderName(`${"a".repeat(199)}.${"b".repeat(10)}`, "x"), "a".repeat(199));
  assertEquals(folderName("com1.txt", "Album 9"), "Album 9", "reserved with an extension too");
});

Deno.test("albumFolders: album titles as folders, made unique where two clash (case aside) or one is reserved", async () => {
  await withCatalog(async (c) => {
    const album = (id: string, title: string, position: number) => ({
      id,
      title,
      position,
      raw_json: "{}",
    });
    await replaceAlbums(c.db, [
      album("1", "Summer", 0),
      album("2", "summer", 1),
      album("3", "Favorites", 2),
      album("4", "", 3),
      album("5", "Été: Paris/Lyon", 4),
    ], new Map());
    assertEquals(Object.fromEntries(await albumFolders(c)), {
      "1": "Summer (1)",
      "2": "summer (2)",
      "3": "Favorites (3)",
      "4": "Album 4",
      "5": "Été_ Paris_Lyon",
    });
  });
});

const item = (over: Partial<SidecarItem["xmp"]>): SidecarItem =>
  ({
    xmp: {
      id: "7",
      isFavoriteOfMine: false,
      dateTaken: "2019-07-04 10:00:00",
      dateTakenGranularity: 0,
      dateTakenUnknown: false,
      dateUploaded: null,
      ...over,
    },
  }) as unknown as SidecarItem;
const FILE = { path: "originals/2019/07/7_abc_o.jpg" } as SidecarFile;

Deno.test("placesOf: by album (every album it is in), by date with Flickr's granularity, favourites apart", () => {
  const albumsOf = new Map([["7", ["1", "2", "gone"]]]);
  const folders = new Map([["1", "Summer"], ["2", "Paris"]]);
  assertEquals(placesOf(item({}), FILE, "album", albumsOf, folders), [
    "Summer/7_abc_o.jpg",
    "Paris/7_abc_o.jpg",
  ]);
  assertEquals(placesOf(item({ id: "8" }), FILE, "album", albumsOf, folders), [
    "Not in an album/7_abc_o.jpg",
  ]);
  assertEquals(placesOf(item({ isFavoriteOfMine: true }), FILE, "date", albumsOf, folders), [
    "Favorites/7_abc_o.jpg",
  ]);
  const by = (over: Partial<SidecarItem["xmp"]>) =>
    placesOf(item(over), FILE, "date", albumsOf, folders)[0];
  assertEquals(by({}), "2019/07/7_abc_o.jpg");
  // A year, or "circa", is all Flickr knows: the year's folder.
  assertEquals(by({ dateTakenGranularity: 6 }), "2019/7_abc_o.jpg");
  assertEquals(by({ dateTakenGranularity: 8 }), "2019/7_abc_o.jpg");
  // No date taken: the upload month; neither: Undated.
  assertEquals(
    by({ dateTakenUnknown: true, dateUploaded: Date.UTC(2020, 0, 31) / 1000 }),
    "2020/01/7_abc_o.jpg",
  );
  assertEquals(by({ dateTaken: "0000-00-00 00:00:00" }), "Undated/7_abc_o.jpg");
});
