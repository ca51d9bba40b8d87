import { assert, assertEquals } from "../../tests/assert.ts";
import { withArchiveContext, withSimulator } from "../../tests/simulator_fixture.ts";
import { upsertItems } from "../catalog/writes.ts";
import type { ArchiveContext } from "./context.ts";
import { mergeWindows, runListing } from "./listing.ts";
import type { SimFixture } from "../../tests/simulator_fixture.ts";

function withContext(
  f: SimFixture,
  fn: (ctx: ArchiveContext) => Promise<void>,
  fetchFn?: typeof fetch,
): Promise<void> {
  return withArchiveContext(f, fn, { fetch: fetchFn, concurrency: 2 });
}

Deno.test("listing: short pages are fetched again and the gaps listed by upload-date windows", async () => {
  await withSimulator(
    { photos: 230, videos: 4, favorites: 120, seed: 12, faults: "short-page:0.7" },
    async (f) => {
      await withContext(f, async (ctx) => {
        const result = await runListing(ctx, { perPage: 50, origin: f.sim.origin });
        const truth = await f.truth();
        const own = truth.items.filter((i) => !i.is_favorite_of_mine).map((i) => i.id).sort();
        const favs = truth.items.filter((i) => i.is_favorite_of_mine).map((i) => i.id).sort();
        assertEquals([...result.own.ids].sort(), own);
        assertEquals([...result.favorites.ids].sort(), favs);
        assert(result.own.complete && result.favorites.complete, "both listings complete");
        assertEquals(result.own.total, 234);
        // The faults were met: more calls than the 5 + 3 pages a clean listing needs.
        const calls = ctx.client.stats.byMethod;
        assert(calls["flickr.people.getPhotos"] > 5, JSON.stringify(calls));
        const rows = await ctx.catalog.db.selectFrom("items")
          .select(["id", "is_mine", "is_favorite_of_mine", "deleted_on_flickr", "listing_json"])
          .execute();
        assertEquals(rows.length, 234 + 120);
        assertEquals(
          rows.filter((r) => r.is_mine === 0 && r.is_favorite_of_mine === 1).length,
          120,
        );
        assertEquals(rows.filter((r) => r.deleted_on_flickr === 1).length, 0);
        assert(rows.every((r) => JSON.parse(r.listing_json).id === r.id), "listing_json kept");
        assertEquals(result.added, 354);
        assertEquals(result.touched.size, 354);
        // Listed again through the same faults: nothing is taken for deleted or unfaved.
        const again = await runListing(ctx, { perPage: 50 });
        assert(again.own.complete && again.favorites.complete, "complete again");
        assertEquals({ deleted: again.deleted, unfaved: again.unfaved }, {
          deleted: 0,
          unfaved: 0,
        });
      });
    },
  );
});

Deno.test("listing: a complete listing marks what is gone, an incomplete one marks nothing", async () => {
  await withSimulator({ photos: 60, videos: 2, favorites: 15, seed: 21 }, async (f) => {
    await withContext(f, async (ctx) => {
      const first = await runListing(ctx, { perPage: 20 });
      assertEquals(first.deleted, 0);
      // A favourite the person has since removed (it was in the catalog, Flickr no longer lists it).
      const stamp = new Date().toISOString();
      await upsertItems(ctx.catalog.db, [{
        id: "999000111",
        owner: "1234@N01",
        media: "photo",
        is_mine: 0,
        is_favorite_of_mine: 1,
        listing_json: "{}",
        first_seen_at: stamp,
        updated_at: stamp,
      }]);
      const gone = await f.mutate("delete");
      const goneId = String(gone.id ?? (gone.photo as { id?: string })?.id);
      const second = await runListing(ctx, { perPage: 20 });
      assertEquals(second.deleted, 1);
      assertEquals(second.unfaved, 1);
      assertEquals(second.added, 0);
      const row = await ctx.catalog.db.selectFrom("items")
        .select(["deleted_on_flickr", "deleted_detected_at"]).where("id", "=", goneId)
        .executeTakeFirstOrThrow();
      assertEquals(row.deleted_on_flickr, 1);
      assert(row.deleted_detected_at, "when it was noticed");
      const unfaved = await ctx.catalog.db.selectFrom("items").select("is_favorite_of_mine")
        .where("id", "=", "999000111").executeTakeFirstOrThrow();
      assertEquals(unfaved.is_favorite_of_mine, 0);
      // Nothing changed since: no row is touched.
      const third = await runListing(ctx, { perPage: 20 });
      assertEquals(third.touched.size, 0);
    });

    // A listing that keeps leaving one photo out (Flickr counts it, never lists it) is incomplete:
    // that photo is not marked deleted.
    const truth = await f.truth();
    const hidden = truth.items.find((i) => !i.is_favorite_of_mine)!.id;
    const dropping: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.searchParams.get("method") !== "flickr.people.getPhotos") return res;
      const body = await res.json();
      body.photos.photo = body.photos.photo.filter((p: { id: string }) => p.id !== hidden);
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    };
    await withContext(f, async (ctx) => {
      const result = await runListing(ctx, { perPage: 20 });
      assertEquals(result.own.complete, false);
      assertEquals(result.deleted, 0);
      // The search for the phantom is bounded: 4 pages, 2 retries of the short one, 16 more.
      const calls = ctx.client.stats.byMethod["flickr.people.getPhotos"];
      assert(calls <= 4 + 2 + 16 + 3, `${calls} listing calls`);
      const row = await ctx.catalog.db.selectFrom("items").select("deleted_on_flickr")
        .where("id", "=", hidden).executeTakeFirstOrThrow();
      assertEquals(row.deleted_on_flickr, 0);
    }, dropping);
  });
});

Deno.test("listing: mergeWindows joins overlapping windows and keeps open ends open", () => {
  assertEquals(mergeWindows([{ min: 50, max: 60 }, { max: 20 }, { min: 10, max: 30 }]), [
    { max: 30 },
    { min: 50, max: 60 },
  ]);
  assertEquals(mergeWindows([{ min: 5 }, { min: 1, max: 7 }]), [{ min: 1 }]);
  assertEquals(mergeWindows([]), []);
});
