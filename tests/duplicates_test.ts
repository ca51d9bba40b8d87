/**
 * The same photo uploaded twice, as a person meets it: the viewer's /duplicates page (and its JSON
 * twin) lists each group with links to its items, the status page links there, and `status`
 * counts the groups; an archive without duplicates says so.
 * @module
 */
import type { Hono } from "hono";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { seedCatalog, type SeededArchive } from "./seed_catalog.ts";
import { runMain } from "./cli_process.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { createApp } from "../src/server/app.ts";
import { recordMd5s } from "../src/tree/md5s.ts";

const HOST = "http://127.0.0.1:8080";

async function withArchive(
  duplicates: boolean,
  fn: (ctx: { app: Hono; s: SeededArchive; dir: string; hashed: number }) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "flickrvault-duplicates-" });
  try {
    const s = await seedCatalog(dir, { photos: 60, videos: 2, favorites: 8, duplicates });
    // What the archive's checksum pass does once any item carries a checksum:md5= tag.
    const writer = await openCatalog(dir);
    const hashed = await recordMd5s(writer.db, dir);
    await writer.close();
    const catalog = await openCatalog(dir, { readonly: true });
    try {
      const app = createApp({ archiveDir: dir, catalog, allowedHosts: ["127.0.0.1"] });
      await fn({ app, s, dir, hashed });
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function get(app: Hono, path: string) {
  return app.request(`${HOST}${path}`, { headers: { host: "127.0.0.1:8080" } });
}

Deno.test("the duplicates page lists same-bytes and checksum-tag groups with links to each item", async () => {
  await withArchive(true, async ({ app, s, dir, hashed }) => {
    const d = s.duplicates!;
    // Every current original was hashed once (one is missing from disk: left to verify).
    assert(hashed >= 60, `hashed ${hashed}`);

    const res = await get(app, "/duplicates");
    assertEquals(res.status, 200);
    const html = await res.text();
    const sections = [...html.matchAll(/<section class="duplicates" data-ids="([^"]+)"/g)]
      .map((m) => m[1].split(" ").sort());
    assertEquals(
      sections.sort(),
      [[...d.sameBytes].sort(), [d.tagged, d.tagHolder].sort()].sort(),
    );
    for (const id of [...d.sameBytes, d.tagged, d.tagHolder]) {
      assertStringIncludes(html, `href="/photos/${id}"`);
    }
    assertStringIncludes(html, "Same original bytes");
    assertStringIncludes(html, "names the original of");
    assertStringIncludes(html, "2 groups of 4 items");

    const data = await (await get(app, "/duplicates?format=json")).json();
    assertEquals(data.next, null);
    assertEquals(data.items.length, 2);
    const byKind = Object.fromEntries(
      data.items.map((g: { reasons: { kind: string }[] }) => [g.reasons[0].kind, g]),
    );
    assertEquals(
      byKind["same-bytes"].items.map((i: { id: string }) => i.id).sort(),
      [...d.sameBytes].sort(),
    );
    assertEquals(byKind["checksum-tag"].reasons[0].taggedId, d.tagged);
    assertEquals(byKind["checksum-tag"].reasons[0].holderId, d.tagHolder);
    assertEquals(byKind["checksum-tag"].items[0].url.startsWith("/photos/"), true);

    const { status } = await (await get(app, "/status?format=json")).json();
    assertEquals([status.duplicates, status.duplicate_items], [2, 4]);
    const statusPage = await (await get(app, "/status")).text();
    assert(
      /<a class="stat [^"]*" href="\/duplicates"><b>2<\/b><span>groups of duplicates/.test(
        statusPage,
      ),
      "the status page links the count to /duplicates",
    );

    const json = await runMain(["status", "--json", "--archive", dir], { NO_COLOR: "1" });
    assertEquals(json.code, 0, json.stderr);
    assertEquals(JSON.parse(json.stdout).duplicates, 2);
    const text = await runMain(["status", "--archive", dir], { NO_COLOR: "1" });
    assertStringIncludes(text.stdout, "Duplicates 2 groups (4 items with the same original)");
  });
});

Deno.test("an archive without duplicates says so, and reads no file to find out", async () => {
  await withArchive(false, async ({ app, dir, hashed }) => {
    assertEquals(hashed, 0, "no checksum:md5= tag: nothing to hash");
    const html = await (await get(app, "/duplicates")).text();
    assertStringIncludes(html, "No duplicates");
    assertEquals(html.includes('class="duplicates"'), false);
    assertEquals((await (await get(app, "/duplicates?format=json")).json()).items, []);
    const { status } = await (await get(app, "/status?format=json")).json();
    assertEquals([status.duplicates, status.duplicate_items], [0, 0]);
    const json = await runMain(["status", "--json", "--archive", dir], { NO_COLOR: "1" });
    assertEquals(JSON.parse(json.stdout).duplicates, 0);
  });
});
