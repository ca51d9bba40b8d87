import { assertEquals } from "../../tests/assert.ts";
import { relativeLink, safeName, siteFileOf } from "./site_paths.ts";

const map = { monthPage: (_o: string, m: string) => (m === "2019-07" ? 4 : null) };

Deno.test("siteFileOf: viewer URLs to site files", () => {
  assertEquals(siteFileOf("/", map), "index.html");
  assertEquals(siteFileOf("/?order=taken&page=3", map), "stream/taken.3.html");
  assertEquals(siteFileOf("/?order=uploaded", map), "stream/uploaded.html");
  assertEquals(siteFileOf("/?order=taken&from=2019-07", map), "stream/taken.4.html");
  assertEquals(siteFileOf("/photos/123?in=album%3A9", map), "photos/123.html");
  assertEquals(siteFileOf("/albums/72157", map), "albums/72157.html");
  assertEquals(siteFileOf("/albums?page=2", map), "albums.2.html");
  assertEquals(siteFileOf("/tags?machine=1", map), "tags-machine.html");
  assertEquals(siteFileOf("/people/1%40N00/faved?page=2", map), "people/1@N00/faved.2.html");
  assertEquals(siteFileOf("/search?q=a%20b", map), "search.html?q=a%20b");
  assertEquals(siteFileOf("/photos/1#comments", map), "photos/1.html#comments");
  assertEquals(siteFileOf("/nothing/here", map), null);
  // Every page's JSON twin (`?format=json`, views/urls.ts) is the file beside it.
  assertEquals(siteFileOf("/?format=json", map), "index.json");
  assertEquals(siteFileOf("/albums/72157?page=2&format=json", map), "albums/72157.2.json");
  assertEquals(siteFileOf("/people/1%40N00?format=json", map), "people/1@N00.json");
  assertEquals(siteFileOf("/search?q=a&format=json", map), "search.json");
});

Deno.test("safeName: legal, distinct file names on every system", () => {
  assertEquals(safeName("sunset"), "sunset");
  assertEquals(safeName("12@N01"), "12@N01");
  const machine = safeName("geo:lat=1.5");
  assertEquals(/^[A-Za-z0-9_~-]+$/.test(machine), true, machine);
  assertEquals(safeName("con") === "con", false, "a name Windows reserves");
  assertEquals(safeName("été") !== safeName("ete"), true);
  assertEquals(safeName("a/b") !== safeName("a_b"), true);
  assertEquals(safeName("写真").length > 0, true);
});

Deno.test("relativeLink: from any page, percent-encoded", () => {
  assertEquals(relativeLink("index.html", "photos/1.html"), "photos/1.html");
  assertEquals(relativeLink("photos/1.html", "index.html"), "../index.html");
  assertEquals(relativeLink("photos/1.html", "photos/2.html"), "2.html");
  assertEquals(relativeLink("people/x/faved.html", "people/x.html"), "../x.html");
  assertEquals(
    relativeLink("photos/1.html", "../my photos/a#1.jpg", true),
    "../../my%20photos/a%231.jpg",
  );
  assertEquals(relativeLink("index.html", "search.html?q=x"), "search.html?q=x");
});
