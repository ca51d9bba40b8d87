import { Hono } from "hono";
import { assertEquals } from "../tests/assert.ts";
import {
  albumUrl,
  avatarUrl,
  fileUrl,
  galleryUrl,
  groupUrl,
  jsonTwinUrl,
  mediaUrl,
  originalUrl,
  PATTERNS,
  personSectionUrl,
  personUrl,
  photoUrl,
  streamUrl,
  tagsUrl,
  tagUrl,
  thumbUrl,
  URLS,
  withQuery,
} from "./urls.ts";

/** The parameters Hono's router reads from `url` under `pattern`, or null when it does not match. */
async function route(pattern: string, url: string): Promise<Record<string, string> | null> {
  const app = new Hono();
  app.get(pattern, (c) => c.json(c.req.param()));
  const res = await app.request(url);
  return res.status === 200 ? await res.json() : null;
}

Deno.test("each URL builder's URLs match its route pattern and give back what was put in, odd ids included", async () => {
  const ids = ["72157", "a/b", "été 写真", "50%", "x?y#z"];
  for (const id of ids) {
    assertEquals(await route(PATTERNS.photo, photoUrl(id, "album:1")), { id }, `photo ${id}`);
    assertEquals(await route(PATTERNS.album, albumUrl(id)), { id }, `album ${id}`);
    assertEquals(await route(PATTERNS.gallery, galleryUrl(id)), { id }, `gallery ${id}`);
    assertEquals(await route(PATTERNS.group, groupUrl(id)), { id }, `group ${id}`);
    assertEquals(await route(PATTERNS.tag, tagUrl(id)), { tag: id }, `tag ${id}`);
    assertEquals(await route(PATTERNS.person, personUrl(id)), { nsid: id }, `person ${id}`);
    for (const section of ["comments", "faved", "tagged", "favorites"]) {
      assertEquals(await route(PATTERNS.personSection(section), personSectionUrl(id, section)), {
        nsid: id,
      });
    }
  }
  // A fixed page is its own route.
  for (const url of Object.values(URLS)) {
    assertEquals(await route(url.split("?")[0], url), {}, url);
  }
});

Deno.test("photoUrl: the list it was opened from rides along as ?in=", () => {
  assertEquals(photoUrl("1"), "/photos/1");
  assertEquals(photoUrl("1", null), "/photos/1");
  assertEquals(photoUrl("1", "tag:a&b"), "/photos/1?in=tag%3Aa%26b");
});

Deno.test("file URLs: the sha256 prefix in the URL changes whenever the bytes do", () => {
  const file = { id: 7, sha256: "0123456789abcdef0123" };
  assertEquals(fileUrl(file), "/files/7?v=0123456789ab");
  assertEquals(fileUrl({ fileId: 7, sha256: "ffffffffffffffff" }), "/files/7?v=ffffffffffff");
  assertEquals(originalUrl(file, null), "/files/7?v=0123456789ab");
  assertEquals(originalUrl(file, 6), "/files/7?v=0123456789ab&turn=6");
  assertEquals(thumbUrl(null), null);
  assertEquals(thumbUrl({ fileId: 1, sha256: "aa", width: null, height: null }), "/files/1?v=aa");
  assertEquals(mediaUrl("a b", "thumb"), "/media/a%20b/thumb");
  assertEquals(avatarUrl("1@N01"), "/avatars/1%40N01");
});

Deno.test("withQuery and jsonTwinUrl: parameters set, replaced or removed; the rest kept", () => {
  assertEquals(streamUrl(), "/");
  assertEquals(streamUrl("uploaded"), "/?order=uploaded");
  assertEquals(tagsUrl(true), "/tags?machine=1");
  assertEquals(tagsUrl(false), "/tags");
  assertEquals(withQuery("/?order=uploaded", { from: "2019-07" }), "/?order=uploaded&from=2019-07");
  assertEquals(withQuery("/?order=uploaded&page=2", { page: null, order: undefined }), "/");
  assertEquals(withQuery("/albums", { after: "" }), "/albums");
  assertEquals(withQuery("/search?q=a b", { q: "été" }), "/search?q=%C3%A9t%C3%A9");
  assertEquals(jsonTwinUrl("/albums/1?page=2"), "/albums/1?page=2&format=json");
  assertEquals(jsonTwinUrl("/"), "/?format=json");
});
