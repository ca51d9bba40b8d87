/**
 * Small pieces every page uses: grid tiles with lazy thumbnails, the infinite-scroll sentinel,
 * avatars, dates and empty states.
 *
 * Tested by views/grid_pages_test.tsx, views/people_pages_test.tsx and views/photo_page_test.tsx.
 * @module
 */
import type { FC, PropsWithChildren } from "hono/jsx";
import { raw } from "hono/html";
import type { GridItem } from "../src/catalog/browse.ts";
import { formatClockSeconds } from "../src/units.ts";
import { formatTakenDate, formatUnixTime, unixToIso } from "./format.ts";
import { sanitizeFlickrHtml } from "./sanitize.ts";
import { avatarUrl, photoUrl, thumbUrl } from "./urls.ts";

/** A title to show: Flickr allows empty ones. */
export function titleOf(title: string | null | undefined): string {
  return title?.trim() || "Untitled";
}

/** One tile of a grid: a square, lazily loaded thumbnail linking to the photo page. */
export const Tile: FC<{ item: GridItem; inList?: string | null }> = ({ item, inList }) => {
  const src = thumbUrl(item.thumb);
  const title = titleOf(item.title);
  return (
    <a class="tile" href={photoUrl(item.id, inList)} title={title} data-id={item.id}>
      {src
        ? (
          <img
            src={src}
            alt={title}
            width={item.thumb?.width ?? undefined}
            height={item.thumb?.height ?? undefined}
            loading="lazy"
            decoding="async"
          />
        )
        : <span class="noimg">{title}</span>}
      {item.media === "video" && (
        <span class="badge">▶ {item.duration ? formatClockSeconds(item.duration) : "Video"}</span>
      )}
      {item.deletedOnFlickr && <span class="badge right gone">Gone from Flickr</span>}
      <span class="cap">{title}</span>
    </a>
  );
};

/**
 * The tiles of a page and, when there is more, a sentinel that loads the next page when it scrolls
 * into view (htmx `revealed`) and replaces itself with it. Without JavaScript it is a plain link.
 */
export const Tiles: FC<{ items: GridItem[]; nextUrl: string | null; inList?: string | null }> = (
  { items, nextUrl, inList },
) => (
  <>
    {items.map((item) => <Tile key={item.id} item={item} inList={inList} />)}
    {nextUrl && (
      <div class="more" hx-get={nextUrl} hx-trigger="revealed" hx-swap="outerHTML">
        <a href={nextUrl}>More photos</a>
        <span class="spinner htmx-indicator" aria-hidden="true"></span>
      </div>
    )}
  </>
);

/** A whole grid. */
export const Grid: FC<{ items: GridItem[]; nextUrl: string | null; inList?: string | null }> = (
  props,
) => (
  <div class="grid" id="grid">
    <Tiles {...props} />
  </div>
);

/** A person's avatar (their buddy icon from the archive, else a neutral silhouette). */
export const Avatar: FC<{ nsid: string; name: string; big?: boolean }> = ({ nsid, name, big }) => (
  <img
    class={big ? "avatar big" : "avatar"}
    src={avatarUrl(nsid)}
    alt=""
    title={name}
    width={big ? 72 : 36}
    height={big ? 72 : 36}
    loading="lazy"
    decoding="async"
  />
);

/** A unix time as a `<time>` element. */
export const Time: FC<{ unix: number | null | undefined }> = ({ unix }) =>
  unix === null || unix === undefined
    ? <span class="muted">unknown</span>
    : <time datetime={unixToIso(unix) ?? undefined}>{formatUnixTime(unix)}</time>;

/** A taken date with Flickr's granularity. */
export const Taken: FC<{ date: string | null; granularity: number; unknown?: boolean }> = (
  { date, granularity, unknown },
) => (
  <time datetime={date && !unknown ? date.replace(" ", "T") : undefined}>
    {formatTakenDate(date, granularity, unknown)}
  </time>
);

/** Flickr HTML, sanitised to the allow-list. */
export const FlickrHtml: FC<{ html: string; class?: string }> = ({ html, class: cls }) => (
  <div class={cls}>{raw(sanitizeFlickrHtml(html))}</div>
);

/** What to show where a list is empty: what it would hold and what to do about it. */
export const Empty: FC<PropsWithChildren<{ title: string; glyph?: string }>> = (
  { title, glyph, children },
) => (
  <div class="empty">
    <div class="glyph" aria-hidden="true">{glyph ?? "◌"}</div>
    <h2>{title}</h2>
    {children}
  </div>
);

/** The heading of a list reached from another page: a link back, the title, a line about it. */
export const ListHead: FC<{ back: string; backLabel: string; title: string; note?: string }> = (
  { back, backLabel, title, note },
) => (
  <div>
    <p class="small muted">
      <a href={back}>← {backLabel}</a>
    </p>
    <h1>{title}</h1>
    {note && <p class="muted">{note}</p>}
  </div>
);
