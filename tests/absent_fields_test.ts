/**
 * Real Flickr answers lack fields the simulator sends by default: listings of older accounts have
 * no `count_comments`/`count_faves`, some entries come without extras (even `url_o` of a
 * favourite whose owner allows it). An absent field is unknown, never 0: these suites archive such
 * accounts and check the result against the simulator's truth, and that a favourite left with a
 * lesser copy is said to need attention and upgraded by the next run.
 */
import { assert, assertEquals } from "./assert.ts";
import { QUICK, withSimulator } from "./simulator_fixture.ts";
import { assertMatchesTruth } from "./archive_phases_harness.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { memorySink } from "../src/progress.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { createApp } from "../src/server/app.ts";
import type { Truth } from "../src/simulator/truth.ts";

/** The faults of issue 16 (as Flickr misbehaves), with listing entries missing extras. */
const PROFILE = "500:0.05,502:0.02,429:0.05,201:0.03,105:0.02,malformed:0.02,short-page:0.1," +
  "truncate:0.03,stall:0.01,omit:0.05";

/** Current original (or best copy) per item: kind and sha256. */
async function mainFiles(archive: string) {
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  try {
    const rows = await catalog.db.selectFrom("files").select(["item_id", "kind", "sha256"])
      .where("is_current", "=", 1).where("kind", "in", ["original", "largest"]).execute();
    return new Map(rows.map((r) => [r.item_id, r]));
  } finally {
    await catalog.close();
  }
}

/** Every original Flickr permits is on disk as the truth has it; the others have a lesser copy. */
async function assertOriginalsAsTruth(archive: string, truth: Truth): Promise<void> {
  const files = await mainFiles(archive);
  for (const t of truth.items) {
    const f = files.get(t.id);
    if (t.original_sha256) {
      assertEquals(
        [f?.kind, f?.sha256],
        ["original", t.original_sha256],
        `the original of ${t.is_favorite_of_mine ? "favourite" : "item"} ${t.id}`,
      );
    } else if (t.is_favorite_of_mine) {
      assertEquals(f?.kind, "largest", `favourite ${t.id} without a downloadable original`);
    }
  }
}

Deno.test("absent counts: listings without count_comments and count_faves; the catalog equals the truth, and a re-run costs nothing more", async () => {
  await withSimulator({ photos: 50, videos: 4, favorites: 12, seed: 16, sparse: 1 }, async (f) => {
    const first = await runArchive({ ...f.runOptions, ...QUICK });
    assertEquals(first.status, "done");
    assertEquals(first.attention, []);
    const truth = await f.truth();
    const withComments = truth.items.filter((i) => i.comments > 0).length;
    assert(withComments > 5, `the account has commented items (${withComments})`);
    const catalog = await openCatalog(f.archive);
    try {
      // Comments come from getInfo's count (no call for items without), faves from one fetch.
      await assertMatchesTruth(catalog, f.archive, truth);
      assertEquals(first.byMethod["flickr.photos.comments.getList"], withComments);
      const counts = await catalog.db.selectFrom("items")
        .select(["id", "count_comments", "count_faves"]).execute();
      for (const r of counts) {
        const t = truth.items.find((i) => i.id === r.id)!;
        assertEquals([r.count_comments, r.count_faves], [t.comments, t.faves], `counts of ${r.id}`);
      }
    } finally {
      await catalog.close();
    }
    // Nothing changed: the listing still has no counts, and no comment or fave is asked for.
    const second = await runArchive({ ...f.runOptions, ...QUICK });
    assertEquals(second.attention, []);
    assertEquals(second.byMethod["flickr.photos.comments.getList"] ?? 0, 0);
    assertEquals(second.byMethod["flickr.photos.getFavorites"] ?? 0, 0);
    assert(second.apiCalls <= 2 + 3, `a re-run with nothing new: ${second.apiCalls} calls`);
  });
});

