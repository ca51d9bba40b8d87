/**
 * The site's build writes each page of the table, with `json` its JSON twin beside it, and a re-run
 * keeps both when nothing changed, writing a lost twin again.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "../../tests/assert.ts";
import { seedCatalog } from "../../tests/seed_catalog.ts";
import { openCatalog } from "../catalog/db.ts";
import { writeSite } from "./site.tsx";
import type { RenderedPage } from "./build.tsx";
import { jsonTwinFile } from "./site_paths.ts";

async function withSite(
  fn: (run: (json?: boolean) => Promise<RenderedPage[]>, site: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fv_build_" });
  try {
    const archive = join(dir, "archive");
    await seedCatalog(archive, { photos: 40, videos: 3, favorites: 8 });
    const catalog = await openCatalog(archive, { readonly: true });
    try {
      const site = join(dir, "site");
      const run = async (json = true) => {
        const rendered: RenderedPage[] = [];
        await writeSite({
          catalog,
          archiveDir: archive,
          siteDir: site,
          media: "link",
          json,
          onPage: (p) => rendered.push(p),
        });
        return rendered;
      };
      await fn(run, site);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("build: every page has its JSON twin beside it, its links relative to it", async () => {
  await withSite(async (run, site) => {
    const pages = await run();
    assert(pages.length > 10, `${pages.length} pages`);
    for (const p of pages) {
      const twin = JSON.parse(await Deno.readTextFile(join(site, jsonTwinFile(p.path))));
      assert(typeof twin === "object" && twin !== null, p.path);
    }
    const album = pages.find((p) => p.entry === "album")!;
    const twin = JSON.parse(await Deno.readTextFile(join(site, jsonTwinFile(album.path))));
    // albums/ID.json links its photos as albums/ID.html does: ../photos/ID.html.
    assert(twin.items.length > 0, "the album has items");
    for (const item of twin.items) {
      assertEquals(item.url, `../photos/${item.id}.html`);
      assert(!item.thumbUrl?.startsWith("/"), item.thumbUrl);
    }
  });
});

Deno.test("build: a re-run keeps unchanged pages and their twins, and writes a lost twin again", async () => {
  await withSite(async (run, site) => {
    const first = await run();
    const photo = first.find((p) => p.entry === "photo")!;
    const twinPath = join(site, jsonTwinFile(photo.path));
    const twinBefore = await Deno.readTextFile(twinPath);
    // Nothing changed: no photo or list page is rendered again (the small index pages are).
    const again = new Set((await run()).map((p) => p.entry));
    for (const entry of ["photo", "stream", "album", "tag", "person"]) {
      assert(!again.has(entry), `${entry} rendered again`);
    }
    assertEquals((await Deno.stat(twinPath)).isFile, true);
    await Deno.remove(twinPath);
    const third = await run();
    assert(third.some((p) => p.path === photo.path), "the page whose twin was lost is rendered");
    assertEquals(await Deno.readTextFile(twinPath), twinBefore);
  });
});

Deno.test("build: without --json no twin is written or linked, and a re-run without it removes them", async () => {
  await withSite(async (run, site) => {
    const twinned = await run(true);
    const page = twinned.find((p) => p.entry === "album")!;
    assert(await exists(join(site, jsonTwinFile(page.path))));
    const plain = await run(false);
    // The pages linked their twins: they are written again, without the link.
    assert(plain.some((p) => p.path === page.path), "the album page is rendered again");
    assertEquals(await exists(join(site, jsonTwinFile(page.path))), false);
    const html = await Deno.readTextFile(join(site, page.path));
    assertEquals(html.includes('rel="alternate"'), false);
    for await (const e of Deno.readDir(join(site, "photos"))) {
      assert(e.name.endsWith(".html"), e.name);
    }
  });
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
