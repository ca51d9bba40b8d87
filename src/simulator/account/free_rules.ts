/**
 * Flickr's rules for free accounts since 15 May 2025: photos owned by a free member — seen by
 * their owner too — are served to apps, the site and the CDN at most 1,024 px wide (Large 1024,
 * suffix `_b`): no Large 1600 or 2048, no Original. Public photos under a Creative Commons licence
 * or dedication are exempt, and so are Flickr Commons photos ("No known copyright restrictions",
 * licence 7, which only Commons members can choose). Videos are not limited. Flickr's data export
 * still carries every original.
 *
 * The simulator applies these rules only when started with `account: "free"` (`simulate --account
 * free`): to the person's own photos, and to others' photos whose owners are free members (the
 * person's favourites). A Pro simulator answers as before the rules, so that its accounts stay the
 * same for every seed.
 * @module
 */
import type { Item } from "./item.ts";

/** The longest edge Flickr serves of a limited photo (Large 1024). */
export const FREE_ACCOUNT_MAX_EDGE = 1024;

/**
 * Licences that exempt a public photo: the Creative Commons 2.0 family (1–6), Flickr Commons'
 * "No known copyright restrictions" (7), CC0 (9), the Public Domain Mark (10) and the CC 4.0
 * family (11–16). "All Rights Reserved" (0) and "United States Government Work" (8) do not.
 */
export const EXEMPT_LICENSES: ReadonlySet<number> = new Set([
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  9,
  10,
  11,
  12,
  13,
  14,
  15,
  16,
]);

/** Which accounts the simulator plays: Pro (the default) or free, under the 2025 rules. */
export type AccountPlan = "pro" | "free";

/**
 * Whether Flickr serves `item` at most {@link FREE_ACCOUNT_MAX_EDGE} px under the free-account
 * rules: a photo whose owner is not Pro, unless it is public and freely licensed.
 */
export function limitedByFreeAccount(
  item: Pick<Item, "media" | "owner" | "ispublic" | "license">,
): boolean {
  if (item.media !== "photo" || item.owner.isPro) return false;
  return !(item.ispublic === 1 && EXEMPT_LICENSES.has(item.license));
}
