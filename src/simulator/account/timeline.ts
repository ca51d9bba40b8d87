/**
 * When things happen on the synthetic account: the timeline all dates fall in, upload and
 * last-update dates of items, and when each favourite was faved. Dates are unix seconds.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32 } from "../prng.ts";
import type { ItemKind } from "./ids.ts";
import { SALT } from "./salts.ts";

/** The account's timeline: uploads between 2008-01-01 and 2024-06-01 (UTC), fixed per seed. */
export const TIMELINE_START = 1199145600;
export const TIMELINE_END = 1717200000;

/** Formats a unix time as Flickr's `datetaken` ("YYYY-MM-DD HH:MM:SS", no zone). */
export function formatTaken(unix: number): string {
  const d = new Date(unix * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** The current unix time in seconds. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** Generated upload time of own item `i` of `initialItems`; increases with `i`. */
export function ownDateUpload(seed: number, initialItems: number, i: number): number {
  const n = Math.max(1, initialItems);
  const span = TIMELINE_END - TIMELINE_START - 86400;
  const frac = (hash32(seed, SALT.dates, 1, i) % 900) / 1000;
  return TIMELINE_START + Math.floor(((i + frac) * span) / n);
}

/** Upload time of other photo `j` (unordered; some before the account's timeline). */
export function otherDateUpload(seed: number, j: number): number {
  return TIMELINE_START - 50_000_000 + (hash32(seed, SALT.dates, 4, j) % 200_000_000);
}

/** Generated last update of an item uploaded at `uploaded`: skewed towards the upload. */
export function generatedLastUpdate(
  seed: number,
  kind: ItemKind,
  i: number,
  uploaded: number,
): number {
  const room = Math.max(0, TIMELINE_END - uploaded);
  const h = hash32(seed, SALT.dates, kind === "own" ? 2 : 3, i);
  return uploaded + Math.floor(((h % 1000) / 1000) ** 2 * room);
}

/** When the person faved favourite `j` of `favorites` (favourite 0 is the most recent). */
export function dateFaved(favorites: number, j: number): number {
  const n = Math.max(1, favorites);
  return TIMELINE_END - 3600 - Math.floor(((j + 0.5) * 200_000_000) / n);
}
