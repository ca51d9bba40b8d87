/**
 * The page around every view: head with the embedded assets, the top bar with navigation and
 * search, and the footer.
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/build_test.ts.
 * @module
 */
import type { FC, PropsWithChildren } from "hono/jsx";
import { assets } from "./assets.ts";
import { URLS } from "./urls.ts";

/** The sections of the top bar, by URL. */
export const NAV: [string, string][] = [
  [URLS.stream, "Photostream"],
  [URLS.albums, "Albums"],
  [URLS.collections, "Collections"],
  [URLS.favorites, "Favorites"],
  [URLS.tags, "Tags"],
  [URLS.people, "People"],
  [URLS.galleries, "Galleries"],
  [URLS.groups, "Groups"],
];

/** Options of {@link Layout}. */
export interface LayoutProps {
  title: string;
  /** The NAV entry to mark as current. */
  section?: string;
  /** The search box's current text. */
  q?: string;
  /** The URL of the page's JSON twin, linked from the head as an alternate. */
  json?: string | null;
  /**
   * The first-run start page, when the viewer runs inside `flickrvault` with no command: the top
   * bar then links it (runs, updates, copies for others).
   */
  start?: string;
}

/** A full HTML page. */
export const Layout: FC<PropsWithChildren<LayoutProps>> = (
  { title, section, q, json, start, children },
) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <meta name="referrer" content="no-referrer" />
      <meta name="htmx-config" content='{"includeIndicatorCSS": false}' />
      <title>{title ? `${title} · flickrvault` : "flickrvault"}</title>
      <link rel="icon" href={assets.favicon.url} type="image/svg+xml" />
      <link rel="stylesheet" href={assets.style.url} />
      {json && <link rel="alternate" type="application/json" href={json} />}
      <script src={assets.htmx.url} defer></script>
      <script src={assets.app.url} defer></script>
    </head>
    <body>
      <header class="top">
        <a class="brand" href={URLS.stream}>
          <span class="dots" aria-hidden="true">
            <i></i>
            <i></i>
          </span>
          flickrvault
        </a>
        <nav class="nav" aria-label="Sections">
          {NAV.map(([href, label]) => (
            <a href={href} aria-current={section === href ? "page" : undefined}>{label}</a>
          ))}
          {start && (
            <a href={start} class="start" aria-current={section === start ? "page" : undefined}>
              Updates &amp; copies
            </a>
          )}
        </nav>
        <form class="top-search" action={URLS.search} method="get" role="search">
          <input
            type="search"
            name="q"
            value={q ?? ""}
            placeholder="Search the archive"
            aria-label="Search the archive"
          />
        </form>
      </header>
      <main>{children}</main>
      <footer class="foot">
        <a href={URLS.status}>Archive status</a>
        <a href={URLS.manualVideos}>Videos to download by hand</a>
        <a href={URLS.search}>Search</a>
        <span>Everything here is served from your own disk.</span>
      </footer>
    </body>
  </html>
);
