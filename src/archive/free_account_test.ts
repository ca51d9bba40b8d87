import { assert, assertEquals } from "../../tests/assert.ts";
import { withArchiveContext, withSimulator } from "../../tests/simulator_fixture.ts";
import { item } from "../catalog/test_helpers.ts";
import { ACCOUNT_IS_PRO_META } from "../catalog/meta_keys.ts";
import { getMeta, upsertFiles, upsertItems } from "../catalog/writes.ts";
import type { ArchiveContext } from "./context.ts";
import { checkAccountPlan, freeAccountNote } from "./free_account.ts";

/** Own photos as a listing described them: with `url_o` or without. */
async function listed(ctx: ArchiveContext, withUrlO: Record<string, boolean>): Promise<void> {
  await upsertItems(
    ctx.catalog.db,
    Object.entries(withUrlO).map(([id, o]) =>
      item(id, {
        owner: ctx.userNsid,
        listing_json: JSON.stringify({ id, ...(o ? { url_o: `https://x/${id}_s_o.jpg` } : {}) }),
      })
    ),
  );
}

const calls = (ctx: ArchiveContext) => ctx.client.stats.byMethod["flickr.people.getInfo"] ?? 0;

Deno.test("checkAccountPlan: asks people.getInfo only when own originals are missing, keeps a free answer, forgets it once the listing gives every original", async () => {
  await withSimulator({ photos: 5, videos: 0, seed: 3, account: "free" }, async (f) => {
    await withArchiveContext(f, async (ctx) => {
      const db = ctx.catalog.db;
      // Every original in the listing: no question, whatever the account.
      await listed(ctx, { "51000000001": true, "51000000002": true });
      assertEquals(await checkAccountPlan(ctx), { free: false, withoutOriginal: 0 });
      assertEquals(calls(ctx), 0);

      // Two without url_o and not on disk: one call, and the answer is kept.
      await listed(ctx, { "51000000001": false, "51000000002": false });
      assertEquals(await checkAccountPlan(ctx), { free: true, withoutOriginal: 2 });
      assertEquals([calls(ctx), await getMeta(db, ACCOUNT_IS_PRO_META)], [1, "0"]);
      const raw = await db.selectFrom("api_responses").select("body")
        .where("method", "=", "flickr.people.getInfo").executeTakeFirstOrThrow();
      assertEquals(JSON.parse(raw.body).ispro, 0);
      assertEquals(await checkAccountPlan(ctx), { free: true, withoutOriginal: 2 });
      assertEquals(calls(ctx), 1, "a free answer is not asked again");

      // The export's originals on disk: nothing is missing, and the account is still free.
      await upsertFiles(
        db,
        ["51000000001", "51000000002"].map((id) => ({
          item_id: id,
          kind: "original",
          path: `photos/${id}.jpg`,
          bytes: 1,
          sha256: "x",
          fetched_at: "t",
        })),
      );
      assertEquals(await checkAccountPlan(ctx), { free: true, withoutOriginal: 0 });

      // The listing gives every original again (the account went Pro): forgotten.
      await listed(ctx, { "51000000001": true, "51000000002": true });
      assertEquals(await checkAccountPlan(ctx), { free: false, withoutOriginal: 0 });
      assertEquals(await getMeta(db, ACCOUNT_IS_PRO_META), undefined);
      assertEquals(calls(ctx), 1);
    });
  });
});

Deno.test("checkAccountPlan: a Pro answer is asked again while originals are missing; a refusal leaves the plan unknown", async () => {
  await withSimulator({ photos: 5, videos: 0, seed: 3 }, async (f) => {
    await withArchiveContext(f, async (ctx) => {
      // A Pro listing that left url_o out of an entry (Flickr does, now and then).
      await listed(ctx, { "51000000001": false });
      assertEquals(await checkAccountPlan(ctx), { free: false, withoutOriginal: 1 });
      assertEquals(await getMeta(ctx.catalog.db, ACCOUNT_IS_PRO_META), "1");
      await checkAccountPlan(ctx);
      assertEquals(calls(ctx), 2, "a lapsed Pro account turns free: asked again");
    });
    const refusing: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.searchParams.get("method") === "flickr.people.getInfo") {
        return Promise.resolve(Response.json({ stat: "fail", code: 1, message: "User not found" }));
      }
      return fetch(input, init);
    };
    await withArchiveContext(f, async (ctx) => {
      await ctx.catalog.db.deleteFrom("meta").execute();
      await listed(ctx, { "51000000001": false });
      assertEquals(await checkAccountPlan(ctx), { free: false, withoutOriginal: 1 });
      assertEquals(await getMeta(ctx.catalog.db, ACCOUNT_IS_PRO_META), undefined);
    }, { fetch: refusing });
  });
});

Deno.test("freeAccountNote names the count, the limit, where to request the export and the import", () => {
  const text = freeAccountNote(1234).join(" ");
  for (
    const words of [
      "at most 1,024 px of 1,234 of your photos",
      "https://www.flickr.com/account",
      "'flickrvault import'",
    ]
  ) assert(text.includes(words), text);
  assert(freeAccountNote(5).every((l) => l.length <= 100), "lines fit a terminal");
});
