/**
 * The round trip of issue 8: import the simulator's data export, then `archive` against the same
 * simulator. The archive reaches the whole truth, and spends nothing on what the export gave: no
 * original downloaded again, no comment list fetched for an item whose comments the export had.
 */
import { assert, assertEquals } from "./assert.ts";
import { credentialsOf } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { importExport } from "../src/import/pipeline.ts";
import { startSimulator } from "../src/simulator/server.ts";
import { type Truth, TRUTH_COUNTERS } from "../src/simulator/truth.ts";

const COUNTERS = TRUTH_COUNTERS;

Deno.test("import, then archive: the whole truth, with no call spent on what the export gave", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_roundtrip_" });
  const exportDir = `${dir}/export`;
  const archive = `${dir}/archive`;
  const sim = await startSimulator({ photos: 80, videos: 8, favorites: 12, seed: 23, exportDir });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json() as Truth;
    const report = await importExport({ archiveDir: archive, inputs: [exportDir] });
    assertEquals(report.damaged, []);
    const imported = new Set<string>();
    {
      const catalog = await openCatalog(archive);
      const rows = await catalog.db.selectFrom("files").select("item_id")
        .where("kind", "=", "original").execute();
      for (const r of rows) imported.add(r.item_id);
      await catalog.close();
    }
    assert(imported.size > 70, `originals imported (${imported.size})`);

    // Watch the archive run's traffic: API methods with their photo, and files fetched.
    const calls: { method: string; photo?: string }[] = [];
    const files: string[] = [];
    const watching: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.startsWith("/services/rest")) {
        calls.push({
          method: url.searchParams.get("method") ?? "",
          photo: url.searchParams.get("photo_id") ?? undefined,
        });
      } else files.push(url.pathname);
      return fetch(input, init);
    };
    const summary = await runArchive({
      archiveDir: archive,
      credentials: credentialsOf(sim),
      origin: sim.origin,
      rate: 0,
      fetch: watching,
    });
    assertEquals(summary.status, "done");

    // No original the export gave was fetched again.
    const originalFetches = files.filter((p) =>
      /_o\.[a-z0-9]+$/.test(p) || /\/play\/orig\//.test(p)
    );
    const refetched = originalFetches.filter((p) => [...imported].some((id) => p.includes(id)));
    assertEquals(refetched, [], "originals fetched again");
    // Comments: fetched only for items the export did not cover (favourites), never for own items.
    const own = new Set(truth.items.filter((i) => !i.is_favorite_of_mine).map((i) => i.id));
    assert(truth.items.some((i) => own.has(i.id) && i.comments > 0), "own items have comments");
    const commentCalls = calls.filter((c) => c.method === "flickr.photos.comments.getList");
    assertEquals(commentCalls.filter((c) => own.has(c.photo!)), [], "comment lists of own items");
    const favouritesWithComments = truth.items.filter((i) => i.is_favorite_of_mine && i.comments);
    assertEquals(commentCalls.length, favouritesWithComments.length);
    // Faves: only where there are some (the export has no list of who faved).
    const faveCalls = calls.filter((c) => c.method === "flickr.photos.getFavorites");
    for (const c of faveCalls) {
      assert(truth.items.find((i) => i.id === c.photo)!.faves > 0, `getFavorites of ${c.photo}`);
    }

    const catalog = await openCatalog(archive);
    try {
      const status = await archiveStatus(catalog, archive);
      const got = Object.fromEntries(COUNTERS.map((k) => [k, status[k]]));
      const want = Object.fromEntries(COUNTERS.map((k) => [k, truth[k]]));
      assertEquals(got, want);
      const rows = await catalog.db.selectFrom("files").select(["item_id", "sha256"])
        .where("kind", "=", "original").where("is_current", "=", 1).execute();
      const ours = new Map(rows.map((r) => [r.item_id, r.sha256]));
      for (const item of truth.items) {
        assertEquals(ours.get(item.id) ?? null, item.original_sha256, `original of ${item.id}`);
      }
    } finally {
      await catalog.close();
    }
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
