/**
 * The synthetic Flickr account: every photo, video, favourite, person, album, collection, gallery
 * and group is derived from `(seed, kind, index)`, so a 100,000-photo account costs nothing at
 * start and any item can be generated alone. Mutations (new comments, faves, titles, uploads,
 * replacements, deletions) live in a small overlay consulted whenever an item is read.
 *
 * Own items are indexed 0..n-1 in upload order (index 0 is the oldest); "other" photos (the
 * person's favourites, then photos that only appear in galleries and group pools) are indexed
 * separately. Ids follow from the index, so an id also tells where an item comes from.
 *
 * @example
 * ```ts
 * const account = new Account({ seed: 1, photos: 1000, videos: 30 });
 * const newest = account.ownLive()[0];
 * account.item("own", newest).title;
 * ```
 * @module
 */
import { hash32, Rng } from "./prng.ts";
import {
  CAMERAS,
  COMMENTS,
  DESCRIPTIONS,
  FAMILY_NAMES,
  FIRST_NAMES,
  LONG_TITLE,
  MACHINE_TAGS,
  NON_LATIN_TITLES,
  NON_LATIN_USERNAMES,
  normaliseTag,
  NOTES,
  type Place,
  PLACES,
  RAW_TAGS,
  TITLES,
} from "./vocabulary.ts";

/** Salts that separate the random streams of different kinds of things. */
const K = {
  itemOwn: 1,
  itemOther: 2,
  person: 3,
  counts: 4,
  comment: 5,
  faves: 6,
  album: 7,
  albumMeta: 8,
  dates: 9,
  secret: 10,
  group: 11,
  gallery: 12,
  note: 13,
  tagged: 14,
  mutate: 15,
  keys: 16,
  collection: 17,
} as const;

/** The account's timeline: uploads between 2008-01-01 and 2024-06-01 (UTC), fixed per seed. */
export const TIMELINE_START = 1199145600;
export const TIMELINE_END = 1717200000;

/** Other people known to the simulator (commenters, favers, favourites' owners...). */
export const PEOPLE = 800;

const OWN_ID_BASE = 51_000_000_000;
const OTHER_ID_BASE = 40_000_000_000;
const ID_STRIDE = 1000;
/** Other photos beyond the favourites, seen only in galleries and group pools. */
const EXTRA_OTHERS = 120;

/** Which list an item belongs to. */
export type ItemKind = "own" | "other";

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

/** One tag on a photo. */
export interface Tag {
  raw: string;
  normalised: string;
  machine: boolean;
  /** Person index (-1 = owner). */
  author: number;
}

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
  rotation: 0 | 90 | 180 | 270;
  /** Original pixel size. */
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

/** A collection: nested collections and albums. */
export interface Collection {
  id: string;
  title: string;
  description: string;
  children: Collection[];
  albums: number[];
}

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

/** What an account is built from. */
export interface AccountOptions {
  seed: number;
  photos: number;
  videos: number;
  /** Others' photos the person faved; default: a tenth of the own items, at least 10. */
  favorites?: number;
}

interface Overlay {
  title?: string;
  lastupdate?: number;
  dateupload?: number;
  replaced: number;
  deleted: boolean;
  comments: Comment[];
  faves: Fave[];
}

