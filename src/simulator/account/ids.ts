/**
 * Item ids. Own items and others' photos are indexed separately (own item 0 is the oldest
 * upload); an id is derived from the list and the index, so an id also tells where an item
 * comes from and can be resolved back without a table.
 * @module
 */
import { hash32 } from "../prng.ts";
import { SALT } from "./salts.ts";

/** Which list an item belongs to. */
export type ItemKind = "own" | "other";

const OWN_ID_BASE = 51_000_000_000;
const OTHER_ID_BASE = 40_000_000_000;
const ID_STRIDE = 1000;

/**
 * One hash input for an item of either list: own items and others' photos share indices, so
 * others' photos are folded onto the negative numbers.
 */
export function signedIndex(kind: ItemKind, i: number): number {
  return kind === "own" ? i : -1 - i;
}

/** The id of an item: 11 digits, increasing with the index. */
export function itemId(seed: number, kind: ItemKind, i: number): string {
  const base = kind === "own" ? OWN_ID_BASE : OTHER_ID_BASE;
  return String(
    base + i * ID_STRIDE + (hash32(seed, SALT.keys, kind === "own" ? 1 : 2, i) % ID_STRIDE),
  );
}

/** Resolves an id to an item reference among the `counts` items of each list, or undefined. */
export function locateItem(
  seed: number,
  id: string,
  counts: Record<ItemKind, number>,
): { kind: ItemKind; index: number } | undefined {
  if (!/^\d{11}$/.test(id)) return undefined;
  const n = Number(id);
  for (const kind of ["own", "other"] as const) {
    const base = kind === "own" ? OWN_ID_BASE : OTHER_ID_BASE;
    const index = Math.floor((n - base) / ID_STRIDE);
    if (index >= 0 && index < counts[kind] && itemId(seed, kind, index) === id) {
      return { kind, index };
    }
  }
  return undefined;
}

/**
 * A 17-digit id in Flickr's style for albums, collections, galleries, comments and notes: they
 * all start with `72157`; `serial` keeps each kind in its own range.
 */
export function longId(serial: number): string {
  return `72157${String(serial).padStart(12, "0")}`;
}
