import { assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { licenseId } from "../catalog/licenses.ts";
import { isMachineTag, mapPhoto, normaliseTag, privacyFlags } from "./map_photo.ts";
import type { ExportPhotoJson } from "./records.ts";

const NOW = "2025-01-01T00:00:00.000Z";

Deno.test("mapPhoto reads the real export record", async () => {
  const rec = JSON.parse(
    await Deno.readTextFile(fixturePath("flickr-export", "photo_2634391576.json")),
  ) as ExportPhotoJson;
  const { item, tags, comments, notes, people } = mapPhoto(
    rec,
    { nsid: "35034347371@N01", pathAlias: "boris" },
    NOW,
  );
  assertEquals(item.id, "2634391576");
  assertEquals(item.title, "Killarney Lake");
  assertEquals(item.views, 53);
  assertEquals(item.count_faves, 0);
  assertEquals(item.count_comments, 0);
  assertEquals(item.date_taken, "2008-07-01 13:04:18");
  assertEquals(item.date_uploaded, Date.UTC(2008, 6, 3, 9, 48, 30) / 1000);
  assertEquals(item.latitude, 49.696401);
  assertEquals(item.longitude, -123.159753);
  assertEquals(item.accuracy, 15);
  assertEquals(item.license, null);
  assertEquals(item.media, "photo");
  assertEquals(item.server, "3008");
  assertEquals(item.original_secret, "6ab6f1017f");
  assertEquals(item.original_format, "jpg");
  assertEquals([item.is_public, item.is_friend, item.is_family], [1, 0, 0]);
  assertEquals(item.safety_level, 0);
  assertEquals(item.tags, "shozu");
  assertEquals(item.machine_tags, "");
  // Tag authors are profile URLs; the owner's path alias resolves to the owner.
  assertEquals(tags, [{ tag: "shozu", raw: "ShoZu", author: "35034347371@N01", is_machine: 0 }]);
  // Every comment listed (none of none) and no faves: nothing left to fetch for those.
  assertEquals(item.comments_synced, 0);
  assertEquals(item.faves_synced, 0);
  assertEquals(item.info_last_update, undefined);
  assertEquals([comments.length, notes.length, people.length], [0, 0, 0]);
  const exif = JSON.parse(item.exif_json!) as { tag: string; raw: { _content: string } }[];
  assertEquals(exif.length, 20);
  assertEquals(exif[0].tag, "Orientation");
});

Deno.test("mapPhoto splits machine tags, keeps commenters as NSIDs and leaves partial lists unsynced", () => {
  const rec: ExportPhotoJson = {
    id: "51000001234",
    name: "Quay",
    count_comments: "3",
    count_faves: "4",
    // A date that cannot be: unknown, the record still mapped.
    date_imported: "2019-02-30 10:00:00",
    original: "https://www.flickr.com/photos/me/51000001234/play/orig/abcdef0123/",
    license: "CC BY-NC-SA 4.0",
    geo: [],
    privacy: "friends & family",
    safety: "restricted",
    tags: [
      { tag: "New York", user: "https://www.flickr.com/photos/me/" },
      { tag: "geo:lat=40.7", user: "https://www.flickr.com/photos/12345@N01/" },
    ],
    comments: [
      { id: "c1", date: "2019-07-05 00:00:00", user: "12345@N01", comment: "<b>nice</b>" },
      // No readable date: unknown, not 1970.
      { id: "c2", date: "0000-00-00 00:00:00", user: "999@N00", comment: "mine" },
    ],
    notes: [{ id: "n1", user: "777@N02", x: "1", y: "2", w: "30", h: "40", note: "hi" }],
    people: [{ nsid: "555@N05", username: "pat", userurl: "https://www.flickr.com/photos/pat/" }],
  };
  const m = mapPhoto(rec, { nsid: "999@N00", pathAlias: "me" }, NOW);
  assertEquals(m.item.media, "video");
  assertEquals([m.item.id, m.item.date_uploaded], ["51000001234", null]);
  assertEquals(m.item.license, 15);
  // Flickr's export does not say which of friends and family: not public, the rest unknown.
  assertEquals([m.item.is_public, m.item.is_friend, m.item.is_family], [0, null, null]);
  assertEquals(m.item.safety_level, 2);
  assertEquals(m.item.latitude, null);
  assertEquals(m.item.tags, "newyork geo:lat=40.7");
  assertEquals(m.item.machine_tags, "geo:lat=40.7");
  assertEquals(m.tags.map((t) => [t.tag, t.author, t.is_machine]), [
    ["newyork", "999@N00", 0],
    ["geo:lat=40.7", "12345@N01", 1],
  ]);
  // Two of three comments: not complete, so comments are fetched later; faves too.
  assertEquals(m.item.comments_synced, undefined);
  assertEquals(m.item.faves_synced, undefined);
  assertEquals(m.comments.map((c) => [c.author, c.authorname, c.date_create]), [
    ["12345@N01", null, Date.UTC(2019, 6, 5) / 1000],
    ["999@N00", null, null],
  ]);
  assertEquals(m.notes[0].w, 30);
  // The owner is never a "person"; the others carry what the export said and no more.
  assertEquals(m.people.map((p) => [p.nsid, p.username ?? null, p.path_alias ?? null]).sort(), [
    ["12345@N01", null, null],
    ["555@N05", "pat", "pat"],
    ["777@N02", null, null],
  ]);
});

Deno.test("tags, privacy and licence names follow Flickr's conventions", () => {
  assertEquals(normaliseTag("São Paulo!"), "sãopaulo");
  assertEquals(isMachineTag("dc:subject=harbour"), true);
  assertEquals(isMachineTag("just:a tag"), false);
  assertEquals(privacyFlags("private"), [0, 0, 0]);
  assertEquals(privacyFlags("friends"), [0, 1, 0]);
  assertEquals(privacyFlags("something new"), [null, null, null]);
  // The one word real exports write for friends-only and family-only photos.
  assertEquals(privacyFlags("friend & family"), [0, null, null]);
  assertEquals(privacyFlags("Friend &amp; Family"), [0, null, null]);
  assertEquals(licenseId("All Rights Reserved"), 0);
  assertEquals(licenseId("Attribution-NonCommercial-ShareAlike License"), 1);
  assertEquals(licenseId("Public Domain Dedication (CC0)"), 9);
  assertEquals(licenseId("Made Up Licence"), null);
  assertEquals(licenseId(null), null);
});
