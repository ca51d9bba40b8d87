/**
 * The viewer's static assets, embedded at build time (text imports travel inside the compiled
 * binary) and served at URLs carrying a hash of their content, so browsers may cache them forever.
 *
 * Tested by tests/viewer_routes_test.ts and src/server/routes_files_test.ts.
 * @module
 */
import htmx from "htmx.org/dist/htmx.min.js" with { type: "text" };
import appJs from "./app.js" with { type: "text" };
import styleCss from "./style.css" with { type: "text" };

/** One embedded asset. */
export interface Asset {
  /** The URL it is served at, e.g. `/assets/htmx.1a2b3c4d5e.js`. */
  url: string;
  body: string;
  contentType: string;
  etag: string;
}

async function hashOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 6)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

async function asset(name: string, ext: string, body: string, contentType: string): Promise<Asset> {
  const hash = await hashOf(body);
  return { url: `/assets/${name}.${hash}.${ext}`, body, contentType, etag: `"${hash}"` };
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
  `<circle cx="9" cy="16" r="7" fill="#0063dc"/><circle cx="23" cy="16" r="7" fill="#ff0084"/></svg>`;

/** A neutral head-and-shoulders avatar for people without a downloaded buddy icon. */
export const DEFAULT_AVATAR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">` +
  `<rect width="48" height="48" fill="#c9c9cf"/><circle cx="24" cy="19" r="9" fill="#f2f2f4"/>` +
  `<path d="M7 48c2-10 9-15 17-15s15 5 17 15z" fill="#f2f2f4"/></svg>`;

/** Every embedded asset by name. */
export const assets: { htmx: Asset; app: Asset; style: Asset; favicon: Asset } = {
  htmx: await asset("htmx", "js", htmx, "text/javascript; charset=utf-8"),
  app: await asset("app", "js", appJs, "text/javascript; charset=utf-8"),
  style: await asset("style", "css", styleCss, "text/css; charset=utf-8"),
  favicon: await asset("favicon", "svg", FAVICON, "image/svg+xml"),
};

/** The asset served at `url`, or undefined. */
export function assetAt(url: string): Asset | undefined {
  return Object.values(assets).find((a) => a.url === url);
}