Deno.test("absent url_o: a favourite left with a lesser copy needs attention, and the next run fetches its original", async () => {
  await withSimulator({ photos: 20, videos: 0, favorites: 12, seed: 23 }, async (f) => {
    const truth = await f.truth();
    const fav = truth.items.find((i) => i.is_favorite_of_mine && i.original_sha256)!;
    assert(fav, "a favourite whose owner allows the original");
    // Flickr leaves the original out of this favourite's listing entry, and getInfo is refused.
    const sparseFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = url.searchParams.get("method");
      if (method === "flickr.photos.getInfo" && url.searchParams.get("photo_id") === fav.id) {
        return Response.json({ stat: "fail", code: 1, message: "Photo not found" });
      }
      const res = await fetch(input, init);
      if (method !== "flickr.favorites.getList") return res;
      const body = await res.json();
      for (const p of body.photos?.photo ?? []) {
        if (p.id !== fav.id) continue;
        for (const key of ["url_o", "width_o", "height_o", "originalsecret", "originalformat"]) {
          delete p[key];
        }
      }
      return Response.json(body);
    };
    const first = await runArchive({ ...f.runOptions, ...QUICK, fetch: sparseFetch });
    assertEquals(first.status, "done");
    const named = first.attention.filter((l) => l.includes(fav.id));
    assertEquals(named.length, 1, `the run names the favourite: ${first.attention.join("; ")}`);
    assert(/only a smaller copy/.test(named[0]), named[0]);
    assertEquals((await mainFiles(f.archive)).get(fav.id)?.kind, "largest");
    let catalog = await openCatalog(f.archive, { create: false, readonly: true });
    assertEquals((await archiveStatus(catalog, f.archive)).lesser_copies, 1);
    // The viewer's status page says so too.
    const app = createApp({ archiveDir: f.archive, catalog, allowedHosts: ["localhost"] });
    const page = await (await app.request("http://localhost/status")).text();
    assert(/only a smaller copy so far/.test(page), "the status page names smaller copies");
    await catalog.close();

    const second = await runArchive({ ...f.runOptions, ...QUICK });
    assertEquals(second.attention, []);
    await assertOriginalsAsTruth(f.archive, truth);
    catalog = await openCatalog(f.archive, { create: false, readonly: true });
    try {
      assertEquals((await archiveStatus(catalog, f.archive)).lesser_copies, 0);
      const rows = await catalog.db.selectFrom("files").select(["kind", "path"])
        .where("item_id", "=", fav.id).where("kind", "in", ["original", "largest"]).execute();
      assertEquals(rows.map((r) => r.kind), ["original"], "the lesser copy's row is gone");
      assert(!rows[0].path.startsWith("versions/"), "the original takes the copy's place");
    } finally {
      await catalog.close();
    }
  });
});

Deno.test({
  name: "absent fields under faults: every original Flickr permits ends on disk, as in a clean run",
  sanitizeResources: false,
  async fn() {
    await withSimulator({ photos: 270, videos: 30, seed: 6, faults: PROFILE }, async (f) => {
      const sink = memorySink();
      let summary = await runArchive({ ...f.runOptions, ...QUICK, sink });
      assertEquals(summary.status, "done");
      // What could not be had this run is named, and only that: a lesser copy, or a download
      // that stalled through all its attempts (with 300 ms of patience on a loaded machine, a
      // hiccup of the process that serves and fetches outlasts the milliseconds between them).
      for (const line of summary.attention) {
        assert(
          /only a smaller copy|cannot fetch its original file: Download stalled/.test(line),
          `needs attention: ${line}`,
        );
      }
      const deferred = sink.lines.some((l) => /next run (tries|asks) again/.test(l));
      if (summary.attention.length > 0 || deferred) {
        summary = await runArchive({ ...f.runOptions, ...QUICK });
        assertEquals(summary.attention, []);
      }
      const truth = await f.truth();
      await assertOriginalsAsTruth(f.archive, truth);
      const catalog = await openCatalog(f.archive);
      try {
        await assertMatchesTruth(catalog, f.archive, truth);
      } finally {
        await catalog.close();
      }
    });
  },
});
