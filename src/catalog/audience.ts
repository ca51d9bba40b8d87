/**
 * Who a copy of the archive is for (`export --privacy`, `site --privacy`), and the one rule both
 * copies follow: whether an item Flickr showed to some people goes to that audience.
 *
 * Tested by src/catalog/shown_copy_test.ts, tests/site_privacy_test.ts and
 * tests/first_run_browser_test.ts (the export door with public only).
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import { type Privacy, privacyOf } from "../xmp/xmp.ts";

/** Who a copy is for: what Flickr showed them ("all": every item). */
export type Audience = "public" | "friends" | "family" | "all";

/** Every audience, in the order the options list them. */
export const AUDIENCES: readonly Audience[] = ["public", "friends", "family", "all"];

/**
 * Whether an item of `privacy` (null: unknown) may go to `audience`. Unknown never counts as
 * public. Flickr's data export says "friend & family" for friends-only and family-only alike;
 * such an item goes to either audience.
 */
export function shownTo(privacy: Privacy | null, audience: Audience): boolean {
  if (audience === "all") return true;
  if (privacy === "public") return true;
  if (audience === "friends") return privacy === "friends" || privacy === "friends & family";
  if (audience === "family") return privacy === "family" || privacy === "friends & family";
  return false;
}

/** An item's privacy as the catalog holds it (NULL: Flickr did not say). */
export interface PrivacyColumns {
  is_public: number | null;
  is_friend: number | null;
  is_family: number | null;
}

/** How many items share one combination of the privacy columns. */
export interface PrivacyGroup extends PrivacyColumns {
  items: number;
}

/**
 * The items grouped by their privacy columns (a handful of groups, read in one pass): the
 * audience rule is applied to each group in TypeScript, so that SQL holds no second copy of it.
 */
export async function privacyGroups(db: Kysely<Database>): Promise<PrivacyGroup[]> {
  const { rows } = await sql<PrivacyGroup>`SELECT is_public, is_friend, is_family,
      count(*) AS items FROM items GROUP BY is_public, is_friend, is_family`.execute(db);
  return rows.map((r) => ({ ...r, items: Number(r.items) }));
}

/** Whether an item, or a group of items, with these columns goes to `audience`. */
export function groupShownTo(g: PrivacyColumns, audience: Audience): boolean {
  return shownTo(privacyOf(g.is_public, g.is_friend, g.is_family), audience);
}
