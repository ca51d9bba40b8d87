/**
 * The groups the person belongs to, with their pools: about 8% of the own items, each in one
 * group, and a few dozen others' photos per group, newest addition first. The names carry the
 * awkward cases (non-Latin, `<` `>`, 18+, invitation only).
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import type { ItemKind } from "./ids.ts";
import { SALT } from "./salts.ts";
import { TIMELINE_END } from "./timeline.ts";

/** A group the person belongs to. */
export interface Group {
  index: number;
  nsid: string;
  name: string;
  eighteenplus: boolean;
  invitationOnly: boolean;
  admin: boolean;
  members: number;
  /** Pool entries: own or other items, with the date each was added. */
  pool: { kind: ItemKind; index: number; dateAdded: number }[];
}

const NAMES = [
  "Black and White",
  "Cats of Flickr",
  "写真の会",
  "Long Exposure <Lovers>",
  "Street Photography",
  "After Dark (18+)",
];

/**
 * Builds the groups and their pools from the `initialItems` own items (uploaded at
 * `dateUpload(i)`) and the `otherCount` others' photos; an account without photos has none.
 */
export function makeGroups(
  seed: number,
  initialItems: number,
  otherCount: number,
  dateUpload: (i: number) => number,
): Group[] {
  const r = new Rng(hash32(seed, SALT.group, 0));
  const count = initialItems === 0 ? 0 : NAMES.length;
  const groups: Group[] = [];
  for (let g = 0; g < count; g++) {
    groups.push({
      index: g,
      nsid: `${30_000_000 + g * 1_234_567 + r.int(0, 999)}@N2${g % 5}`,
      name: NAMES[g],
      eighteenplus: g === 5,
      invitationOnly: g === 2,
      admin: g === 1,
      members: r.int(10, 200_000),
      pool: [],
    });
  }
  if (count === 0) return groups;
  for (let i = 0; i < initialItems; i++) {
    const h = hash32(seed, SALT.group, i + 1);
    if (h % 100 >= 8) continue;
    const g = (h >>> 8) % count;
    groups[g].pool.push({ kind: "own", index: i, dateAdded: dateUpload(i) + (h >>> 16) % 86400 });
  }
  for (const group of groups) {
    const n = r.int(10, 40);
    for (let k = 0; k < n; k++) {
      const other = r.int(0, otherCount - 1);
      group.pool.push({
        kind: "other",
        index: other,
        dateAdded: TIMELINE_END - r.int(0, 300_000_000),
      });
    }
    group.pool.sort((a, b) => b.dateAdded - a.dateAdded);
  }
  return groups;
}
