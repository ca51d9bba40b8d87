/**
 * The generated record of one photo or video: title, description, date taken, licence,
 * dimensions, rotation, geo, tags, camera, secrets. Each item draws from its own random stream,
 * in a fixed order (the order of the calls in {@link generateItem} is part of every seed's
 * output), with Flickr's awkward cases mixed in: empty, duplicated, very long and non-Latin
 * titles; dates taken known only to the month, year or decade, or not at all.
 *
 * Tested by src/simulator/account/free_rules_test.ts, src/simulator/account_test.ts and
 * src/simulator/conformance_test.ts.
 * @module
 */
import { hash32, Rng } from "../prng.ts";
import {
  CAMERAS,
  DESCRIPTIONS,
  LONG_TITLE,
  MACHINE_TAGS,
  NON_LATIN_TITLES,
  normaliseTag,
  type Place,
  PLACES,
  RAW_TAGS,
  TITLES,
} from "../vocabulary.ts";
import type { ItemKind } from "./ids.ts";
import { PEOPLE, type Person } from "./people.ts";
import { SALT } from "./salts.ts";
import { formatTaken } from "./timeline.ts";
import type { GeneratedCounts } from "./traits.ts";

/** One tag on a photo. */
export interface Tag {
  raw: string;
  normalised: string;
  machine: boolean;
  /** Person index (-1 = owner). */
  author: number;
}

/** Everything the API says about one photo or video. */
export interface Item {
  kind: ItemKind;
  index: number;
  id: string;
  owner: Person;
  media: "photo" | "video";
  secret: string;
  originalsecret: string;
  /** Secrets of the `_h` and `_k` sizes, which have their own. */
  hsecret: string;
  ksecret: string;
  server: string;
  farm: number;
  originalformat: string;
  title: string;
  description: string;
  dateupload: number;
  datetaken: string;
  datetakengranularity: 0 | 4 | 6 | 8;
  datetakenunknown: 0 | 1;
  lastupdate: number;
  license: number;
  ispublic: 0 | 1;
  isfriend: 0 | 1;
  isfamily: 0 | 1;
  safetyLevel: 0 | 1 | 2;
  views: number;
  /**
   * Flickr's rotation: the whole clockwise turn from the original's stored pixels to what Flickr
   * shows, the turn of the file's EXIF orientation included (as real answers show it).
   */
  rotation: 0 | 90 | 180 | 270;
  /** The EXIF orientation of the original (camera photos held sideways or upside down). */
  orientation?: 3 | 6 | 8;
  /** Original pixel size, as stored (before any orientation). */
  width: number;
  height: number;
  geo?: { latitude: number; longitude: number; accuracy: number; place: Place };
  tags: Tag[];
  camera?: { make: string; model: string; name: string };
  comments: number;
  faves: number;
  notes: number;
  people: number;
  /** False for others' photos whose owner disabled downloads (no `url_o`, no original secret). */
  canDownload: boolean;
  video?: { duration: number; width: number; height: number; originalFetchable: boolean };
  /** For the person's favourites: when they faved it. */
  dateFaved?: number;
  /** Whether a `checksum:md5=` machine tag must be added (computed from the original's bytes). */
  wantsChecksumTag: boolean;
}

/** What the account already knows about an item before generating the rest. */
export interface ItemFacts {
  id: string;
  owner: Person;
  isVideo: boolean;
  dateupload: number;
  lastupdate: number;
  visibility: [0 | 1, 0 | 1, 0 | 1];
  safetyLevel: 0 | 1 | 2;
  counts: GeneratedCounts;
  dateFaved?: number;
}

/** The person index of the owner of other photo `j`. */
export function otherOwnerIndex(seed: number, j: number): number {
  return hash32(seed, SALT.itemOther, j, 1) % PEOPLE;
}

/** The secrets of an item; each replacement of the file (`generation` 1, 2...) brings new ones. */
export function itemSecrets(
  seed: number,
  kind: ItemKind,
  i: number,
  generation: number,
): Pick<Item, "secret" | "originalsecret" | "hsecret" | "ksecret"> {
  const r = new Rng(hash32(seed, SALT.secret, (kind === "own" ? 1 : 2) + generation * 4, i));
  return {
    secret: r.hex(10),
    originalsecret: r.hex(10),
    hsecret: r.hex(10),
    ksecret: r.hex(10),
  };
}

/** Generates item `i` of a list as it was before any mutation. */
export function generateItem(seed: number, kind: ItemKind, i: number, facts: ItemFacts): Item {
  const r = new Rng(hash32(seed, kind === "own" ? SALT.itemOwn : SALT.itemOther, i));
  const { isVideo, owner } = facts;
  const title = pickTitle(r);
  const description = r.pick(DESCRIPTIONS);
  const taken = pickDateTaken(r, facts.dateupload);
  const license = r.chance(0.5) ? 0 : r.int(1, 16);
  const [width, height] = pickDimensions(r, isVideo);
  const turnedOnFlickr = pickRotation(r);
  const geo = r.chance(0.4) ? pickGeo(r) : undefined;
  const tags = pickTags(r, kind, owner);
  const wantsChecksumTag = !isVideo && r.chance(0.05);
  // Photos dated vaguely or not at all are scans: no EXIF, no camera; a tenth of the rest too.
  const noExif = taken.unknown === 1 || taken.granularity !== 0 || r.chance(0.1);
  const camera = noExif ? undefined : r.pick(CAMERAS);
  // From a stream of its own, so that adding it changed nothing else of any seed.
  const orientation = camera && !isVideo ? pickOrientation(seed, kind, i) : undefined;
  const rotation = ((turnedOnFlickr + TURN[orientation ?? 1]) % 360) as Item["rotation"];
  const [ispublic, isfriend, isfamily] = facts.visibility;
  return {
    kind,
    index: i,
    id: facts.id,
    owner,
    media: isVideo ? "video" : "photo",
    ...itemSecrets(seed, kind, i, 0),
    server: String(r.int(1, 65535)),
    farm: r.int(1, 66),
    originalformat: "jpg",
    title,
    description,
    dateupload: facts.dateupload,
    datetaken: taken.datetaken,
    datetakengranularity: taken.granularity,
    datetakenunknown: taken.unknown,
    lastupdate: facts.lastupdate,
    license,
    ispublic,
    isfriend,
    isfamily,
    safetyLevel: facts.safetyLevel,
    views: r.chance(0.2) ? 0 : r.int(1, 50000),
    rotation,
    ...(orientation ? { orientation } : {}),
    width,
    height,
    geo,
    tags,
    camera,
    comments: facts.counts.comments,
    faves: facts.counts.faves,
    notes: facts.counts.notes,
    people: facts.counts.people,
    canDownload: kind === "own" || !r.chance(0.25),
    video: isVideo
      ? { duration: r.int(3, 180), width, height, originalFetchable: !r.chance(0.3) }
      : undefined,
    dateFaved: facts.dateFaved,
    wantsChecksumTag,
  };
}