const PRIMES = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Formats a unix time as Flickr's `datetaken` ("YYYY-MM-DD HH:MM:SS", no zone). */
export function formatTaken(unix: number): string {
  const d = new Date(unix * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** The current unix time in seconds. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** The synthetic account. See the module documentation. */
export class Account {
  readonly seed: number;
  /** Own items created at start (photos + videos); uploads come after. */
  readonly initialItems: number;
  readonly initialVideos: number;
  readonly favoritesCount: number;
  readonly owner: Person;
  readonly albums: Album[];
  readonly collections: Collection[];
  readonly galleries: Gallery[];
  readonly groups: Group[];
  /** For each own item, the albums it is in (absent when none). */
  readonly albumsOf: Map<number, number[]> = new Map();
  /** Item with more than 500 faves. */
  readonly mostFavedIndex: number;

  #uploads = 0;
  #overlay = new Map<string, Overlay>();
  #itemCache = new Map<string, Item>();
  #peopleCache: Person[] = [];
  #ownLive?: Int32Array;
  #ownPublicLive?: Int32Array;
  #mutations = 0;
  /** Bumps on every change, so that caches derived from the account can tell they are stale. */
  version = 0;

  constructor(opts: AccountOptions) {
    if (!Number.isInteger(opts.photos) || opts.photos < 0) {
      throw new Error(`Cannot build account: photos must be a whole number, not ${opts.photos}`);
    }
    if (!Number.isInteger(opts.videos) || opts.videos < 0) {
      throw new Error(`Cannot build account: videos must be a whole number, not ${opts.videos}`);
    }
    this.seed = opts.seed | 0;
    this.initialItems = opts.photos + opts.videos;
    this.initialVideos = opts.videos;
    this.favoritesCount = opts.favorites ??
      Math.min(5000, Math.max(10, Math.floor(this.initialItems / 10)));
    this.owner = this.#makeOwner();
    this.mostFavedIndex = Math.floor(this.initialItems / 2);
    this.albums = this.#makeAlbums();
    this.collections = this.#makeCollections();
    this.galleries = this.#makeGalleries();
    this.groups = this.#makeGroups();
  }

  // ---- people ---------------------------------------------------------------------------

  #makeOwner(): Person {
    const h = hash32(this.seed, K.person, -1);
    const num = 10_000_000 + (h % 89_000_000);
    const nsid = `${num}@N0${h % 9}`;
    return {
      index: -1,
      nsid,
      username: "sim.photographer",
      realname: "Simone Ulated",
      pathAlias: "simphotographer",
      iconserver: String(1000 + (h % 8000)),
      iconfarm: 1 + (h % 9),
      isDeleted: false,
      isPro: true,
      location: "Lisbon, Portugal",
      description: 'Photos from everywhere. <a href="https://example.com">My site</a>',
      photosCount: this.initialItems,
      firstdate: TIMELINE_START,
    };
  }

  /** A person by index (-1 = the owner). */
  person(index: number): Person {
    if (index < 0) return this.owner;
    const cached = this.#peopleCache[index];
    if (cached) return cached;
    const r = new Rng(hash32(this.seed, K.person, index));
    const first = r.pick(FIRST_NAMES);
    const family = r.pick(FAMILY_NAMES);
    const nonLatin = r.chance(0.08);
    const username = nonLatin
      ? `${r.pick(NON_LATIN_USERNAMES)} ${index}`
      : `${first.toLowerCase()}${family.toLowerCase().slice(0, 3)}${index}`;
    const noRealname = r.chance(0.2);
    const aliasRoll = r.next();
    const defaultIcon = r.chance(0.15);
    const p: Person = {
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
    this.#peopleCache[index] = p;
    return p;
  }

  /** Finds a person by NSID (the owner included). */
  personByNsid(nsid: string): Person | undefined {
    if (nsid === this.owner.nsid) return this.owner;
    const m = /^(\d+)@N0\d$/.exec(nsid);
    if (!m) return undefined;
    const index = Math.floor((Number(m[1]) - 100_000_000) / 1000);
    if (index < 0 || index >= PEOPLE) return undefined;
    const p = this.person(index);
    return p.nsid === nsid ? p : undefined;
  }

  // ---- own items: counts, ids and dates ---------------------------------------------------

  /** Own items ever created (initial + uploads, deleted ones included). */
  get ownCount(): number {
    return this.initialItems + this.#uploads;
  }

  /** Others' photos: the favourites first, then photos seen only in galleries and pools. */
  get otherCount(): number {
    return this.favoritesCount + EXTRA_OTHERS;
  }

  /** Whether own item `i` is a video: the videos are spread evenly over the initial items. */
  isVideo(i: number): boolean {
    if (i >= this.initialItems) return false;
    const n = this.initialItems;
    const v = this.initialVideos;
    return Math.floor(((i + 1) * v) / n) > Math.floor((i * v) / n);
  }

  /** The id of an item. */
  idOf(kind: ItemKind, i: number): string {
    const base = kind === "own" ? OWN_ID_BASE : OTHER_ID_BASE;
    return String(
      base + i * ID_STRIDE + (hash32(this.seed, K.keys, kind === "own" ? 1 : 2, i) % ID_STRIDE),
    );
  }

  /** Resolves an id to an item reference (deleted items included), or undefined. */
  locate(id: string): { kind: ItemKind; index: number } | undefined {
    if (!/^\d{11}$/.test(id)) return undefined;
    const n = Number(id);
    for (const kind of ["own", "other"] as const) {
      const base = kind === "own" ? OWN_ID_BASE : OTHER_ID_BASE;
      const index = Math.floor((n - base) / ID_STRIDE);
      const max = kind === "own" ? this.ownCount : this.otherCount;
      if (index >= 0 && index < max && this.idOf(kind, index) === id) return { kind, index };
    }
    return undefined;
  }

  /** Upload time of own item `i`; increases with `i`. */
  dateUpload(i: number): number {
    const o = this.#overlay.get(`own:${i}`);
    if (o?.dateupload !== undefined) return o.dateupload;
    const n = Math.max(1, this.initialItems);
    const span = TIMELINE_END - TIMELINE_START - 86400;
    const frac = (hash32(this.seed, K.dates, 1, i) % 900) / 1000;
    return TIMELINE_START + Math.floor(((i + frac) * span) / n);
  }

  /** Last update of own item `i` (generated, or the time of the latest change). */
  lastUpdate(i: number): number {
    const o = this.#overlay.get(`own:${i}`);
    if (o?.lastupdate !== undefined) return o.lastupdate;
    return this.#baseLastUpdate("own", i);
  }

  #baseLastUpdate(kind: ItemKind, i: number): number {
    const up = kind === "own" ? this.dateUpload(i) : this.#otherDateUpload(i);
    const room = Math.max(0, TIMELINE_END - up);
    const h = hash32(this.seed, K.dates, kind === "own" ? 2 : 3, i);
    return up + Math.floor(((h % 1000) / 1000) ** 2 * room);
  }

  #otherDateUpload(j: number): number {
    return TIMELINE_START - 50_000_000 + (hash32(this.seed, K.dates, 4, j) % 200_000_000);
  }

  /** Comment and fave counts before any mutation, from the item's hash alone. */
  #baseCounts(
    kind: ItemKind,
    i: number,
  ): { comments: number; faves: number; notes: number; people: number } {
    if (kind === "own" && i >= this.initialItems) {
      return { comments: 0, faves: 0, notes: 0, people: 0 };
    }
    const r = new Rng(hash32(this.seed, K.counts, kind === "own" ? 1 : 2, i));
    const c = r.next();
    const comments = c < 0.62
      ? 0
      : c < 0.88
      ? r.int(1, 5)
      : c < 0.98
      ? r.int(6, 30)
      : r.int(31, 120);
    const f = r.next();
    let faves = f < 0.55 ? 0 : f < 0.85 ? r.int(1, 5) : f < 0.955 ? r.int(6, 50) : r.int(51, 140);
    if (kind === "own" && i === this.mostFavedIndex) faves = 523 + (this.seed & 63);
    const notes = r.chance(0.06) ? r.int(1, 4) : 0;
    const people = r.chance(0.05) ? r.int(1, 3) : 0;
    return { comments, faves, notes, people };
  }

  /** Current comment count of an item. */
  commentCount(kind: ItemKind, i: number): number {
    return this.#baseCounts(kind, i).comments +
      (this.#overlay.get(`${kind}:${i}`)?.comments.length ?? 0);
  }

  /** Current fave count of an item. */
  faveCount(kind: ItemKind, i: number): number {
    return this.#baseCounts(kind, i).faves + (this.#overlay.get(`${kind}:${i}`)?.faves.length ?? 0);
  }

  /** Note count and tagged-people count of an item. */
  extrasCount(kind: ItemKind, i: number): { notes: number; people: number } {
    const b = this.#baseCounts(kind, i);
    return { notes: b.notes, people: b.people };
  }

  /** `[ispublic, isfriend, isfamily]` of an item, from its hash alone (others' photos are public). */
  visibility(kind: ItemKind, i: number): [0 | 1, 0 | 1, 0 | 1] {
    if (kind === "other") return [1, 0, 0];
    const v = hash32(this.seed, K.counts, 3, i) % 100;
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

  /** Safety level of an item (0 safe, 1 moderate, 2 restricted), from its hash alone. */
  safety(kind: ItemKind, i: number): 0 | 1 | 2 {
    const s = hash32(this.seed, K.counts, kind === "own" ? 4 : 5, i) % 100;
    return s < 90 ? 0 : s < 96 ? 1 : 2;
  }

  /** Whether an own item was deleted. */
  isDeleted(kind: ItemKind, i: number): boolean {
    return this.#overlay.get(`${kind}:${i}`)?.deleted ?? false;
  }

  // ---- items --------------------------------------------------------------------------------

  /** The full record of an item (deleted ones too: callers check {@link isDeleted}). */
  item(kind: ItemKind, i: number): Item {
    const key = `${kind}:${i}`;
    let base = this.#itemCache.get(key);
    if (!base) {
      base = this.#generate(kind, i);
      if (this.#itemCache.size > 20000) this.#itemCache.clear();
      this.#itemCache.set(key, base);
    }
    const o = this.#overlay.get(key);
    if (!o) return base;
    const item: Item = { ...base };
    if (o.title !== undefined) item.title = o.title;
    if (o.lastupdate !== undefined) item.lastupdate = o.lastupdate;
    if (o.dateupload !== undefined) item.dateupload = o.dateupload;
    item.comments += o.comments.length;
    item.faves += o.faves.length;
    if (o.replaced > 0) Object.assign(item, this.#secrets(kind, i, o.replaced));
    return item;
  }

  #secrets(kind: ItemKind, i: number, generation: number) {
    const r = new Rng(hash32(this.seed, K.secret, (kind === "own" ? 1 : 2) + generation * 4, i));
    return {
      secret: r.hex(10),
      originalsecret: r.hex(10),
      hsecret: r.hex(10),
      ksecret: r.hex(10),
    };
  }

  #generate(kind: ItemKind, i: number): Item {
    const r = new Rng(hash32(this.seed, kind === "own" ? K.itemOwn : K.itemOther, i));
    const isVideo = kind === "own" && this.isVideo(i);
    const owner = kind === "own"
      ? this.owner
      : this.person(hash32(this.seed, K.itemOther, i, 1) % PEOPLE);
    const dateupload = kind === "own" ? this.dateUpload(i) : this.#otherDateUpload(i);
    const lastupdate = this.#baseLastUpdate(kind, i);

    // Titles: empty, duplicated, very long, non-Latin, camera-style.
    const t = r.next();
    const title = t < 0.08
      ? ""
      : t < 0.45
      ? r.pick(TITLES)
      : t < 0.6
      ? `IMG_${pad(r.int(1, 9999), 4)}`
      : t < 0.7
      ? r.pick(NON_LATIN_TITLES)
      : t < 0.72
      ? LONG_TITLE
      : `${r.pick(TITLES)} ${r.int(2, 99)}`;
    const description = r.pick(DESCRIPTIONS);

    // Dates taken: exact, month, year, circa, unknown.
    const g = r.next();
    let datetaken: string;
    let granularity: 0 | 4 | 6 | 8 = 0;
    let unknown: 0 | 1 = 0;
    const takenAt = dateupload - r.int(0, 400 * 86400);
    if (g < 0.8) {
      datetaken = formatTaken(takenAt);
    } else if (g < 0.85) {
      granularity = 4;
      datetaken = formatTaken(takenAt).slice(0, 8) + "01 00:00:00";
    } else if (g < 0.89) {
      granularity = 6;
      datetaken = formatTaken(takenAt).slice(0, 5) + "01-01 00:00:00";
    } else if (g < 0.92) {
      granularity = 8;
      datetaken = `${r.int(1900, 1990)}-01-01 00:00:00`;
    } else {
      unknown = 1;
      datetaken = formatTaken(dateupload);
    }

    const [ispublic, isfriend, isfamily] = this.visibility(kind, i);
    const safetyLevel = this.safety(kind, i);
    const license = r.chance(0.5) ? 0 : r.int(1, 16);

    const dims: readonly [number, number][] = isVideo
      ? [[1280, 720], [640, 360], [1920, 1080]]
      : [[1600, 1200], [1200, 1600], [2048, 1365], [1365, 2048], [1024, 768], [2000, 2000], [
        640,
        480,
      ]];
    const [width, height] = r.pick(dims);
    const rot = r.next();
    const rotation = rot < 0.94 ? 0 : rot < 0.97 ? 90 : rot < 0.99 ? 270 : 180;

    const hasGeo = r.chance(0.4);
    let geo: Item["geo"];
    if (hasGeo) {
      const place = r.pick(PLACES);
      geo = {
        latitude: Math.round((place.latitude + (r.next() - 0.5) * 0.02) * 1e6) / 1e6,
        longitude: Math.round((place.longitude + (r.next() - 0.5) * 0.02) * 1e6) / 1e6,
        accuracy: r.int(3, 16),
        place,
      };
    }

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
    const wantsChecksumTag = !isVideo && r.chance(0.05);

    const noExif = unknown === 1 || granularity !== 0 || r.chance(0.1);
    const camera = noExif ? undefined : r.pick(CAMERAS);

    const counts = this.#baseCounts(kind, i);
    const secrets = this.#secrets(kind, i, 0);
    return {
      kind,
      index: i,
      id: this.idOf(kind, i),
      owner,
      media: isVideo ? "video" : "photo",
      ...secrets,
      server: String(r.int(1, 65535)),
      farm: r.int(1, 66),
      originalformat: "jpg",
      title,
      description,
      dateupload,
      datetaken,
      datetakengranularity: granularity,
      datetakenunknown: unknown,
      lastupdate,
      license,
      ispublic,
      isfriend,
      isfamily,
      safetyLevel,
      views: r.chance(0.2) ? 0 : r.int(1, 50000),
      rotation,
      width,
      height,
      geo,
      tags,
      camera,
      comments: counts.comments,
      faves: counts.faves,
      notes: counts.notes,
      people: counts.people,
      canDownload: kind === "own" || !r.chance(0.25),
      video: isVideo
        ? { duration: r.int(3, 180), width, height, originalFetchable: !r.chance(0.3) }
        : undefined,
      dateFaved: kind === "other" && i < this.favoritesCount ? this.dateFaved(i) : undefined,
      wantsChecksumTag,
    };
  }

  /** When the person faved favourite `j` (favourite 0 is the most recent). */
  dateFaved(j: number): number {
    const n = Math.max(1, this.favoritesCount);
    return TIMELINE_END - 3600 - Math.floor(((j + 0.5) * 200_000_000) / n);
  }

  // ---- comments, faves, notes, people ------------------------------------------------------

  /** The comments on an item, oldest first. */
  comments(kind: ItemKind, i: number): Comment[] {
    const base = this.#baseCounts(kind, i).comments;
    const out: Comment[] = [];
    if (base > 0) {
      const item = this.item(kind, i);
      const start = item.dateupload;
      const end = Math.max(start + base, this.#baseLastUpdate(kind, i));
      const ownerNum = item.owner.nsid.split("@")[0];
      for (let k = 0; k < base; k++) {
        const author = this.commentAuthor(kind, i, k);
        const r = new Rng(hash32(this.seed, K.comment, kind === "own" ? i : -1 - i, k));
        out.push({
          id: `${ownerNum}-${item.id}-72157${pad(600_000_000_000 + i * 200 + k, 12)}`,
          author,
          date: start + Math.floor(((k + 1) * (end - start)) / (base + 1)),
          html: r.pick(COMMENTS),
        });
      }
    }
    const o = this.#overlay.get(`${kind}:${i}`);
    if (o) out.push(...o.comments);
    return out;
  }

  /** The author (person index, -1 = owner) of generated comment `k` of an item. */
  commentAuthor(kind: ItemKind, i: number, k: number): number {
    const h = hash32(this.seed, K.comment, kind === "own" ? i : -1 - i, k + 1_000_000);
    return h % 100 < 15 ? -1 : h % PEOPLE;
  }

  /** The people who faved an item, newest first. */
  faves(kind: ItemKind, i: number): Fave[] {
    const base = this.#baseCounts(kind, i).faves;
    const out: Fave[] = [];
    const o = this.#overlay.get(`${kind}:${i}`);
    if (o) out.push(...[...o.faves].reverse());
    if (base > 0) {
      const start = kind === "own" ? this.dateUpload(i) : this.#otherDateUpload(i);
      const span = Math.max(base, TIMELINE_END - start);
      for (let k = 0; k < base; k++) {
        out.push({
          person: this.faver(kind, i, k),
          date: start + Math.floor(((base - k) * span) / (base + 1)),
        });
      }
    }
    return out;
  }

  /** The person index of generated fave `k` of an item; distinct for each `k` of one item. */
  faver(kind: ItemKind, i: number, k: number): number {
    const h = hash32(this.seed, K.faves, kind === "own" ? i : -1 - i);
    return (h % PEOPLE + k * PRIMES[h % PRIMES.length]) % PEOPLE;
  }

  /** The notes on an item (boxes on the 500px image). */
  notes(kind: ItemKind, i: number): Note[] {
    const n = this.#baseCounts(kind, i).notes;
    const item = this.item(kind, i);
    const out: Note[] = [];
    for (let k = 0; k < n; k++) {
      const r = new Rng(hash32(this.seed, K.note, kind === "own" ? i : -1 - i, k));
      out.push({
        // Own items and others' photos share indices: separate ranges keep note ids unique.
        id: `72157${pad((kind === "own" ? 700_000_000_000 : 800_000_000_000) + i * 10 + k, 12)}`,
        author: this.noteAuthor(kind, i, k, item.owner.index),
        x: r.int(0, 300),
        y: r.int(0, 200),
        w: r.int(20, 150),
        h: r.int(20, 150),
        text: r.pick(NOTES),
      });
    }
    return out;
  }

  /** The author of note `k` of an item. */
  noteAuthor(kind: ItemKind, i: number, k: number, ownerIndex: number): number {
    const h = hash32(this.seed, K.note, kind === "own" ? i : -1 - i, k + 1000);
    return h % 2 === 0 ? ownerIndex : h % PEOPLE;
  }

  /** The people tagged in an item (`flickr.photos.people.getList`). */
  tagged(kind: ItemKind, i: number): Tagged[] {
    const n = this.#baseCounts(kind, i).people;
    const out: Tagged[] = [];
    for (let k = 0; k < n; k++) {
      const r = new Rng(hash32(this.seed, K.tagged, kind === "own" ? i : -1 - i, k));
      out.push({
        person: this.taggedPerson(kind, i, k),
        addedBy: -1,
        box: r.chance(0.6)
          ? { x: r.int(0, 400), y: r.int(0, 300), w: r.int(20, 100), h: r.int(20, 100) }
          : undefined,
      });
    }
    return out;
  }

  /** The person index of tagged person `k`; distinct within an item. */
  taggedPerson(kind: ItemKind, i: number, k: number): number {
    return (hash32(this.seed, K.tagged, kind === "own" ? i : -1 - i) + k * 101) % PEOPLE;
  }

  /**
   * Calls `visit` with every person (index, -1 = owner) who commented on, faved, wrote a note on
   * or is tagged in an item, without building the comments themselves (fast enough to scan
   * 100,000 items for the truth).
   */
  visitPeople(kind: ItemKind, i: number, visit: (person: number) => void): void {
    const base = this.#baseCounts(kind, i);
    for (let k = 0; k < base.comments; k++) visit(this.commentAuthor(kind, i, k));
    for (let k = 0; k < base.faves; k++) visit(this.faver(kind, i, k));
    if (base.notes > 0) {
      const owner = kind === "own" ? -1 : this.item(kind, i).owner.index;
      for (let k = 0; k < base.notes; k++) visit(this.noteAuthor(kind, i, k, owner));
    }
    for (let k = 0; k < base.people; k++) visit(this.taggedPerson(kind, i, k));
    const o = this.#overlay.get(`${kind}:${i}`);
    if (o) {
      for (const c of o.comments) visit(c.author);
      for (const f of o.faves) visit(f.person);
    }
  }

  // ---- listings -----------------------------------------------------------------------------

  /** Live own item indices, newest upload first (the order of `flickr.people.getPhotos`). */
  ownLive(): Int32Array {
    if (!this.#ownLive) {
      const out: number[] = [];
      for (let i = this.ownCount - 1; i >= 0; i--) if (!this.isDeleted("own", i)) out.push(i);
      this.#ownLive = Int32Array.from(out);
    }
    return this.#ownLive;
  }

  /** Live public own item indices, newest first (what others see). */
  ownPublicLive(): Int32Array {
    if (!this.#ownPublicLive) {
      this.#ownPublicLive = this.ownLive().filter((i) => this.visibility("own", i)[0] === 1);
    }
    return this.#ownPublicLive;
  }

  /** Own items changed at or after `minDate`, most recently changed first. */
  recentlyUpdated(minDate: number): number[] {
    const out: [number, number][] = [];
    for (const i of this.ownLive()) {
      const lu = this.lastUpdate(i);
      if (lu >= minDate) out.push([lu, i]);
    }
    out.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    return out.map(([, i]) => i);
  }

  /** Live members of an album in album order. */
  albumMembers(a: number): number[] {
    return this.albums[a].members.filter((i) => !this.isDeleted("own", i));
  }

  // ---- albums, collections, galleries, groups ----------------------------------------------

  #makeAlbums(): Album[] {
    const n = this.initialItems;
    const count = n === 0 ? 0 : Math.min(2000, Math.max(3, Math.round(n / 50)));
    const members: number[][] = Array.from({ length: count }, () => []);
    for (let i = 0; i < n; i++) {
      const h = hash32(this.seed, K.album, i);
      const roll = h % 100;
      const k = roll < 22 ? 0 : roll < 85 ? 1 : roll < 96 ? 2 : 3;
      const chosen = new Set<number>();
      for (let m = 0; m < k; m++) chosen.add(hash32(this.seed, K.album, i, m + 1) % count);
      for (const a of chosen) members[a].push(i);
    }
    const albums: Album[] = [];
    for (let a = 0; a < count; a++) {
      const r = new Rng(hash32(this.seed, K.albumMeta, a));
      const list = members[a];
      // A chosen order: shuffle, so album order differs from upload order.
      for (let x = list.length - 1; x > 0; x--) {
        const y = r.int(0, x);
        [list[x], list[y]] = [list[y], list[x]];
      }
      if (list.length === 0) continue;
      const firstUpload = Math.min(...list.map((i) => this.dateUpload(i)));
      albums.push({
        index: albums.length,
        id: `72157${pad(650_000_000_000 + a * 7919 + r.int(0, 7000), 12)}`,
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
    const r = new Rng(hash32(this.seed, K.albumMeta, -1));
    for (let x = albums.length - 1; x > 0; x--) {
      const y = r.int(0, x);
      [albums[x], albums[y]] = [albums[y], albums[x]];
    }
    albums.forEach((a, idx) => (a.index = idx));
    // albumsOf refers to album positions in the final list.
    for (const a of albums) {
      for (const i of a.members) {
        const list = this.albumsOf.get(i);
        if (list) list.push(a.index);
        else this.albumsOf.set(i, [a.index]);
      }
    }
    return albums;
  }

  #makeCollections(): Collection[] {
    const albums = this.albums.length;
    if (albums === 0) return [];
    const r = new Rng(hash32(this.seed, K.collection, 0));
    const ownerNum = this.owner.nsid.split("@")[0];
    let next = 0;
    let serial = 0;
    const make = (title: string, depth: number): Collection => {
      const c: Collection = {
        id: `${ownerNum}-72157${pad(680_000_000_000 + serial++ * 31, 12)}`,
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
    for (let t = 0; t < tops && next < albums; t++) {
      out.push(make(["Travel", "Family", "Projects", "Archive", "Misc"][t], 0));
    }
    return out;
  }

  #makeGalleries(): Gallery[] {
    const r = new Rng(hash32(this.seed, K.gallery, 0));
    const ownerNum = this.owner.nsid.split("@")[0].slice(0, 8);
    const count = this.initialItems === 0 ? 0 : 3;
    const out: Gallery[] = [];
    for (let g = 0; g < count; g++) {
      const galleryId = `72157${pad(720_000_000_000 + g * 977 + r.int(0, 900), 12)}`;
      const n = r.int(5, 25);
      const chosen = new Set<number>();
      while (chosen.size < Math.min(n, this.otherCount)) chosen.add(r.int(0, this.otherCount - 1));
      const dateCreate = TIMELINE_END - r.int(10_000_000, 100_000_000);
      out.push({
        index: g,
        id: `${ownerNum}-${galleryId}`,
        galleryId,
        title: ["Blue hour", "Doors of the world", "Tiny things"][g],
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

  #makeGroups(): Group[] {
    const r = new Rng(hash32(this.seed, K.group, 0));
    const names = [
      "Black and White",
      "Cats of Flickr",
      "写真の会",
      "Long Exposure <Lovers>",
      "Street Photography",
      "After Dark (18+)",
    ];
    const count = this.initialItems === 0 ? 0 : names.length;
    const groups: Group[] = [];
    for (let g = 0; g < count; g++) {
      groups.push({
        index: g,
        nsid: `${30_000_000 + g * 1_234_567 + r.int(0, 999)}@N2${g % 5}`,
        name: names[g],
        eighteenplus: g === 5,
        invitationOnly: g === 2,
        admin: g === 1,
        members: r.int(10, 200_000),
        pool: [],
      });
    }
    if (count === 0) return groups;
    for (let i = 0; i < this.initialItems; i++) {
      const h = hash32(this.seed, K.group, i + 1);
      if (h % 100 >= 8) continue;
      const g = (h >>> 8) % count;
      groups[g].pool.push({
        kind: "own",
        index: i,
        dateAdded: this.dateUpload(i) + (h >>> 16) % 86400,
      });
    }
    for (const group of groups) {
      const n = r.int(10, 40);
      for (let k = 0; k < n; k++) {
        const other = r.int(0, this.otherCount - 1);
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

  /** Finds an album by id. */
  albumById(id: string): Album | undefined {
    return this.albums.find((a) => a.id === id);
  }

  /** Counts of collections, nested ones included. */
  collectionCount(): number {
    const walk = (cs: Collection[]): number => cs.reduce((n, c) => n + 1 + walk(c.children), 0);
    return walk(this.collections);
  }

  // ---- mutations ----------------------------------------------------------------------------

  #overlayFor(kind: ItemKind, i: number): Overlay {
    const key = `${kind}:${i}`;
    let o = this.#overlay.get(key);
    if (!o) {
      o = { replaced: 0, deleted: false, comments: [], faves: [] };
      this.#overlay.set(key, o);
    }
    return o;
  }

  #changed(): void {
    this.version++;
    this.#ownLive = undefined;
    this.#ownPublicLive = undefined;
  }

  /** A fresh deterministic random stream for the next mutation. */
  mutationRng(): Rng {
    return new Rng(hash32(this.seed, K.mutate, this.#mutations++));
  }

  /** Adds a comment by someone else; the item's `lastupdate` moves (as on Flickr). */
  addComment(kind: ItemKind, i: number, author: number, html: string, now = unixNow()): Comment {
    const item = this.item(kind, i);
    const o = this.#overlayFor(kind, i);
    const ownerNum = item.owner.nsid.split("@")[0];
    const c: Comment = {
      id: `${ownerNum}-${item.id}-72157${
        pad(900_000_000_000 + this.version * 10 + o.comments.length, 12)
      }`,
      author,
      date: now,
      html,
    };
    o.comments.push(c);
    o.lastupdate = Math.max(now, item.lastupdate + 1);
    this.#changed();
    return c;
  }

  /** Adds a fave by a person who has not faved the item yet; `lastupdate` does not move. */
  addFave(kind: ItemKind, i: number, now = unixNow()): Fave | undefined {
    const faved = new Set(this.faves(kind, i).map((f) => f.person));
    const start = hash32(this.seed, K.mutate, i, this.version) % PEOPLE;
    for (let k = 0; k < PEOPLE; k++) {
      const person = (start + k) % PEOPLE;
      if (faved.has(person)) continue;
      const fave = { person, date: now };
      this.#overlayFor(kind, i).faves.push(fave);
      this.#changed();
      return fave;
    }
    return undefined;
  }

  /** Changes the title of an own item. */
  editTitle(i: number, title: string, now = unixNow()): void {
    const o = this.#overlayFor("own", i);
    const before = this.item("own", i).lastupdate;
    o.title = title;
    o.lastupdate = Math.max(now, before + 1);
    this.#changed();
  }

  /** Uploads a new photo; returns its index. */
  upload(now = unixNow()): number {
    const i = this.ownCount;
    this.#uploads++;
    const newest = i > 0 ? this.dateUpload(i - 1) : TIMELINE_START;
    const o = this.#overlayFor("own", i);
    o.dateupload = Math.max(now, newest + 1);
    o.lastupdate = o.dateupload;
    this.#itemCache.delete(`own:${i}`);
    this.#changed();
    return i;
  }

  /** Replaces the file of an own item: new secrets, new bytes, new `lastupdate`. */
  replace(i: number, now = unixNow()): void {
    const o = this.#overlayFor("own", i);
    const before = this.item("own", i).lastupdate;
    o.replaced++;
    o.lastupdate = Math.max(now, before + 1);
    this.#changed();
  }

  /** Deletes an own item. */
  delete(i: number): void {
    this.#overlayFor("own", i).deleted = true;
    this.#changed();
  }
}
