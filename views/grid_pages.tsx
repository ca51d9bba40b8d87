/**
 * Pages that are a heading over a grid: the photostream (with its timeline), favourites, a tag,
 * a group, an album, a person's faves.
 * @module
 */
import type { Child, FC } from "hono/jsx";
import type { GridItem, TimelineMonth } from "../src/catalog/browse.ts";
import { monthLabel, plural } from "./format.ts";
import { Empty, Grid } from "./components.tsx";
import { streamUrl, URLS, withQuery } from "./urls.ts";

/** A heading, an optional intro, and a grid (or the empty state). */
export const GridSection: FC<{
  heading: Child;
  intro?: Child;
  tools?: Child;
  items: GridItem[];
  nextUrl: string | null;
  inList?: string | null;
  empty: Child;
}> = ({ heading, intro, tools, items, nextUrl, inList, empty }) => (
  <>
    <div class="page-head">
      <div>
        {heading}
        {intro}
      </div>
      {tools}
    </div>
    {items.length ? <Grid items={items} nextUrl={nextUrl} inList={inList} /> : empty}
  </>
);

/** The photostream's order switch. */
export const OrderTabs: FC<{ order: "taken" | "uploaded" }> = ({ order }) => (
  <nav class="tabs" aria-label="Order">
    <a
      href={withQuery(URLS.stream, { order: "taken" })}
      aria-current={order === "taken" ? "true" : undefined}
    >
      Date taken
    </a>
    <a href={streamUrl("uploaded")} aria-current={order === "uploaded" ? "true" : undefined}>
      Date uploaded
    </a>
  </nav>
);

/** The timeline: years, each with its months, linking to the stream from that month on. */
export const Timeline: FC<{
  order: "taken" | "uploaded";
  months: TimelineMonth[];
  unknown: number;
  current?: string | null;
}> = ({ order, months, unknown, current }) => {
  const years = new Map<string, TimelineMonth[]>();
  for (const m of months) {
    const y = m.month.slice(0, 4);
    years.set(y, [...(years.get(y) ?? []), m]);
  }
  const currentYear = current?.slice(0, 4);
  return (
    <nav class="timeline" aria-label="Timeline" id="timeline">
      {[...years].map(([year, ms], i) => (
        <details open={year === currentYear || (!currentYear && i === 0)}>
          <summary>
            <a href={withQuery(URLS.stream, { order, from: ms[0].month })}>{year}</a>
            <span class="count">
              {ms.reduce((n, m) =>
                n + m.count, 0).toLocaleString("en")}
            </span>
          </summary>
          <ul>
            {ms.map((m) => (
              <li>
                <a
                  href={withQuery(URLS.stream, { order, from: m.month })}
                  aria-current={m.month === current ? "true" : undefined}
                >
                  <span>{monthLabel(year, m.month.slice(5))}</span>
                  <span class="count">{m.count.toLocaleString("en")}</span>
                </a>
              </li>
            ))}
          </ul>
        </details>
      ))}
      {unknown > 0 && <p class="muted small">{plural(unknown, "item")} without a date</p>}
    </nav>
  );
};

/** The photostream page's body. */
export const StreamPage: FC<{
  order: "taken" | "uploaded";
  from: string | null;
  items: GridItem[];
  nextUrl: string | null;
  total: number;
  /** The timeline rendered in place; without it, htmx loads it after the page. */
  timeline?: Child;
  /** The account owner's name, when the archive knows whose it is. */
  owner?: string | null;
}> = ({ order, from, items, nextUrl, total, timeline, owner }) => (
  <div class="stream">
    <div>
      <GridSection
        heading={<h1>Photostream</h1>}
        intro={
          <p class="muted">
            {owner && (
              <>
                <span class="owner">{owner}</span> ·{" "}
              </>
            )}
            {plural(total, "photo and video", "photos and videos")}
            {from ? `, from ${monthLabel(from.slice(0, 4), from.slice(5))} back` : ""}
          </p>
        }
        tools={<OrderTabs order={order} />}
        items={items}
        nextUrl={nextUrl}
        inList={order}
        empty={
          <Empty title="Nothing archived yet" glyph="📷">
            <p>
              Run <code>flickrvault archive</code> to bring your Flickr photos and videos here, or
              {" "}
              <code>flickrvault import</code>{" "}
              with Flickr's own data export. This page fills as they arrive.
            </p>
          </Empty>
        }
      />
    </div>
    {timeline ?? (
      <div
        hx-get={withQuery(URLS.timeline, { order, from })}
        hx-trigger="load"
        hx-swap="outerHTML"
      >
      </div>
    )}
  </div>
);
