/**
 * What can be told about an item from its index and hash alone, without generating it: whether
 * it is a video, how many comments, faves, notes and tagged people it was generated with, who may
 * see it and how safe it is. Listings and the truth scan 100,000 items through these.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import type { ItemKind } from "./ids.ts";
import { SALT } from "./salts.ts";

/** Counts an item is generated with, before any mutation. */
export interface GeneratedCounts {
  comments: number;
  faves: number;
  notes: number;
  people: number;
}

/** The sizes of an account that the traits depend on. */
export interface AccountSize {
  seed: number;
  /** Own items created at start (photos + videos); uploads come after and start empty. */
  initialItems: number;
  initialVideos: number;
  /** Share (0..1) of items generated with at least one comment; default about 38 %. */
  commentShare?: number;
  /** Share (0..1) of items generated with at least one fave; default about 45 %. */
  faveShare?: number;
}

/** Share of items without comments, and without faves, when no share is asked for. */
const NO_COMMENTS = 0.62;
const NO_FAVES = 0.55;

/**
 * Moves a uniform roll so that it falls below `zero` (the "none" bucket of the default
 * distribution) with probability `1 - share` instead of `zero`: each part is stretched linearly,
 * so the counts above zero keep their default distribution and their long tail.
 */
function reshare(roll: number, zero: number, share: number | undefined): number {
  if (share === undefined) return roll;
  const none = 1 - share;
  return roll < none ? (roll / none) * zero : zero + ((roll - none) / share) * (1 - zero);
}

/** Whether own item `i` is a video: the videos are spread evenly over the initial items. */
export function isVideo(size: AccountSize, i: number): boolean {
  if (i >= size.initialItems) return false;
  const n = size.initialItems;
  const v = size.initialVideos;
  return Math.floor(((i + 1) * v) / n) > Math.floor((i * v) / n);
}

/** The own item with more than 500 faves (paging through `getFavorites` needs one). */
export function mostFavedIndex(initialItems: number): number {
  return Math.floor(initialItems / 2);
}

/**
 * Comment, fave, note and tagged-people counts of an item before any mutation. Own items and
 * favourites alike follow `commentShare` and `faveShare`; the most-faved own item keeps more than
 * 500 faves whatever the share.
 */
export function generatedCounts(size: AccountSize, kind: ItemKind, i: number): GeneratedCounts {
  if (kind === "own" && i >= size.initialItems) {
    return { comments: 0, faves: 0, notes: 0, people: 0 };
  }
  const r = new Rng(hash32(size.seed, SALT.counts, kind === "own" ? 1 : 2, i));
  const c = reshare(r.next(), NO_COMMENTS, size.commentShare);
  const comments = c < NO_COMMENTS
    ? 0
    : c < 0.88
    ? r.int(1, 5)
    : c < 0.98
    ? r.int(6, 30)
    : r.int(31, 120);
  const f = reshare(r.next(), NO_FAVES, size.faveShare);
  let faves = f < NO_FAVES ? 0 : f < 0.85 ? r.int(1, 5) : f < 0.955 ? r.int(6, 50) : r.int(51, 140);
  if (kind === "own" && i === mostFavedIndex(size.initialItems)) faves = 523 + (size.seed & 63);
  const notes = r.chance(0.06) ? r.int(1, 4) : 0;
  const people = r.chance(0.05) ? r.int(1, 3) : 0;
  return { comments, faves, notes, people };
}

/** `[ispublic, isfriend, isfamily]` of an item (others' photos are public). */
export function visibility(seed: number, kind: ItemKind, i: number): [0 | 1, 0 | 1, 0 | 1] {
  if (kind === "other") return [1, 0, 0];
  const v = hash32(seed, SALT.counts, 3, i) % 100;
  return v < 70
    ? [1, 0, 0]
    : v < 78
    ? [0, 1, 0]
    : v < 85
    ? [0, 0, 1]
    : v < 90
    ? [0, 1, 1]
    : [0, 0, 0];
}

/** Safety level of an item: 0 safe, 1 moderate, 2 restricted. */
export function safety(seed: number, kind: ItemKind, i: number): 0 | 1 | 2 {
  const s = hash32(seed, SALT.counts, kind === "own" ? 4 : 5, i) % 100;
  return s < 90 ? 0 : s < 96 ? 1 : 2;
}
