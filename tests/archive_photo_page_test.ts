/**
 * `runArchive` end to end for everything a photo page shows (issue 4): a 300-item account with
 * videos and favourites equals the truth for every counter and item; the first run's calls stay
 * within what full fidelity needs; a run with nothing changed is nearly free; each mutation is
 * picked up with at most 5 calls plus the listing pages; a video dropped into `manual/` is filed.
 */
import { assert, assertEquals } from "./assert.ts";
import { assertMatchesTruth } from "./archive_phases_harness.ts";
import { type SimFixture, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";

const LISTING = new Set(["flickr.people.getPhotos", "flickr.favorites.getList"]);

async function run(f: SimFixture) {
  const before = (await f.stats()).api_calls;
  const summary = await runArchive({
    ...f.runOptions,
    concurrency: 6,
  });
  const after = (await f.stats()).api_calls;
  const calls: Record<string, number> = {};
  for (const [m, n] of Object.entries(after)) {
    if (n > (before[m] ?? 0)) calls[m] = n - (before[m] ?? 0);
  }
  const listing = Object.entries(calls).filter(([m]) => LISTING.has(m)).reduce(
    (a, [, n]) => a + n,
    0,
  );
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  return { summary, calls, listing, total };
}

async function matches(f: SimFixture): Promise<void> {
  const catalog = await openCatalog(f.archive);
  try {
    await assertMatchesTruth(catalog, f.archive, await f.truth());
  } finally {
    await catalog.close();
  }
}

Deno.test("archive: a photo page's worth for 300 items, frugally, kept up to date", async (t) => {
  await withSimulator({ photos: 260, videos: 15, favorites: 25, seed: 43 }, async (f) => {
    const first = await run(f);
    const truth = await f.truth();
    assertEquals(truth.items.length, 300);

    await t.step("the catalog equals the truth, counter by counter and item by item", async () => {
      assertEquals(first.summary.status, "done");
      await matches(f);
    });

    await t.step("first-run calls: what full fidelity needs", () => {
      const c = first.calls;
      const withComments = truth.items.filter((i) => i.comments > 0).length;
      const favePages = truth.items.reduce((n, i) => n + Math.ceil(i.faves / 50), 0);
      assertEquals(c["flickr.photos.getInfo"], 300);
      assertEquals(c["flickr.photos.comments.getList"], withComments);
      assertEquals(c["flickr.photos.getFavorites"], favePages);
      assert((c["flickr.photos.getSizes"] ?? 0) <= truth.videos);
      // Once per favourite, for the person's group pools it is in; never per own photo.
      const contexts = truth.groups > 0 ? truth.favorites : 0;
      assertEquals(c["flickr.photos.getAllContexts"] ?? 0, contexts);
      assertEquals(c["flickr.photos.getExif"], undefined);
      const structure = 1 + truth.albums + 1 + 1 + truth.galleries + 1 + truth.groups + 1 +
        contexts;
      const bound = first.listing + 300 + withComments + favePages + truth.videos + structure +
        (c["flickr.photos.people.getList"] ?? 0) + (c["flickr.people.getInfo"] ?? 0);
      assert(first.total <= bound, `first run: ${first.total} calls, bound ${bound}`);
      assert((c["flickr.photos.people.getList"] ?? 0) <= 300 * 0.15, "people.getList is rare");
      assert((c["flickr.people.getInfo"] ?? 0) <= truth.notes, "people.getInfo is rare");
    });

    await t.step("a second run with nothing changed", async () => {
      const again = await run(f);
      assert(again.total <= Math.ceil(300 / 500) + 3, `second run: ${JSON.stringify(again.calls)}`);
      await matches(f);
    });

    for (const action of ["comment", "fave", "edit_title", "upload", "replace", "delete"]) {
      await t.step(`'${action}' is picked up with at most 5 calls plus the listing`, async () => {
        await f.mutate(action);
        const r = await run(f);
        assert(r.total - r.listing <= 5, `${action}: ${JSON.stringify(r.calls)}`);
        await matches(f);
      });
    }

    await t.step("a video downloaded by hand and dropped into manual/ is filed", async () => {
      let catalog = await openCatalog(f.archive);
      let waiting: { id: string }[];
      let bytes: Uint8Array;
      try {
        waiting = await catalog.db.selectFrom("items").select("id")
          .where("needs_manual_download", "=", 1).orderBy("id").execute();
        assert(waiting.length > 0, "some videos wait for a manual download");
        const stream = await catalog.db.selectFrom("files").select("path")
          .where("item_id", "=", waiting[0].id).where("kind", "=", "video")
          .executeTakeFirstOrThrow();
        bytes = await Deno.readFile(`${f.archive}/${stream.path}`);
      } finally {
        await catalog.close();
      }
      await Deno.mkdir(`${f.archive}/manual`, { recursive: true });
      await Deno.writeFile(`${f.archive}/manual/${waiting[0].id}_from-browser.mp4`, bytes);
      const r = await run(f);
      assertEquals(r.summary.status, "done");
      catalog = await openCatalog(f.archive);
      try {
        const status = await archiveStatus(catalog, f.archive);
        assertEquals(status.videos_needing_manual_download, waiting.length - 1);
        const original = await catalog.db.selectFrom("files").select(["bytes"])
          .where("item_id", "=", waiting[0].id).where("kind", "=", "original")
          .where("is_current", "=", 1).executeTakeFirstOrThrow();
        assertEquals(original.bytes, bytes.length);
      } finally {
        await catalog.close();
      }
      assertEquals([...Deno.readDirSync(`${f.archive}/manual`)], []);
    });
  });
});
