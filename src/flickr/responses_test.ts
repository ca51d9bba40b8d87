import { assert, assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { FlickrError } from "./errors.ts";
import {
  parseComments,
  parseFavorites,
  parseGalleries,
  parseLicenses,
  parseLogin,
  parsePerson,
  parsePhotoExif,
  parsePhotoInfo,
  parsePhotoList,
  parsePhotoPeople,
  parsePhotosetPhotos,
  parsePhotosets,
  parseSizes,
} from "./responses.ts";
import { parseCollectionTree, parseContexts, parseGroups } from "./responses.ts";

const dir = fixturePath("flickr-api");

/** Every successful JSON sample whose name starts with one of `methods`. */
function samples(...methods: string[]): { name: string; body: unknown }[] {
  const out = [];
  for (const e of Deno.readDirSync(dir)) {
    if (!e.name.endsWith(".json") || !methods.some((m) => e.name.startsWith(`${m}__`))) continue;
    let body: { stat?: string };
    try {
      body = JSON.parse(Deno.readTextFileSync(`${dir}/${e.name}`));
    } catch {
      continue; // the SYNTHETIC malformed body: the client's parseBody test covers it
    }
    if (body.stat === "ok") out.push({ name: e.name, body });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function read(name: string): unknown {
  return JSON.parse(Deno.readTextFileSync(`${dir}/${name}`));
}

Deno.test("every photo listing sample parses (getPhotos and the other photos lists)", () => {
  const all = samples(
    "flickr.people.getPhotos",
    "flickr.people.getPublicPhotos",
    "flickr.people.getPhotosOf",
    "flickr.photos.search",
    "flickr.photos.recentlyUpdated",
    "flickr.photos.RecentlyUpdated",
    "flickr.photos.getRecent",
    "flickr.photos.getNotInSet",
    "flickr.photos.getUntagged",
    "flickr.photos.getWithGeoData",
    "flickr.photos.getWithoutGeoData",
    "flickr.photos.getContactsPhotos",
    "flickr.interestingness.getList",
    "photos_list_",
  );
  assert(all.length >= 90, `expected the listing samples, found ${all.length}`);
  const getPhotos = all.filter((s) => s.name.startsWith("flickr.people.getPhotos__"));
  assertEquals(getPhotos.length, 16);
  for (const { name, body } of all) {
    const page = parsePhotoList(body);
    assert(page.pages >= 1 && page.page >= 1, name);
    for (const p of page.items) {
      assert(/^\d+$/.test(p.id), `${name}: id ${p.id}`);
      assert(p.media === "photo" || p.media === "video", name);
      // Tags are a list where the entry has the member, unknown (not empty) where it has none.
      const raw = p.raw as Record<string, unknown>;
      assertEquals(Array.isArray(p.tags), "tags" in raw, name);
    }
  }
});

Deno.test("a listing with every extra reads numbers, dates, geo, tags and url sizes", () => {
  const page = parsePhotoList(
    read("flickr.people.getPhotos__janko_flickr-objects__flickr-people-getPhotos-1.json"),
  );
  assertEquals([page.page, page.pages, page.perPage, page.total], [1, 1, 100, 2]);
  const p = page.items[0];
  assertEquals(p.id, "10115956703");
  assertEquals(p.owner, "78733179@N04");
  assertEquals(p.dateUpload, 1381061206);
  assertEquals(p.dateTaken, "2013-10-06 14:06:41");
  assertEquals(p.dateTakenGranularity, 0);
  assertEquals(p.lastUpdate, 1381067365);
  assertEquals(p.latitude, 45.807258);
  assertEquals(p.accuracy, 11);
  assertEquals(p.placeId, "00j4IylZV7scWik");
  assertEquals(p.tags, ["foo", "vision:night=077"]);
  assertEquals(p.machineTags, []);
  assertEquals(p.pathAlias, undefined); // null in the answer
  assertEquals(p.description, "It's a photo");
  assertEquals(p.license, 0);
  assertEquals(p.isPublic, true);
  assertEquals(p.originalSecret, "e40de5bf26");
  // "height_sq":75 beside "height_q":"150": both numbers here.
  assertEquals(p.urls.sq?.height, 75);
  assertEquals(p.urls.q?.height, 150);
  assertEquals(p.urls.o, {
    url: "http://farm3.staticflickr.com/2822/10115956703_e40de5bf26_o.jpg",
    width: 2560,
    height: 1600,
  });
  assertEquals(p.raw.id, "10115956703");
});

Deno.test("latitude 0 with accuracy 0 is no location", () => {
  const page = parsePhotoList({
    photos: {
      page: 1,
      pages: 1,
      perpage: 1,
      total: "1",
      photo: [{ id: "1", title: "", latitude: 0, longitude: 0, accuracy: "0", place_id: "x" }],
    },
    stat: "ok",
  });
  assertEquals(page.items[0].latitude, undefined);
  assertEquals(page.items[0].placeId, undefined);
});

Deno.test("every getInfo sample parses", () => {
  const all = samples("flickr.photos.getInfo");
  assert(all.length >= 58, `found ${all.length}`);
  for (const { name, body } of all) {
    const info = parsePhotoInfo(body);
    assert(/^\d+$/.test(info.id), name);
    assert(info.owner.nsid.includes("@"), `${name}: owner ${info.owner.nsid}`);
    for (const t of info.tags ?? []) {
      assert(typeof t.raw === "string" && typeof t.tag === "string", name);
    }
  }
});

Deno.test("getInfo reads tags with authors, the place hierarchy and usage", () => {
  const info = parsePhotoInfo(read("flickr.photos.getInfo__philgyford_django-ditto.json"));
  assertEquals(info.title, "Dore Abbey");
  assertEquals(info.dates.posted, 1459181105);
  assertEquals(info.dates.taken, "2016-03-17 16:25:15");
  assertEquals(info.dates.lastUpdate, 1459776071);
  assertEquals(info.comments, 2);
  assertEquals(info.hasPeople, false);
  assertEquals(info.tags?.length, 7);
  assertEquals(info.tags?.[2], {
    id: "5827-26069027966-23309",
    author: "35034346050@N01",
    authorName: "Phil Gyford",
    raw: "tester:foo=bar",
    tag: "tester:foo=bar",
    machineTag: true,
  });
  assertEquals(info.tags?.[0].machineTag, false);
  assertEquals(info.location?.locality, {
    name: "Abbey Dore",
    placeId: "RZ9p3HlQUrt5wg",
    woeid: "10178",
  });
  assertEquals(info.location?.country?.name, "United Kingdom");
  assertEquals(info.location?.neighbourhood, undefined);
  assertEquals(info.usage, { canDownload: true, canBlog: true, canPrint: true, canShare: true });
  assertEquals(info.urls, [{
    type: "photopage",
    url: "https://www.flickr.com/photos/philgyford/26069027966/",
  }]);
  assertEquals(info.notes, []);
  assertEquals(info.media, "photo");
});

Deno.test("every getSizes sample parses, videos included", () => {
  const all = samples("flickr.photos.getSizes");
  assertEquals(all.length, 13);
  for (const { name, body } of all) {
    const sizes = parseSizes(body);
    assert(sizes.sizes.length > 0, name);
    for (const s of sizes.sizes) assert(s.source.startsWith("http"), name);
  }
  const video = parseSizes(read("flickr.photos.getSizes__philgyford_django-ditto-video.json"));
  const orig = video.sizes.find((s) => s.label === "Video Original");
  assert(orig, "the owner's video sizes list the Video Original");
  assertEquals(orig.media, "video");
  assertEquals(video.sizes[1], {
    label: "Large Square",
    width: 150,
    height: 150,
    source: "https://farm2.staticflickr.com/1462/25743649964_a8bd5ddf59_q.jpg",
    url: "https://www.flickr.com/photos/philgyford/25743649964/sizes/q/",
    media: "photo",
  });
});

Deno.test("every getExif sample parses", () => {
  const all = samples("flickr.photos.getExif");
  assertEquals(all.length, 6);
  let tags = 0;
  for (const { name, body } of all) {
    const exif = parsePhotoExif(body);
    tags += exif.tags.length; // one sample is a photo without EXIF: "exif":[]
    for (const t of exif.tags) assert(t.tag !== "" && t.tagspace !== "", name);
  }
  assert(tags > 100, `only ${tags} EXIF tags read`);
  const exif = parsePhotoExif(read("flickr.photos.getExif__philgyford_django-ditto.json"));
  assertEquals(exif.camera, "Sony NEX-6");
  const fnumber = exif.tags.find((t) => t.tag === "FNumber");
  assertEquals(fnumber, {
    tagspace: "ExifIFD",
    tagspaceId: 0,
    tag: "FNumber",
    label: "Aperture",
    raw: "13",
    clean: "f/13.0",
  });
});

Deno.test("every getFavorites sample parses, the empty one too", () => {
  const all = samples("flickr.photos.getFavorites", "flickr.favorites.getList");
  assertEquals(all.length, 5);
  for (const { name, body } of all) {
    const faves = parseFavorites(body);
    for (const p of faves.items) assert(p.nsid.includes("@"), name);
  }
  const empty = parseFavorites(
    read("flickr.photos.getFavorites__janko_flickrie__get-favorites-0.json"),
  );
  assertEquals([empty.items.length, empty.total, empty.pages], [0, 0, 1]);
  const qld = parseFavorites(read("flickr.photos.getFavorites__SethSharp_QLDTourism.json"));
  assertEquals(qld.items[0].nsid, "184878893@N06");
  assertEquals(qld.items[0].faveDate, 1623706497);
  assertEquals(qld.items[0].pathAlias, undefined);
});

Deno.test("comments, people, login, licences, albums and galleries samples parse", () => {
  for (const { body } of samples("flickr.photos.comments.getList")) parseComments(body);
  const [c] = parseComments(
    read("flickr.photos.comments.getList__janko_flickrie__should-have-correct-attributes-0.json"),
  );
  assertEquals([c.author, c.dateCreate, c.html], ["67131352@N04", 1334836152, "Test"]);
  assertEquals(parseComments({ comments: { photo_id: "1" }, stat: "ok" }), []);

  for (const { name, body } of samples("flickr.people.getInfo")) {
    assert(parsePerson(body).nsid.includes("@"), name);
  }
  const phil = parsePerson(read("flickr.people.getInfo__philgyford_django-ditto.json"));
  assertEquals([phil.username, phil.photosCount, phil.isPro], ["Phil Gyford", 2876, true]);

  for (const { body } of samples("flickr.test.login")) parseLogin(body);
  assertEquals(parseLogin(read("flickr.test.login__philgyford_django-ditto.json")), {
    nsid: "35034346050@N01",
    username: "Phil Gyford",
  });

  for (const { body } of samples("flickr.photos.licenses.getInfo")) {
    assert(parseLicenses(body).length >= 8);
  }

  for (const { name, body } of samples("flickr.photosets.getList")) {
    assert(parsePhotosets(body).items.length > 0, name);
  }
  const sets = parsePhotosets(read("flickr.photosets.getList__philgyford_django-ditto.json"));
  assertEquals(sets.perPage, 500);
  assertEquals(sets.items[0].title, "Old Postcards of Walton-on-the-Naze");
  assertEquals([sets.items[0].countPhotos, sets.items[0].countVideos], [5, 1]);

  for (const { name, body } of samples("flickr.photosets.getPhotos")) {
    assert(parsePhotosetPhotos(body).id, name);
  }
  const album = parsePhotosetPhotos(
    read("flickr.photosets.getPhotos__philgyford_django-ditto.json"),
  );
  assertEquals(album.items[0].owner, "35034346050@N01");
  assertEquals(album.items[0].isPrimary, true);

  for (const { body } of samples("flickr.galleries.getList")) parseGalleries(body);
  const galleries = parseGalleries(
    read(
      "flickr.galleries.getList__danielpriestley_MiniFlickr__fetchUserGalleriesSuccessResponse.json",
    ),
  );
  assertEquals(galleries.items[0].title, "Insects");
  assertEquals(galleries.items[0].description, "");
});

Deno.test("a comment Flickr sends without its date or names has them unknown, not 0 or empty", () => {
  const [c] = parseComments({
    comments: { photo_id: "1", comment: [{ id: "1-2", author: "12@N01", _content: "Hi" }] },
    stat: "ok",
  });
  assertEquals(c.html, "Hi");
  assertEquals(
    [c.dateCreate, c.authorName, c.realName, c.permalink, c.authorIsDeleted],
    [undefined, undefined, undefined, undefined, undefined],
  );
});

Deno.test("shapes without samples: groups, collections, people in a photo", () => {
  const groups = parseGroups({
    groups: {
      group: [{
        nsid: "34427469792@N01",
        name: "FlickrCentral",
        admin: 0,
        eighteenplus: 0,
        invitation_only: 0,
        iconfarm: 1,
        iconserver: "1",
        members: "123",
        pool_count: "9",
      }],
    },
    stat: "ok",
  });
  assertEquals([groups[0].nsid, groups[0].members, groups[0].poolCount], [
    "34427469792@N01",
    123,
    9,
  ]);

  const tree = parseCollectionTree({
    collections: {
      collection: [{
        id: "12-721",
        title: "Travel",
        description: "",
        collection: [{
          id: "12-722",
          title: "Italy",
          description: "",
          set: [{ id: "7215", title: "Rome", description: "d" }],
        }],
      }],
    },
    stat: "ok",
  });
  assertEquals(tree.collections[0].collections[0].sets, [{
    id: "7215",
    title: "Rome",
    description: "d",
  }]);
  assertEquals(parseCollectionTree({ collections: "", stat: "ok" }), { collections: [] });

  const people = parsePhotoPeople({
    people: {
      total: "1",
      photo_width: "500",
      photo_height: "375",
      person: [{ nsid: "1@N01", username: "u", x: "1", y: "2", w: "3", h: "4", is_deleted: "0" }],
    },
    stat: "ok",
  });
  assertEquals(people.people[0].box, { x: 1, y: 2, w: 3, h: 4 });
  assertEquals(people.photoWidth, 500);
});

Deno.test("a missing root object is a transient parse error", () => {
  try {
    parsePhotoList({ stat: "ok" });
    throw new Error("expected a parse error");
  } catch (e) {
    assert(e instanceof FlickrError);
    assertEquals([e.kind, e.permanent], ["parse", false]);
  }
});

Deno.test("parseContexts: pools and albums at the answer's root, none when the photo is in none", () => {
  // The shape of real answers (Flickr Foundation's recorded getAllContexts, st0o0/Flickr.Net's).
  const c = parseContexts({
    set: [{ title: "2023_Landschaft", id: "72177720306303125", count_photo: 11 }],
    pool: [
      { title: "Photography", url: "/groups/photography-group/pool/", id: "40732569271@N01" },
      { title: "Landschaft->deutsch<-", id: "87965949@N00", members: "1453" },
    ],
    stat: "ok",
  });
  assertEquals(c.sets, [{ id: "72177720306303125", title: "2023_Landschaft" }]);
  assertEquals(c.pools.map((p) => p.id), ["40732569271@N01", "87965949@N00"]);
  assertEquals(parseContexts({ stat: "ok" }), { sets: [], pools: [], raw: { stat: "ok" } });
});
