/**
 * Where each page of the viewer lives in the static site, and how a link from one page to another
 * is written: the viewer's URLs (views/urls.ts and the views' literal paths) are mapped to files
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

/**
 * The site file (relative to the site's root, `/`-separated) of a viewer page URL, with any query
 * the page reads itself (`search.html?q=`); null for URLs that are not pages (files, avatars,
 * assets) or that name nothing the site holds.
 */
export function siteFileOf(url: string, map: SiteMap): string | null {
  const [pathAndQuery, hash = ""] = url.split("#", 2);
  const [path, query = ""] = pathAndQuery.split("?", 2);
  const q = new URLSearchParams(query);
  const frag = hash ? `#${hash}` : "";
  const page = pageOf(q);
  const parts = path.split("/").slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const [head, id, sub] = parts;
  const one = parts.length === 1 || (parts.length === 2 && id === "");
  let file: string | null = null;
  switch (head) {
    case "":
    case "timeline": {
      const order = q.get("order") === "uploaded" ? "uploaded" : "taken";
      const from = q.get("from");
      const start = from ? map.monthPage(order, from) : null;
      file = streamBase(order, start ?? page);
      break;
    }
    case "photos":
      file = id ? `photos/${safeName(id)}.html` : null;
      break;
    case "favorites":
      file = one ? pagedFile("favorites", page) : null;
      break;
    case "albums":
    case "galleries":
    case "groups":
    case "collections":
      file = one ? pagedFile(head, page) : id ? pagedFile(`${head}/${safeName(id)}`, page) : null;
      break;
    case "tags":
      file = one
        ? pagedFile(q.get("machine") === "1" ? "tags-machine" : "tags", page)
        : id
        ? pagedFile(`tags/${safeName(id)}`, page)
        : null;
      break;
    case "people":
      if (one) file = pagedFile("people", page);
      else if (id && !sub) file = `people/${safeName(id)}.html`;
      else if (id && ["comments", "faved", "tagged", "favorites"].includes(sub)) {
        file = pagedFile(`people/${safeName(id)}/${sub}`, page);
      }
      break;
    case "search": {
      const term = q.get("q");
      if (q.get("format") === "json") return "search.json";
      return `search.html${term ? `?q=${encodeURIComponent(term)}` : ""}`;
    }
    case "status":
      file = "status.html";
      break;
    case "videos":
      file = id === "manual" ? "videos-manual.html" : null;
      break;
  }
  if (file === null) return null;
  return (q.get("format") === "json" ? jsonTwinFile(file) : file) + frag;
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
