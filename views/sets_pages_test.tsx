import { gridItem, html } from "../tests/render.ts";
import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import type { AlbumSummary, GallerySummary, GroupSummary } from "../src/catalog/browse_sets.ts";
import type { GridItem } from "../src/catalog/browse.ts";
import {
  AlbumHead,
  AlbumsPage,
  CollectionsPage,
  GalleriesPage,
  GalleryPage,
  GroupHead,
  GroupsPage,
} from "./sets_pages.tsx";

const HOSTILE = `</title><script>alert("x")</script>`;

const album = (over: Partial<AlbumSummary> = {}): AlbumSummary => ({
  id: "72157",
  title: "Summer",
  description: "",
  countPhotos: 3,
  countVideos: 0,
  dateCreate: null,
  dateUpdate: null,
  archived: 3,
  cover: { fileId: 9, sha256: "abcdef0123456789", width: 150, height: 100 },
  ...over,
});

Deno.test("AlbumsPage: cards link each album with its cover and counts; a next page loads as one scrolls", async () => {
  const page = await html(
    <AlbumsPage
      albums={[
        album(),
        album({ id: "a/b", title: " ", countPhotos: 1, countVideos: 2, cover: null }),
      ]}
      nextUrl="/albums?after=xyz"
    />,
  );
  assertStringIncludes(page, 'href="/albums/72157"');
  assertStringIncludes(page, 'src="/files/9?v=abcdef012345"');
  assertStringIncludes(page, "3 photos</div>");
  // An id is one path segment however it is spelled; a blank title reads Untitled.
  assertStringIncludes(page, 'href="/albums/a%2Fb"');
  assertStringIncludes(page, "Untitled");
  assertStringIncludes(page, "1 photo, 2 videos");
  assertStringIncludes(page, 'hx-get="/albums?after=xyz"');
  assertStringIncludes(page, '<a href="/albums?after=xyz">More albums</a>');
  const last = await html(<AlbumsPage albums={[album()]} nextUrl={null} />);
  assert(!last.includes("More albums"), "the last page has no next");
  const empty = await html(<AlbumsPage albums={[]} nextUrl={null} />);
  assertStringIncludes(empty, "No albums archived");
});

Deno.test("AlbumHead: counts, how many are archived so far, the description as Flickr's HTML", async () => {
  const head = await html(
    <AlbumHead
      album={album({
        countPhotos: 10,
        countVideos: 2,
        archived: 12,
        description: 'See <a href="https://example.com">this</a><script>x()</script>',
      })}
    />,
  );
  assertStringIncludes(head, "10 photos, 2 videos");
  assert(!head.includes("archived so far"), "all archived: no note");
  const partial = await html(<AlbumHead album={album({ countPhotos: 5000, archived: 1234 })} />);
  assertStringIncludes(partial, "(1,234 archived so far)");
  assertStringIncludes(head, 'href="https://example.com"');
  assert(!head.includes("<script>"), "Flickr's HTML is sanitised");
  const hostile = await html(<AlbumHead album={album({ title: HOSTILE })} />);
  assert(!hostile.includes("<script>"), "a title is text");
  assertStringIncludes(hostile, "&lt;script&gt;");
});

Deno.test("CollectionsPage: the tree nested, albums linked, an empty tree explained", async () => {
  const tree = [{
    id: "c1",
    title: "Travel",
    description: "",
    albums: [{ id: "72157", title: "Summer", cover: null }],
    children: [{ id: "c2", title: "By the sea", description: "", albums: [], children: [] }],
  }];
  const page = await html(<CollectionsPage tree={tree} />);
  const outer = page.indexOf("Travel");
  const inner = page.indexOf("By the sea");
  assert(outer >= 0 && inner > outer, "the child after its parent");
  assertEquals((page.match(/<ul class="tree">/g) ?? []).length, 2, "the child in a nested list");
  assertStringIncludes(page, 'href="/albums/72157"');
  assertStringIncludes(page, '<span class="ph"></span>', "a placeholder where there is no cover");
  assertStringIncludes(await html(<CollectionsPage tree={[]} />), "No collections");
});

