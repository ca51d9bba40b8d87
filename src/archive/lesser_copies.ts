/**
 * Lesser copies: photos that have only their largest permitted size on disk (kind `largest`)
 * although their owner does not forbid the original. That happens when a listing left `url_o` out
 * (Flickr drops extras for some entries): the originals phase then keeps the best copy it can.
 * Once getInfo has given the original secret, the original replaces the lesser copy in the same
 * run, without an API call; whatever is still a lesser copy after that needs attention, and the
 * next run tries again.
 *
 * Others' photos whose owner disabled downloads (`can_download = 0`) have no original to fetch:
 * their largest size is the best copy there is, and is not counted here. Nor are a free account's
 * own photos: the API never gives their originals, which wait for the data export
 * (`catalog/free_account.ts`), so no run tries again.
 *
 * Tested by src/archive/pipeline_test.ts, tests/archive_originals_first_test.ts and
 * tests/free_account_test.ts.
 * @module
 */
import { type Kysely, sql } from "kysely";
import { OWN_ON_FREE_ACCOUNT } from "../catalog/free_account.ts";
import type { Database } from "../catalog/schema.ts";
import type { ArchiveContext } from "./context.ts";
import { runOriginals } from "./originals.ts";

/**
 * The items (not deleted on Flickr) whose only copy is a lesser one while the original is not
 * known to be forbidden, with whether their original secret is known yet.
 */
export async function lesserCopies(
  db: Kysely<Database>,
): Promise<{ id: string; originalKnown: boolean }[]> {
  const rows = await db.selectFrom("items as i")
    .innerJoin(
      "files as f",
      (j) =>
        j.onRef("f.item_id", "=", "i.id").on("f.kind", "=", "largest").on("f.is_current", "=", 1),
    )
    .select(["i.id", "i.original_secret", "i.original_format"])
    .where("i.deleted_on_flickr", "=", 0)
    .where((eb) => eb.or([eb("i.can_download", "is", null), eb("i.can_download", "=", 1)]))
    .where(sql<boolean>`NOT ${OWN_ON_FREE_ACCOUNT}`)
    .orderBy("i.id").execute();
  return rows.map((r) => ({
    id: r.id,
    originalKnown: r.original_secret !== null && r.original_format !== null,
  }));
}

/**
 * Fetches the originals of lesser copies whose original secret is now known, then reports the
 * ones still lesser in `ctx.attention`.
 */
export async function upgradeLesserCopies(ctx: ArchiveContext): Promise<void> {
  const db = ctx.catalog.db;
  const upgradable = (await lesserCopies(db)).filter((c) => c.originalKnown).map((c) => c.id);
  if (upgradable.length > 0) {
    await runOriginals(ctx, {
      itemIds: upgradable,
      label: "originals for smaller copies",
    });
  }
  if (ctx.signal.aborted) return;
  for (const { id } of await lesserCopies(db)) {
    ctx.attention.push(
      `photo ${id}: only a smaller copy is on disk; Flickr left its original out of this run's ` +
        "answers (the owner allows it): the next run tries again",
    );
  }
}
