/**
 * Albums, collections, galleries and groups: their lists and each one's page.
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/site_paths_test.ts.
 * @module
 */
import type { Page } from "../catalog/browse.ts";
import {
  type AlbumSummary,
  type CollectionNode,
  collectionTree,
  type GalleryEntry,
  type GallerySummary,
  getAlbum,
  getGallery,
  getGroup,
  type GroupSummary,
  listAlbums,
  listGalleries,
  listGroups,
} from "../catalog/browse_sets.ts";
import { Empty, titleOf } from "../../views/components.tsx";
import {
  AlbumCards,
  AlbumHead,
  AlbumsPage,
  CollectionsPage,
  GalleriesPage,
  GalleryPage,
  GroupHead,
  GroupsPage,
} from "../../views/sets_pages.tsx";
import { albumUrl, groupUrl, PATTERNS, URLS } from "../../views/urls.ts";
import { gridPage, itemJson } from "./grid.tsx";
import { definePage } from "./page.ts";

/** `/albums`: the albums in the person's order, a page at a time. */
export const albumsPage = definePage<{ list: Page<AlbumSummary> }>({
  name: "albums",
  pattern: URLS.albums,
  load: async ({ db }, req) => ({
    list: await listAlbums(db, { after: req.after, limit: req.limit }),
  }),
  view: ({ list }, out) => ({
    layout: { title: "Albums", section: URLS.albums },
    body: <AlbumsPage albums={list.items} nextUrl={out.next(list.next)} />,
  }),
  fragment: ({ list }, out) => <AlbumCards albums={list.items} nextUrl={out.next(list.next)} />,
  json: ({ list }, out) => ({ items: list.items, next: list.next, nextUrl: out.next(list.next) }),
});

/** `/albums/ID`: an album's photos in its order. */
export const albumPage = gridPage<AlbumSummary>({
  name: "album",
  pattern: PATTERNS.album,
  notFound: "There is no such album in this archive.",
  subject: ({ db }, req) => getAlbum(db, req.param("id")),
  ref: (album) => ({ kind: "album", id: album.id }),
  url: (album) => albumUrl(album.id),
  count: (album) => album.archived || null,
  key: (album) => album,
  layout: (album) => ({ title: titleOf(album.title), section: URLS.albums }),
  section: (album) => ({
    heading: <AlbumHead album={album} />,
    empty: (
      <Empty title="No archived photos in this album" glyph="🗂">
        <p>The album's photos appear here once they are archived.</p>
      </Empty>
    ),
  }),
  extra: (album) => ({ album }),
});

/** `/collections`: the albums grouped the way the person grouped them. */
export const collectionsPage = definePage<{ tree: CollectionNode[] }>({
  name: "collections",
  pattern: URLS.collections,
  load: async ({ db }) => ({ tree: await collectionTree(db) }),
  view: ({ tree }) => ({
    layout: { title: "Collections", section: URLS.collections },
    body: <CollectionsPage tree={tree} />,
  }),
  json: ({ tree }) => ({ items: tree, next: null }),
});

/** `/galleries`: the galleries the person curated. */
export const galleriesPage = definePage<{ galleries: GallerySummary[] }>({
  name: "galleries",
  pattern: URLS.galleries,
  load: async ({ db }) => ({ galleries: await listGalleries(db) }),
  view: ({ galleries }) => ({
    layout: { title: "Galleries", section: URLS.galleries },
    body: <GalleriesPage galleries={galleries} />,
  }),
  json: ({ galleries }) => ({ items: galleries, next: null }),
});

/** `/galleries/ID`: a gallery, archived entries as tiles. */
export const galleryPage = definePage<{ gallery: GallerySummary; entries: GalleryEntry[] }>({
  name: "gallery",
  pattern: PATTERNS.gallery,
  notFound: "There is no such gallery in this archive.",
  load: ({ db }, req) => getGallery(db, req.param("id")),
  view: ({ gallery, entries }) => ({
    layout: { title: titleOf(gallery.title), section: URLS.galleries },
    body: <GalleryPage gallery={gallery} entries={entries} />,
  }),
  json: ({ gallery, entries }) => ({
    gallery,
    items: entries.map((e) => ({ ...e, item: e.item ? itemJson(e.item) : null })),
    next: null,
  }),
});

/** `/groups`: the groups whose pools hold the person's photos. */
export const groupsPage = definePage<{ groups: GroupSummary[] }>({
  name: "groups",
  pattern: URLS.groups,
  load: async ({ db }) => ({ groups: await listGroups(db) }),
  view: ({ groups }) => ({
    layout: { title: "Groups", section: URLS.groups },
    body: <GroupsPage groups={groups} />,
  }),
  json: ({ groups }) => ({ items: groups, next: null }),
});

/** `/groups/ID`: the person's photos in a group's pool. */
export const groupPage = gridPage<GroupSummary>({
  name: "group",
  pattern: PATTERNS.group,
  notFound: "There is no such group in this archive.",
  subject: ({ db }, req) => getGroup(db, req.param("id")),
  ref: (group) => ({ kind: "group", id: group.id }),
  url: (group) => groupUrl(group.id),
  count: () => null,
  key: (group) => group,
  layout: (group) => ({ title: group.name, section: URLS.groups }),
  section: (group) => ({
    heading: <GroupHead group={group} />,
    empty: <Empty title="None of your archived photos are in this group" />,
  }),
  extra: (group) => ({ group }),
});
