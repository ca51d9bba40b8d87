/**
 * Where each page of the viewer lives in the static site, and how a link from one page to another
 * is written: the viewer's URLs (built by views/urls.ts) are matched against the patterns of the
 * table of pages (src/pages/table.ts, which takes them from views/urls.ts) and mapped to files
 * relative to the site's root, then to a path relative to the linking page, so the site opens from
 * `file://` anywhere (a USB stick, a zip unpacked on Windows, a folder with spaces in its name).
 *
 * | viewer URL | site file |
 * |---|---|
 * | `/` (`?order=taken`) | `index.html`, then `stream/taken.2.html`... |
 * | `/?order=uploaded` | `stream/uploaded.html`, `stream/uploaded.2.html`... |
 * | `/?order=O&from=YYYY-MM` | the stream page where that month begins |
 * | `/photos/ID` | `photos/ID.html` |
 * | `/albums`, `/albums/ID` | `albums.html`, `albums/ID.html` |
 * | `/tags/TAG` | `tags/TAG.html` (or a hashed name when TAG is not a safe file name) |
 * | `/people/NSID/faved` | `people/NSID/faved.html` |
 * | `/search?q=` | `search.html?q=` (the browser reads `q`) |
 * | `/albums/ID?format=json` | `albums/ID.json`: every page's JSON twin, beside it |
 *
 * Page `n` > 1 of a list adds `.n` before `.html`; a viewer URL carries it as `?page=n`, which
 * only the site uses.
 * @module
 */
import { createHash } from "node:crypto";
import { PAGES } from "../pages/table.ts";

/** The characters kept as they are in a file name; anything else is hashed (see {@link safeName}). */
const SAFE = /^[A-Za-z0-9@_-]{1,64}$/;
/** Names Windows refuses for a file whatever its extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file-name-safe form of an id, tag or NSID: the value itself when it is made of letters, digits,
 * `@`, `_` and `-` (and is not a name Windows reserves), else a readable prefix and a hash, so
 * that machine tags (`geo:lat=1`), accents and slashes give legal, distinct names everywhere.
 */
export function safeName(value: string): string {
  if (SAFE.test(value) && !RESERVED.test(value)) return value;
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 12);
  const readable = value.normalize("NFKD").replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "")
    .slice(0, 32);
  return readable ? `${readable}~${hash}` : `~${hash}`;
}

/** The file of page `page` of a list whose first page is `base` + `.html`. */
export function pagedFile(base: string, page: number): string {
  return page > 1 ? `${base}.${page}.html` : `${base}.html`;
}

/** The JSON twin of a page's site file (`albums/1.2.html` → `albums/1.2.json`). */
export function jsonTwinFile(path: string): string {
  return path.replace(/\.html$/, ".json");
}

/** The first-page base of the photostream in `order`. */
function streamBase(order: string, page: number): string {
  if (order === "uploaded") return pagedFile("stream/uploaded", page);
  return page > 1 ? pagedFile("stream/taken", page) : "index.html";
}

/** What {@link siteFileOf} needs to place links whose target depends on the archive. */
export interface SiteMap {
  /** The stream page (1-based) where a month (`YYYY-MM`) begins, by order. */
  monthPage(order: "taken" | "uploaded", month: string): number | null;
}

