import { sql } from "kysely";
import { assert, assertEquals } from "../../tests/assert.ts";
import { openBench } from "../../tests/archive_phases_harness.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import {
  DETAILS_BATCH,
  detailsDue,
  type DetailsWork,
  duePages,
  plannedCalls,
  syncDetails,
} from "./details.ts";

const base: DetailsWork = {
  id: "1",
  is_mine: 1,
  last_update: 100,
  count_comments: 3,
  count_faves: 120,
  has_info: 1,
  info_last_update: 100,
  comments_synced: 3,
  faves_synced: 120,
  has_people: 0,
  people_synced: 100,
};

Deno.test("detailsDue and plannedCalls follow the listing's counters", () => {
  assertEquals(detailsDue(base), { info: false, comments: false, faves: false, people: false });
  assertEquals(plannedCalls(base), 0);
  const fresh = {
    ...base,
    has_info: 0,
    info_last_update: null,
    comments_synced: null,
    faves_synced: null,
    people_synced: null,
  };
  assertEquals(plannedCalls(fresh), 1 + 1 + 3);
  // A rise of faves pages only through the new ones; a fall needs them all again.
  assertEquals(plannedCalls({ ...base, count_faves: 121 }), 1);
  assertEquals(plannedCalls({ ...base, count_faves: 119 }), 3);
  // Comments gone to 0: cleared without a call.
  assertEquals(plannedCalls({ ...base, count_comments: 0 }), 0);
  assertEquals(detailsDue({ ...base, count_comments: 0 }).comments, true);
  // A count nobody gave is not 0: fetched once (getInfo may tell the comment count first).
  const unknown = { ...base, count_comments: null, count_faves: null };
  assertEquals(detailsDue({ ...unknown, comments_synced: null, faves_synced: null }), {
    info: false,
    comments: true,
    faves: true,
    people: false,
  });
  assertEquals(plannedCalls({ ...unknown, comments_synced: null, faves_synced: null }), 2);
  // No getInfo yet, even where the listing gave no lastupdate to compare.
  assertEquals(
    detailsDue({ ...base, has_info: 0, last_update: null, info_last_update: null }).info,
    true,
  );
  // people.getList when lastupdate moved and getInfo already said haspeople.
  assertEquals(detailsDue({ ...base, has_people: 1, people_synced: 99 }).people, true);
  assertEquals(plannedCalls({ ...base, last_update: 101, has_people: 1 }), 1);
});

Deno.test({
  name: "syncDetails: new comments and faves are fetched incrementally, and fall back when needed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const bench = await openBench({ photos: 40, videos: 0, seed: 3 });
    const { db } = bench.catalog;
    const calls = (method: string) => bench.client.stats.byMethod[method] ?? 0;
    const count = async (table: "comments" | "faves", id: string) =>
      (await db.selectFrom(table).select("item_id").where("item_id", "=", id).execute()).length;
    try {
      await bench.list();
      await syncDetails(bench.ctx);
      const truth = await bench.truth();
      const commented = truth.items.find((i) => i.comments >= 3 && !i.is_favorite_of_mine)!;
      const faved = truth.items.reduce((a, b) => (b.faves > a.faves ? b : a));
      assert(faved.faves > 100, "the most faved item spans pages");

      // A new comment: one getInfo (lastupdate moved) and one comments call from the newest on.
      await bench.mutate("comment", commented.id);
      await bench.list();
      let before = calls("flickr.photos.comments.getList");
      await syncDetails(bench.ctx);
      assertEquals(calls("flickr.photos.comments.getList") - before, 1);
      assertEquals(await count("comments", commented.id), commented.comments + 1);

      // A stored comment lost (as if deleted on Flickr and another added): the merge does not
      // add up, so everything is fetched again.
      const oldest = await db.selectFrom("comments").select("id")
        .where("item_id", "=", commented.id).orderBy("date_create").executeTakeFirstOrThrow();
      await db.deleteFrom("comments").where("id", "=", oldest.id).execute();
      await sql`UPDATE items SET comments_synced = count_comments - 1 WHERE id = ${commented.id}`
        .execute(db);
      before = calls("flickr.photos.comments.getList");
      await syncDetails(bench.ctx);
      assertEquals(calls("flickr.photos.comments.getList") - before, 2);
      assertEquals(await count("comments", commented.id), commented.comments + 1);

      // A new fave on an item with several pages: only the first page (newest first).
      await bench.mutate("fave", faved.id);
      await bench.list();
      before = calls("flickr.photos.getFavorites");
      await syncDetails(bench.ctx);
      assertEquals(calls("flickr.photos.getFavorites") - before, 1);
      assertEquals(await count("faves", faved.id), faved.faves + 1);

      // A stored fave lost: paging goes on to the end.
      const oldFave = await db.selectFrom("faves").select("nsid").where("item_id", "=", faved.id)
        .orderBy("fave_date").executeTakeFirstOrThrow();
      await db.deleteFrom("faves").where("item_id", "=", faved.id)
        .where("nsid", "=", oldFave.nsid).execute();
      await sql`UPDATE items SET faves_synced = count_faves - 1 WHERE id = ${faved.id}`.execute(db);
      before = calls("flickr.photos.getFavorites");
      await syncDetails(bench.ctx);
      assertEquals(
        calls("flickr.photos.getFavorites") - before,
        Math.ceil((faved.faves + 1) / 50),
      );
      assertEquals(await count("faves", faved.id), faved.faves + 1);

      // Nothing changed: no calls at all.
      before = bench.client.stats.calls;
      await syncDetails(bench.ctx);
      assertEquals(bench.client.stats.calls - before, 0);
    } finally {
      await bench.close();
    }
  },
});

