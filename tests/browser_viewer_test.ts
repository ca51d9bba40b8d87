/// <reference lib="dom" />
/**
 * The viewer in a real browser (Debian's Chromium driven by playwright-core): infinite scroll,
 * the photo page's comments, faves and notes, as-you-type search, video Range requests and
 * playback, hostile HTML that must not run, and a foreign Host header refused. Screenshots of the
 * main pages go to `test-output/screenshots/` for a reviewer to look at.
 *
 * The archive comes from `tests/seed_catalog.ts`; set `FLICKRVAULT_BROWSER_ARCHIVE` to an archive
 * folder (e.g. one made by `flickrvault archive` from the simulator) to run the same checks on it.
 * @module
 */
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { assert, assertEquals } from "./assert.ts";
import { launchChromium } from "./chromium.ts";
import { rootDir } from "./fixtures.ts";
import { seedCatalog, type SeededArchive } from "./seed_catalog.ts";
import { type RunningServer, startServer } from "../src/server/app.ts";

const SHOTS = join(rootDir, "test-output", "screenshots");

/** Playwright gives each launch a fresh temporary profile of its own. */
async function launch(port: number): Promise<Browser> {
  return await launchChromium([
    // A name that resolves to the server, as a DNS-rebinding page would arrange.
    `--host-resolver-rules=MAP rebind.example 127.0.0.1:${port}`,
    "--autoplay-policy=no-user-gesture-required",
  ]);
}

interface Fixture {
  server: RunningServer;
  base: string;
  seeded: SeededArchive | null;
  browser: Browser;
  /** Dialogs any page opened: must stay empty. */
  dialogs: string[];
}

async function newPage(f: Fixture, opts: Parameters<Browser["newPage"]>[0] = {}): Promise<Page> {
  const page = await f.browser.newPage({ viewport: { width: 1360, height: 900 }, ...opts });
  page.on("dialog", async (d) => {
    f.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  return page;
}

async function noInjection(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => ({
    pwned: document.getElementById("pwned") !== null || document.body.dataset.pwned !== undefined,
    scripts: [...document.querySelectorAll("script")].map((s) => s.getAttribute("src") ?? "inline"),
    handlers: [...document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) =>
        `${el.tagName} ${a.name}`
      )
    ),
    frames: document.querySelectorAll("iframe, object, embed, svg script").length,
    jsLinks:
      [...document.querySelectorAll("a[href]")].filter((a) =>
        a.getAttribute("href")!.trim().toLowerCase().startsWith("javascript:")
      ).length,
  }));
  assertEquals(found.pwned, false, `${where}: injected element`);
  assert(
    found.scripts.every((s) => s.startsWith("/assets/")),
    `${where}: scripts ${found.scripts}`,
  );
  assertEquals(found.handlers, [], `${where}: inline event handlers`);
  assertEquals(found.frames, 0, `${where}: frames`);
  assertEquals(found.jsLinks, 0, `${where}: javascript: links`);
}

async function shot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