function pageOf(q: URLSearchParams): number {
  const n = Number(q.get("page") ?? "1");
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** A viewer URL matched to a page of the table, as a {@link SiteFileRule} reads it. */
interface Matched {
  /**
   * The page's pattern with each parameter made a safe file name (`/albums/:id` for `/albums/7`
   * is `albums/7`), without the leading `/`.
   */
  base: string;
  query: URLSearchParams;
  /** The list page asked for (`?page=`, 1 when absent). */
  page: number;
  map: SiteMap;
}

/** How a page's URL becomes its site file (relative to the site's root, before any JSON twin). */
type SiteFileRule = (m: Matched) => string;

/** A list: `base.html`, then `base.2.html`... */
const paged: SiteFileRule = (m) => pagedFile(m.base, m.page);
/** A page with no list pages: `base.html`. */
const single: SiteFileRule = (m) => `${m.base}.html`;
/** The photostream, from the month `?from=` names when it has one. */
const stream: SiteFileRule = ({ query, page, map }) => {
  const order = query.get("order") === "uploaded" ? "uploaded" : "taken";
  const from = query.get("from");
  const start = from ? map.monthPage(order, from) : null;
  return streamBase(order, start ?? page);
};

/**
 * The search page, which reads `q` itself in the browser (the site has no server to ask): its file
 * carries the query, and its JSON twin is the whole index's.
 */
const search: SiteFileRule = ({ query }) => {
  const term = query.get("q");
  return `search.html${term ? `?q=${encodeURIComponent(term)}` : ""}`;
};

/**
 * The site file of each page of the table (src/pages/table.ts), keyed by its name, so a new page
 * cannot be left without one: the type asks for every name, and `site_paths_test.ts` checks that
 * each page the site writes has a rule. The URL is matched against the page's own pattern (from
 * views/urls.ts); null for a page only the viewer has.
 */
const SITE_FILES: Record<keyof typeof PAGES, SiteFileRule | null> = {
  stream,
  // The viewer loads the timeline after the stream's page; the site renders it in place there.
  timeline: stream,
  favorites: paged,
  photo: single,
  albums: paged,
  album: paged,
  collections: paged,
  galleries: paged,
  gallery: paged,
  groups: paged,
  group: paged,
  tags: (m) => pagedFile(m.query.get("machine") === "1" ? "tags-machine" : m.base, m.page),
  tag: paged,
  people: paged,
  person: single,
  personComments: paged,
  personFaved: paged,
  personTagged: paged,
  personFavorites: paged,
  search,
  manualVideos: () => "videos-manual.html",
  duplicates: null,
  status: single,
};

/** Whether a page of the table has a file in the site (a test checks it for every page). */
export function hasSiteFile(name: keyof typeof PAGES): boolean {
  return SITE_FILES[name] !== null;
}

/** The pages' patterns cut into segments (`:id` a parameter), with each page's site file rule. */
const MATCHERS = (Object.keys(SITE_FILES) as (keyof typeof PAGES)[]).flatMap((name) => {
  const rule = SITE_FILES[name];
  return rule ? [{ segments: PAGES[name].pattern.split("/").slice(1), rule }] : [];
});

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The site file (relative to the site's root, `/`-separated) of a viewer page URL, with any query
 * the page reads itself (`search.html?q=`); null for URLs that are not pages (files, avatars,
 * assets) or that name nothing the site holds.
 */
export function siteFileOf(url: string, map: SiteMap): string | null {
  const [pathAndQuery, hash = ""] = url.split("#", 2);
  const [path, query = ""] = pathAndQuery.split("?", 2);
  const q = new URLSearchParams(query);
  // `/albums/` is `/albums`.
  const parts = path.replace(/(.)\/$/, "$1").split("/").slice(1).map(decodeSegment);
  for (const { segments, rule } of MATCHERS) {
    if (!path.startsWith("/") || segments.length !== parts.length) continue;
    // A parameter is never empty: `/photos/` names no photo.
    const param = (i: number) => segments[i].startsWith(":");
    if (!segments.every((s, i) => param(i) ? parts[i] !== "" : s === parts[i])) continue;
    const base = segments.map((s, i) => param(i) ? safeName(parts[i]) : s).join("/");
    const file = rule({ base, query: q, page: pageOf(q), map });
    const json = q.get("format") === "json";
    if (rule === search) return json ? "search.json" : file;
    // Every page's JSON twin is the file beside it.
    return (json ? jsonTwinFile(file) : file) + (hash ? `#${hash}` : "");
  }
  return null;
}

/** Percent-encodes each segment of a `/`-separated path (spaces, `#`, `%`, non-Latin letters). */
export function encodePath(path: string): string {
  return path.split("/").map((s) => s === ".." || s === "." ? s : encodeURIComponent(s)).join(
    "/",
  );
}

/**
 * The link from the page at `from` to `to` (both relative to the site's root, `/`-separated;
 * `to` may climb out of it with `../`), percent-encoded. A page's `to` may carry `?query#hash`;
 * a file's (`file` true) is a path only, whatever characters its name holds.
 */
export function relativeLink(from: string, to: string, file = false): string {
  const depth = from.split("/").length - 1;
  const m = file ? [to, to, ""] : /^([^?#]*)(.*)$/.exec(to)!;
  const fromDirs = from.split("/").slice(0, -1);
  const target = m[1].split("/");
  // Shared leading folders need no climb: people/x/faved.html -> people/x.html is ../x.html.
  let common = 0;
  while (
    common < fromDirs.length && common < target.length - 1 && fromDirs[common] === target[common]
  ) common++;
  const up = "../".repeat(depth - common);
  return up + encodePath(target.slice(common).join("/")) + m[2];
}
