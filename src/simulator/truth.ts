/**
 * `GET /__simulator/truth`: the ground truth of the account, with the same counters as
 * `flickrvault status --json` and one entry per archived item.
 *
 * Definitions (the archive's `status` must count the same way):
 * - `photos`, `videos`: own items on Flickr now (deleted ones excluded), by media type.
 * - `favorites`: others' photos the person faved (`flickr.favorites.getList`).
 * - `albums`: albums with at least one photo; `collections`: every collection, nested ones
 *   included; `galleries`; `groups`: groups the person is a member of.
 * - `comments`: comment records over every archived item (own items and favourites).
 * - `faves`: fave records (people who faved) over every archived item.
 * - `notes`: notes over every archived item.
 * - `people`: distinct accounts other than the owner that appear as the owner of a favourite, the
 *   author of a comment on an archived item, someone who faved an archived item, someone tagged in
 *   an archived item (`flickr.photos.people.getList`), or the author of a note on an archived item.
 *   Deleted accounts count; gallery and group-pool photo owners do not (their photos are not archived).
 * - `videos_needing_manual_download`: own videos whose original cannot be fetched.
 * - `items[].original_sha256`: sha256 of the original a client can fetch (the `url_o` JPEG for
 *   photos, the "Video Original" MP4 for videos), null when none can be fetched (a free account's
 *   photos limited to 1,024 px included: their originals come only with the data export).
 * - `items[].limited_to_1024`: Flickr serves the photo at most 1,024 px (free accounts, see
 *   `account/free_rules.ts`); `photos_limited_to_1024` counts the own ones, which an archive run
 *   holds as 1,024 px copies waiting for the export.
 *
 * Tested by src/simulator/account_test.ts, src/simulator/export_test.ts and
 * tests/absent_fields_test.ts.
 * @module
 */
import { type Account, type ItemKind, PEOPLE } from "./account.ts";
import type { FileStore } from "./files.ts";

/** One archived item in the truth. */
export interface TruthItem {
  id: string;
  media: "photo" | "video";
  owner: string;
  is_favorite_of_mine: boolean;
  original_sha256: string | null;
  comments: number;
  faves: number;
  notes: number;
  /** Served at most 1,024 px: a free account's limited photo (no original through the API). */
  limited_to_1024: boolean;
  /** Album ids, in the order of `flickr.photosets.getList`. */
  albums: string[];
  title: string;
  lastupdate: number;
}

/** The counters the truth shares with `status --json` (design contract). */
export const TRUTH_COUNTERS = [
  "photos",
  "videos",
  "favorites",
  "albums",
  "collections",
  "galleries",
  "groups",
  "comments",
  "faves",
  "people",
  "notes",
  "videos_needing_manual_download",
] as const;

/** The whole truth. */
export type Truth = Record<(typeof TRUTH_COUNTERS)[number], number> & {
  /** "pro" or "free" (`simulate --account`). */
  account: "pro" | "free";
  /** Own photos on Flickr served at most 1,024 px (0 on a Pro account). */
  photos_limited_to_1024: number;
  deleted: string[];
  items: TruthItem[];
};

/** Computes the truth. `withSha256: false` skips hashing originals (fast for huge accounts). */
export function computeTruth(account: Account, files: FileStore, withSha256 = true): Truth {
  const seen = new Uint8Array(PEOPLE);
  const mark = (p: number) => {
    if (p >= 0) seen[p] = 1;
  };
  const t: Truth = {
    photos: 0,
    videos: 0,
    favorites: account.favoritesCount,
    albums: account.albums.filter((_, a) => account.albumMembers(a).length > 0).length,
    collections: account.collectionCount(),
    galleries: account.galleries.length,
    groups: account.groups.length,
    comments: 0,
    faves: 0,
    people: 0,
    notes: 0,
    videos_needing_manual_download: 0,
    account: account.plan,
    photos_limited_to_1024: 0,
    deleted: [],
    items: [],
  };
  const visit = (kind: ItemKind, i: number) => {
    const item = account.item(kind, i);
    account.visitPeople(kind, i, mark);
    if (kind === "other") mark(item.owner.index);
    const comments = item.comments;
    const faves = item.faves;
    const notes = item.notes;
    t.comments += comments;
    t.faves += faves;
    t.notes += notes;
    if (kind === "own") {
      if (item.media === "video") {
        t.videos++;
        if (!item.video?.originalFetchable) t.videos_needing_manual_download++;
      } else t.photos++;
      if (account.limitedTo1024(item)) t.photos_limited_to_1024++;
    }
    t.items.push({
      id: item.id,
      media: item.media,
      owner: item.owner.nsid,
      is_favorite_of_mine: kind === "other",
      original_sha256: withSha256 ? files.originalSha256(item) : null,
      limited_to_1024: account.limitedTo1024(item),
      comments,
      faves,
      notes,
      albums: kind === "own"
        ? (account.albumsOf.get(i) ?? []).map((a) => account.albums[a].id)
        : [],
      title: item.title,
      lastupdate: item.lastupdate,
    });
  };
  const live = account.ownLive();
  for (let k = live.length - 1; k >= 0; k--) visit("own", live[k]);
  for (let i = 0; i < account.ownCount; i++) {
    if (account.isDeleted("own", i)) t.deleted.push(account.idOf("own", i));
  }
  for (let j = 0; j < account.favoritesCount; j++) visit("other", j);
  t.people = seen.reduce((n, v) => n + v, 0);
  return t;
}
