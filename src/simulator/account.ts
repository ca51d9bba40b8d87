// Long on purpose: the one place an item is read with the overlay's mutations (parts in account/).
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
 * This module ties the parts in `account/` together: people, items, what others did to them,
 * albums, collections, galleries, groups and the overlay.
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
import { type Album, makeAlbums } from "./account/albums.ts";
import { type Collection, countCollections, makeCollections } from "./account/collections.ts";
import { type Gallery, makeGalleries } from "./account/galleries.ts";
import { type Group, makeGroups } from "./account/groups.ts";
import { itemId, type ItemKind, locateItem, longId } from "./account/ids.ts";
import {
  type Comment,
  commentAuthor,
  type Fave,
  faver,
  generatedComments,
  generatedFaves,
  generatedNotes,
  generatedTagged,
  type Note,
  noteAuthor,
  type Tagged,
  taggedPerson,
} from "./account/interactions.ts";
import { generateItem, type Item, otherOwnerIndex } from "./account/item.ts";
import { applyChanges, Overlay } from "./account/overlay.ts";
import { type AccountPlan, limitedByFreeAccount } from "./account/free_rules.ts";
import { PEOPLE, People, type Person } from "./account/people.ts";
import { SALT } from "./account/salts.ts";
import { normaliseTag } from "./vocabulary.ts";
import {
  dateFaved,
  generatedLastUpdate,
  otherDateUpload,
  ownDateUpload,
  TIMELINE_START,
  unixNow,
} from "./account/timeline.ts";
import { generatedCounts, isVideo, mostFavedIndex, safety, visibility } from "./account/traits.ts";

export type { Album } from "./account/albums.ts";
export type { Collection } from "./account/collections.ts";
export type { Gallery } from "./account/galleries.ts";
export type { Group } from "./account/groups.ts";
export type { ItemKind } from "./account/ids.ts";
export { type AccountPlan, FREE_ACCOUNT_MAX_EDGE } from "./account/free_rules.ts";
export type { Comment, Fave, Note, Tagged } from "./account/interactions.ts";
export type { Item, Tag } from "./account/item.ts";
export { PEOPLE, type Person } from "./account/people.ts";
export { formatTaken, TIMELINE_END, TIMELINE_START, unixNow } from "./account/timeline.ts";

/** Other photos beyond the favourites, seen only in galleries and group pools. */
const EXTRA_OTHERS = 120;
/** Generated items kept; past this the cache starts again (a full scan must not hold 100k). */
const ITEM_CACHE_LIMIT = 20000;

/** What an account is built from. */
export interface AccountOptions {
  seed: number;
  photos: number;
  videos: number;
  /** Others' photos the person faved; default: a tenth of the own items, at least 10. */
  favorites?: number;
  /**
   * Share (0..1) of items, own ones and favourites, generated with at least one comment;
   * default about 38 %. The counts above zero keep their distribution.
   */
  commentShare?: number;
  /**
   * Share (0..1) of items generated with at least one fave; default about 45 %. The most-faved
   * item ({@link Account.mostFavedIndex}) keeps more than 500 faves whatever the share.
   */
  faveShare?: number;
  /**
   * Number of albums, each with at least one item (capped at the number of own items); default
   * about one per 50 items.
   */
  albums?: number;
  /**
   * "pro" (default) or "free": a free owner's photos, and others' photos whose owners are free,
   * are served at most 1,024 px under Flickr's 2025 rules (`account/free_rules.ts`).
   */
  plan?: AccountPlan;
}

/** Throws unless `value` is absent or a number from 0 to 1. */
function checkShare(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
    throw new Error(`Cannot build account: ${name} must be from 0 to 1, not ${value}`);
  }
}

/** The synthetic account. See the module documentation. */
export class Account {
  readonly seed: number;
  /** Own items created at start (photos + videos); uploads come after. */
  readonly initialItems: number;
  readonly initialVideos: number;
  readonly favoritesCount: number;
  /** Asked-for share of items with comments (undefined: the default distribution). */
  readonly commentShare?: number;
  /** Asked-for share of items with faves (undefined: the default distribution). */
  readonly faveShare?: number;
  readonly owner: Person;
  readonly albums: Album[];
  readonly collections: Collection[];
  readonly galleries: Gallery[];
  readonly groups: Group[];
  /** For each own item, the albums it is in (absent when none). */
  readonly albumsOf: Map<number, number[]>;
  /** Item with more than 500 faves. */
  readonly mostFavedIndex: number;
  /** Whether the owner is a Pro or a free member (see {@link AccountOptions.plan}). */
  readonly plan: AccountPlan;

