/**
 * What others did to an item, as generated: comments, faves, notes and tagged people. Each
 * author or person is a pure function of `(seed, item, k)`, so the truth can count people across
 * 100,000 items without building a single comment. Added comments and faves live in the
 * account's overlay, not here.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import { COMMENTS, NOTES } from "../vocabulary.ts";
import { type ItemKind, longId, signedIndex } from "./ids.ts";
import type { Item } from "./item.ts";
import { PEOPLE } from "./people.ts";
import { SALT } from "./salts.ts";
import { TIMELINE_END } from "./timeline.ts";

/** One comment. */
export interface Comment {
  id: string;
  /** Person index (-1 = owner). */
  author: number;
  date: number;
  html: string;
}

/** One fave. */
export interface Fave {
  person: number;
  date: number;
}

/** One note: a box on the 500px image. */
export interface Note {
  id: string;
  author: number;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
}

/** One person tagged in a photo. */
export interface Tagged {
  person: number;
  addedBy: number;
  box?: { x: number; y: number; w: number; h: number };
}

/** Strides through the people so that one item's favers are all different. */
const PRIMES = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47];

/** The author (person index, -1 = owner) of generated comment `k` of an item. */
export function commentAuthor(seed: number, kind: ItemKind, i: number, k: number): number {
  const h = hash32(seed, SALT.comment, signedIndex(kind, i), k + 1_000_000);
  return h % 100 < 15 ? -1 : h % PEOPLE;
}

/** The person index of generated fave `k` of an item; distinct for each `k` of one item. */
export function faver(seed: number, kind: ItemKind, i: number, k: number): number {
  const h = hash32(seed, SALT.faves, signedIndex(kind, i));
  return (h % PEOPLE + k * PRIMES[h % PRIMES.length]) % PEOPLE;
}

/** The author of note `k` of an item: the item's owner or someone else. */
export function noteAuthor(
  seed: number,
  kind: ItemKind,
  i: number,
  k: number,
  ownerIndex: number,
): number {
  const h = hash32(seed, SALT.note, signedIndex(kind, i), k + 1000);
  return h % 2 === 0 ? ownerIndex : h % PEOPLE;
}

/** The person index of tagged person `k`; distinct within an item. */
export function taggedPerson(seed: number, kind: ItemKind, i: number, k: number): number {
  return (hash32(seed, SALT.tagged, signedIndex(kind, i)) + k * 101) % PEOPLE;
}

/** The `count` generated comments of `item`, oldest first, spread until `end`. */
export function generatedComments(
  seed: number,
  item: Item,
  count: number,
  end: number,
): Comment[] {
  const { kind, index: i } = item;
  const start = item.dateupload;
  const ownerNum = item.owner.nsid.split("@")[0];
  const out: Comment[] = [];
  for (let k = 0; k < count; k++) {
    const author = commentAuthor(seed, kind, i, k);
    const r = new Rng(hash32(seed, SALT.comment, signedIndex(kind, i), k));
    out.push({
      id: `${ownerNum}-${item.id}-${longId(600_000_000_000 + i * 200 + k)}`,
      author,
      date: start + Math.floor(((k + 1) * (end - start)) / (count + 1)),
      html: r.pick(COMMENTS),
    });
  }
  return out;
}

/** The `count` generated faves of an item uploaded at `start`, newest first, until the timeline's end. */
export function generatedFaves(
  seed: number,
  kind: ItemKind,
  i: number,
  count: number,
  start: number,
): Fave[] {
  const span = Math.max(count, TIMELINE_END - start);
  const out: Fave[] = [];
  for (let k = 0; k < count; k++) {
    out.push({
      person: faver(seed, kind, i, k),
      date: start + Math.floor(((count - k) * span) / (count + 1)),
    });
  }
  return out;
}

/** The `count` notes on an item (boxes on the 500px image). */
export function generatedNotes(
  seed: number,
  kind: ItemKind,
  i: number,
  count: number,
  ownerIndex: number,
): Note[] {
  const out: Note[] = [];
  for (let k = 0; k < count; k++) {
    const r = new Rng(hash32(seed, SALT.note, signedIndex(kind, i), k));
    out.push({
      // Own items and others' photos share indices: separate ranges keep note ids unique.
      id: longId((kind === "own" ? 700_000_000_000 : 800_000_000_000) + i * 10 + k),
      author: noteAuthor(seed, kind, i, k, ownerIndex),
      x: r.int(0, 300),
      y: r.int(0, 200),
      w: r.int(20, 150),
      h: r.int(20, 150),
      text: r.pick(NOTES),
    });
  }
  return out;
}

/** The `count` people tagged in an item, all tagged by the owner. */
export function generatedTagged(seed: number, kind: ItemKind, i: number, count: number): Tagged[] {
  const out: Tagged[] = [];
  for (let k = 0; k < count; k++) {
    const r = new Rng(hash32(seed, SALT.tagged, signedIndex(kind, i), k));
    out.push({
      person: taggedPerson(seed, kind, i, k),
      addedBy: -1,
      box: r.chance(0.6)
        ? { x: r.int(0, 400), y: r.int(0, 300), w: r.int(20, 100), h: r.int(20, 100) }
        : undefined,
    });
  }
  return out;
}
