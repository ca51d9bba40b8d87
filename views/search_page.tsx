/**
 * Search: as-you-type full-text search with results as a grid.
 *
 * Tested by tests/pages_serve_site_test.ts.
 * @module
 */
import type { FC } from "hono/jsx";
import type { GridItem } from "../src/catalog/browse.ts";
import { Empty, Grid } from "./components.tsx";
import { URLS } from "./urls.ts";

/** The results block, swapped in by htmx as the person types. */
export const SearchResults: FC<{ q: string; items: GridItem[]; nextUrl: string | null }> = (
  { q, items, nextUrl },
) => {
  if (!q.trim()) {
    return (
      <p class="muted">
        Titles, descriptions, tags, comments and place names, as you type.
      </p>
    );
  }
  if (!items.length) {
    return (
      <Empty title={`Nothing matches “${q}”`} glyph="🔍">
        <p>Try fewer words, or the start of a word: search matches word beginnings too.</p>
      </Empty>
    );
  }
  return (
    <>
      <p class="muted" id="result-count">
        {nextUrl ? `More than ${items.length}` : items.length} results for “{q}”
      </p>
      <Grid items={items} nextUrl={nextUrl} />
    </>
  );
};

/** The search page's body. */
export const SearchPage: FC<{ q: string; items: GridItem[]; nextUrl: string | null }> = (
  props,
) => (
  <>
    <h1>Search</h1>
    <form class="searchbar" action={URLS.search} method="get" role="search">
      <input
        type="search"
        name="q"
        id="q"
        value={props.q}
        placeholder="Harbour, birthday, a friend's words…"
        autocomplete="off"
        autofocus
        hx-get={URLS.search}
        hx-trigger="input changed delay:250ms, search"
        hx-target="#results"
        hx-sync="this:replace"
        hx-push-url="true"
        hx-indicator="#search-spinner"
      />
      <span id="search-spinner" class="spinner htmx-indicator" aria-hidden="true"></span>
    </form>
    <div id="results" aria-live="polite">
      <SearchResults {...props} />
    </div>
  </>
);
