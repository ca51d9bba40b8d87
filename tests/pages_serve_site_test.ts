/**
 * The table of pages (`src/pages/table.ts`) is the one place pages are composed: walked entry by
 * entry, every page the static site writes shows the same body as `serve` answers at the same
 * URL, links aside (the site's are relative files, the viewer's are its routes) and htmx aside
 * (the viewer's lazy parts are loaded as the browser would). The archive is small enough that
 * every list fits on one page of either.
 * @module
 */
import { join } from "node:path";
import type { Hono } from "hono";
import { assert, assertEquals } from "./assert.ts";
import { seedCatalog } from "./seed_catalog.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { createApp } from "../src/server/app.ts";
import { writeSite } from "../src/site/site.tsx";
import type { RenderedPage } from "../src/site/build.tsx";
import { PAGE_TABLE } from "../src/pages/table.ts";
import { SITE_ONLY_IDS } from "../src/pages/status.tsx";
import { jsonTwinUrl } from "../views/urls.ts";

const HOST = "http://127.0.0.1:8080";

function get(app: Hono, path: string, headers: Record<string, string> = {}) {
  return app.request(`${HOST}${path}`, { headers: { host: "127.0.0.1:8080", ...headers } });
}

/** The page's body as htmx leaves it once loaded: lazy parts (`hx-trigger="load"`) swapped in. */
async function loaded(app: Hono, html: string): Promise<string> {
  const lazy = /<div hx-get="([^"]+)" hx-trigger="load" hx-swap="outerHTML"><\/div>/g;
  let out = html;
  for (const m of html.matchAll(lazy)) {
    const url = m[1].replace(/&amp;/g, "&");
    const res = await get(app, url, { "HX-Request": "true" });
    assertEquals(res.status, 200, url);
    out = out.replace(m[0], await res.text());
  }
  return out;
}

/**
 * What a person sees of a page, whoever wrote it: the body, without link targets, htmx
 * attributes and the parts only the site has.
 */
function bodyOf(html: string): string {
  let body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? "";
  for (const id of SITE_ONLY_IDS) {
    body = body.replace(new RegExp(`<(\\w+)[^>]* id="${id}"[^>]*>[\\s\\S]*?</\\1>`), "");
  }
  return body
    .replace(/ hx-[a-z:-]+="[^"]*"/g, "")
    .replace(/ (href|src|poster|action)="[^"]*"/g, ' $1=""');
}

/** A JSON twin without its links (`url`, `thumbUrl`, `nextUrl`: relative files in the site). */
function dataOf(json: string): unknown {
  return JSON.parse(json, (k, v) => (k === "url" || k.endsWith("Url")) && v !== null ? "" : v);
}

/**
 * Gives one person more comments, faves, tags and favourites than their page shows (so that the
 * site writes each list's own page), yet fewer than a page of serve's.
 */
async function longLists(archive: string, nsid: string): Promise<void> {
  const catalog = await openCatalog(archive, { create: false });
  try {
    const { db } = catalog;
    const own = (await db.selectFrom("items").select("id").where("is_mine", "=", 1).orderBy("id")
      .limit(26).execute()).map((r) => r.id);
    for (const [i, id] of own.entries()) {
      await db.insertInto("comments").values({
        id: `long-${i}`,
        item_id: id,
        author: nsid,
        date_create: 1_500_000_000 + i * 3600,
        html: `Comment number ${i}`,
        raw_json: "{}",
      }).execute();
      await db.insertInto("faves").values({ item_id: id, nsid, fave_date: 1_500_000_000 + i })
        .onConflict((oc) => oc.doNothing()).execute();
      await db.insertInto("photo_people").values({ item_id: id, nsid })
        .onConflict((oc) => oc.doNothing()).execute();
    }
    await db.updateTable("items").set({ owner: nsid }).where("is_favorite_of_mine", "=", 1)
      .execute();
    // An other's photo in no list of the site (one reached through a gallery, say).
    const fave = await db.selectFrom("items").select("id").where("is_favorite_of_mine", "=", 1)
      .orderBy("id").executeTakeFirstOrThrow();
    await db.updateTable("items").set({ is_favorite_of_mine: 0 }).where("id", "=", fave.id)
      .execute();
  } finally {
    await catalog.close();
  }
}

Deno.test({
  name:
    "every page of the table: the site's body and JSON twin are serve's at the same URL (links aside)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fv_pages_" });
    try {
      const archive = join(dir, "archive");
      const seeded = await seedCatalog(archive, { photos: 40, videos: 3, favorites: 26 });
      await longLists(archive, seeded.commenterNsid);
      const catalog = await openCatalog(archive, { readonly: true });
      try {
        const rendered: RenderedPage[] = [];
        await writeSite({
          catalog,
          archiveDir: archive,
          siteDir: join(dir, "site"),
          media: "copy",
          json: true,
          onPage: (p) => rendered.push(p),
        });
        const app = createApp({ archiveDir: archive, catalog, allowedHosts: ["127.0.0.1"] });
        const compared = new Map<string, number>();
        for (const p of rendered) {
          // Every list fits on one page here: a second page would be the site's own.
          assert(!/[?&]page=/.test(p.url), `${p.entry}: ${p.url} has more than one page`);
          const res = await get(app, p.url);
          assertEquals(res.status, 200, `${p.entry}: ${p.url}`);
          const served = bodyOf(await loaded(app, await res.text()));
          const written = bodyOf(await Deno.readTextFile(join(dir, "site", p.path)));
          assertEquals(written, served, `${p.entry}: ${p.url} (${p.path})`);
          // The JSON twin the page links: the file beside it, and what serve answers.
          const twinUrl = /<link rel="alternate" type="application\/json" href="([^"]+)"/
            .exec(await Deno.readTextFile(join(dir, "site", p.path)))?.[1];
          assertEquals(
            decodeURIComponent(twinUrl ?? ""),
            p.path.replace(/^.*\//, "").replace(/\.html$/, ".json"),
            p.path,
          );
          const twin = await get(app, jsonTwinUrl(p.url));
          assertEquals(twin.status, 200, `${p.entry}: ${p.url} as JSON`);
          assertEquals(
            dataOf(await Deno.readTextFile(join(dir, "site", p.path.replace(/\.html$/, ".json")))),
            dataOf(await twin.text()),
            `${p.entry}: ${p.url}'s JSON twin`,
          );
          compared.set(p.entry, (compared.get(p.entry) ?? 0) + 1);
        }
        // Every entry of the table was walked: the site's through their pages, the viewer's own
        // (no parameters) through serve alone.
        for (const entry of PAGE_TABLE) {
          if (entry.site === false) {
            const res = await get(app, entry.pattern);
            assertEquals(res.status, 200, entry.name);
            assert((await res.text()).includes("</main>"), entry.name);
          } else {
            assert(compared.get(entry.name), `the site wrote no ${entry.name} page to compare`);
          }
        }
        console.log(
          `  ${rendered.length} pages compared: ` +
            [...compared].map(([name, n]) => `${name} ${n}`).join(", "),
        );
      } finally {
        await catalog.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
