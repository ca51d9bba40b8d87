/**
 * The account's collections: a few top-level collections ("Travel", "Family"...), some with
 * nested ones up to three levels deep, each holding a run of albums in list order.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import { longId } from "./ids.ts";
import { SALT } from "./salts.ts";

/** A collection: nested collections and albums. */
export interface Collection {
  id: string;
  title: string;
  description: string;
  children: Collection[];
  albums: number[];
}

const TOP_TITLES = ["Travel", "Family", "Projects", "Archive", "Misc"];

/** Builds the collections over `albums` albums of the owner `ownerNsid`. */
export function makeCollections(seed: number, albums: number, ownerNsid: string): Collection[] {
  if (albums === 0) return [];
  const r = new Rng(hash32(seed, SALT.collection, 0));
  const ownerNum = ownerNsid.split("@")[0];
  let next = 0;
  let serial = 0;
  const make = (title: string, depth: number): Collection => {
    const c: Collection = {
      id: `${ownerNum}-${longId(680_000_000_000 + serial++ * 31)}`,
      title,
      description: depth === 0 ? "Everything from <b>one</b> period" : "",
      children: [],
      albums: [],
    };
    if (depth < 2 && r.chance(depth === 0 ? 0.7 : 0.4)) {
      c.children.push(make(`${title} · part ${c.children.length + 1}`, depth + 1));
    }
    const take = Math.min(albums - next, r.int(1, 3));
    for (let k = 0; k < take; k++) c.albums.push(next++);
    return c;
  };
  const tops = Math.max(1, Math.min(5, Math.floor(albums / 4)));
  const out: Collection[] = [];
  for (let t = 0; t < tops && next < albums; t++) out.push(make(TOP_TITLES[t], 0));
  return out;
}

/** Counts collections, nested ones included. */
export function countCollections(collections: readonly Collection[]): number {
  return collections.reduce((n, c) => n + 1 + countCollections(c.children), 0);
}
