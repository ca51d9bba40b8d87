/// <reference lib="dom" />
/**
 * An archive made by `import` alone, from the simulator's data export (originals only, no sized
 * copies), looked at in Chromium: every photo tile of the photostream shows a picture, the
 * stream and the photo pages name the owner as the export's profile does, and a photo page shows
 * the display copy, not the original; a video's page plays its original with no poster (an
 * import gives none). A screenshot goes to `test-output/screenshots/`.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "./assert.ts";
import { launchChromium } from "./chromium.ts";
import { rootDir } from "./fixtures.ts";
import { importExport } from "../src/import/pipeline.ts";
import { startServer } from "../src/server/app.ts";
import { Account } from "../src/simulator/account.ts";
import { writeExport } from "../src/simulator/export.ts";

const SIM = { photos: 40, videos: 3, seed: 28 };

Deno.test({
  name:
    "an imported archive's photostream shows a picture on every photo tile and the owner's name",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "fv-import-browser-" });
    const account = new Account(SIM);
    const archiveDir = join(tmp, "archive");
    await writeExport(account, join(tmp, "export"));
    await importExport({ archiveDir, inputs: [join(tmp, "export")] });
    const server = await startServer({ archiveDir, port: 0 });
    const browser = await launchChromium();
    try {
      const base = `http://127.0.0.1:${server.port}`;
      // Tall enough that no tile waits for a scroll to load its lazy thumbnail.
      const page = await browser.newPage({ viewport: { width: 1360, height: 4000 } });
      await page.goto(`${base}/`);
      const owner = account.owner.realname || account.owner.username;
      assertEquals((await page.locator(".stream .owner").textContent())?.trim(), owner);

      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>(".grid .tile img")].every((i) => i.complete)
      );
      const tiles = await page.evaluate(() =>
        [...document.querySelectorAll(".grid .tile")].map((t) => {
          const img = t.querySelector("img");
          return {
            id: t.getAttribute("data-id")!,
            video: t.querySelector(".badge") !== null,
            shown: img !== null && img.complete && img.naturalWidth > 0,
          };
        })
      );
      const photos = tiles.filter((t) => !t.video);
      assertEquals(photos.length, SIM.photos);
      assertEquals(photos.filter((t) => !t.shown).map((t) => t.id), [], "tiles without a picture");
      await Deno.mkdir(join(rootDir, "test-output", "screenshots"), { recursive: true });
      await page.screenshot({
        path: join(rootDir, "test-output", "screenshots", "imported-photostream.png"),
        clip: { x: 0, y: 0, width: 1360, height: 900 },
      });

      // A photo page: the display copy on the stage, the owner by name.
      await page.goto(`${base}/photos/${photos[0].id}`);
      const stage = await page.evaluate(() => {
        const img = document.querySelector<HTMLImageElement>(".stage .frame img")!;
        return { src: img.getAttribute("src"), w: img.naturalWidth, h: img.naturalHeight };
      });
      assert(stage.w > 0 && Math.max(stage.w, stage.h) <= 1024, JSON.stringify(stage));
      const original = await page.locator(".photo-tools a").first().getAttribute("href");
      assert(original && original !== stage.src, "the stage shows the display copy");
      assertEquals((await page.locator(".photo-title + p a").first().textContent())?.trim(), owner);

      // A video's page plays its original; with no picture of it, no poster (never the video).
      await page.goto(`${base}/photos/${tiles.find((t) => t.video)!.id}`);
      const video = await page.evaluate(() => {
        const v = document.querySelector<HTMLVideoElement>(".stage video")!;
        return { src: v.getAttribute("src"), poster: v.getAttribute("poster") };
      });
      assert(video.src, "the video plays its original");
      assertEquals(video.poster, null);
      await page.close();
    } finally {
      await browser.close();
      await server.close();
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
