/**
 * The account's galleries: three curated lists of others' photos, some with a curator's
 * comment.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import { longId } from "./ids.ts";
import { SALT } from "./salts.ts";
import { TIMELINE_END } from "./timeline.ts";

/** A gallery of others' photos. */
export interface Gallery {
  index: number;
  id: string;
  galleryId: string;
  title: string;
  description: string;
  dateCreate: number;
  dateUpdate: number;
  views: number;
  /** Other-photo indices with an optional curator comment. */
  photos: { other: number; comment: string }[];
}

const TITLES = ["Blue hour", "Doors of the world", "Tiny things"];

/**
 * Builds the galleries of the owner `ownerNsid`, drawing from the `otherCount` others' photos;
 * an account without photos has none.
 */
export function makeGalleries(
  seed: number,
  initialItems: number,
  otherCount: number,
  ownerNsid: string,
): Gallery[] {
  const r = new Rng(hash32(seed, SALT.gallery, 0));
  // A gallery's long id starts with (part of) the owner's number, as on Flickr.
  const ownerNum = ownerNsid.split("@")[0].slice(0, 8);
  const count = initialItems === 0 ? 0 : TITLES.length;
  const out: Gallery[] = [];
  for (let g = 0; g < count; g++) {
    const galleryId = longId(720_000_000_000 + g * 977 + r.int(0, 900));
    const n = r.int(5, 25);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, otherCount)) chosen.add(r.int(0, otherCount - 1));
    const dateCreate = TIMELINE_END - r.int(10_000_000, 100_000_000);
    out.push({
      index: g,
      id: `${ownerNum}-${galleryId}`,
      galleryId,
      title: TITLES[g],
      description: g === 1 ? 'Doors I <a href="https://example.com">liked</a>' : "",
      dateCreate,
      dateUpdate: dateCreate + r.int(0, 5_000_000),
      views: r.int(0, 900),
      photos: [...chosen].map((other) => ({
        other,
        comment: r.chance(0.3) ? "Love this one" : "",
      })),
    });
  }
  return out;
}
