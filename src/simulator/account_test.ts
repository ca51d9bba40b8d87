import { assert, assertEquals, assertNotEquals, assertThrows } from "../../tests/assert.ts";
import { Account, TIMELINE_END } from "./account.ts";
import { FileStore } from "./files.ts";
import { dimensions, SIZES } from "./sizes.ts";
import { computeTruth, type Truth } from "./truth.ts";

/** Counters of an account's truth, and its share of items with comments and with faves. */
function shape(a: Account) {
  const t = computeTruth(a, new FileStore(a), false);
  const share = (items: Truth["items"], key: "comments" | "faves") =>
    items.filter((i) => i[key] > 0).length / items.length;
  const own = t.items.filter((i) => !i.is_favorite_of_mine);
  return {
    truth: t,
    own,
    counters: [t.albums, t.collections, t.comments, t.faves, t.notes, t.people],
    withComments: own.filter((i) => i.comments > 0).length,
    withFaves: own.filter((i) => i.faves > 0).length,
    commentShare: share(t.items, "comments"),
    faveShare: share(t.items, "faves"),
    ownCommentShare: share(own, "comments"),
    ownFaveShare: share(own, "faves"),
    maxFaves: Math.max(...own.map((i) => i.faves)),
    albumMembers: a.albums.reduce((n, album) => n + album.members.length, 0),
  };
}

Deno.test("account: the same seed gives the same account and the same bytes", () => {
  const a = new Account({ seed: 7, photos: 300, videos: 10 });
  const b = new Account({ seed: 7, photos: 300, videos: 10 });
  for (const i of [0, 1, 150, 299, 309]) {
    assertEquals(a.item("own", i), b.item("own", i));
    assertEquals(a.comments("own", i), b.comments("own", i));
    assertEquals(a.faves("own", i), b.faves("own", i));
  }
  assertEquals(a.albums, b.albums);
  assertEquals(a.collections, b.collections);
  assertEquals(a.groups, b.groups);
  const fa = new FileStore(a);
  const fb = new FileStore(b);
  assertEquals(fa.originalSha256(a.item("own", 5)), fb.originalSha256(b.item("own", 5)));
  const c = new Account({ seed: 8, photos: 300, videos: 10 });
  assertNotEquals(a.item("own", 5).secret, c.item("own", 5).secret);
});

Deno.test("account: exact photo and video counts, ids ordered by upload date", () => {
  const a = new Account({ seed: 1, photos: 1000, videos: 30 });
  let videos = 0;
  let lastId = 0;
  let lastUpload = 0;
  for (let i = 0; i < a.ownCount; i++) {
    if (a.isVideo(i)) videos++;
    const item = a.item("own", i);
    assert(Number(item.id) > lastId, "ids increase with upload order");
    assert(item.dateupload > lastUpload, "upload dates increase");
    assert(/^5\d{10}$/.test(item.id), `id like Flickr's: ${item.id}`);
    assertEquals(a.locate(item.id), { kind: "own", index: i });
    lastId = Number(item.id);
    lastUpload = item.dateupload;
    assert(item.lastupdate >= item.dateupload && item.lastupdate <= TIMELINE_END);
  }
  assertEquals(videos, 30);
  assertEquals(a.locate("51000000001"), undefined);
});

