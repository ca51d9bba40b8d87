/**
 * Free accounts. Since 15 May 2025 Flickr gives apps at most 1,024 px (Large 1024) of the photos
 * of a free member, the owner included, unless they are public and Creative Commons licensed: the
 * listing has no `url_o` for them, and the originals phase keeps the largest size it has (kind
 * `largest`). Their originals come only with Flickr's data export, which `flickrvault import`
 * adds to the archive. Until then they are "waiting for the export" (`catalog/free_account.ts`):
 * not lesser copies to fetch again on every run, not failures a re-run could fix.
 *
 * Whether the account is free is asked of `flickr.people.getInfo` (`ispro`), one call, and only
 * when own photos lack an original that neither the listing nor the disk has: a Pro account whose
 * listing carries every `url_o` spends nothing on it. A free answer is kept in
 * `meta.account_ispro` and not asked again; a Pro one is asked again whenever originals are
 * missing (a lapsed Pro account turns free). Once the listing gives every original (the account
 * went Pro), the answer is forgotten.
 * @module
 */
import { sql } from "kysely";
import { EXPORT_REQUEST_URL } from "../catalog/free_account.ts";
import { ACCOUNT_IS_PRO_META } from "../catalog/meta_keys.ts";
import { getMeta, saveApiResponse, setMeta } from "../catalog/writes.ts";
import { FlickrError } from "../flickr/errors.ts";
import type { ArchiveContext } from "./context.ts";
import { formatCount } from "../units.ts";

/** What {@link checkAccountPlan} found. */
export interface AccountPlan {
  /** The account is known to be free. */
  free: boolean;
  /** Own photos on Flickr without an original on disk and without `url_o` in the listing. */
  withoutOriginal: number;
}

/**
 * Finds out, after the listing and before the originals, whether the account is free (see the
 * module doc). Never fails the run: when Flickr does not answer, the plan stays unknown and the
 * photos are treated as lesser copies, as before.
 */
export async function checkAccountPlan(ctx: ArchiveContext): Promise<AccountPlan> {
  const db = ctx.catalog.db;
  const { rows } = await sql<{ lacking: number; without_original: number }>`SELECT
      count(*) AS lacking,
      coalesce(sum(NOT EXISTS (SELECT 1 FROM files f
        WHERE f.item_id = i.id AND f.kind = 'original' AND f.is_current = 1)), 0)
        AS without_original
    FROM items i
    WHERE i.is_mine = 1 AND i.media = 'photo' AND i.deleted_on_flickr = 0
      AND json_extract(i.listing_json, '$.url_o') IS NULL`.execute(db);
  const lacking = Number(rows[0].lacking);
  const withoutOriginal = Number(rows[0].without_original);
  const known = await getMeta(db, ACCOUNT_IS_PRO_META);
  const forget = async () => {
    if (known !== undefined) {
      await db.deleteFrom("meta").where("key", "=", ACCOUNT_IS_PRO_META).execute();
    }
  };
  // The listing gives every original: nothing is limited (any more), whatever the plan.
  if (lacking === 0) {
    await forget();
    return { free: false, withoutOriginal };
  }
  // Every original is on disk already (the export's): nothing to ask.
  if (withoutOriginal === 0 || known === "0") return { free: known === "0", withoutOriginal };
  try {
    const me = await ctx.client.peopleGetInfo(ctx.userNsid);
    await saveApiResponse(db, "flickr.people.getInfo", me.nsid, me.raw);
    if (me.isPro === undefined) {
      await forget();
      return { free: false, withoutOriginal };
    }
    await setMeta(db, ACCOUNT_IS_PRO_META, me.isPro ? "1" : "0");
    return { free: !me.isPro, withoutOriginal };
  } catch (e) {
    if (!(e instanceof FlickrError)) throw e;
    ctx.progress.note(`account: cannot tell whether it is a free one (${e.message})`);
    return { free: false, withoutOriginal };
  }
}

/**
 * What a free account means for the archive and the way out, for the start of a run and its
 * summary (one line per element).
 *
 * @example
 * ```ts
 * freeAccountNote(57)[0];
 * // "Free account: Flickr gives apps at most 1,024 px of 57 of your photos;"
 * ```
 */
export function freeAccountNote(photos: number): string[] {
  return [
    `Free account: Flickr gives apps at most 1,024 px of ${formatCount(photos)} of your photos;`,
    "the archive holds those copies for now. Their originals come with Flickr's data export:",
    `request it at ${EXPORT_REQUEST_URL} ("Your Flickr data"; it arrives days later), then run`,
    "'flickrvault import' with its zips to put the originals into this archive.",
  ];
}
