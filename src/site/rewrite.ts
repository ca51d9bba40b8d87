/**
 * Turns a page rendered by the viewer's own views into a page of the static site: every
 * same-origin link (`href`, `src`, `poster`, `action` starting with `/`) becomes a relative link to
 * a file of the site or of the archive, htmx attributes and htmx itself go (nothing can be fetched
 * from `file://`, so infinite scroll falls back to the "More" links the views already carry), and
 * a Content-Security-Policy meta tag opens the head.
 *
 * The views escape `"` in attribute values and in text, so an attribute is exactly `name="…"` and
 * nothing in Flickr's text can look like one; Flickr's own links are absolute (the sanitiser keeps
 * only http and https), so they are left as they are.
 * @module
 */
import { relativeLink } from "./site_paths.ts";

/**
 * The site's Content-Security-Policy: as the viewer's (scripts, styles, images and media from the
 * site's own folder only, no inline script), without what a meta tag cannot carry
 * (frame-ancestors) or what has nothing to connect to. `file:` names the local files: Chromium
 * gives `file://` pages an opaque origin, which `'self'` alone does not match.
 */
export const SITE_CSP = [
  "default-src 'none'",
  "script-src 'self' file:",
  "style-src 'self' file:",
  "img-src 'self' file: data:",
  "media-src 'self' file:",
  "form-action 'self' file:",
  "base-uri 'none'",
].join("; ");

/** Where the links of a page go. */
export interface LinkTargets {
  /** The site file of a viewer page URL (see site_paths.ts), or null. */
  page(url: string): string | null;
  /** The site path of a catalog file by id (may climb out of the site with `../`), or null. */
  file(id: number): string | null;
  /** The site path of a person's avatar. */
  avatar(nsid: string): string;
  /** The site path of an embedded asset by its viewer URL (`/assets/style.1a2b.css`), or null. */
  asset(url: string): string | null;
}

/** The ids of catalog files and the NSIDs of avatars a rendered page (or JSON twin) links to. */
export function linkedMedia(html: string): { files: number[]; avatars: string[] } {
  const files = new Set<number>();
  const avatars = new Set<string>();
  // `="/files/…"` in a page's attributes, `:"/files/…"` in a JSON twin's fields.
  for (const m of html.matchAll(/[=:]"\/files\/(\d+)/g)) files.add(Number(m[1]));
  for (const m of html.matchAll(/[=:]"\/avatars\/([^"?/]+)/g)) {
    avatars.add(decodeURIComponent(m[1]));
  }
  return { files: [...files], avatars: [...avatars] };
}

function unescapeAttr(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function escapeAttr(v: string): string {
  return v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The site path a viewer URL leads to, and whether it is a file (no query or hash to keep). */
function target(url: string, to: LinkTargets): [string | null, boolean] {
  const files = /^\/files\/(\d+)/.exec(url);
  if (files) return [to.file(Number(files[1])), true];
  const avatar = /^\/avatars\/([^?/]+)/.exec(url);
  if (avatar) return [to.avatar(decodeURIComponent(avatar[1])), true];
  if (url.startsWith("/assets/")) return [to.asset(url.split("?")[0]), true];
  return [to.page(url), false];
}

/** Options of {@link rewritePage}. */
export interface RewriteOptions {
  /** The page's own path in the site, e.g. `photos/123.html`. */
  path: string;
  targets: LinkTargets;
  /** Site paths of extra scripts for this page (loaded with `defer`). */
  scripts?: string[];
}

/** The static form of a page rendered by the viewer's views (see the module doc). */
export function rewritePage(html: string, opts: RewriteOptions): string {
  const { path, targets } = opts;
  let out = html
    .replace(/<script src="\/assets\/htmx\.[^"]*"[^>]*><\/script>/g, "")
    .replace(/<meta name="htmx-config"[^>]*>/g, "")
    .replace(/ hx-[a-z:-]+="[^"]*"/g, "");
  out = out.replace(/ (href|src|poster|action)="(\/(?!\/)[^"]*)"/g, (_all, attr, value) => {
    const [t, file] = target(unescapeAttr(value), targets);
    // A link to something the site does not hold goes nowhere rather than to the disk's root.
    return ` ${attr}="${t === null ? "#" : escapeAttr(relativeLink(path, t, file))}"`;
  });
  const scripts = (opts.scripts ?? []).map((s) =>
    `<script src="${escapeAttr(relativeLink(path, s, true))}" defer></script>`
  ).join("");
  return out
    .replace(
      "<head>",
      `<head><meta http-equiv="Content-Security-Policy" content="${SITE_CSP}" />`,
    )
    .replace("</head>", `${scripts}</head>`);
}

/**
 * A URL field of a JSON twin: `"url":"/photos/1"`, `"thumbUrl":"/files/7?v=…"`, `"nextUrl":…`.
 * Quotes inside JSON strings are escaped, so the pattern cannot match inside a title; a URL holding
 * an escape (never one of ours: they are percent-encoded) is left as it is.
 */
const JSON_URL = /"(url|[A-Za-z]+Url)":"(\/(?!\/)[^"\\]*)"/g;

/**
 * The static form of a page's JSON twin (as the viewer answers `?format=json`), written beside
 * the page at `path`: its URL fields become relative links, as the page's own; a URL to something
 * the site does not hold becomes null.
 */
export function rewriteJson(json: string, opts: { path: string; targets: LinkTargets }): string {
  return json.replace(JSON_URL, (_all, key, value) => {
    const [t, file] = target(value, opts.targets);
    return `"${key}":${t === null ? "null" : JSON.stringify(relativeLink(opts.path, t, file))}`;
  });
}
