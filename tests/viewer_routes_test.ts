/**
 * Every viewer route through `app.request` (no sockets): full pages, htmx fragments, JSON twins,
 * 404s, files with ETag/Range, and the guards.
 * @module
 */
import type { Hono } from "hono";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { seedCatalog, type SeededArchive } from "./seed_catalog.ts";
import { type Catalog, openCatalog } from "../src/catalog/db.ts";
import { createApp } from "../src/server/app.ts";
import { assets } from "../views/assets.ts";

const HOST = "http://127.0.0.1:8080";

interface Ctx {
  app: Hono;
  s: SeededArchive;
  catalog: Catalog;
}

async function withApp(fn: (ctx: Ctx) => Promise<void>, password?: string) {
  const dir = await Deno.makeTempDir({ prefix: "flickrvault-viewer-" });
  try {
    const s = await seedCatalog(dir, { photos: 90, videos: 3, favorites: 8 });
    const catalog = await openCatalog(dir, { readonly: true });
    try {
      const app = createApp({
        archiveDir: dir,
        catalog,
        allowedHosts: ["127.0.0.1", "localhost"],
        password,
      });
      await fn({ app, s, catalog });
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function get(app: Hono, path: string, headers: Record<string, string> = {}) {
  return app.request(`${HOST}${path}`, { headers: { host: "127.0.0.1:8080", ...headers } });
}

const HX = { "HX-Request": "true", "HX-Request-Type": "partial" };

async function html(res: Response, status = 200): Promise<string> {
  const body = await res.text();
  assertEquals(res.status, status, body.slice(0, 300));
  return body;
}

Deno.test("every page answers a full page, and list pages a JSON twin", async () => {
  await withApp(async ({ app, s }) => {
    const pages = [
      "/",
      "/?order=uploaded",
      "/?from=2015-06",
      "/timeline",
      `/photos/${s.richId}`,
      "/albums",
      `/albums/${s.albumIds[0]}`,
      "/collections",
      "/galleries",
      `/galleries/${s.galleryIds[0]}`,
      "/groups",
      `/groups/${encodeURIComponent(s.groupIds[0])}`,
      "/tags",
      "/tags?machine=1",
      `/tags/${s.commonTag}`,
      "/people",
      `/people/${encodeURIComponent(s.commenterNsid)}`,
      `/people/${encodeURIComponent(s.commenterNsid)}/comments`,
      `/people/${encodeURIComponent(s.commenterNsid)}/faved`,
      "/favorites",
      "/search?q=harbour",
      "/search",
      "/videos/manual",
      "/status",
      "/duplicates",
    ];
    for (const path of pages) {
      const res = await get(app, path);
      const body = await html(res);
      assert(body.startsWith("<!doctype html>"), `${path}: a whole document`);
      assertStringIncludes(body, `<script src="${assets.htmx.url}" defer>`);
      assertEquals(res.headers.get("content-type"), "text/html; charset=UTF-8");
      assert(res.headers.get("content-security-policy")?.includes("script-src 'self'"));

      const twin = await get(
        app,
        path.includes("?") ? `${path}&format=json` : `${path}?format=json`,
      );
      assertEquals(twin.status, 200, path);
      assertEquals(twin.headers.get("content-type"), "application/json", path);
      const data = await twin.json();
      assert(typeof data === "object" && data !== null, path);
      const accepted = await get(app, path, { Accept: "application/json" });
      assertEquals(accepted.headers.get("content-type"), "application/json", path);
      await accepted.body?.cancel();
    }
  });
});

Deno.test("the photostream pages by cursor, as JSON and as htmx tiles", async () => {
  await withApp(async ({ app, s }) => {
    const first = await (await get(app, "/?format=json")).json();
    assertEquals(first.items.length, 60);
    assert(first.next);
    const second = await (await get(app, `/?format=json&after=${first.next}`)).json();
    const seen = new Set([...first.items, ...second.items].map((i: { id: string }) => i.id));
    assertEquals(seen.size, s.ownIds.length);
    assertEquals(second.next, null);
    // A script follows nextUrl and gets JSON again, not the HTML page.
    const followed = await get(app, first.nextUrl);
    assertEquals(followed.headers.get("content-type"), "application/json");
    assertEquals(
      (await followed.json()).items.map((i: { id: string }) => i.id),
      second.items.map((i: { id: string }) => i.id),
    );
    assertStringIncludes(first.items[0].url, "/photos/");
    assert(first.items[0].thumbUrl.startsWith("/files/"));

    const full = await html(await get(app, "/"));
    assertStringIncludes(full, 'hx-trigger="revealed"');
    assertStringIncludes(full, `hx-get="/?after=${first.next}"`);
    const partial = await html(await get(app, `/?after=${first.next}`, HX));
    assert(!partial.includes("<html"), "a fragment, not a page");
    assertEquals(partial.match(/class="tile"/g)?.length, s.ownIds.length - 60);
    assert(!partial.includes('hx-trigger="revealed"'), "the last page has no sentinel");
    // A history restore is an htmx request too, but needs the whole page back.
    const restored = await html(
      await get(app, `/?after=${first.next}`, { ...HX, "HX-History-Restore-Request": "true" }),
    );
    assert(restored.startsWith("<!doctype html>"));

    const bad = await get(app, "/?after=garbage!!");
    assertEquals(bad.status, 400);
    await bad.body?.cancel();
    const badJson = await get(app, "/?after=garbage!!&format=json");
    assertEquals(badJson.status, 400);
    assertStringIncludes((await badJson.json()).error, "Cannot read the page cursor");

    const timeline = await html(await get(app, "/timeline?order=taken", HX));
    assertStringIncludes(timeline, 'class="timeline"');
    assertStringIncludes(timeline, ">1975<");
  });
});

Deno.test("the photo page shows everything around the photo, with arrows in its list", async () => {
  await withApp(async ({ app, s, catalog }) => {
    const body = await html(await get(app, `/photos/${s.richId}`));
    assertStringIncludes(body, "Harbour lights at dusk");
    assertEquals(body.match(/class="comment"/g)?.length, 6);
    assertEquals(body.match(/class="note"/g)?.length, 2);
    assertStringIncludes(body, "Covent Garden, London");
    assertStringIncludes(body, "51.50735, -0.12776");
    assertStringIncludes(body, "CC BY 4.0");
    assertStringIncludes(body, ">dc:subject=harbour<");
    assertStringIncludes(body, "Harbours of the World");
    assertStringIncludes(body, 'rel="next"');
    assertStringIncludes(body, 'rel="prev"');
    assertStringIncludes(body, '<th scope="row">Model</th>');
    assertStringIncludes(
      body,
      '<a href="https://example.com/harbour" rel="nofollow noopener noreferrer">',
    );

    const album = s.albumIds[3];
    const order = await catalog.db.selectFrom("album_items").select("item_id")
      .where("album_id", "=", album).orderBy("position").execute();
    const firstInAlbum = order[0].item_id;
    const inAlbum = await html(await get(app, `/photos/${firstInAlbum}?in=album:${album}`));
    assert(!inAlbum.includes('rel="prev"'), "first in its album");
    assertStringIncludes(inAlbum, `href="/photos/${order[1].item_id}?in=album%3A${album}"`);
    assertStringIncludes(inAlbum, "Album: Harbour walks");

    const data = await (await get(app, `/photos/${s.richId}?format=json`)).json();
    assertEquals(data.comments.length, 6);
    assertEquals(data.notes.length, 2);
    assertEquals(data.item.id, s.richId);

    assertStringIncludes(await html(await get(app, `/photos/${s.circaId}`)), "circa 1975");
    assertStringIncludes(await html(await get(app, `/photos/${s.monthId}`)), "March 2001");
    const video = await html(await get(app, `/photos/${s.videoId}`));
    assertStringIncludes(video, "<video");
    const gone = await html(await get(app, `/photos/${s.deletedId}`));
    assertStringIncludes(gone, "deleted on Flickr");
  });
});

Deno.test("hostile HTML is sanitised or escaped everywhere", async () => {
  await withApp(async ({ app, s }) => {
    for (
      const path of [
        `/photos/${s.hostileId}`,
        `/people/${encodeURIComponent(s.hostilePersonNsid)}`,
        "/people",
        "/albums",
        `/albums/${s.albumIds[2]}`,
        `/galleries/${s.galleryIds[1]}`,
        "/groups",
        "/tags",
        `/search?q=${encodeURIComponent('<script>alert("q")</script>')}`,
      ]
    ) {
      const body = await html(await get(app, path));
      const scripts = body.match(/<script\b[^>]*>/g) ?? [];
      assertEquals(scripts.length, 2, `${path}: only our two scripts (${scripts})`);
      // Escaped text may spell "onerror=", but no real tag may carry a handler or a script URL.
      const tags = body.match(/<[a-z][^>]*>/gi) ?? [];
      const bad = tags.filter((t) => {
        const bare = t.replace(/"[^"]*"/g, '""'); // what attributes there are, not their values
        return /\son[a-z]+\s*=/i.test(bare) || /^<(iframe|svg|style|object|embed)/i.test(t) ||
          /\s(href|src)="\s*javascript:/i.test(t);
      });
      assertEquals(bad, [], `${path}: dangerous tags survived`);
    }
    const photo = await html(await get(app, `/photos/${s.hostileId}`));
    assertStringIncludes(photo, "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;");
    assertStringIncludes(photo, "<b>bold</b>");
  });
});

Deno.test("search answers as you type with a results block, and pages", async () => {
  await withApp(async ({ app, s }) => {
    const block = await html(await get(app, "/search?q=harbour+ligh", HX));
    assert(!block.includes("<html"));
    assertStringIncludes(block, `data-id="${s.richId}"`);
    assertStringIncludes(block, 'id="result-count"');
    const none = await html(await get(app, "/search?q=qqqqzzzz", HX));
    assertStringIncludes(none, "Nothing matches");
    const nasty = await get(app, `/search?q=${encodeURIComponent('" OR NEAR( *')}&format=json`);
    assertEquals(nasty.status, 200);
    await nasty.body?.cancel();
    const page1 = await (await get(app, "/search?q=travel&format=json&limit=5")).json();
    assert(page1.next, "travel matches more than a page");
    const tiles = await html(await get(app, `/search?q=travel&limit=5&after=${page1.next}`, HX));
    assert(!tiles.includes('id="result-count"'), "later pages are tiles only");
    assertStringIncludes(tiles, 'class="tile"');
  });
});

Deno.test("unknown things are 404 in the form asked for", async () => {
  await withApp(async ({ app }) => {
    for (
      const path of [
        "/photos/1",
        "/albums/nope",
        "/galleries/nope",
        "/groups/nope",
        "/tags/nosuchtag",
        "/people/nobody@N00",
        "/no/such/page",
      ]
    ) {
      const page = await get(app, path);
      assertStringIncludes(await html(page, 404), "Not in this archive");
      const data = await get(app, `${path}?format=json`);
      assertEquals(data.status, 404, path);
      assert((await data.json()).error, path);
      const frag = await get(app, path, HX);
      assert(!(await html(frag, 404)).includes("<html"), path);
    }
    for (const path of ["/files/999999", "/media/1/original", "/media/1/secrets"]) {
      const res = await get(app, path);
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
  });
});

Deno.test("files are served by catalog id with ETag, 304, Range and long caching", async () => {
  await withApp(async ({ app, s, catalog }) => {
    const file = await catalog.db.selectFrom("files").selectAll()
      .where("item_id", "=", s.videoId).where("kind", "=", "original").executeTakeFirstOrThrow();
    const url = `/files/${file.id}?v=${file.sha256.slice(0, 12)}`;
    const whole = await get(app, url);
    assertEquals(whole.status, 200);
    assertEquals(whole.headers.get("content-type"), "video/mp4");
    assertEquals(whole.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assertEquals((await whole.arrayBuffer()).byteLength, file.bytes);
    const etag = whole.headers.get("etag")!;
    const again = await get(app, url, { "If-None-Match": etag });
    assertEquals(again.status, 304);
    const part = await get(app, url, { Range: "bytes=10-19" });
    assertEquals(part.status, 206);
    assertEquals((await part.arrayBuffer()).byteLength, 10);
    const beyond = await get(app, url, { Range: `bytes=${file.bytes + 5}-` });
    assertEquals(beyond.status, 416);
    const stale = await get(app, `/files/${file.id}?v=000000000000`);
    assertEquals(stale.headers.get("cache-control"), "no-cache");
    await stale.body?.cancel();

    const media = await get(app, `/media/${s.richId}/display`);
    assertEquals(media.status, 200);
    assertEquals(media.headers.get("content-type"), "image/jpeg");
    await media.body?.cancel();
    const head = await app.request(`${HOST}/media/${s.richId}/thumb`, {
      method: "HEAD",
      headers: { host: "127.0.0.1" },
    });
    assertEquals(head.status, 200);
    assert(Number(head.headers.get("content-length")) > 0);

    const missing = await get(app, `/files/${s.missingFileId}`);
    assertEquals(missing.status, 404);
    assertStringIncludes(await missing.text(), "missing from the archive folder");

    const avatar = await get(app, `/avatars/${encodeURIComponent(s.commenterNsid)}`);
    assertEquals(avatar.status, 200);
    assertEquals(avatar.headers.get("content-type"), "image/jpeg");
    await avatar.body?.cancel();
    const fallback = await get(app, "/avatars/nobody%40N00");
    assertEquals(fallback.headers.get("content-type"), "image/svg+xml");
    await fallback.body?.cancel();

    const js = await get(app, assets.htmx.url);
    assertEquals(js.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assertStringIncludes(await js.text(), "htmx");
    const oldAsset = await get(app, "/assets/htmx.000000000000.js");
    assertEquals(oldAsset.status, 404);
    await oldAsset.body?.cancel();

    // A catalog path that escapes the archive is never followed.
    await catalog.db.updateTable("files").set({ path: "../../../../etc/passwd" })
      .where("id", "=", file.id).execute().catch(() => {}); // read-only catalog: refused anyway
    const traversal = await get(app, "/files/..%2F..%2Fetc%2Fpasswd");
    assertEquals(traversal.status, 404);
    await traversal.body?.cancel();
  });
});

Deno.test("lists answer htmx with fragments of their own kind", async () => {
  await withApp(async ({ app, s }) => {
    const people = await (await get(app, "/people?format=json")).json();
    assert(people.items.length > 0);
    const manual = await html(await get(app, "/videos/manual", HX));
    assertStringIncludes(manual, 'id="manual-list"');
    assertStringIncludes(manual, `manual/${s.manualVideoId}.mp4`);
    assert(!manual.includes("<html"));
    const manualJson = await (await get(app, "/videos/manual?format=json")).json();
    assertEquals(manualJson.items.map((v: { item: { id: string } }) => v.item.id), [
      s.manualVideoId,
    ]);
    const status = await (await get(app, "/status?format=json")).json();
    assertEquals(status.status.videos_needing_manual_download, 1);
    assertEquals(status.failing.length, 1);
    const tagsFrag = await html(await get(app, "/tags", HX));
    assert(!tagsFrag.includes("<html") && tagsFrag.includes("<li>"));
  });
});

Deno.test("guards: foreign Host refused, password asked when set", async () => {
  await withApp(async ({ app }) => {
    const foreign = await app.request(`${HOST}/`, { headers: { host: "attacker.example:8080" } });
    assertEquals(foreign.status, 403);
    await foreign.body?.cancel();
    const local = await app.request("http://localhost:8080/status", {
      headers: { host: "localhost:8080" },
    });
    assertEquals(local.status, 200);
    await local.body?.cancel();
  });
  await withApp(async ({ app }) => {
    const none = await get(app, "/");
    assertEquals(none.status, 401);
    await none.body?.cancel();
    const ok = await get(app, "/", { authorization: `Basic ${btoa("me:hunter2")}` });
    assertEquals(ok.status, 200);
    await ok.body?.cancel();
  }, "hunter2");
});
