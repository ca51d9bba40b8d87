import { assert, assertEquals } from "../../tests/assert.ts";
import { openBench } from "../../tests/archive_phases_harness.ts";
import { setMeta } from "../catalog/writes.ts";
import { parseCollectionTree } from "../flickr/responses.ts";
import { flattenCollections, syncStructure } from "./structure.ts";
import { STRUCTURE_REFRESHED_AT } from "../catalog/meta_keys.ts";
import { CallBudget } from "../flickr/budget.ts";
import { FlickrClient } from "../flickr/client.ts";

Deno.test("flattenCollections: parents first, positions within the parent, albums in order", () => {
  const tree = parseCollectionTree({
    collections: {
      collection: [
        {
          id: "1-a",
          title: "Travel",
          description: "",
          collection: [{ id: "1-b", title: "Part 1", description: "", set: [{ id: "s2" }] }],
          set: [{ id: "s1", title: "One", description: "" }, { id: "s3" }],
        },
        { id: "1-c", title: "Family", description: "" },
      ],
    },
    stat: "ok",
  });
  const { collections, albums } = flattenCollections(tree.collections);
  assertEquals(
    collections.map((c) => [c.id, c.parent_id, c.position]),
    [["1-a", null, 0], ["1-b", "1-a", 0], ["1-c", null, 1]],
  );
  assertEquals(JSON.parse(collections[0].raw_json).collection, undefined);
  assertEquals([...albums], [["1-a", ["s1", "s3"]], ["1-b", ["s2"]], ["1-c", []]]);
});

Deno.test({
  name:
    "syncStructure: everything on the first run, one call when nothing changed, a day's refresh",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const bench = await openBench({ photos: 200, videos: 0, seed: 4 });
    const { db } = bench.catalog;
    const byMethod = () => ({ ...bench.client.stats.byMethod });
    const diff = (a: Record<string, number>, b: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(b).filter(([k, v]) => v !== (a[k] ?? 0)).map((
          [k, v],
        ) => [k, v - (a[k] ?? 0)]),
      );
    try {
      await bench.list();
      let before = byMethod();
      await syncStructure(bench.ctx);
      const truth = await bench.truth();
      const first = diff(before, byMethod());
      assertEquals(first["flickr.photosets.getPhotos"], truth.albums);
      assertEquals(first["flickr.photos.licenses.getInfo"], 1);
      const count = async (t: "albums" | "collections" | "galleries" | "groups") =>
        (await db.selectFrom(t).select("id").execute()).length;
      assertEquals(
        [
          await count("albums"),
          await count("collections"),
          await count("galleries"),
          await count("groups"),
        ],
        [truth.albums, truth.collections, truth.galleries, truth.groups],
      );
      const inGalleries = await db.selectFrom("gallery_items").select("item_id").execute();
      assert(inGalleries.length > 0, "gallery photos listed");
      // Pools: the person's own photos (listed with user_id=me) and their favourites (each
      // favourite asked once with getAllContexts), nothing else of the pools.
      const inPools = await db.selectFrom("group_items").select(["item_id", "group_id"]).execute();
      const own = new Set(truth.items.filter((i) => !i.is_favorite_of_mine).map((i) => i.id));
      const faves = truth.items.filter((i) => i.is_favorite_of_mine).map((i) => i.id);
      assertEquals(first["flickr.photos.getAllContexts"], faves.length);
      assert(inPools.some((p) => own.has(p.item_id)), "own photos in pools");
      const favesInPools = inPools.filter((p) => faves.includes(p.item_id));
      assert(favesInPools.length > 0, "favourites in pools");
      assert(inPools.every((p) => own.has(p.item_id) || faves.includes(p.item_id)));
      for (const p of favesInPools) {
        const ctx = await bench.client.photosGetAllContexts(p.item_id);
        assert(ctx.pools.some((g) => g.id === p.group_id), `${p.item_id} in ${p.group_id}`);
      }
      const licenses = await db.selectFrom("licenses").select("id").execute();
      assert(licenses.length >= 10);

      before = byMethod();
      await syncStructure(bench.ctx);
      assertEquals(diff(before, byMethod()), { "flickr.photosets.getList": 1 });

      // A photo deleted on Flickr changes its albums' counts: only those are listed again.
      const member = truth.items.find((i) => i.albums.length > 0)!;
      await bench.mutate("delete", member.id);
      before = byMethod();
      await syncStructure(bench.ctx);
      assertEquals(diff(before, byMethod()), {
        "flickr.photosets.getList": 1,
        "flickr.photosets.getPhotos": member.albums.length,
      });
      const still = await db.selectFrom("album_items").select("album_id")
        .where("item_id", "=", member.id).execute();
      assertEquals(still, []);

      // A day later, collections, galleries and groups are refreshed (licences never again).
      await setMeta(db, STRUCTURE_REFRESHED_AT, new Date(Date.now() - 25 * 3600_000).toISOString());
      before = byMethod();
      await syncStructure(bench.ctx);
      const later = diff(before, byMethod());
      assertEquals(later["flickr.collections.getTree"], 1);
      assertEquals(later["flickr.people.getGroups"], 1);
      assertEquals(later["flickr.photos.licenses.getInfo"], undefined);
      // Favourites are not asked again; their pools come from the answers kept.
      assertEquals(later["flickr.photos.getAllContexts"], undefined);
      const again = await db.selectFrom("group_items").select("item_id")
        .where("item_id", "in", favesInPools.map((p) => p.item_id)).execute();
      assertEquals(again.length, favesInPools.length);
    } finally {
      await bench.close();
    }
  },
});

Deno.test({
  name:
    "syncStructure: under a rate limit the favourites' contexts are saved as they come, not all at the end",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const bench = await openBench({ photos: 20, videos: 0, seed: 4, favorites: 40 });
    const { db } = bench.catalog;
    try {
      await bench.list();
      // Ten calls a second: the 40 favourites' calls take about four seconds.
      const client = new FlickrClient({
        origin: bench.sim.origin,
        apiKey: bench.sim.apiKey,
        apiSecret: bench.sim.apiSecret,
        oauthToken: bench.sim.oauthToken,
        oauthTokenSecret: bench.sim.oauthTokenSecret,
        budget: new CallBudget(36_000),
      });
      let running = true;
      const phase = syncStructure({ ...bench.ctx, client }).finally(() => running = false);
      const saved = () =>
        db.selectFrom("api_responses").select("key")
          .where("method", "=", "flickr.photos.getAllContexts").execute();
      // What was saved at each look while the phase ran. The phase goes on after its last save
      // (albums, groups), so a look may also find all 40: only a look in between shows answers
      // saved as they came.
      const seen: number[] = [];
      while (running) {
        await new Promise((r) => setTimeout(r, 200));
        if (running) seen.push((await saved()).length);
      }
      await phase;
      assertEquals((await saved()).length, 40, "every favourite's answer kept");
      // A run killed then would keep those: a save every 50 answers had saved none of 40.
      assert(
        seen.some((n) => n > 0 && n < 40),
        `answers saved at each look while the phase ran: ${seen.join(", ")}`,
      );
    } finally {
      await bench.close();
    }
  },
});