/** A gallery whose counts Flickr omitted, but for those given. */
function blueGallery(over: Partial<GallerySummary>): GallerySummary {
  return {
    id: "g",
    title: "Blue",
    description: "",
    url: null,
    countPhotos: null,
    countVideos: null,
    dateCreate: null,
    cover: null,
    ...over,
  };
}

Deno.test('AlbumsPage, AlbumHead and GalleriesPage: a count Flickr omitted is unknown, never "0 photos"', async () => {
  const unknown = album({ countPhotos: null, countVideos: null, archived: 4 });
  const card = await html(<AlbumsPage albums={[unknown]} nextUrl={null} />);
  assert(!card.includes("0 photos"), card);
  assertStringIncludes(card, "4 items archived</div>");
  const head = await html(<AlbumHead album={unknown} />);
  assert(!head.includes("0 photos") && !head.includes("so far"), head);
  assertStringIncludes(head, "4 items archived</p>");
  // Photos known, videos omitted: the known count, what is archived, no "so far" to compare.
  const half = await html(<AlbumHead album={album({ countPhotos: 9, countVideos: null })} />);
  assertStringIncludes(half, "9 photos (3 archived)</p>");
  const list = await html(
    <GalleriesPage
      galleries={[blueGallery({ countPhotos: null })]}
    />,
  );
  assert(!list.includes("0 items"), list);
  // An export's gallery gives its photo count alone: that count, not a total with unknown videos.
  const exported = await html(
    <GalleriesPage
      galleries={[blueGallery({ countPhotos: 5 })]}
    />,
  );
  assertStringIncludes(exported, ">5 photos</div>");
});

Deno.test("GalleriesPage and GalleryPage: archived entries as tiles, the others linked on Flickr", async () => {
  const gallery: GallerySummary = {
    id: "72157-1",
    title: "Blue",
    description: "",
    url: "https://www.flickr.com/photos/me/galleries/72157-1/",
    countPhotos: 2,
    countVideos: 1,
    dateCreate: null,
    cover: null,
  };
  const list = await html(<GalleriesPage galleries={[gallery]} />);
  assertStringIncludes(list, 'href="/galleries/72157-1"');
  assertStringIncludes(list, "3 items");
  assertStringIncludes(await html(<GalleriesPage galleries={[]} />), "No galleries");
  const item: GridItem = gridItem("501", { title: "Bridge", owner: "5@N01" });
  const page = await html(
    <GalleryPage
      gallery={gallery}
      entries={[
        { id: "501", owner: "5@N01", title: "Bridge", item },
        { id: "9&9", owner: null, title: "", item: null },
      ]}
    />,
  );
  assertStringIncludes(page, 'href="/photos/501"');
  assertStringIncludes(page, 'href="https://www.flickr.com/photo.gne?id=9%269"');
  assertStringIncludes(page, "Untitled (not archived)");
  assertStringIncludes(page, 'rel="noopener noreferrer">On Flickr</a>');
  assertStringIncludes(
    await html(<GalleryPage gallery={gallery} entries={[]} />),
    "This gallery is empty",
  );
});

Deno.test("GroupsPage and GroupHead: a group without a name shows its id", async () => {
  const groups: GroupSummary[] = [
    { id: "10@N01", name: "Bridges", items: 1, cover: null },
    { id: "11@N01", name: "", items: 1200, cover: null },
  ];
  const page = await html(<GroupsPage groups={groups} />);
  assertStringIncludes(page, 'href="/groups/10%40N01"');
  assertStringIncludes(page, "1 of your items");
  assertStringIncludes(page, "1,200 of your items");
  assertStringIncludes(page, '<div class="title">11@N01</div>');
  assertStringIncludes(await html(<GroupsPage groups={[]} />), "No groups");
  const head = await html(<GroupHead group={groups[1]} />);
  assertStringIncludes(head, "11@N01");
  assertStringIncludes(head, 'href="/groups"');
});
