/**
 * Pages that are a heading over a grid of tiles (an album, a tag, a person's faves): one helper
 * builds their table entry from the list they show and the subject their heading names.
 *
 * Tested by tests/pages_serve_site_test.ts and src/site/build_test.ts.
 * @module
 */
import type { Child } from "hono/jsx";
import {
  type GridItem,
  listPage,
  type ListRef,
  listRefParam,
  type Page,
} from "../catalog/browse.ts";
import { Tiles } from "../../views/components.tsx";
import { GridSection } from "../../views/grid_pages.tsx";
import type { LayoutProps } from "../../views/layout.tsx";
import { fileUrl, photoUrl } from "../../views/urls.ts";
import type { PageDef, PageOut, PageRequest, PageSource, PageView } from "./page.ts";

/** A grid item as JSON: the catalog's fields plus the URLs to its page and thumbnail. */
export function itemJson(item: GridItem, inList?: string | null) {
  return {
    ...item,
    url: photoUrl(item.id, inList),
    thumbUrl: item.thumb ? fileUrl(item.thumb) : null,
  };
}

/** What a grid page shows: its subject (an album, a tag...) and one page of its list. */
export interface GridData<S> {
  subject: S;
  list: Page<GridItem>;
}

/** What the static site needs to walk a grid page's list itself. */
export interface GridSpec<S> {
  /** The list the page shows. */
  ref(subject: S): ListRef;
  /** The page's URL (its first page). */
  url(subject: S): string;
  /** The list's length when the subject knows it (for "page 3 of 40"), else null. */
  count(subject: S): number | null;
  /** What the heading shows, as JSON for the reuse key. */
  key(subject: S): unknown;
}

/** A grid page's entry: a {@link PageDef} with the {@link GridSpec} the site walks it by. */
export interface GridPageDef<S> extends PageDef<GridData<S>> {
  grid: GridSpec<S>;
}

/** What {@link gridPage} is given. */
export interface GridPageOptions<S> extends GridSpec<S> {
  name: string;
  pattern: string;
  notFound?: PageDef<unknown>["notFound"];
  /** The subject the URL names, or null (404). */
  subject(src: PageSource, req: PageRequest): Promise<S | null>;
  /** Where the list starts when not at the top (the stream's jump to a month). */
  startBelow?(subject: S): string | number | undefined;
  layout(subject: S): LayoutProps;
  /** The heading, intro and empty state over the tiles; or `body` for a page of its own shape. */
  section?(subject: S): { heading: Child; intro?: Child; empty: Child };
  body?(subject: S, items: GridItem[], nextUrl: string | null): Child;
  /** The JSON twin's fields besides the items. */
  extra(subject: S): Record<string, unknown>;
}

/** The table entry of a grid page. */
export function gridPage<S>(o: GridPageOptions<S>): GridPageDef<S> {
  const body = (s: S, items: GridItem[], nextUrl: string | null): Child => {
    if (o.body) return o.body(s, items, nextUrl);
    return (
      <GridSection
        {...o.section!(s)}
        items={items}
        nextUrl={nextUrl}
        inList={listRefParam(o.ref(s))}
      />
    );
  };
  return {
    name: o.name,
    pattern: o.pattern,
    notFound: o.notFound,
    grid: { ref: o.ref, url: o.url, count: o.count, key: o.key },
    async load(src, req) {
      const subject = await o.subject(src, req);
      if (subject === null) return null;
      const list = await listPage(src.db, o.ref(subject), {
        after: req.after,
        limit: req.limit,
        startBelow: req.after ? undefined : o.startBelow?.(subject),
      });
      return { subject, list };
    },
    view({ subject, list }, out: PageOut): PageView {
      return { layout: o.layout(subject), body: body(subject, list.items, out.next(list.next)) };
    },
    fragment({ subject, list }, out) {
      return (
        <Tiles
          items={list.items}
          nextUrl={out.next(list.next)}
          inList={listRefParam(o.ref(subject))}
        />
      );
    },
    json({ subject, list }, out) {
      const inList = listRefParam(o.ref(subject));
      return {
        ...o.extra(subject),
        items: list.items.map((i) => itemJson(i, inList)),
        next: list.next,
        nextUrl: out.next(list.next),
      };
    },
    key: ({ subject }) => o.key(subject),
  };
}