Deno.test({
  name: "syncDetails: getInfo's notes, raw tags, places and photo page land in the catalog",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const bench = await openBench({ photos: 60, videos: 4, seed: 11 });
    try {
      await bench.list();
      await syncDetails(bench.ctx);
      const { db } = bench.catalog;
      const noted = await db.selectFrom("notes").select(["item_id", "text", "w"]).execute();
      assert(noted.length > 0 && noted.every((n) => n.text && n.w > 0), "notes with boxes");
      const machine = await db.selectFrom("tags").select(["tag", "raw", "author"])
        .where("is_machine", "=", 1).execute();
      assert(machine.length > 0 && machine.every((t) => t.author), "machine tags with authors");
      const placed = await db.selectFrom("items").select(["locality", "country", "info_json"])
        .where("locality", "is not", null).execute();
      assert(placed.length > 0, "place names from getInfo");
      assert(placed.every((p) => p.country && p.info_json?.includes(p.locality!)));
      const videos = await db.selectFrom("items").select(["duration", "photopage_url"])
        .where("media", "=", "video").execute();
      assert(videos.length === 4 && videos.every((v) => v.duration! > 0 && v.photopage_url));
      const commented = await db.selectFrom("comments").select(["item_id", "html"]).limit(1)
        .executeTakeFirstOrThrow();
      const found = await sql<{ comments: string }>`SELECT comments FROM search
        WHERE item_id = ${commented.item_id}`.execute(db);
      assert(found.rows[0]?.comments.length > 0, "comments are searchable");
    } finally {
      await bench.close();
    }
  },
});

Deno.test("the details phase takes own items before favourites, newest uploads first, each once across pages", async () => {
  await withCatalog(async ({ db }) => {
    const own = (id: string, uploaded: number | null) =>
      item(id, { is_mine: 1, date_uploaded: uploaded });
    const fav = (id: string, uploaded: number | null) =>
      item(id, { is_mine: 0, is_favorite_of_mine: 1, date_uploaded: uploaded });
    await upsertItems(db, [
      own("11", 300),
      own("12", 100),
      own("13", 200),
      own("14", 200), // the same second as 13: the larger id first
      own("15", null), // no upload date known: after the dated ones
      own("16", null),
      fav("21", 50),
      fav("22", 900),
      fav("23", null),
      own("17", 150),
    ]);
    // Not due: everything fetched for its lastupdate already.
    await db.updateTable("items").set({
      info_json: "{}",
      comments_synced: 0,
      count_comments: 0,
      faves_synced: 0,
      count_faves: 0,
    }).where("id", "=", "17").execute();
    for (const size of [1, 3, 100]) {
      const seen: string[] = [];
      for await (const page of duePages(db, size)) seen.push(...page.map((w) => w.id));
      assertEquals(
        seen,
        ["11", "14", "13", "12", "16", "15", "22", "21", "23"],
        `pages of ${size}`,
      );
    }
  });
});

Deno.test({
  name:
    "syncDetails: a batch the catalog cannot write stops the phase with its error, not after every call",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const bench = await openBench({ photos: 3 * DETAILS_BATCH, videos: 0, seed: 5 });
    const { db } = bench.catalog;
    try {
      await bench.list();
      // The first batch's write fails, as on a full disk.
      await sql`CREATE TRIGGER no_room BEFORE INSERT ON tags
        BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`.execute(db);
      let error: unknown;
      await syncDetails(bench.ctx).catch((e) => error = e);
      assert(String(error).includes("disk is full"), String(error));
      const asked = bench.client.stats.byMethod["flickr.photos.getInfo"] ?? 0;
      assert(asked < 2 * DETAILS_BATCH, `${asked} getInfo calls after the write failed`);
      const written = await db.selectFrom("items").select("id").where("info_json", "is not", null)
        .execute();
      assertEquals(written.length, 0, "nothing of the failed batch written");
    } finally {
      await bench.close();
    }
  },
});
