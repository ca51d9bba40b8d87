/**
 * The phases after the originals (details, people, structure, videos, manual videos) against the
 * simulator: the catalog equals the truth, first-run calls stay within what full fidelity needs, a
 * run with nothing changed is nearly free, and each mutation is picked up with a few calls.
 */
import { sql } from "kysely";
import { assert, assertEquals } from "./assert.ts";
import {
  assertMatchesTruth,
  type Bench,
  callsBetween,
  openBench,
  total,
} from "./archive_phases_harness.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { syncDetails } from "../src/archive/details.ts";
import { syncPeople } from "../src/archive/people.ts";
import { syncStructure } from "../src/archive/structure.ts";
import { syncVideos } from "../src/archive/videos.ts";
import { pickUpManualVideos } from "../src/archive/manual_videos.ts";

async function runPhases(bench: Bench): Promise<void> {
  for (const phase of [syncDetails, syncPeople, syncStructure, syncVideos, pickUpManualVideos]) {
    await phase(bench.ctx);
  }
}

Deno.test({
  name: "a 300-item account: catalog equals the truth, frugally, and stays so after each mutation",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const bench = await openBench({ photos: 285, videos: 15, seed: 7 });
    try {
      await bench.list();
      const truth = await bench.truth();
      const before = await bench.stats();
      await runPhases(bench);
      const first = callsBetween(before, await bench.stats());

      await t.step("the catalog equals the truth", async () => {
        await assertMatchesTruth(bench.catalog, bench.dir, truth);
        const people = await bench.catalog.db.selectFrom("people")
          .select(["nsid", "avatar_path", "avatar_sha256"]).execute();
        assert(people.every((p) => p.avatar_path && p.avatar_sha256), "every icon downloaded");
        assert(!people.some((p) => p.nsid === bench.sim.userNsid), "the owner is not a person");
      });

      await t.step("first-run calls: what full fidelity needs and nothing more", async () => {
        const items = truth.items.length;
        assertEquals(first["flickr.photos.getInfo"], items);
        assertEquals(
          first["flickr.photos.comments.getList"] ?? 0,
          truth.items.filter((i) => i.comments > 0).length,
        );
        assertEquals(
          first["flickr.photos.getFavorites"] ?? 0,
          truth.items.reduce((n, i) => n + Math.ceil(i.faves / 50), 0),
        );
        assert(
          (first["flickr.photos.getSizes"] ?? 0) <= truth.videos,
          "getSizes per video at most",
        );
        assertEquals(first["flickr.photosets.getList"], 1);
        assertEquals(first["flickr.photosets.getPhotos"], truth.albums);
        assertEquals(first["flickr.collections.getTree"], 1);
        assertEquals(first["flickr.galleries.getList"], 1);
        assertEquals(first["flickr.galleries.getPhotos"], truth.galleries);
        assertEquals(first["flickr.people.getGroups"], 1);
        assertEquals(first["flickr.groups.pools.getPhotos"], truth.groups);
        assertEquals(first["flickr.photos.licenses.getInfo"], 1);
        // Never per own photo (album and pool listings say it for all of them at once); once
        // per favourite, for the person's group pools it is in.
        assertEquals(
          first["flickr.photos.getAllContexts"] ?? 0,
          truth.groups > 0 ? truth.favorites : 0,
        );
        assertEquals(first["flickr.photos.getExif"], undefined);
        // people.getList only where haspeople is 1; people.getInfo only for the undescribed.
        const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM items
          WHERE has_people = 1`.execute(bench.catalog.db);
        assertEquals(first["flickr.photos.people.getList"] ?? 0, rows[0].n);
        const asked = await bench.catalog.db.selectFrom("people").select("nsid")
          .where("info_json", "is not", null).execute();
        assertEquals(first["flickr.people.getInfo"] ?? 0, asked.length);
        assert(asked.length <= truth.notes, "people.getInfo only for note authors");
      });

      await t.step("a second run with nothing changed", async () => {
        const s0 = await bench.stats();
        await bench.list();
        await runPhases(bench);
        const calls = callsBetween(s0, await bench.stats());
        assert(
          total(calls) <= Math.ceil(truth.items.length / 500) + 3,
          `no-change run: ${JSON.stringify(calls)}`,
        );
        assertEquals(calls["flickr.photosets.getList"], 1);
        assertEquals(total(calls) - 1, 2, "only the two listing pages besides the album list");
      });

      for (const action of ["comment", "fave", "edit_title", "upload", "replace", "delete"]) {
        await t.step(`mutation '${action}' is picked up with at most 5 calls`, async () => {
          const change = await bench.mutate(action);
          const s0 = await bench.stats();
          const listing = await bench.list();
          await runPhases(bench);
          const calls = callsBetween(s0, await bench.stats());
          assert(total(calls) - listing <= 5, `${action}: ${JSON.stringify(calls)}`);
          await assertMatchesTruth(bench.catalog, bench.dir, await bench.truth());
          if (action === "edit_title") {
            const row = await bench.catalog.db.selectFrom("items").select("info_json")
              .where("id", "=", String(change.id)).executeTakeFirstOrThrow();
            assert(row.info_json?.includes(JSON.stringify(change.title).slice(1, -1)));
          }
        });
      }

      await t.step("a video downloaded by hand and dropped into manual/ is filed", async () => {
        const waiting = await bench.catalog.db.selectFrom("items").select("id")
          .where("needs_manual_download", "=", 1).orderBy("id").execute();
        assert(waiting.length > 0, "some videos wait for a manual download");
        const id = waiting[0].id;
        // The person's browser fetched the original; the simulator serves the same bytes.
        const bytes = await Deno.readFile(
          `${bench.dir}/${
            (await bench.catalog.db.selectFrom("files").select("path").where("item_id", "=", id)
              .where("kind", "=", "video").executeTakeFirstOrThrow()).path
          }`,
        );
        await Deno.mkdir(`${bench.dir}/manual`, { recursive: true });
        await Deno.writeFile(`${bench.dir}/manual/${id}_downloaded.mp4`, bytes);
        const s0 = await bench.stats();
        await runPhases(bench);
        assertEquals(callsBetween(s0, await bench.stats()), { "flickr.photosets.getList": 1 });
        const status = await archiveStatus(bench.catalog, bench.dir);
        assertEquals(status.videos_needing_manual_download, waiting.length - 1);
        const original = await bench.catalog.db.selectFrom("files").select(["path", "bytes"])
          .where("item_id", "=", id).where("kind", "=", "original").executeTakeFirstOrThrow();
        assertEquals(original.bytes, bytes.length);
        assert(original.path.startsWith("photos/") && original.path.endsWith(".mp4"));
        assertEquals([...Deno.readDirSync(`${bench.dir}/manual`)], []);
      });
    } finally {
      await bench.close();
    }
  },
});
