/**
 * The people on the synthetic account: its owner and a seeded pool of {@link PEOPLE} others
 * (commenters, favers, owners of favourites...). Person `index` is generated from
 * `(seed, index)` alone, with Flickr's quirks: non-Latin usernames, no real name, `path_alias`
 * null or "", default buddy icons, deleted accounts.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 *
 * @example
 * ```ts
 * const people = new People(1, 1000);
 * people.byNsid(people.person(5).nsid)?.index; // 5
 * ```
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import { FAMILY_NAMES, FIRST_NAMES, NON_LATIN_USERNAMES, PLACES } from "../vocabulary.ts";
import { SALT } from "./salts.ts";
import { TIMELINE_START } from "./timeline.ts";

/** Other people known to the simulator (commenters, favers, favourites' owners...). */
export const PEOPLE = 800;

/** Someone on Flickr: the account owner or one of the {@link PEOPLE} others. */
export interface Person {
  /** -1 for the account owner. */
  index: number;
  nsid: string;
  username: string;
  realname: string;
  /** `null` or "" when the person chose none (Flickr sends both). */
  pathAlias: string | null;
  /** "0" means the default buddy icon. */
  iconserver: string;
  iconfarm: number;
  isDeleted: boolean;
  isPro: boolean;
  location: string;
  description: string;
  photosCount: number;
  firstdate: number;
}

/** The owner and the pool of others, generated on first use and kept. */
export class People {
  readonly owner: Person;
  #cache: Person[] = [];

  /** `ownerPhotos`: the owner's photo count at start; `ownerIsPro`: false for a free account. */
  constructor(readonly seed: number, ownerPhotos: number, ownerIsPro = true) {
    this.owner = makeOwner(seed, ownerPhotos, ownerIsPro);
  }

  /** A person by index (-1 = the owner). */
  person(index: number): Person {
    if (index < 0) return this.owner;
    return this.#cache[index] ??= makePerson(this.seed, index);
  }

  /** Finds a person by NSID (the owner included). */
  byNsid(nsid: string): Person | undefined {
    if (nsid === this.owner.nsid) return this.owner;
    const m = /^(\d+)@N0\d$/.exec(nsid);
    if (!m) return undefined;
    // The NSID's number encodes the index (see makePerson); the check below rejects near misses.
    const index = Math.floor((Number(m[1]) - 100_000_000) / 1000);
    if (index < 0 || index >= PEOPLE) return undefined;
    const p = this.person(index);
    return p.nsid === nsid ? p : undefined;
  }
}

function makeOwner(seed: number, photosCount: number, isPro: boolean): Person {
  const h = hash32(seed, SALT.person, -1);
  const num = 10_000_000 + (h % 89_000_000);
  return {
    index: -1,
    nsid: `${num}@N0${h % 9}`,
    username: "sim.photographer",
    realname: "Simone Ulated",
    pathAlias: "simphotographer",
    iconserver: String(1000 + (h % 8000)),
    iconfarm: 1 + (h % 9),
    isDeleted: false,
    isPro,
    location: "Lisbon, Portugal",
    description: 'Photos from everywhere. <a href="https://example.com">My site</a>',
    photosCount,
    firstdate: TIMELINE_START,
  };
}

function makePerson(seed: number, index: number): Person {
  const r = new Rng(hash32(seed, SALT.person, index));
  const first = r.pick(FIRST_NAMES);
  const family = r.pick(FAMILY_NAMES);
  const nonLatin = r.chance(0.08);
  const username = nonLatin
    ? `${r.pick(NON_LATIN_USERNAMES)} ${index}`
    : `${first.toLowerCase()}${family.toLowerCase().slice(0, 3)}${index}`;
  const noRealname = r.chance(0.2);
  const aliasRoll = r.next();
  const defaultIcon = r.chance(0.15);
  return {
    index,
    nsid: `${100_000_000 + index * 1000 + r.int(0, 999)}@N0${r.int(0, 8)}`,
    username,
    realname: noRealname ? "" : `${first} ${family}`,
    pathAlias: aliasRoll < 0.15 ? null : aliasRoll < 0.3 ? "" : `${first.toLowerCase()}-${index}`,
    iconserver: defaultIcon ? "0" : String(r.int(1, 65535)),
    iconfarm: defaultIcon ? 0 : r.int(1, 66),
    isDeleted: r.chance(0.06),
    isPro: r.chance(0.3),
    location: r.chance(0.5) ? r.pick(PLACES).locality + ", " + r.pick(PLACES).country : "",
    description: r.chance(0.5) ? "" : "I take pictures of <b>things</b>.",
    photosCount: r.int(0, 20000),
    firstdate: TIMELINE_START - r.int(0, 100_000_000),
  };
}
