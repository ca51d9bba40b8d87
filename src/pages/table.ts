/**
 * The table of pages: every page the viewer serves and the static site writes, each once. The
 * viewer adds a route per entry, in this order; the site writes every entry whose `site` is not
 * false (`src/site/build.ts` checks that one of its steps does).
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/site_paths_test.ts.
 * @module
 */
import type { AnyPage } from "./page.ts";
import { favoritesPage, streamPage, timelinePage } from "./stream.tsx";
import { photoPage } from "./photo.tsx";
import {
  albumPage,
  albumsPage,
  collectionsPage,
  galleriesPage,
  galleryPage,
  groupPage,
  groupsPage,
} from "./sets.tsx";
import { tagPage, tagsPage } from "./tags.tsx";
import { peoplePage, personCommentsPage, personPage, personSectionPages } from "./people.tsx";
import { duplicatesPage, manualVideosPage, searchPage, statusPage } from "./status.tsx";

/** Every page, by name. */
export const PAGES = {
  stream: streamPage,
  timeline: timelinePage,
  favorites: favoritesPage,
  photo: photoPage,
  albums: albumsPage,
  album: albumPage,
  collections: collectionsPage,
  galleries: galleriesPage,
  gallery: galleryPage,
  groups: groupsPage,
  group: groupPage,
  tags: tagsPage,
  tag: tagPage,
  people: peoplePage,
  person: personPage,
  personComments: personCommentsPage,
  personFaved: personSectionPages.faved,
  personTagged: personSectionPages.tagged,
  personFavorites: personSectionPages.favorites,
  search: searchPage,
  manualVideos: manualVideosPage,
  duplicates: duplicatesPage,
  status: statusPage,
} as const;

/** The table, in route order. */
export const PAGE_TABLE: readonly AnyPage[] = Object.values(PAGES);

/** The entries the static site writes. */
export const SITE_PAGES: readonly AnyPage[] = PAGE_TABLE.filter((p) => p.site !== false);
