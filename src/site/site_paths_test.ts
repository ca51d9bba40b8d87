import { assert, assertEquals } from "../../tests/assert.ts";
import { PAGES } from "../pages/table.ts";
import {
  albumUrl,
  galleryUrl,
  groupUrl,
  personSectionUrl,
  personUrl,
  photoUrl,
  tagUrl,
  URLS,
} from "../../views/urls.ts";
import { hasSiteFile, relativeLink, safeName, siteFileOf } from "./site_paths.ts";

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

Deno.test("siteFileOf: every page the site writes has its file, found from the page's own pattern", () => {
  for (const [name, page] of Object.entries(PAGES)) {
    const key = name as keyof typeof PAGES;
    if (page.site !== false) assert(hasSiteFile(key), `${name} has no file in the site`);
    // The pattern's parameters filled in give a URL the page's rule places.
    const url = page.pattern.replace(/:[a-z]+/g, "x");
    const file = siteFileOf(url, map);
    if (hasSiteFile(key)) assert(file !== null, `${name}: ${url} maps to no file`);
  }
  // A page only the viewer has maps to nothing: its links stay out of the site.
  assertEquals(hasSiteFile("duplicates"), false);
  assertEquals(siteFileOf(URLS.duplicates, map), null);
});

Deno.test("siteFileOf: the URL builders' URLs, Unicode and odd ids included", () => {
  assertEquals(siteFileOf(albumUrl("72157"), map), "albums/72157.html");
  assertEquals(siteFileOf(galleryUrl("1-2"), map), "galleries/1-2.html");
  assertEquals(siteFileOf(groupUrl("34@N01"), map), "groups/34@N01.html");
  assertEquals(siteFileOf(personUrl("1@N00"), map), "people/1@N00.html");
  assertEquals(siteFileOf(personSectionUrl("1@N00", "tagged"), map), "people/1@N00/tagged.html");
  assertEquals(
    siteFileOf(personSectionUrl("1@N00", "comments"), map),
    "people/1@N00/comments.html",
  );
  // A tag that is no safe file name gets the same hashed name as safeName gives it.
  assertEquals(siteFileOf(tagUrl("写真 2019"), map), `tags/${safeName("写真 2019")}.html`);
  assertEquals(siteFileOf(tagUrl("a/b"), map), `tags/${safeName("a/b")}.html`);
  assertEquals(siteFileOf(photoUrl("9", "tag:x"), map), "photos/9.html");
  assertEquals(siteFileOf(URLS.manualVideos, map), "videos-manual.html");
  assertEquals(siteFileOf(URLS.status, map), "status.html");
  assertEquals(siteFileOf("/timeline?order=uploaded&from=2019-07", map), "stream/uploaded.4.html");
  assertEquals(siteFileOf("/albums/", map), "albums.html");
  // What names no page of the site: an empty id, a list no page has, files and avatars.
  assertEquals(siteFileOf("/photos/", map), null);
  assertEquals(siteFileOf("/people/1@N00/unknown", map), null);
  assertEquals(siteFileOf("/files/3?v=abc", map), null);
  assertEquals(siteFileOf("/avatars/1%40N00", map), null);
  assertEquals(siteFileOf("albums", map), null);
});
