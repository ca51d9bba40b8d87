/**
 * What a page of the viewer is, once for `serve` and the static site: the URL pattern it answers,
 * what it reads from the catalog, the view that shows it, its JSON twin, and what the site's reuse
 * key needs. `src/server/routes_pages.tsx` adds a route for every entry of the table
 * (`table.ts`); `src/site/` writes every entry whose `site` is not false.
 *
 * Tested by src/server/routes_pages_test.ts.
 * @module
 */
import type { Child } from "hono/jsx";
import type { Kysely } from "kysely";
import type { Catalog } from "../catalog/db.ts";
import type { Database } from "../catalog/schema.ts";
import type { LayoutProps } from "../../views/layout.tsx";

/** The static site's side of a page that is not the viewer's (see {@link PageOut.site}). */
export interface SiteCopy {
  /** When the copy was made (the status page says it). */
  madeAt: Date;
  /** How many shards the search index was cut into (the search page loads them). */
  shards: number;
}

/** How a page is written out: by the viewer (`site` null) or into the static site. */
export interface PageOut {
  /** The static site's particulars; null when the viewer answers a request. */
  site: SiteCopy | null;
  /**
   * The URL of the rest of this page's list after `cursor` (the viewer's infinite scroll, the
   * site's next page); null when the list ends here.
   */
  next(cursor: string | null): string | null;
  /**
   * The URL of another list's rest after `cursor` (a person's page links each of their lists);
   * null when that list ends here.
   */
  more(url: string, cursor: string | null): string | null;
}

/** What the viewer asks a page to answer with. */
export type Want = "page" | "fragment" | "json";

/** A request for a page, as {@link PageDef.load} reads it. */
export interface PageRequest {
  /** The pattern's parameters (`id`, `tag`, `nsid`), decoded. */
  param(name: string): string;
  /** A query parameter, or undefined. */
  query(name: string): string | undefined;
  /** The list cursor (`?after=`), or undefined. */
  after: string | undefined;
  /** Rows asked for (`?limit=`), or undefined for the list's default. */
  limit: number | undefined;
  /** What the answer will be: a page may skip what only the full page shows. */
  want: Want;
}

/** Where a page reads from. */
export interface PageSource {
  db: Kysely<Database>;
  catalog: Catalog;
  archiveDir: string;
}

/** A rendered page before its layout: the head's particulars and the body. */
export interface PageView {
  layout: LayoutProps;
  body: Child;
}

/** One page of the table; `D` is what {@link load} reads and the rest is made from. */
export interface PageDef<D> {
  /** A name for tests and reports (`album`, `person-faved`). */
  name: string;
  /** The route pattern, from views/urls.ts. */
  pattern: string;
  /** Reads what the page shows; null when the URL names nothing in the archive. */
  load(src: PageSource, req: PageRequest): Promise<D | null>;
  /** What the 404 says when {@link load} answers null. */
  notFound?: string | ((req: PageRequest) => string);
  /** The full page. */
  view(data: D, out: PageOut): PageView;
  /** The htmx fragment (the next tiles, the results as one types); without it, the full page. */
  fragment?(data: D, out: PageOut): Child;
  /** The JSON twin (`?format=json`). */
  json(data: D, out: PageOut): unknown;
  /**
   * What the site's reuse key holds besides the list's fingerprint (the heading's subject: an
   * album, a tag): a page whose key and fingerprint are the last run's is kept unrendered.
   */
  key?(data: D): unknown;
  /** False for a page only the viewer has (the site has no server to ask). */
  site?: false;
}

/**
 * An entry of the table whatever it reads. The data type is checked where the entry is defined;
 * the loops over the table only pass each entry's own data back to it.
 */
// deno-lint-ignore no-explicit-any
export type AnyPage = PageDef<any>;

/** Checks an entry's types where it is written. */
export function definePage<D>(def: PageDef<D>): PageDef<D> {
  return def;
}
