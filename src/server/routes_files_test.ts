import { Hono } from "hono";
import { join, resolve } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { item, withCatalog, writeArchiveFile } from "../catalog/test_helpers.ts";
import { upsertFiles, upsertItems, upsertPeople } from "../catalog/writes.ts";
import type { Catalog } from "../catalog/db.ts";
import { assets } from "../../views/assets.ts";
import { fileRoutes, insideArchive } from "./routes_files.ts";

const STAMP = "2024-01-01T00:00:00.000Z";

Deno.test("insideArchive: a catalog path resolves inside the archive, or not at all", () => {
  const root = resolve("/archive");
  assertEquals(
    insideArchive("/archive", "originals/2019/a.jpg"),
    join(root, "originals/2019/a.jpg"),
  );
  for (const bad of ["", "../etc/passwd", "originals/../../x", "/etc/passwd", "a\0b", "."]) {
    assertEquals(insideArchive("/archive", bad), null, JSON.stringify(bad));
  }
  // A sibling folder whose name starts like the archive's is outside it.
  assertEquals(insideArchive("/archive", "../archive-other/a.jpg"), null);
});

/** An app with only the file routes over a catalog holding one photo with its files. */
async function withFiles(
  fn: (app: Hono, ids: Record<string, number>, catalog: Catalog, dir: string) => Promise<void>,
): Promise<void> {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("1")]);
    const original = await writeArchiveFile(dir, "originals/1.jpg", "jpeg bytes");
    const thumb = await writeArchiveFile(dir, "thumbs/1.webp", "webp bytes");
    const rows = [
      { ...original, kind: "original", content_type: "image/jpeg" },
      // No stored content type: the extension says it.
      { ...thumb, kind: "thumb", content_type: null },
      { path: "originals/gone.mp4", bytes: 1, sha256: "f".repeat(64), kind: "video" },
      { path: "../outside.jpg", bytes: 1, sha256: "e".repeat(64), kind: "display" },
    ];
    await upsertFiles(catalog.db, rows.map((r) => ({ ...r, item_id: "1", fetched_at: STAMP })));
    const all = await catalog.db.selectFrom("files").select(["id", "path"]).execute();
    const ids = Object.fromEntries(all.map((r) => [r.path, r.id]));
    const app = new Hono();
    fileRoutes(app, { archiveDir: dir, catalog });
    await fn(app, ids, catalog, dir);
  });
}

Deno.test("/files/:id: the file by catalog id; cached for a year only when ?v= names its bytes", async () => {
  await withFiles(async (app, ids) => {
    const id = ids["originals/1.jpg"];
    const plain = await app.request(`/files/${id}`);
    assertEquals([plain.status, await plain.text(), plain.headers.get("content-type")], [
      200,
      "jpeg bytes",
      "image/jpeg",
    ]);
    assertEquals(plain.headers.get("cache-control"), "no-cache");
    const row = await app.request(`/files/${id}?v=0000000000`);
    assertEquals(row.headers.get("cache-control"), "no-cache", "a wrong version is not cached");
    await row.body?.cancel();
    const thumb = await app.request(`/files/${ids["thumbs/1.webp"]}`);
    assertEquals(thumb.headers.get("content-type"), "image/webp");
    await thumb.body?.cancel();
  });
});

Deno.test("/files/:id: a file not in the catalog, missing from the folder or outside the archive is a 404 that says which", async () => {
  await withFiles(async (app, ids) => {
    const says = async (url: string, text: string) => {
      const res = await app.request(url);
      assertEquals(res.status, 404, url);
      assertStringIncludes(await res.text(), text);
    };
    await says("/files/99999", "No such file in the catalog.");
    await says(`/files/${ids["originals/gone.mp4"]}`, "missing from the archive folder");
    await says(`/files/${ids["../outside.jpg"]}`, "outside the archive");
    // Not an id at all: no route.
    assertEquals((await app.request("/files/abc")).status, 404);
  });
});

Deno.test("/files/:id?v=: the sha256 prefix makes the URL immutable", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("1")]);
    const f = await writeArchiveFile(dir, "originals/1.jpg", "jpeg bytes");
    await upsertFiles(catalog.db, [{ ...f, item_id: "1", kind: "original", fetched_at: STAMP }]);
    const { id } = await catalog.db.selectFrom("files").select("id").executeTakeFirstOrThrow();
    const app = new Hono();
    fileRoutes(app, { archiveDir: dir, catalog });
    const res = await app.request(`/files/${id}?v=${f.sha256.slice(0, 12)}`);
    assertEquals(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    await res.body?.cancel();
    // Too short a prefix names nothing for sure.
    const short = await app.request(`/files/${id}?v=${f.sha256.slice(0, 4)}`);
    assertEquals(short.headers.get("cache-control"), "no-cache");
    await short.body?.cancel();
  });
});

Deno.test("/media/:item/:kind and /avatars/:nsid: current files by kind; the default avatar when there is none", async () => {
  await withFiles(async (app, _ids, catalog, dir) => {
    const media = await app.request("/media/1/original");
    assertEquals([media.status, await media.text()], [200, "jpeg bytes"]);
    const kind = await app.request("/media/1/raw");
    assertEquals(kind.status, 404);
    assertStringIncludes(await kind.text(), "Kinds are original, display, thumb and video.");
    const none = await app.request("/media/2/thumb");
    assertEquals(none.status, 404);
    await none.body?.cancel();

    const icon = await writeArchiveFile(dir, "avatars/5@N01.jpg", "icon");
    await upsertPeople(catalog.db, [
      { nsid: "5@N01", avatar_path: icon.path, updated_at: STAMP },
      { nsid: "6@N01", avatar_path: "avatars/missing.jpg", updated_at: STAMP },
      { nsid: "7@N01", avatar_path: "../../etc/passwd", updated_at: STAMP },
    ]);
    const own = await app.request("/avatars/5%40N01");
    assertEquals(await own.text(), "icon");
    for (const nsid of ["6@N01", "7@N01", "8@N01"]) {
      const res = await app.request(`/avatars/${encodeURIComponent(nsid)}`);
      assertEquals([res.status, res.headers.get("content-type")], [200, "image/svg+xml"], nsid);
      assert((await res.text()).includes("<svg"), nsid);
    }
  });
});

Deno.test("/assets and /favicon.ico: embedded assets with an ETag; an unknown one says to reload", async () => {
  await withFiles(async (app) => {
    const style = await app.request(assets.style.url);
    assertEquals(style.status, 200);
    assertEquals(style.headers.get("etag"), assets.style.etag);
    await style.body?.cancel();
    const again = await app.request(assets.style.url, {
      headers: { "if-none-match": assets.style.etag },
    });
    assertEquals(again.status, 304);
    const old = await app.request("/assets/style.00000000.css");
    assertEquals(old.status, 404);
    assertStringIncludes(await old.text(), "reload");
    const fav = await app.request("/favicon.ico", { redirect: "manual" });
    assertEquals([fav.status, fav.headers.get("location")], [301, assets.favicon.url]);
  });
});