Deno.test("account: as varied as real accounts", () => {
  const a = new Account({ seed: 2, photos: 2000, videos: 40 });
  const items = Array.from({ length: a.ownCount }, (_, i) => a.item("own", i));
  const titles = items.map((i) => i.title);
  assert(titles.includes(""), "empty titles");
  assert(titles.some((t) => t.length > 250), "very long titles");
  assert(
    titles.some((t) => /[\u3040-\u30ff\u0400-\u04ff\u0600-\u06ff]/.test(t)),
    "non-Latin titles",
  );
  assert(new Set(titles).size < titles.length / 2, "duplicated titles");
  const descriptions = items.map((i) => i.description);
  for (const needle of ["<script>", "onerror=", "javascript:", "\n", "<a href="]) {
    assert(descriptions.some((d) => d.includes(needle)), `descriptions with ${needle}`);
  }
  for (const g of [0, 4, 6, 8]) {
    assert(items.some((i) => i.datetakengranularity === g), `granularity ${g}`);
  }
  assert(items.some((i) => i.datetakenunknown === 1), "unknown dates taken");
  assert(items.some((i) => i.geo) && items.some((i) => !i.geo), "with and without geo");
  assert(
    items.some((i) => i.tags.some((t) => /[A-Z ]/.test(t.raw))),
    "raw tags with capitals and spaces",
  );
  assert(items.some((i) => i.tags.some((t) => t.machine)), "machine tags");
  assert(items.some((i) => i.wantsChecksumTag), "checksum machine tags");
  assertEquals(new Set(items.map((i) => i.license)).size, 17);
  const vis = new Set(items.map((i) => `${i.ispublic}${i.isfriend}${i.isfamily}`));
  for (const v of ["100", "010", "001", "011", "000"]) assert(vis.has(v), `visibility ${v}`);
  assertEquals(new Set(items.map((i) => i.safetyLevel)).size, 3);
  const videos = items.filter((i) => i.video);
  assert(
    videos.some((v) => v.video!.originalFetchable) &&
      videos.some((v) => !v.video!.originalFetchable),
  );
  assert(items.some((i) => i.faves > 50), "photos with more than 50 faves");
  assert(a.faveCount("own", a.mostFavedIndex) > 500, "one photo with more than 500 faves");
  assert(items.some((i) => i.notes > 0) && items.some((i) => i.people > 0), "notes and people");
  const noAlbum = items.filter((i) => !a.albumsOf.has(i.index)).length;
  const several = items.filter((i) => (a.albumsOf.get(i.index)?.length ?? 0) > 1).length;
  assert(noAlbum > 0 && several > 0, "photos in no album and in several");
  assert(a.collections.some((c) => c.children.length > 0), "nested collections");
  const favourites = Array.from({ length: a.favoritesCount }, (_, j) => a.item("other", j));
  assert(favourites.some((f) => !f.canDownload) && favourites.some((f) => f.canDownload));
  const people = Array.from({ length: 800 }, (_, p) => a.person(p));
  assert(people.some((p) => p.isDeleted) && people.some((p) => p.iconserver === "0"));
  const faves = a.faves("own", a.mostFavedIndex);
  assertEquals(new Set(faves.map((f) => f.person)).size, faves.length, "a person faves once");
});

Deno.test("account: mutations show everywhere", () => {
  const a = new Account({ seed: 4, photos: 50, videos: 2 });
  const i = a.ownLive()[3];
  const before = a.item("own", i);
  a.addComment("own", i, 5, "hello", TIMELINE_END + 10);
  assertEquals(a.commentCount("own", i), before.comments + 1);
  assertEquals(a.item("own", i).lastupdate, TIMELINE_END + 10);
  assertEquals(a.recentlyUpdated(TIMELINE_END + 1), [i]);
  a.addFave("own", i, TIMELINE_END + 20);
  assertEquals(a.item("own", i).faves, before.faves + 1);
  assertEquals(a.item("own", i).lastupdate, TIMELINE_END + 10, "faves do not move lastupdate");
  a.replace(i, TIMELINE_END + 30);
  assertNotEquals(a.item("own", i).secret, before.secret);
  assertNotEquals(a.item("own", i).originalsecret, before.originalsecret);
  const n = a.upload(TIMELINE_END + 100);
  assertEquals(a.ownLive()[0], n);
  assertEquals(a.item("own", n).comments, 0);
  a.delete(i);
  assert(!Array.from(a.ownLive()).includes(i));
  assertEquals(a.ownLive().length, 52);
});

Deno.test("account: note ids are unique across own items and favourites", () => {
  const a = new Account({ seed: 1, photos: 1000, videos: 30, favorites: 200 });
  const ids: string[] = [];
  for (let i = 0; i < 1030; i++) ids.push(...a.notes("own", i).map((n) => n.id));
  for (let j = 0; j < a.favoritesCount; j++) ids.push(...a.notes("other", j).map((n) => n.id));
  assert(ids.length > 50, `only ${ids.length} notes`);
  assertEquals(new Set(ids).size, ids.length);
});

Deno.test("account: without shares or an album count, the account is the one generated before they existed", () => {
  // Recorded from the generator before commentShare, faveShare and albums were added: every
  // suite that compares against a default account relies on these staying put.
  const small = shape(new Account({ seed: 1, photos: 1000, videos: 30 }));
  assertEquals(small.counters, [21, 9, 5246, 9450, 122, 800]);
  assertEquals([small.withComments, small.withFaves, small.maxFaves], [406, 468, 524]);
  assertEquals(small.albumMembers, 964);
  const reference = shape(new Account({ seed: 1, photos: 10_000, videos: 300, favorites: 2000 }));
  assertEquals(reference.counters, [206, 11, 48953, 98110, 1806, 800]);
  assertEquals([reference.withComments, reference.withFaves], [3885, 4669]);
  assertEquals(reference.albumMembers, 9972);
  const tiny = shape(new Account({ seed: 9, photos: 10, videos: 1, favorites: 2 }));
  assertEquals(tiny.counters, [3, 3, 54, 584, 0, 572]);
});

