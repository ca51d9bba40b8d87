/**
 * The viewer's routes come from the table of pages: walked entry by entry, each answers its page
 * with a link to its JSON twin, the twin itself, its fragment when it has one, and a 404 in the
 * form asked for when its URL names nothing.
 * @module
 */
import type { Hono } from "hono";
import { assert, assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { seedCatalog, type SeededArchive } from "../../tests/seed_catalog.ts";
import { openCatalog } from "../catalog/db.ts";
import { PAGE_TABLE } from "../pages/table.ts";
import type { AnyPage } from "../pages/page.ts";
import { createApp } from "./app.ts";

const HOST = "http://127.0.0.1:8080";

function get(app: Hono, path: string, headers: Record<string, string> = {}) {
  return app.request(`${HOST}${path}`, { headers: { host: "127.0.0.1:8080", ...headers } });
}

/** The pattern with its parameters filled from the seeded archive, or with names it lacks. */
function urlOf(entry: AnyPage, s: SeededArchive | null): string {
  const values: Record<string, string> = s
    ? {
      id: entry.name === "photo"
        ? s.richId
        : entry.name === "album"
        ? s.albumIds[0]
        : entry.name === "gallery"
        ? s.galleryIds[0]
        : s.groupIds[0],
      tag: s.commonTag,
      nsid: s.commenterNsid,
    }
    : { id: "no-such-thing", tag: "no-such-tag", nsid: "0@N00" };
  return entry.pattern.replace(/:(\w+)/g, (_, name) => encodeURIComponent(values[name]));
}

async function withApp(fn: (app: Hono, s: SeededArchive) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fv_routes_" });
  try {
    const s = await seedCatalog(dir, { photos: 40, videos: 3, favorites: 8 });
    const catalog = await openCatalog(dir, { readonly: true });
    try {
      await fn(createApp({ archiveDir: dir, catalog, allowedHosts: ["127.0.0.1"] }), s);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("every entry of the table is a route: its page links its JSON twin, which answers", async () => {
  await withApp(async (app, s) => {
    for (const entry of PAGE_TABLE) {
      const url = urlOf(entry, s);
      const res = await get(app, url);
      const html = await res.text();
      assertEquals(res.status, 200, `${entry.name}: ${url}`);
      const link = /<link rel="alternate" type="application\/json" href="([^"]+)"/.exec(html);
      assert(link, `${entry.name}: the head links the JSON twin`);
      const twinUrl = link[1].replace(/&amp;/g, "&");
      assertStringIncludes(twinUrl, "format=json");
      const twin = await get(app, twinUrl);
      assertEquals(twin.headers.get("content-type"), "application/json", entry.name);
      const body = await twin.json();
      // Asking by Accept header gives the same JSON.
      const accepted = await get(app, url, { Accept: "application/json" });
      assertEquals(await accepted.json(), body, entry.name);
    }
  });
});

Deno.test("an entry with a fragment answers htmx with it; the others with the whole page", async () => {
  await withApp(async (app, s) => {
    for (const entry of PAGE_TABLE) {
      const html = await (await get(app, urlOf(entry, s), { "HX-Request": "true" })).text();
      assertEquals(html.startsWith("<!doctype html>"), !entry.fragment, entry.name);
    }
  });
});

Deno.test("an entry whose URL names nothing answers 404 in the form asked for, saying what", async () => {
  await withApp(async (app) => {
    for (const entry of PAGE_TABLE.filter((e) => e.pattern.includes(":"))) {
      const url = urlOf(entry, null);
      const res = await get(app, url);
      assertEquals(res.status, 404, entry.name);
      const what = typeof entry.notFound === "function" ? null : entry.notFound;
      assert(what || typeof entry.notFound === "function", `${entry.name} says what is missing`);
      const html = await res.text();
      if (what) assertStringIncludes(html, what.replace(/'/g, "&#39;"));
      const asJson = await get(app, `${url}?format=json`);
      assertEquals(asJson.status, 404, entry.name);
      assert(typeof (await asJson.json()).error === "string", entry.name);
      const partial = await get(app, url, { "HX-Request": "true" });
      assertEquals(partial.status, 404, entry.name);
      assert(!(await partial.text()).includes("<html"), `${entry.name}: a fragment`);
    }
  });
});