  #people: People;
  #uploads = 0;
  #overlay = new Overlay();
  #itemCache = new Map<string, Item>();
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
    if (opts.albums !== undefined && (!Number.isInteger(opts.albums) || opts.albums < 0)) {
      throw new Error(`Cannot build account: albums must be a whole number, not ${opts.albums}`);
    }
    checkShare("commentShare", opts.commentShare);
    checkShare("faveShare", opts.faveShare);
    this.commentShare = opts.commentShare;
    this.faveShare = opts.faveShare;
    this.seed = opts.seed | 0;
    this.initialItems = opts.photos + opts.videos;
    this.initialVideos = opts.videos;
    this.favoritesCount = opts.favorites ??
      Math.min(5000, Math.max(10, Math.floor(this.initialItems / 10)));
    if (opts.plan !== undefined && opts.plan !== "pro" && opts.plan !== "free") {
      throw new Error(`Cannot build account: plan must be "pro" or "free", not ${opts.plan}`);
    }
    this.plan = opts.plan ?? "pro";
    this.#people = new People(this.seed, this.initialItems, this.plan === "pro");
    this.owner = this.#people.owner;
    this.mostFavedIndex = mostFavedIndex(this.initialItems);
    const uploaded = (i: number) => this.dateUpload(i);
    ({ albums: this.albums, albumsOf: this.albumsOf } = makeAlbums(
      this.seed,
      this.initialItems,
      uploaded,
      opts.albums,
    ));
    this.collections = makeCollections(this.seed, this.albums.length, this.owner.nsid);
    this.galleries = makeGalleries(
      this.seed,
      this.initialItems,
      this.otherCount,
      this.owner.nsid,
    );
    this.groups = makeGroups(this.seed, this.initialItems, this.otherCount, uploaded);
  }

  // ---- people ---------------------------------------------------------------------------

  /** A person by index (-1 = the owner). */
  person(index: number): Person {
    return this.#people.person(index);
  }

  /** Finds a person by NSID (the owner included). */
  personByNsid(nsid: string): Person | undefined {
    return this.#people.byNsid(nsid);
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
    return isVideo(this, i);
  }

  /** The id of an item. */
  idOf(kind: ItemKind, i: number): string {
    return itemId(this.seed, kind, i);
  }

  /** Resolves an id to an item reference (deleted items included), or undefined. */
  locate(id: string): { kind: ItemKind; index: number } | undefined {
    return locateItem(this.seed, id, { own: this.ownCount, other: this.otherCount });
  }

  /** Upload time of own item `i`; increases with `i`. */
  dateUpload(i: number): number {
    return this.#overlay.get("own", i)?.dateupload ??
      ownDateUpload(this.seed, this.initialItems, i);
  }

  /** Last update of own item `i` (generated, or the time of the latest change). */
  lastUpdate(i: number): number {
    return this.#overlay.get("own", i)?.lastupdate ?? this.#generatedLastUpdate("own", i);
  }

  /** When the person faved favourite `j` (favourite 0 is the most recent). */
  dateFaved(j: number): number {
    return dateFaved(this.favoritesCount, j);
  }

  #dateUploadOf(kind: ItemKind, i: number): number {
    return kind === "own" ? this.dateUpload(i) : otherDateUpload(this.seed, i);
  }

  #generatedLastUpdate(kind: ItemKind, i: number): number {
    return generatedLastUpdate(this.seed, kind, i, this.#dateUploadOf(kind, i));
  }

  // ---- traits: counts, visibility, safety ---------------------------------------------------

  /** Current comment count of an item. */
  commentCount(kind: ItemKind, i: number): number {
    return generatedCounts(this, kind, i).comments +
      (this.#overlay.get(kind, i)?.comments.length ?? 0);
  }

  /** Current fave count of an item. */
  faveCount(kind: ItemKind, i: number): number {
    return generatedCounts(this, kind, i).faves + (this.#overlay.get(kind, i)?.faves.length ?? 0);
  }

  /** Note count and tagged-people count of an item. */
  extrasCount(kind: ItemKind, i: number): { notes: number; people: number } {
    const { notes, people } = generatedCounts(this, kind, i);
    return { notes, people };
  }

  /** `[ispublic, isfriend, isfamily]` of an item, from its hash alone (others' photos are public). */
  visibility(kind: ItemKind, i: number): [0 | 1, 0 | 1, 0 | 1] {
    return visibility(this.seed, kind, i);
  }

  /** Safety level of an item (0 safe, 1 moderate, 2 restricted), from its hash alone. */
  safety(kind: ItemKind, i: number): 0 | 1 | 2 {
    return safety(this.seed, kind, i);
  }

  /**
   * Whether Flickr serves an item at most 1,024 px (no Large 1600/2048, no Original): only on a
   * free account's simulator, for photos of free members that are not public and freely licensed.
   */
  limitedTo1024(item: Item): boolean {
    return this.plan === "free" && limitedByFreeAccount(item);
  }

  /** Whether an own item was deleted. */
  isDeleted(kind: ItemKind, i: number): boolean {
    return this.#overlay.get(kind, i)?.deleted ?? false;
  }

  // ---- items --------------------------------------------------------------------------------

  /** The full record of an item (deleted ones too: callers check {@link isDeleted}). */
  item(kind: ItemKind, i: number): Item {
    const key = `${kind}:${i}`;
    let base = this.#itemCache.get(key);
    if (!base) {
      base = this.#generate(kind, i);
      if (this.#itemCache.size > ITEM_CACHE_LIMIT) this.#itemCache.clear();
      this.#itemCache.set(key, base);
    }
    const changes = this.#overlay.get(kind, i);
    return changes ? applyChanges(this.seed, base, changes) : base;
  }

  #generate(kind: ItemKind, i: number): Item {
    return generateItem(this.seed, kind, i, {
      id: this.idOf(kind, i),
      owner: kind === "own" ? this.owner : this.person(otherOwnerIndex(this.seed, i)),
      isVideo: kind === "own" && this.isVideo(i),
      dateupload: this.#dateUploadOf(kind, i),
      lastupdate: this.#generatedLastUpdate(kind, i),
      visibility: this.visibility(kind, i),
      safetyLevel: this.safety(kind, i),
      counts: generatedCounts(this, kind, i),
      dateFaved: kind === "other" && i < this.favoritesCount ? this.dateFaved(i) : undefined,
    });
  }

  // ---- comments, faves, notes, people ------------------------------------------------------

  /** The comments on an item, oldest first. */
  comments(kind: ItemKind, i: number): Comment[] {
    const count = generatedCounts(this, kind, i).comments;
    const out: Comment[] = [];
    if (count > 0) {
      const item = this.item(kind, i);
      const end = Math.max(item.dateupload + count, this.#generatedLastUpdate(kind, i));
      out.push(...generatedComments(this.seed, item, count, end));
    }
    const changes = this.#overlay.get(kind, i);
    if (changes) out.push(...changes.comments);
    return out;
  }

  /** The author (person index, -1 = owner) of generated comment `k` of an item. */
  commentAuthor(kind: ItemKind, i: number, k: number): number {
    return commentAuthor(this.seed, kind, i, k);
  }

  /** The people who faved an item, newest first. */
  faves(kind: ItemKind, i: number): Fave[] {
    const count = generatedCounts(this, kind, i).faves;
    const out: Fave[] = [];
    const changes = this.#overlay.get(kind, i);
    if (changes) out.push(...[...changes.faves].reverse());
    if (count > 0) {
      out.push(...generatedFaves(this.seed, kind, i, count, this.#dateUploadOf(kind, i)));
    }
    return out;
  }

  /** The person index of generated fave `k` of an item; distinct for each `k` of one item. */
  faver(kind: ItemKind, i: number, k: number): number {
    return faver(this.seed, kind, i, k);
  }

  /** The notes on an item (boxes on the 500px image). */
  notes(kind: ItemKind, i: number): Note[] {
    const count = generatedCounts(this, kind, i).notes;
    return generatedNotes(this.seed, kind, i, count, this.item(kind, i).owner.index);
  }

  /** The author of note `k` of an item. */
  noteAuthor(kind: ItemKind, i: number, k: number, ownerIndex: number): number {
    return noteAuthor(this.seed, kind, i, k, ownerIndex);
  }

  /** The people tagged in an item (`flickr.photos.people.getList`). */
  tagged(kind: ItemKind, i: number): Tagged[] {
    return generatedTagged(this.seed, kind, i, generatedCounts(this, kind, i).people);
  }

  /** The person index of tagged person `k`; distinct within an item. */
  taggedPerson(kind: ItemKind, i: number, k: number): number {
    return taggedPerson(this.seed, kind, i, k);
  }

  /**
   * Calls `visit` with every person (index, -1 = owner) who commented on, faved, wrote a note on
   * or is tagged in an item, without building the comments themselves (fast enough to scan
   * 100,000 items for the truth).
   */
  visitPeople(kind: ItemKind, i: number, visit: (person: number) => void): void {
    const counts = generatedCounts(this, kind, i);
    for (let k = 0; k < counts.comments; k++) visit(this.commentAuthor(kind, i, k));
    for (let k = 0; k < counts.faves; k++) visit(this.faver(kind, i, k));
    if (counts.notes > 0) {
      const owner = kind === "own" ? -1 : this.item(kind, i).owner.index;
      for (let k = 0; k < counts.notes; k++) visit(this.noteAuthor(kind, i, k, owner));
    }
    for (let k = 0; k < counts.people; k++) visit(this.taggedPerson(kind, i, k));
    const changes = this.#overlay.get(kind, i);
    if (changes) {
      for (const c of changes.comments) visit(c.author);
      for (const f of changes.faves) visit(f.person);
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

  /** Finds an album by id. */
  albumById(id: string): Album | undefined {
    return this.albums.find((a) => a.id === id);
  }

  /** Counts of collections, nested ones included. */
  collectionCount(): number {
    return countCollections(this.collections);
  }

  // ---- mutations ----------------------------------------------------------------------------

  #changed(): void {
    this.version++;
    this.#ownLive = undefined;
    this.#ownPublicLive = undefined;
  }

  /** A fresh deterministic random stream for the next mutation. */
  mutationRng(): Rng {
    return new Rng(hash32(this.seed, SALT.mutate, this.#mutations++));
  }

  /** Adds a comment by someone else; the item's `lastupdate` moves (as on Flickr). */
  addComment(kind: ItemKind, i: number, author: number, html: string, now = unixNow()): Comment {
    const item = this.item(kind, i);
    const changes = this.#overlay.edit(kind, i);
    const ownerNum = item.owner.nsid.split("@")[0];
    const serial = 900_000_000_000 + this.version * 10 + changes.comments.length;
    const c: Comment = { id: `${ownerNum}-${item.id}-${longId(serial)}`, author, date: now, html };
    changes.comments.push(c);
    changes.lastupdate = Math.max(now, item.lastupdate + 1);
    this.#changed();
    return c;
  }

  /** Adds a fave by a person who has not faved the item yet; `lastupdate` does not move. */
  addFave(kind: ItemKind, i: number, now = unixNow()): Fave | undefined {
    const faved = new Set(this.faves(kind, i).map((f) => f.person));
    const start = hash32(this.seed, SALT.mutate, i, this.version) % PEOPLE;
    for (let k = 0; k < PEOPLE; k++) {
      const person = (start + k) % PEOPLE;
      if (faved.has(person)) continue;
      const fave = { person, date: now };
      this.#overlay.edit(kind, i).faves.push(fave);
      this.#changed();
      return fave;
    }
    return undefined;
  }

  /** Changes the title of an own item. */
  editTitle(i: number, title: string, now = unixNow()): void {
    const changes = this.#overlay.edit("own", i);
    const before = this.item("own", i).lastupdate;
    changes.title = title;
    changes.lastupdate = Math.max(now, before + 1);
    this.#changed();
  }

  /**
   * Adds a tag to an own item, as its owner would on Flickr: the tag appears in the item's tags
   * (getInfo, the listings' `tags` extra) and `lastupdate` moves. False when it already has it.
   */
  addTag(i: number, raw: string, now = unixNow()): boolean {
    const item = this.item("own", i);
    const normalised = normaliseTag(raw);
    if (item.tags.some((t) => t.normalised === normalised)) return false;
    const changes = this.#overlay.edit("own", i);
    (changes.tags ??= []).push({ raw, normalised, machine: false, author: item.owner.index });
    changes.lastupdate = Math.max(now, item.lastupdate + 1);
    this.#changed();
    return true;
  }

  /** Uploads a new photo; returns its index. */
  upload(now = unixNow()): number {
    const i = this.ownCount;
    this.#uploads++;
    const newest = i > 0 ? this.dateUpload(i - 1) : TIMELINE_START;
    const changes = this.#overlay.edit("own", i);
    changes.dateupload = Math.max(now, newest + 1);
    changes.lastupdate = changes.dateupload;
    this.#itemCache.delete(`own:${i}`);
    this.#changed();
    return i;
  }

  /** Replaces the file of an own item: new secrets, new bytes, new `lastupdate`. */
  replace(i: number, now = unixNow()): void {
    const changes = this.#overlay.edit("own", i);
    const before = this.item("own", i).lastupdate;
    changes.replaced++;
    changes.lastupdate = Math.max(now, before + 1);
    this.#changed();
  }

  /** Deletes an own item. */
  delete(i: number): void {
    this.#overlay.edit("own", i).deleted = true;
    this.#changed();
  }
}
