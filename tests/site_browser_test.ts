/// <reference lib="dom" />
/**
 * `flickrvault site` in Chromium through `file://`, with every request that is not a local file
 * aborted and recorded: the photostream pages through to the end, a photo page shows its
 * comments and notes, an album keeps its order, a tag page, search finds a word that appears only
 * in a comment, a video plays, the viewer security suite's payloads stay inert, and nothing is
 * requested from anywhere else. The site is written to a folder with a space and non-Latin
 * letters in its name, outside the archive (media copied), so it could be carried alone.
 * @module
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./chromium.ts";
import { assert, assertEquals } from "./assert.ts";
import { runMain } from "./cli_process.ts";
import { seedCatalog } from "./seed_catalog.ts";
import { checkPage, seedPayloads } from "./xss_corpus.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { safeName } from "../src/site/site_paths.ts";
import { MANIFEST } from "../src/site/site_writer.ts";

const UNIQUE_WORD = "quokkaberry";

async function catalogFacts(archive: string) {
  const catalog = await openCatalog(archive, { create: false });
  try {
    const { db } = catalog;
    const own = await db.selectFrom("items").select(db.fn.countAll<number>().as("n"))
      .where("is_mine", "=", 1).executeTakeFirstOrThrow();
    const rich = await db.selectFrom("items").select("id")
      .where("id", "in", db.selectFrom("notes").select("item_id"))
      .where("id", "in", db.selectFrom("comments").select("item_id"))
      .orderBy("id").executeTakeFirstOrThrow();
    const comments = await db.selectFrom("comments").select(["id", "html"])
      .where("item_id", "=", rich.id).orderBy("id").execute();
    const notes = await db.selectFrom("notes").select("text").where("item_id", "=", rich.id)
      .execute();
    // A word that only a comment carries (no title, description or tag has it).
    await db.updateTable("comments").set({ html: `Lovely light, ${UNIQUE_WORD}!` })
      .where("id", "=", comments[0].id).execute();
    const album = await db.selectFrom("album_items").select("album_id")
      .groupBy("album_id").having(db.fn.countAll(), ">", 2).orderBy("album_id")
      .executeTakeFirstOrThrow();
    const albumOrder = (await db.selectFrom("album_items").select("item_id")
      .where("album_id", "=", album.album_id).orderBy("position").execute()).map((r) => r.item_id);
    const tag = await db.selectFrom("tags").select(["tag", db.fn.countAll<number>().as("n")])
      .where("is_machine", "=", 0).groupBy("tag").orderBy("n", "desc").orderBy("tag")
      .executeTakeFirstOrThrow();
    const video = await db.selectFrom("files").select("item_id").where("kind", "=", "video")
      .where("is_current", "=", 1).orderBy("item_id").executeTakeFirstOrThrow();
    return {
      own: Number(own.n),
      richId: rich.id,
      comments: comments.length,
      notes: notes.map((n) => n.text),
      albumId: album.album_id,
      albumOrder,
      tag: tag.tag,
      tagCount: Number(tag.n),
      videoId: video.item_id,
    };
  } finally {
    await catalog.close();
  }
}

/** Every `.html` file of the site, relative to its root. */
async function htmlFiles(site: string): Promise<string[]> {
  const text = await Deno.readTextFile(join(site, MANIFEST));
  return text.split("\n").map((l) => l.split("\t").at(-1)!).filter((p) => p.endsWith(".html"));
}

