/**
 * The photostream (in either order, from a month on), its timeline, and the favourites.
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/build_test.ts.
 * @module
 */
import type { Child } from "hono/jsx";
import { monthStart, ownItemCount, timeline, type TimelineMonth } from "../catalog/browse.ts";
import { accountOwner } from "../catalog/account_owner.ts";
import { Empty } from "../../views/components.tsx";
import { StreamPage, Timeline } from "../../views/grid_pages.tsx";
import { streamUrl, URLS } from "../../views/urls.ts";
import { gridPage } from "./grid.tsx";
import { definePage } from "./page.ts";

type Order = "taken" | "uploaded";

function orderOf(value: string | undefined): Order {
  return value === "uploaded" ? "uploaded" : "taken";
}

/** The photostream's months, as {@link timeline} reads them. */
export interface StreamTimeline {
  months: TimelineMonth[];
  unknown: number;
}

/** What the photostream's page shows besides its tiles. */
export interface StreamSubject {
  order: Order;
  /** The month (`YYYY-MM`) the stream starts at, when one was asked for and exists. */
  from: string | null;
  start: string | number | null;
  /** The account's own items; 0 when only tiles or JSON were asked for. */
  total: number;
  owner: string | null;
  /** The timeline rendered in place (the site); the viewer loads it after the page. */
  timeline?: Child;
  /** The timeline's months, for the site's reuse key. */
  months?: StreamTimeline;
}

/** `/`: the photostream. */
export const streamPage = gridPage<StreamSubject>({
  name: "stream",
  pattern: URLS.stream,
  async subject({ db }, req) {
    const order = orderOf(req.query("order"));
    const from = req.query("from") ?? null;
    const start = from ? monthStart(order, from) : null;
    const full = req.want === "page";
    return {
      order,
      from: start !== null ? from : null,
      start,
      total: full ? await ownItemCount(db) : 0,
      owner: full ? (await accountOwner(db))?.name ?? null : null,
    };
  },
  startBelow: (s) => s.start ?? undefined,
  ref: (s) => ({ kind: "stream", order: s.order }),
  url: (s) => streamUrl(s.order),
  count: (s) => s.total,
  key: (s) => [s.months ?? null, s.owner],
  layout: () => ({ title: "Photostream", section: URLS.stream }),
  body: (s, items, nextUrl) => (
    <StreamPage
      order={s.order}
      from={s.from}
      items={items}
      nextUrl={nextUrl}
      total={s.total}
      timeline={s.timeline}
      owner={s.owner}
    />
  ),
  extra: (s) => ({ order: s.order }),
});

/** `/timeline`: the stream's months, which the viewer's photostream loads after the page. */
export const timelinePage = definePage<StreamTimeline & { order: Order; current?: string }>({
  name: "timeline",
  pattern: URLS.timeline,
  site: false,
  async load({ db }, req) {
    const order = orderOf(req.query("order"));
    return { order, ...await timeline(db, order), current: req.query("from") };
  },
  view: (t) => ({
    layout: { title: "Timeline", section: URLS.stream },
    body: <Timeline order={t.order} months={t.months} unknown={t.unknown} current={t.current} />,
  }),
  fragment: (t) => (
    <Timeline order={t.order} months={t.months} unknown={t.unknown} current={t.current} />
  ),
  json: ({ order, months, unknown }) => ({ order, months, unknown }),
});

/** `/favorites`: others' photos the person faved. */
export const favoritesPage = gridPage<{ count: number | null }>({
  name: "favorites",
  pattern: URLS.favorites,
  subject: () => Promise.resolve({ count: null }),
  ref: () => ({ kind: "favorites" }),
  url: () => URLS.favorites,
  count: (s) => s.count,
  key: () => null,
  layout: () => ({ title: "Favorites", section: URLS.favorites }),
  section: () => ({
    heading: <h1>Favorites</h1>,
    intro: <p class="muted">Other people's photos you faved, most recent first.</p>,
    empty: (
      <Empty title="No favorites archived" glyph="★">
        <p>
          Photos by others that you faved on Flickr are archived with their comments and appear
          here.
        </p>
      </Empty>
    ),
  }),
  extra: () => ({}),
});