Deno.test("account: commentShare, faveShare and albums give the benchmark's reference account", () => {
  const a = new Account({
    seed: 1,
    photos: 10_000,
    videos: 300,
    favorites: 2000,
    commentShare: 0.15,
    faveShare: 0.25,
    albums: 80,
  });
  const s = shape(a);
  for (
    const [name, got, low, high] of [
      ["items with comments", s.commentShare, 0.13, 0.17],
      ["own items with comments", s.ownCommentShare, 0.13, 0.17],
      ["items with faves", s.faveShare, 0.23, 0.27],
      ["own items with faves", s.ownFaveShare, 0.23, 0.27],
    ] as const
  ) {
    assert(got >= low && got <= high, `${name}: ${got}, not within ${low}..${high}`);
  }
  assert(a.faveCount("own", a.mostFavedIndex) > 500, "one photo with more than 500 faves");
  assertEquals(s.maxFaves, a.faveCount("own", a.mostFavedIndex));
  assert(s.own.filter((i) => i.faves > 50).length > 100, "a long tail of faves");
  assert(s.own.some((i) => i.comments > 30), "a long tail of comments");
  assertEquals([a.albums.length, s.truth.albums], [80, 80]);
  assert(a.albums.every((album) => album.members.length > 0), "no empty album");
  assertEquals(new Set(a.albums.map((album) => album.id)).size, 80);
  const inAlbums = new Set(s.own.flatMap((i) => i.albums));
  assertEquals(inAlbums.size, 80, "every album reached from its items");
  // The truth and what an item says agree: both read the same generated counts.
  for (const i of [0, 17, a.mostFavedIndex, 10_299]) {
    const item = a.item("own", i);
    assertEquals([item.comments, item.faves], [
      a.comments("own", i).length,
      a.faves("own", i).length,
    ]);
  }
});

Deno.test("account: shares at their bounds, album counts past the items, and bad values", () => {
  const none = new Account({ seed: 3, photos: 300, videos: 10, commentShare: 0, faveShare: 0 });
  const bare = shape(none);
  assertEquals([bare.truth.comments, bare.withFaves], [0, 1], "only the most-faved photo");
  assert(none.faveCount("own", none.mostFavedIndex) > 500);
  const all = shape(
    new Account({ seed: 3, photos: 300, videos: 10, commentShare: 1, faveShare: 1 }),
  );
  assertEquals([all.commentShare, all.faveShare], [1, 1]);

  const crowded = new Account({ seed: 3, photos: 20, videos: 1, albums: 50 });
  assertEquals(crowded.albums.length, 21, "no more albums than items");
  assert(crowded.albums.every((album) => album.members.length > 0), "no empty album");
  assertEquals(shape(crowded).truth.albums, 21);
  assertEquals(new Account({ seed: 3, photos: 20, videos: 1, albums: 0 }).albums, []);
  assertEquals(new Account({ seed: 3, photos: 0, videos: 0, albums: 5 }).albums, []);

  for (const bad of [-0.1, 1.5, NaN]) {
    assertThrows(
      () => new Account({ seed: 1, photos: 10, videos: 0, commentShare: bad }),
      "commentShare must be from 0 to 1",
    );
    assertThrows(
      () => new Account({ seed: 1, photos: 10, videos: 0, faveShare: bad }),
      "faveShare must be from 0 to 1",
    );
  }
  assertThrows(
    () => new Account({ seed: 1, photos: 10, videos: 0, albums: 2.5 }),
    "albums must be a whole number",
  );
});

Deno.test("rotation: Flickr's turn holds the camera's EXIF turn; sized copies are turned, originals not", () => {
  const a = new Account({ seed: 12, photos: 400, videos: 0 });
  const photos = Array.from({ length: 400 }, (_, i) => a.item("own", i));
  const upright = photos.filter((p) => p.orientation === 6);
  assert(upright.length > 10, "portraits held upright, stored sideways");
  // The G12 record of janko/flickrie: EXIF "Rotate 90 CW" comes with rotation 90, unless the
  // owner turned it again on Flickr.
  assert(upright.filter((p) => p.rotation === 90).length > upright.length / 2);
  assert(photos.some((p) => !p.orientation && p.rotation !== 0), "turned on Flickr alone");
  const large = SIZES.find((s) => s.suffix === "b")!;
  const original = SIZES.find((s) => s.suffix === "o")!;
  for (const p of photos.filter((p) => Math.max(p.width, p.height) > 1024)) {
    const [w, h] = dimensions(p, large);
    const sideways = p.rotation === 90 || p.rotation === 270;
    assertEquals(w >= h, sideways ? p.height >= p.width : p.width >= p.height, p.id);
    assertEquals(dimensions(p, original), [p.width, p.height]);
  }
});