Deno.test({
  name: "site: the static site works from file:// in Chromium, offline and inert",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "fv_site_" });
    const archive = join(dir, "archive");
    const site = join(dir, "Photos for Grandma ä 写真");
    await seedCatalog(archive, { photos: 150, videos: 4, favorites: 12 });
    const facts = await catalogFacts(archive);
    const run = await runMain(["site", "--archive", archive, site], {});
    // The seeded archive has one file recorded as missing: said, and the run answers 1.
    assertEquals(run.code, 1, run.stderr);
    assert(/Done in .*files/.test(run.stderr), run.stderr);
    assert(/1 catalogued files are missing/.test(run.stderr), run.stderr);

    const browser = await launchChromium();
    const outside: string[] = [];
    let context: BrowserContext | undefined;
    const url = (path: string) => pathToFileURL(join(site, path)).href;
    try {
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.route("**/*", async (route) => {
        const u = route.request().url();
        if (u.startsWith("file://")) await route.continue();
        else {
          outside.push(u);
          await route.abort();
        }
      });
      const page: Page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));

      await t.step("the photostream pages through to the end", async () => {
        await page.goto(url("index.html"));
        const seen = new Set<string>();
        for (let n = 0; n < 50; n++) {
          for (
            const id of await page.locator(".grid .tile").evaluateAll((els) =>
              els.map((e) => (e as HTMLElement).dataset.id!)
            )
          ) seen.add(id);
          const next = page.locator('nav.pager a[rel="next"]');
          if (await next.count() === 0) break;
          await next.click();
          await page.waitForLoadState("load");
        }
        assertEquals(seen.size, facts.own, "every own item appears once along the pages");
        // The thumbnails load from the site's own copy.
        const img = await page.locator(".grid .tile img").first().evaluate((i) =>
          (i as HTMLImageElement).decode().then(() => (i as HTMLImageElement).naturalWidth)
        );
        assert(img > 0, "a thumbnail is shown");
      });

      await t.step("a photo page shows its comments and notes", async () => {
        await page.goto(url(`photos/${facts.richId}.html`));
        assertEquals(await page.locator("ol.comments > li.comment").count(), facts.comments);
        assert((await page.locator("ol.comments").innerText()).includes(UNIQUE_WORD));
        assertEquals(await page.locator(".frame .note").count(), facts.notes.length);
        // app.js placed the notes (it runs under the CSP from a file of the site).
        const left = await page.locator(".frame .note").first().evaluate((n) =>
          (n as HTMLElement).style.left
        );
        assert(left.endsWith("%"), `notes are placed (left ${left})`);
        const original = page.locator(".photo-tools a", { hasText: "Original" });
        const href = await original.getAttribute("href");
        assert(href?.startsWith("../media/"), `the original is linked from the site (${href})`);
      });

      await t.step("an album keeps its order", async () => {
        await page.goto(url(`albums/${safeName(facts.albumId)}.html`));
        const order = await page.locator(".grid .tile").evaluateAll((els) =>
          els.map((e) => (e as HTMLElement).dataset.id!)
        );
        assertEquals(order, facts.albumOrder.slice(0, order.length));
        assert(order.length >= 3);
      });

      await t.step("a tag page lists what carries the tag", async () => {
        await page.goto(url("tags.html"));
        await page.locator(`a[href="tags/${encodeURIComponent(safeName(facts.tag))}.html"]`)
          .first().click();
        await page.waitForLoadState("load");
        assertEquals(
          await page.locator(".grid .tile").count(),
          Math.min(100, facts.tagCount),
        );
      });

      await t.step("search finds a word that appears only in a comment, as one types", async () => {
        await page.goto(url("index.html"));
        await page.locator("header .top-search input").fill(UNIQUE_WORD.slice(0, 6));
        await page.locator("header .top-search input").press("Enter");
        await page.waitForURL((u) => u.pathname.endsWith("/search.html"));
        await page.locator(`#results a.tile[href="photos/${facts.richId}.html"]`).waitFor();
        await page.locator("#q").fill("");
        await page.locator("#q").pressSequentially("zzzznothing", { delay: 10 });
        await page.locator("#results .empty").waitFor();
      });

      await t.step("a video plays", async () => {
        await page.goto(url(`photos/${facts.videoId}.html`));
        const played = await page.locator("video").evaluate(async (v) => {
          const video = v as HTMLVideoElement;
          video.muted = true;
          await video.play();
          await new Promise((r) => setTimeout(r, 600));
          return { time: video.currentTime, error: video.error?.message ?? null };
        });
        assertEquals(played.error, null);
        assert(played.time > 0, `the video played (currentTime ${played.time})`);
      });
      assertEquals(errors, [], "no script error on any page");

      await t.step("hostile content stays inert on every page", async () => {
        await seedPayloads(archive);
        const again = await runMain(["site", "--archive", archive, site], {});
        assertEquals(again.code, 1, again.stderr);
        const dialogs: string[] = [];
        // Three tabs check the pages side by side (each waits a moment after load for handlers).
        const tabs = await Promise.all([0, 1, 2].map(async () => {
          const tab = await context!.newPage();
          tab.on("dialog", async (d) => {
            dialogs.push(d.message());
            await d.dismiss();
          });
          await tab.addInitScript(() => {
            const w = window as unknown as { __hits: number[]; __pwned: (n: number) => void };
            w.__hits = [];
            w.__pwned = (n) => {
              w.__hits.push(n);
              console.log(`XSS-RAN ${n}`);
            };
          });
          return tab;
        }));
        const xss = tabs[0];
        // Every page kind, and 40 photo pages (each item carries payloads).
        const all = await htmlFiles(site);
        const pages = [
          ...all.filter((p) => !p.startsWith("photos/")),
          ...all.filter((p) => p.startsWith("photos/")).slice(0, 40),
        ];
        const problems: string[] = [];
        let next = 0;
        await Promise.all(tabs.map(async (tab) => {
          while (next < pages.length) {
            const p = pages[next++];
            const found = await checkPage(
              tab,
              url(p),
              "^((\\.\\./)*assets/|search/shard-\\d+\\.js$)",
            );
            if (found.hits.length || found.injected.length || found.console.length) {
              problems.push(`${p}: ${JSON.stringify(found)}`);
            }
          }
        }));
        const search = await checkPage(
          xss,
          url("search.html") + "?q=" + encodeURIComponent("<script>__pwned(1)</script>"),
          "^((\\.\\./)*assets/|search/shard-\\d+\\.js$)",
        );
        if (search.hits.length || search.injected.length) problems.push(JSON.stringify(search));
        assert(pages.length > 60, `${pages.length} pages checked`);
        assertEquals(problems, []);
        assertEquals(dialogs, []);
        console.log(`  ${pages.length} pages checked with the XSS corpus`);
      });

      assertEquals(outside, [], "no request left file://");
    } finally {
      await context?.close();
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
