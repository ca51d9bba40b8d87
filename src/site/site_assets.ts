/**
 * The files every site carries beside its pages: the viewer's stylesheet, script and icon (the
 * same embedded assets `serve` sends), the search script and MiniSearch, and the neutral avatar.
 * All are text imports, so they travel inside the compiled binary.
 * @module
 */
import miniSearchModule from "minisearch" with { type: "text" };
import siteSearchJs from "../../views/site_search.js" with { type: "text" };
import { assets, DEFAULT_AVATAR_SVG } from "../../views/assets.ts";

/** One asset file of the site: its viewer URL (if the views link it) and its path in the site. */
export interface SiteAsset {
  url: string | null;
  path: string;
  body: string;
}

/**
 * MiniSearch as a classic script: browsers load ES modules from `file://` only under CORS, which
 * `file://` never passes, and the package exports only its module build. That build is one file
 * with no imports and a single `export { MiniSearch as default }`, so it becomes a script that
 * sets `MiniSearch` on the page.
 */
export function classicScript(moduleText: string): string {
  const exportLine = /^export \{ MiniSearch as default \};$/m;
  if (!exportLine.test(moduleText) || /^import /m.test(moduleText)) {
    throw new Error("MiniSearch's module build changed shape: update classicScript");
  }
  const body = moduleText.replace(exportLine, "globalThis.MiniSearch = MiniSearch;")
    .replace(/^\/\/# sourceMappingURL=.*$/m, "");
  return `(function () {\n${body}\n})();\n`;
}

/** The site path of an asset from its viewer URL (`/assets/style.1a2b.css` -> `assets/...`). */
function fromViewer(a: { url: string; body: string }): SiteAsset {
  return { url: a.url, path: a.url.slice(1), body: a.body };
}

/** Where the search scripts and the neutral avatar live in the site. */
export const SITE_PATHS = {
  miniSearch: "assets/minisearch.js",
  search: "assets/site-search.js",
  avatar: "assets/avatar.svg",
} as const;

/** Every asset file of the site (htmx stays out: nothing in the site is fetched). */
export const siteAssets: SiteAsset[] = [
  fromViewer(assets.style),
  fromViewer(assets.app),
  fromViewer(assets.favicon),
  { url: null, path: SITE_PATHS.miniSearch, body: classicScript(miniSearchModule) },
  { url: null, path: SITE_PATHS.search, body: siteSearchJs },
  { url: null, path: SITE_PATHS.avatar, body: DEFAULT_AVATAR_SVG },
];

/** The site path of an asset by its viewer URL, or null (htmx, or an unknown asset). */
export function assetPath(url: string): string | null {
  return siteAssets.find((a) => a.url === url)?.path ?? null;
}
