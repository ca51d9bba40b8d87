/**
 * Search, the archive's status, the videos to download by hand, and the duplicates.
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * tests/duplicates_test.ts.
 * @module
 */
import type { GridItem, Page } from "../catalog/browse.ts";
import { searchItems } from "../catalog/browse_search.ts";
import {
  deletedItems,
  type FailingFile,
  failingFiles,
  type ManualVideo,
  manualVideos,
  recentRuns,
} from "../catalog/browse_status.ts";
import { type ArchiveStatus, archiveStatus } from "../catalog/status.ts";
import type { RunRow } from "../catalog/schema.ts";
import { type DuplicateGroup, duplicateGroups } from "../catalog/duplicates.ts";
import { Tiles } from "../../views/components.tsx";
import { DuplicatesPage } from "../../views/duplicates_page.tsx";
import { SearchPage, SearchResults } from "../../views/search_page.tsx";
import { ManualList, ManualPage, StatusPage } from "../../views/status_pages.tsx";
import { URLS } from "../../views/urls.ts";
import { itemJson } from "./grid.tsx";
import { definePage } from "./page.ts";

/**
 * Ids of what only the static site's pages hold (its search box's index, the note on the copy):
 * the rest of each page is the viewer's, as the pages test checks.
 */
export const SITE_ONLY_IDS = ["site-search", "site-copy"];

/** The site's search page loads its index from here, relative to the site's root. */
export const SEARCH_SHARDS_BASE = "search/";

/** `/search?q=`: full-text search, results as tiles. The site searches in the browser. */
export const searchPage = definePage<{ q: string; after?: string; list: Page<GridItem> }>({
  name: "search",
  pattern: URLS.search,
  async load({ db }, req) {
    const q = (req.query("q") ?? "").slice(0, 200);
    const list = await searchItems(db, q, { after: req.after, limit: req.limit });
    return { q, after: req.after, list };
  },
  view: ({ q, list }, out) => ({
    layout: { title: q ? `Search: ${q}` : "Search", q },
    body: (
      <>
        {out.site && (
          <div
            id={SITE_ONLY_IDS[0]}
            data-shards={String(out.site.shards)}
            data-base={SEARCH_SHARDS_BASE}
          >
          </div>
        )}
        <SearchPage q={q} items={list.items} nextUrl={out.next(list.next)} />
      </>
    ),
  }),
  // The next tiles for infinite scroll, or the whole results block as one types.
  fragment: ({ q, after, list }, out) =>
    after
      ? <Tiles items={list.items} nextUrl={out.next(list.next)} />
      : <SearchResults q={q} items={list.items} nextUrl={out.next(list.next)} />,
  json: ({ q, list }, out) => ({
    q,
    items: list.items.map((i) => itemJson(i)),
    next: list.next,
    nextUrl: out.next(list.next),
  }),
});

/** `/videos/manual`: videos whose originals Flickr gives only to a signed-in browser. */
export const manualVideosPage = definePage<{ videos: ManualVideo[]; archiveDir: string }>({
  name: "manual-videos",
  pattern: URLS.manualVideos,
  load: async ({ db, archiveDir }) => ({ videos: await manualVideos(db), archiveDir }),
  view: ({ videos, archiveDir }) => ({
    layout: { title: "Videos to download by hand" },
    body: <ManualPage videos={videos} archiveDir={archiveDir} />,
  }),
  fragment: ({ videos, archiveDir }) => <ManualList videos={videos} archiveDir={archiveDir} />,
  json: ({ videos, archiveDir }) => ({
    items: videos.map((v) => ({ ...v, item: itemJson(v.item) })),
    next: null,
    archive: archiveDir,
  }),
});

/** `/duplicates`: items that look like copies of one another. The viewer's only. */
export const duplicatesPage = definePage<{ groups: DuplicateGroup[] }>({
  name: "duplicates",
  pattern: URLS.duplicates,
  site: false,
  load: async ({ db }) => ({ groups: await duplicateGroups(db) }),
  view: ({ groups }) => ({
    layout: { title: "Duplicates" },
    body: <DuplicatesPage groups={groups} />,
  }),
  json: ({ groups }) => ({
    items: groups.map((g) => ({ items: g.items.map((i) => itemJson(i)), reasons: g.reasons })),
    next: null,
  }),
});

/** What the status page shows. */
export interface StatusData {
  status: ArchiveStatus;
  runs: RunRow[];
  failing: FailingFile[];
  deleted: GridItem[];
}

/** `/status`: what the archive holds and lacks; in the site, also when the copy was made. */
export const statusPage = definePage<StatusData>({
  name: "status",
  pattern: URLS.status,
  async load({ db, catalog, archiveDir }) {
    const [status, runs, failing, deleted] = await Promise.all([
      archiveStatus(catalog, archiveDir),
      recentRuns(db),
      failingFiles(db),
      deletedItems(db),
    ]);
    return { status, runs, failing, deleted };
  },
  view: ({ status, runs, failing, deleted }, out) => ({
    layout: { title: out.site ? "About this archive" : "Archive status" },
    body: (
      <>
        {out.site && (
          <p class="callout ok" id={SITE_ONLY_IDS[1]}>
            This is a copy of a Flickr archive made by <b>flickrvault site</b> on{" "}
            <time datetime={out.site.madeAt.toISOString()}>
              {out.site.madeAt.toLocaleString("en-GB", {
                dateStyle: "long",
                timeStyle: "short",
                timeZone: "UTC",
              })} UTC
            </time>. It holds {status.photos.toLocaleString("en")} photos,{" "}
            {status.videos.toLocaleString("en")} videos and {status.favorites.toLocaleString("en")}
            {" "}
            favourites, and works without a network: open <code>index.html</code>.
          </p>
        )}
        <StatusPage status={status} runs={runs} failing={failing} deleted={deleted} />
      </>
    ),
  }),
  json: ({ status, runs, failing, deleted }) => ({
    status,
    runs,
    failing,
    deleted: deleted.map((i) => itemJson(i)),
  }),
});
