/**
 * From listing entries to catalog rows: what `flickr.people.getPhotos` and `flickr.favorites.getList`
 * say of each photo becomes an `items` row. Only the columns a listing knows are set; getInfo's
 * columns (place names, duration, has_people...) and the pipeline-state columns (`info_json`,
 * `comments_synced`, `needs_manual_download`...) are left out, so an upsert never clobbers them.
 * @module
 */
import type { NewItem } from "../catalog/schema.ts";
import { flickrEndpoints } from "../flickr/endpoints.ts";
import type { ListedPhoto } from "../flickr/types.ts";

/** Where a listed photo came from. */
export type ListingSource = "own" | "favorites";

/** Options of {@link listedToItem}. */
export interface ListedToItemOptions {
  source: ListingSource;
  /** The account's NSID: the owner of own items when a listing leaves `owner` out. */
  userNsid: string;
  /** ISO time of the write. */
  now: string;
  /** `https://www.flickr.com`, or the `--flickr-origin` that replaces it. */
  wwwOrigin: string;
}

/**
 * The `www` origin (photo pages, video play URLs) for an optional `--flickr-origin`.
 *
 * @example
 * ```ts
 * wwwOrigin(undefined); // "https://www.flickr.com"
 * wwwOrigin("http://127.0.0.1:8123"); // "http://127.0.0.1:8123"
 * ```
 */
export function wwwOrigin(origin: string | undefined): string {
  return new URL(flickrEndpoints(origin).authorize).origin;
}

/**
 * The photo page URL, as Flickr builds it: `{www}/photos/{path alias or owner}/{id}/`.
 */
export function photoPageUrl(
  www: string,
  item: { id: string; owner: string; pathAlias?: string | null },
): string {
  return `${www}/photos/${item.pathAlias || item.owner}/${item.id}/`;
}

/**
 * The page-style URL of a video's original (`play/orig/{originalsecret}/`), derived from the
 * listing without any API call. It answers 302 to a short-lived signed file URL.
 */
export function videoOriginalUrl(
  www: string,
  item: { id: string; owner: string; pathAlias?: string | null; originalSecret: string },
): string {
  return `${www}/photos/${
    item.pathAlias || item.owner
  }/${item.id}/play/orig/${item.originalSecret}/`;
}

const bit = (v: boolean | undefined): number | null => v === undefined ? null : v ? 1 : 0;

/**
 * The `items` row for a listed photo or video.
 *
 * Sets the columns whose fields the entry carries, and only those: Flickr drops extras for some
 * items (counts on older accounts, descriptions, places, original secrets), and an absent field is
 * unknown, not empty, so the column keeps what an earlier answer said (or stays NULL on a new
 * row). `deleted_on_flickr = 0` is always set (a listed item exists on Flickr). Favourites get
 * `is_favorite_of_mine = 1` and `faved_at`; own items get `is_mine = 1`. Pipeline-state and
 * getInfo columns are absent (left alone by `upsertItems`).
 *
 * @example
 * ```ts
 * const row = listedToItem(photo, { source: "own", userNsid, now, wwwOrigin: wwwOrigin(origin) });
 * await upsertItems(db, [row]);
 * ```
 */
export function listedToItem(p: ListedPhoto, opts: ListedToItemOptions): NewItem {
  const owner = p.owner ?? (opts.source === "own" ? opts.userNsid : "");
  if (!owner) throw new Error(`Cannot file photo ${p.id}: the listing names no owner`);
  const mine = opts.source === "own";
  const raw = (p.raw ?? {}) as Record<string, unknown>;
  const has = (...keys: string[]) => keys.some((k) => k in raw);
  const row: NewItem = {
    id: p.id,
    owner,
    // A listing asked for the media extra always carries it; a new row cannot do without one.
    media: p.media,
    is_mine: mine ? 1 : 0,
    title: p.title,
    deleted_on_flickr: 0,
    deleted_detected_at: null,
    listing_json: JSON.stringify(p.raw),
    first_seen_at: opts.now,
    updated_at: opts.now,
  };
  const set = (present: boolean, columns: Partial<NewItem>) => {
    if (present) Object.assign(row, columns);
  };
  set(has("description"), { description: p.description ?? "" });
  set(has("datetaken"), {
    date_taken: p.dateTaken ?? null,
    date_taken_granularity: p.dateTakenGranularity ?? 0,
    date_taken_unknown: p.dateTakenUnknown ? 1 : 0,
  });
  set(has("dateupload"), { date_uploaded: p.dateUpload ?? null });
  set(has("lastupdate"), { last_update: p.lastUpdate ?? null });
  set(has("license"), { license: p.license ?? null });
  set(has("ispublic"), { is_public: bit(p.isPublic) });
  set(has("isfriend"), { is_friend: bit(p.isFriend) });
  set(has("isfamily"), { is_family: bit(p.isFamily) });
  set(has("safety_level"), { safety_level: p.safetyLevel ?? null });
  set(has("views", "count_views"), { views: p.views ?? p.countViews ?? null });
  set(p.countComments !== undefined, { count_comments: p.countComments });
  set(p.countFaves !== undefined, { count_faves: p.countFaves });
  set(p.tags !== undefined, { tags: p.tags?.join(" ") });
  set(p.machineTags !== undefined, { machine_tags: p.machineTags?.join(" ") });
  // The geo extra answers 0,0 with accuracy 0 for "no location": known, and cleared.
  const hasGeo = p.latitude !== undefined && p.longitude !== undefined;
  set(has("latitude", "accuracy"), {
    latitude: hasGeo ? p.latitude! : null,
    longitude: hasGeo ? p.longitude! : null,
    accuracy: hasGeo ? p.accuracy ?? null : null,
    place_id: hasGeo ? p.placeId ?? null : null,
    woeid: hasGeo ? p.woeid ?? null : null,
  });
  set(has("server"), { server: p.server ?? null });
  set(has("secret"), { secret: p.secret ?? null });
  // Others' photos whose owner disabled downloads come without them: nothing to forget then.
  set(p.originalSecret !== undefined, {
    original_secret: p.originalSecret,
    original_format: p.originalFormat ?? null,
  });
  set(has("o_width"), { o_width: p.originalWidth ?? null, o_height: p.originalHeight ?? null });
  set(has("rotation"), { rotation: p.rotation ?? null });
  set(has("pathalias", "path_alias"), {
    path_alias: p.pathAlias ?? null,
    photopage_url: photoPageUrl(opts.wwwOrigin, { id: p.id, owner, pathAlias: p.pathAlias }),
  });
  set(has("media_status"), { media_status: p.mediaStatus ?? null });
  set(has("can_download"), { can_download: bit(p.canDownload) });
  if (!mine) {
    row.is_favorite_of_mine = 1;
    if (p.dateFaved !== undefined) row.faved_at = p.dateFaved;
  }
  return row;
}
