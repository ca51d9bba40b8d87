/**
 * The account's albums (photosets): about one per 50 items unless a number is asked for, most
 * items in one album, some in none or several. Albums have their own order of members and the list has its own order, as the
 * person arranged them on Flickr, not the order of creation.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import { DESCRIPTIONS, NON_LATIN_TITLES, TITLES } from "../vocabulary.ts";
import { longId } from "./ids.ts";
import { SALT } from "./salts.ts";
import { TIMELINE_END } from "./timeline.ts";

/** An album. */
export interface Album {
  index: number;
  id: string;
  title: string;
  description: string;
  dateCreate: number;
  dateUpdate: number;
  views: number;
  commentsCount: number;
  /** Own item indices in album order. */
  members: number[];
}

/** The albums and, for each own item in any, the positions of its albums in the list. */
export interface Albums {
  albums: Album[];
  albumsOf: Map<number, number[]>;
}

/**
 * Builds the albums of the `initialItems` own items uploaded at `dateUpload(i)`. With `wanted`,
 * exactly that many albums, none empty (at most one per item: an album needs a photo); without
 * it, about one per 50 items, the ones no item fell into left out.
 *
 * @example
 * ```ts
 * const { albums } = makeAlbums(1, 10_300, (i) => 1_200_000_000 + i * 3600, 80);
 * albums.length; // 80
 * ```
 */
export function makeAlbums(
  seed: number,
  initialItems: number,
  dateUpload: (i: number) => number,
  wanted?: number,
): Albums {
  const n = initialItems;
  const count = wanted !== undefined
    ? Math.min(wanted, n)
    : n === 0
    ? 0
    : Math.min(2000, Math.max(3, Math.round(n / 50)));
  if (count === 0) return { albums: [], albumsOf: new Map() };
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) {
    const h = hash32(seed, SALT.album, i);
    const roll = h % 100;
    const k = roll < 22 ? 0 : roll < 85 ? 1 : roll < 96 ? 2 : 3;
    const chosen = new Set<number>();
    for (let m = 0; m < k; m++) chosen.add(hash32(seed, SALT.album, i, m + 1) % count);
    for (const a of chosen) members[a].push(i);
  }
  if (wanted !== undefined) {
    // An album the rolls left empty gets one item of its own choosing (then in one more album).
    for (let a = 0; a < count; a++) {
      if (members[a].length === 0) members[a].push(hash32(seed, SALT.album, -2, a) % n);
    }
  }
  const albums: Album[] = [];
  for (let a = 0; a < count; a++) {
    const r = new Rng(hash32(seed, SALT.albumMeta, a));
    const list = members[a];
    // A chosen order: shuffle, so album order differs from upload order.
    shuffle(r, list);
    if (list.length === 0) continue;
    // A loop, not Math.min(...list): one album of 100,000 items would overflow the call stack.
    let firstUpload = Infinity;
    for (const i of list) firstUpload = Math.min(firstUpload, dateUpload(i));
    albums.push({
      index: albums.length,
      id: longId(650_000_000_000 + a * 7919 + r.int(0, 7000)),
      title: a % 7 === 3 ? r.pick(NON_LATIN_TITLES) : `${r.pick(TITLES)} (${2008 + (a % 16)})`,
      description: r.pick(DESCRIPTIONS),
      dateCreate: firstUpload,
      dateUpdate: Math.min(TIMELINE_END, firstUpload + r.int(0, 50_000_000)),
      views: r.int(0, 5000),
      commentsCount: r.chance(0.2) ? r.int(1, 10) : 0,
      members: list,
    });
  }
  // Album list order is the person's chosen order, not creation order.
  shuffle(new Rng(hash32(seed, SALT.albumMeta, -1)), albums);
  albums.forEach((a, idx) => (a.index = idx));
  // albumsOf refers to album positions in the final list.
  const albumsOf = new Map<number, number[]>();
  for (const a of albums) {
    for (const i of a.members) {
      const list = albumsOf.get(i);
      if (list) list.push(a.index);
      else albumsOf.set(i, [a.index]);
    }
  }
  return { albums, albumsOf };
}

/** Fisher-Yates, in place. */
function shuffle<T>(r: Rng, list: T[]): void {
  for (let x = list.length - 1; x > 0; x--) {
    const y = r.int(0, x);
    [list[x], list[y]] = [list[y], list[x]];
  }
}