/** Titles: empty, duplicated, camera-style, non-Latin, very long. */
function pickTitle(r: Rng): string {
  const t = r.next();
  return t < 0.08
    ? ""
    : t < 0.45
    ? r.pick(TITLES)
    : t < 0.6
    ? `IMG_${String(r.int(1, 9999)).padStart(4, "0")}`
    : t < 0.7
    ? r.pick(NON_LATIN_TITLES)
    : t < 0.72
    ? LONG_TITLE
    : `${r.pick(TITLES)} ${r.int(2, 99)}`;
}

/** Dates taken: exact, month, year, circa, unknown (then Flickr shows the upload date). */
function pickDateTaken(
  r: Rng,
  dateupload: number,
): { datetaken: string; granularity: 0 | 4 | 6 | 8; unknown: 0 | 1 } {
  const g = r.next();
  const takenAt = dateupload - r.int(0, 400 * 86400);
  if (g < 0.8) return { datetaken: formatTaken(takenAt), granularity: 0, unknown: 0 };
  if (g < 0.85) {
    return {
      datetaken: formatTaken(takenAt).slice(0, 8) + "01 00:00:00",
      granularity: 4,
      unknown: 0,
    };
  }
  if (g < 0.89) {
    return {
      datetaken: formatTaken(takenAt).slice(0, 5) + "01-01 00:00:00",
      granularity: 6,
      unknown: 0,
    };
  }
  if (g < 0.92) {
    return { datetaken: `${r.int(1900, 1990)}-01-01 00:00:00`, granularity: 8, unknown: 0 };
  }
  return { datetaken: formatTaken(dateupload), granularity: 0, unknown: 1 };
}

const VIDEO_DIMENSIONS: readonly [number, number][] = [[1280, 720], [640, 360], [1920, 1080]];
const PHOTO_DIMENSIONS: readonly [number, number][] = [
  [1600, 1200],
  [1200, 1600],
  [2048, 1365],
  [1365, 2048],
  [1024, 768],
  [2000, 2000],
  [640, 480],
];

/** Original pixel size: landscape, portrait and square photos; common video sizes. */
function pickDimensions(r: Rng, isVideo: boolean): readonly [number, number] {
  return r.pick(isVideo ? VIDEO_DIMENSIONS : PHOTO_DIMENSIONS);
}

/** The clockwise turn of EXIF orientations 3, 6 and 8. */
const TURN: Record<number, number> = { 1: 0, 3: 180, 6: 90, 8: 270 };

/** A camera's orientation: mostly held level, a fifth upright, a few upside down. */
function pickOrientation(seed: number, kind: ItemKind, i: number): Item["orientation"] {
  const h = hash32(seed, SALT.orientation, kind === "own" ? 1 : 2, i) % 100;
  return h < 75 ? undefined : h < 92 ? 6 : h < 97 ? 8 : 3;
}

/** Rotation set on Flickr: mostly none. */
function pickRotation(r: Rng): Item["rotation"] {
  const rot = r.next();
  return rot < 0.94 ? 0 : rot < 0.97 ? 90 : rot < 0.99 ? 270 : 180;
}

/** A point near a known place, to six decimals as Flickr gives it. */
function pickGeo(r: Rng): NonNullable<Item["geo"]> {
  const place = r.pick(PLACES);
  return {
    latitude: Math.round((place.latitude + (r.next() - 0.5) * 0.02) * 1e6) / 1e6,
    longitude: Math.round((place.longitude + (r.next() - 0.5) * 0.02) * 1e6) / 1e6,
    accuracy: r.int(3, 16),
    place,
  };
}

/** Tags without duplicates (by normalised form), some added by others, now and then a machine tag. */
function pickTags(r: Rng, kind: ItemKind, owner: Person): Tag[] {
  const tags: Tag[] = [];
  const nTags = r.chance(0.3) ? 0 : r.int(1, 6);
  const seen = new Set<string>();
  for (let k = 0; k < nTags; k++) {
    const raw = r.pick(RAW_TAGS);
    const normalised = normaliseTag(raw);
    if (seen.has(normalised)) continue;
    seen.add(normalised);
    const author = kind === "own" && r.chance(0.1) ? r.int(0, PEOPLE - 1) : owner.index;
    tags.push({ raw, normalised, machine: false, author });
  }
  if (r.chance(0.1)) {
    const raw = r.pick(MACHINE_TAGS);
    tags.push({ raw, normalised: normaliseTag(raw), machine: true, author: owner.index });
  }
  return tags;
}