Deno.test({
  name: "the viewer works in Chromium and runs no hostile script",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const tmp = await Deno.makeTempDir({ prefix: "flickrvault-browser-" });
    const given = Deno.env.get("FLICKRVAULT_BROWSER_ARCHIVE");
    const archiveDir = given ?? join(tmp, "archive");
    const seeded = given ? null : await seedCatalog(archiveDir, { photos: 150, videos: 4 });
    const server = await startServer({ archiveDir, port: 0 });
    const f: Fixture = {
      server,
      base: `http://127.0.0.1:${server.port}`,
      seeded,
      browser: await launch(server.port),
      dialogs: [],
    };
    const ids = (): Promise<SeededArchive> =>
      seeded
        ? Promise.resolve(seeded)
        : Promise.reject(new Error("checks that need known items run on the seeded archive only"));
    try {
      await t.step("the grid loads and scrolling loads more", async () => {
        const page = await newPage(f);
        await page.goto(`${f.base}/`);
        const first = await page.locator(".grid .tile").count();
        assert(first > 0, "the photostream shows tiles");
        await page.waitForSelector(".timeline");
        await shot(page, "photostream");
        if (first >= 60) {
          for (let i = 0; i < 10; i++) {
            await page.mouse.wheel(0, 20000);
            await page.waitForTimeout(150);
            if (await page.locator(".grid .tile").count() > first) break;
          }
          await page.waitForFunction(
            (n) => document.querySelectorAll(".grid .tile").length > n,
            first,
          );
        }
        const imgs = await page.evaluate(() =>
          [...document.querySelectorAll(".grid .tile img")].slice(0, 5).map((i) => ({
            lazy: i.getAttribute("loading"),
            w: i.getAttribute("width"),
            h: i.getAttribute("height"),
          }))
        );
        assert(imgs.every((i) => i.lazy === "lazy" && i.w && i.h), "thumbnails lazy with sizes");
        await noInjection(page, "photostream");
        await page.close();
      });

      await t.step("a photo page shows comments, faves and notes, and arrows move", async () => {
        const s = await ids();
        const page = await newPage(f);
        await page.goto(`${f.base}/photos/${s.richId}`);
        assertEquals(await page.locator(".comment").count(), 6);
        assert(await page.locator("#faves + .favers li").count() >= 8, "faves with avatars");
        assertEquals(await page.locator(".note").count(), 2);
        // app.js placed the notes over the image.
        const left = await page.locator(".note").first().evaluate((el) =>
          (el as HTMLElement).style.left
        );
        assert(left.endsWith("%"), `note positioned (${left})`);
        await page.locator("[data-toggle-notes]").click();
        await page.locator(".frame.show-notes").waitFor();
        await shot(page, "photo");
        const next = await page.locator("a[rel=next]").getAttribute("href");
        assert(next, "a next link");
        await page.keyboard.press("ArrowRight");
        await page.waitForURL((u) => u.pathname + u.search === next);
        await page.keyboard.press("ArrowLeft");
        await page.waitForURL((u) => u.pathname.endsWith(`/photos/${s.richId}`));
        await noInjection(page, "photo page");
        await page.close();
      });

      await t.step("typing in search updates the results", async () => {
        const s = await ids();
        const page = await newPage(f);
        await page.goto(`${f.base}/search`);
        await page.locator("#q").pressSequentially("harbour li", { delay: 40 });
        await page.locator(`#results .tile[data-id="${s.richId}"]`).waitFor();
        await page.waitForURL((u) => u.searchParams.get("q") === "harbour li");
        await shot(page, "search");
        await page.locator("#q").fill("");
        await page.locator("#q").pressSequentially("zzzznothing", { delay: 20 });
        await page.locator("#results .empty").waitFor();
        await page.close();
      });

      await t.step("a video answers a Range request and plays", async () => {
        const s = await ids();
        const page = await newPage(f);
        await page.goto(`${f.base}/photos/${s.videoId}`);
        const src = await page.locator("video").getAttribute("src");
        assert(src, "a video element with a source");
        const range = await page.evaluate(async (u) => {
          const r = await fetch(u, { headers: { Range: "bytes=0-99" } });
          return {
            status: r.status,
            range: r.headers.get("content-range"),
            len: (await r.arrayBuffer()).byteLength,
          };
        }, src);
        assertEquals(range.status, 206);
        assertEquals(range.len, 100);
        assert(range.range?.startsWith("bytes 0-99/"));
        const played = await page.locator("video").evaluate(async (v) => {
          const video = v as HTMLVideoElement;
          video.muted = true;
          await video.play();
          await new Promise((r) => setTimeout(r, 600));
          return {
            time: video.currentTime,
            error: video.error?.message ?? null,
            w: video.videoWidth,
          };
        });
        assertEquals(played.error, null);
        assert(played.time > 0, `the video played (currentTime ${played.time})`);
        assert(played.w > 0);
        await shot(page, "video");
        await page.close();
      });

      await t.step("hostile titles, descriptions, comments and names run nothing", async () => {
        const s = await ids();
        const page = await newPage(f);
        const violations: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error" && /Content Security Policy/i.test(m.text())) {
            violations.push(m.text());
          }
        });
        for (
          const path of [
            `/photos/${s.hostileId}`,
            `/people/${encodeURIComponent(s.hostilePersonNsid)}`,
            "/people",
            "/albums",
            `/albums/${s.albumIds[2]}`,
            "/groups",
            `/galleries/${s.galleryIds[1]}`,
            "/search?q=nice",
            "/tags",
          ]
        ) {
          await page.goto(`${f.base}${path}`);
          await page.waitForTimeout(100);
          await noInjection(page, path);
        }
        await page.goto(`${f.base}/photos/${s.hostileId}`);
        assertEquals(
          await page.locator("h1.photo-title").textContent(),
          `<script>alert("title")</script><img src=x onerror="document.body.dataset.pwned='title'">`,
        );
        await shot(page, "hostile");
        assertEquals(f.dialogs, []);
        assertEquals(violations, [], "our own pages cause no CSP violations");
        await page.close();
      });

      await t.step("a request with a foreign Host header is refused", async () => {
        const page = await newPage(f);
        const res = await page.goto(`http://rebind.example:${f.server.port}/`);
        assertEquals(res?.status(), 403);
        const ok = await page.goto(`http://localhost:${f.server.port}/status`);
        assertEquals(ok?.status(), 200);
        await page.close();
      });

      await t.step("screenshots of the other pages, on a phone and in dark mode", async () => {
        const s = await ids();
        const page = await newPage(f);
        for (
          const [name, path] of [
            ["albums", "/albums"],
            ["album", `/albums/${s.albumIds[0]}`],
            ["collections", "/collections"],
            ["tags", "/tags"],
            ["people", "/people"],
            ["person", `/people/${encodeURIComponent(s.commenterNsid)}`],
            ["favorites", "/favorites"],
            ["galleries", "/galleries"],
            ["groups", "/groups"],
            ["status", "/status"],
            ["manual-videos", "/videos/manual"],
            ["not-found", "/photos/1"],
          ]
        ) {
          await page.goto(`${f.base}${path}`);
          await shot(page, name);
        }
        await page.close();
        const dark = await newPage(f, { colorScheme: "dark" });
        await dark.goto(`${f.base}/`);
        await dark.waitForSelector(".timeline");
        await shot(dark, "photostream-dark");
        await dark.goto(`${f.base}/photos/${s.richId}`);
        await shot(dark, "photo-dark");
        await dark.close();
        const phone = await newPage(f, { viewport: { width: 390, height: 844 }, isMobile: true });
        await phone.goto(`${f.base}/`);
        await shot(phone, "photostream-phone");
        await phone.goto(`${f.base}/photos/${s.richId}`);
        await shot(phone, "photo-phone");
        await phone.close();
        assertEquals(f.dialogs, []);
      });
    } finally {
      await f.browser.close();
      await server.close();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
