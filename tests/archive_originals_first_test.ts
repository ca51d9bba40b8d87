/**
 * `flickrvault archive` end to end against the simulator over loopback: a 300-item account with
 * videos and favourites, every original checked against the simulator's truth, the order of the
 * traffic (no per-photo API call before the last original is on disk), and the cost of a second
 * run with nothing changed.
 */
import { assert, assertEquals } from "./assert.ts";
import { listFiles, recordingFetch, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { memorySink } from "../src/progress.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";

/** Methods about one photo: none may run before every original is on disk. */
const PER_PHOTO = new Set([
  "flickr.photos.getInfo",
  "flickr.photos.comments.getList",
  "flickr.photos.getFavorites",
  "flickr.photos.getSizes",
  "flickr.photos.people.getList",
  "flickr.photos.getExif",
  "flickr.photos.getAllContexts",
]);

const isOriginalUrl = (url: string) => /_o\.[a-z0-9]+$/.test(url) || /\/play\/orig\//.test(url);

Deno.test("archive: a 300-item account, originals first, equal to the truth; a second run is frugal", async () => {
  await withSimulator({ photos: 260, videos: 15, favorites: 25, seed: 41 }, async (f) => {
    const traffic = recordingFetch();
    const sink = memorySink();
    const summary = await runArchive({
      ...f.runOptions,
      concurrency: 6,
      fetch: traffic.fetch,
      files: traffic.files,
      sink,
    });
    assertEquals(summary.status, "done");
    assertEquals(summary.attention, [], "nothing should need attention");
    const truth = await f.truth();
    assertEquals(truth.items.length, 300);

    // Every original's sha256 equals the truth's (null where no original can be fetched).
    const catalog = await openCatalog(f.archive);
    try {
      const rows = await catalog.db.selectFrom("files").select(["item_id", "sha256", "path"])
        .where("kind", "=", "original").where("is_current", "=", 1).execute();
      const ours = new Map(rows.map((r) => [r.item_id, r.sha256]));
      let checked = 0;
      for (const item of truth.items) {
        assertEquals(ours.get(item.id) ?? null, item.original_sha256, `original of ${item.id}`);
        if (item.original_sha256) checked++;
      }
      assert(checked > 250, `most items have an original (${checked})`);
      for (const r of rows) {
        const bytes = await Deno.readFile(`${f.archive}/${r.path}`);
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
        const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
        assertEquals(hex, r.sha256, `file on disk ${r.path}`);
      }

      // Favourites whose owner disabled downloads still have their largest permitted size.
      const largest = await catalog.db.selectFrom("files").select("item_id")
        .where("kind", "=", "largest").execute();
      const noOriginal = truth.items.filter((i) => i.is_favorite_of_mine && !i.original_sha256);
      assertEquals(largest.map((r) => r.item_id).sort(), noOriginal.map((i) => i.id).sort());

      // Each item has a thumbnail, each photo a display copy.
      const thumbs = await catalog.db.selectFrom("files").select("item_id")
        .where("kind", "=", "thumb").where("is_current", "=", 1).execute();
      assertEquals(thumbs.length, 300);

      // EXIF was read from the originals, with no getExif call.
      const exif = await catalog.db.selectFrom("items").select(["id", "camera_make", "exif_source"])
        .where("exif_source", "=", "file").execute();
      assert(exif.length > 100, `EXIF from files (${exif.length})`);
      assert(exif.some((r) => r.camera_make), "some camera makes");

      const status = await archiveStatus(catalog, f.archive);
      assertEquals(
        { photos: status.photos, videos: status.videos, favorites: status.favorites },
        { photos: truth.photos, videos: truth.videos, favorites: truth.favorites },
      );
      assertEquals(status.deleted_on_flickr, 0);
      // Nothing is missing: favourites without a downloadable original have their largest size.
      assertEquals(status.missing_files, 0);
    } finally {
      await catalog.close();
    }

    // No per-photo API call before the last original arrived.
    const originalsDone = traffic.events.filter((e) =>
      e.type === "file-done" && e.status === 200 && isOriginalUrl(e.url)
    );
    const perPhoto = traffic.events.filter((e) => e.type === "api" && PER_PHOTO.has(e.method));
    assert(originalsDone.length > 250, `originals fetched (${originalsDone.length})`);
    assert(perPhoto.length > 0, "the later phases made per-photo calls");
    const lastOriginal = Math.max(...originalsDone.map((e) => e.seq));
    const firstPerPhoto = Math.min(...perPhoto.map((e) => e.seq));
    assert(
      lastOriginal < firstPerPhoto,
      `last original at #${lastOriginal}, first per-photo call at #${firstPerPhoto}`,
    );
    // Listing: one page of own items, one of favourites, no test.login, no people.getInfo of me.
    assertEquals(summary.byMethod["flickr.people.getPhotos"], 1);
    assertEquals(summary.byMethod["flickr.favorites.getList"], 1);
    assertEquals(summary.byMethod["flickr.test.login"], undefined);

    // A second run with nothing changed: at most ceil(items / 500) + 3 calls, no file fetched.
    const before = await f.stats();
    const filesBefore = await listFiles(f.archive);
    const again = await runArchive({
      ...f.runOptions,
    });
    const after = await f.stats();
    const calls = after.total_api_calls - before.total_api_calls;
    assert(calls <= Math.ceil(300 / 500) + 3, `second run made ${calls} API calls`);
    assertEquals(again.apiCalls, calls);
    assertEquals(again.files, 0);
    assertEquals(again.added, 0);
    assertEquals(await listFiles(f.archive), filesBefore);
  });
});
