// Long on purpose: types only, one per Flickr answer.
/**
 * Typed, normalised forms of the Flickr API answers flickrvault relies on, written from the real
 * responses in `tests/fixtures/flickr-api/`. Numbers are numbers, booleans are booleans, text
 * is unwrapped from `_content`, and "unknown" is `undefined` (never `""` or `0`). Every record
 * that the catalog stores keeps Flickr's own object in `raw`, so nothing Flickr said is lost.
 *
 * Dates: Flickr's upload/update/fave/comment dates are Unix seconds (kept as numbers here);
 * `dateTaken` is local time without a zone, `YYYY-MM-DD HH:MM:SS`, kept as Flickr sends it.
 *
 * Tested by src/flickr/responses_test.ts and src/archive/wanted_files_test.ts.
 * @module
 */
import type { Json } from "./parse.ts";

/** `"photo"` or `"video"`. */
export type Media = "photo" | "video";

/** One image URL from a listing's `url_X` extra. */
export interface ListingUrl {
  url: string;
  width?: number;
  height?: number;
}

/**
 * The `url_X` extra names, in ascending size. They do not match the file suffixes: `sq`→`_s`,
 * `s`→`_m`, `m`→ no suffix, `l`→`_b` (see flickr-api.md).
 */
export const LISTING_URL_KEYS = [
  "sq",
  "q",
  "t",
  "s",
  "n",
  "w",
  "m",
  "z",
  "c",
  "l",
  "h",
  "k",
  "3k",
  "4k",
  "f",
  "5k",
  "6k",
  "o",
] as const;

/** A `url_X` extra name. */
export type ListingUrlKey = typeof LISTING_URL_KEYS[number];

/**
 * One photo or video in a listing: people.getPhotos, favorites.getList, photosets.getPhotos,
 * galleries.getPhotos, groups.pools.getPhotos, photos.recentlyUpdated, with every extra of
 * {@link import("./client.ts").LISTING_EXTRAS}. Fields an extra did not ask for are `undefined`.
 */
export interface ListedPhoto {
  id: string;
  /** Owner NSID; absent in photosets.getPhotos items (the set's owner is on the envelope). */
  owner?: string;
  ownerName?: string;
  secret?: string;
  server?: string;
  farm?: number;
  title: string;
  description?: string;
  isPublic?: boolean;
  isFriend?: boolean;
  isFamily?: boolean;
  license?: number;
  /** Unix seconds. */
  dateUpload?: number;
  /** Local time `YYYY-MM-DD HH:MM:SS`, no zone. */
  dateTaken?: string;
  /** 0 second, 4 month, 6 year, 8 circa. */
  dateTakenGranularity?: number;
  dateTakenUnknown?: boolean;
  iconServer?: string;
  iconFarm?: number;
  originalSecret?: string;
  originalFormat?: string;
  /** Unix seconds; changes on edits, new comments and replacement (not on new faves). */
  lastUpdate?: number;
  /** Present only when the photo has a location (Flickr's accuracy 0 means none). */
  latitude?: number;
  longitude?: number;
  accuracy?: number;
  geoContext?: number;
  placeId?: string;
  woeid?: string;
  geoIsPublic?: boolean;
  geoIsContact?: boolean;
  geoIsFriend?: boolean;
  geoIsFamily?: boolean;
  /** Normalised tags, machine tags included; undefined when the entry came without the extra. */
  tags?: string[];
  machineTags?: string[];
  views?: number;
  media: Media;
  mediaStatus?: string;
  pathAlias?: string;
  /** `url_X` extras by their extra name (`o`, `l`, `q`...). */
  urls: Partial<Record<ListingUrlKey, ListingUrl>>;
  originalWidth?: number;
  originalHeight?: number;
  countFaves?: number;
  countComments?: number;
  countViews?: number;
  realName?: string;
  rotation?: number;
  safetyLevel?: number;
  canDownload?: boolean;
  canBlog?: boolean;
  canPrint?: boolean;
  canShare?: boolean;
  /** favorites.getList: when the person faved it (Unix seconds). */
  dateFaved?: number;
  /** groups.pools.getPhotos, galleries.getPhotos: when it was added (Unix seconds). */
  dateAdded?: number;
  /** photosets.getPhotos: the album's cover. */
  isPrimary?: boolean;
  raw: Json;
}

/** A page of a listing. Stop paging when `page >= pages` (a page past the end repeats the last). */
export interface PhotoList<T = ListedPhoto> {
  page: number;
  /** From `pages`, else from `total`; the current page when the answer gives neither. */
  pages: number;
  perPage: number;
  /** Flickr's count of the whole listing; undefined when the answer does not say. */
  total?: number;
  items: T[];
}

/** photosets.getPhotos: a page of an album, in album order. */
export interface PhotosetPhotos extends PhotoList<ListedPhoto> {
  id: string;
  primary?: string;
  owner?: string;
  ownerName?: string;
  title?: string;
}

/** galleries.getPhotos. */
export type GalleryPhotos = PhotoList<ListedPhoto>;
/** groups.pools.getPhotos. */
export type PoolPhotos = PhotoList<ListedPhoto>;

/** A place in getInfo's location hierarchy. */
export interface Place {
  name: string;
  placeId?: string;
  woeid?: string;
}

/** photos.getInfo's location. */
export interface PhotoLocation {
  latitude: number;
  longitude: number;
  accuracy?: number;
  context?: number;
  placeId?: string;
  woeid?: string;
  neighbourhood?: Place;
  locality?: Place;
  county?: Place;
  region?: Place;
  country?: Place;
}

/** A note: a text box drawn on the photo, in pixels of the 500px image. */
export interface Note {
  id: string;
  author?: string;
  authorName?: string;
  authorRealName?: string;
  authorIsDeleted?: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
  raw: Json;
}

/** A tag as getInfo gives it: normalised and raw, with its author. */
export interface InfoTag {
  id?: string;
  author?: string;
  authorName?: string;
  /** As the person typed it. */
  raw: string;
  /** Normalised (lower case, no spaces). */
  tag: string;
  machineTag: boolean;
}

/** photos.getInfo: the only source of notes, raw tags, place names, haspeople and video duration. */
export interface PhotoInfo {
  id: string;
  secret?: string;
  server?: string;
  farm?: number;
  /** Unix seconds. */
  dateUploaded?: number;
  isFavorite?: boolean;
  license?: number;
  safetyLevel?: number;
  rotation?: number;
  originalSecret?: string;
  originalFormat?: string;
  owner: {
    nsid: string;
    username?: string;
    realName?: string;
    location?: string;
    iconServer?: string;
    iconFarm?: number;
    pathAlias?: string;
  };
  title: string;
  /** HTML. */
  description: string;
  visibility: { isPublic?: boolean; isFriend?: boolean; isFamily?: boolean };
  dates: {
    /** Unix seconds. */
    posted?: number;
    /** Local time `YYYY-MM-DD HH:MM:SS`, no zone. */
    taken?: string;
    takenGranularity?: number;
    takenUnknown?: boolean;
    /** Unix seconds. */
    lastUpdate?: number;
  };
  permissions?: { permComment?: number; permAddMeta?: number };
  editability?: { canComment?: boolean; canAddMeta?: boolean };
  publicEditability?: { canComment?: boolean; canAddMeta?: boolean };
  usage: { canDownload?: boolean; canBlog?: boolean; canPrint?: boolean; canShare?: boolean };
  views?: number;
  /** Number of comments. */
  comments?: number;
  /** Undefined when the answer has no `notes` element (unknown, not none). */
  notes?: Note[];
  hasPeople?: boolean;
  /** Undefined when the answer has no `tags` element (unknown, not none). */
  tags?: InfoTag[];
  /** Absent when the photo has no location (or accuracy 0). */
  location?: PhotoLocation;
  geoPerms?: { isPublic?: boolean; isContact?: boolean; isFriend?: boolean; isFamily?: boolean };
  urls: { type: string; url: string }[];
  media: Media;
  /** Videos only. */
  video?: {
    ready?: boolean;
    failed?: boolean;
    pending?: boolean;
    /** Seconds. */
    duration?: number;
    width?: number;
    height?: number;
  };
  raw: Json;
}

/** photos.comments.getList item. */
export interface Comment {
  id: string;
  author: string;
  authorIsDeleted?: boolean;
  authorName?: string;
  realName?: string;
  iconServer?: string;
  iconFarm?: number;
  pathAlias?: string;
  /** Unix seconds. */
  dateCreate?: number;
  permalink?: string;
  /** The comment, as HTML. */
  html: string;
  raw: Json;
}

/** photos.getFavorites item: someone who faved the photo. */
export interface FavoritePerson {
  nsid: string;
  username?: string;
  realName?: string;
  /** Unix seconds. */
  faveDate?: number;
  iconServer?: string;
  iconFarm?: number;
  pathAlias?: string;
  raw: Json;
}

/** photos.getFavorites: one page (at most 50 people). */
export interface PhotoFavorites extends PhotoList<FavoritePerson> {
  photoId: string;
}

/** One photos.getSizes entry. Video `source`s are page-style URLs that redirect to a signed file. */
export interface Size {
  label: string;
  width?: number;
  height?: number;
  source: string;
  url?: string;
  media: Media;
}

/** photos.getSizes. */
export interface Sizes {
  canBlog?: boolean;
  canPrint?: boolean;
  canDownload?: boolean;
  sizes: Size[];
}

/** One photos.getExif tag. */
export interface ExifTag {
  tagspace: string;
  tagspaceId?: number;
  tag: string;
  label?: string;
  raw: string;
  clean?: string;
}

/** photos.getExif. */
export interface PhotoExif {
  id: string;
  camera?: string;
  tags: ExifTag[];
  raw: Json;
}

/** people.getInfo. */
export interface Person {
  nsid: string;
  username?: string;
  realName?: string;
  location?: string;
  description?: string;
  iconServer?: string;
  iconFarm?: number;
  pathAlias?: string;
  isPro?: boolean;
  isDeleted?: boolean;
  photosUrl?: string;
  profileUrl?: string;
  /** The account's number of photos and videos (as the caller may see them). */
  photosCount?: number;
  firstDateTaken?: string;
  /** Unix seconds. */
  firstDate?: number;
  raw: Json;
}

/** flickr.test.login. */
export interface LoginUser {
  nsid: string;
  username?: string;
}

/** photos.licenses.getInfo item. */
export interface License {
  id: number;
  name: string;
  url?: string;
}

/** photosets.getList item (an album). */
export interface Photoset {
  id: string;
  title: string;
  description: string;
  primary?: string;
  secret?: string;
  server?: string;
  farm?: number;
  countPhotos?: number;
  countVideos?: number;
  countViews?: number;
  countComments?: number;
  /** Unix seconds. */
  dateCreate?: number;
  /** Unix seconds. */
  dateUpdate?: number;
  raw: Json;
}

/** An album inside a collection. */
export interface CollectionSet {
  id: string;
  title: string;
  description: string;
}

/** A collection: nested collections and albums. */
export interface Collection {
  id: string;
  title: string;
  description: string;
  iconLarge?: string;
  iconSmall?: string;
  collections: Collection[];
  sets: CollectionSet[];
  raw: Json;
}

/** collections.getTree. */
export interface CollectionTree {
  collections: Collection[];
}

/** galleries.getList item. */
export interface Gallery {
  /** The long id (`<owner-num>-<gallery_id>`) that galleries.getPhotos takes. */
  id: string;
  galleryId?: string;
  url?: string;
  owner?: string;
  username?: string;
  primaryPhotoId?: string;
  primaryPhotoServer?: string;
  primaryPhotoFarm?: number;
  primaryPhotoSecret?: string;
  /** Unix seconds. */
  dateCreate?: number;
  /** Unix seconds. */
  dateUpdate?: number;
  countPhotos?: number;
  countVideos?: number;
  countViews?: number;
  countComments?: number;
  title: string;
  description: string;
  raw: Json;
}

/** people.getGroups item. */
export interface Group {
  nsid: string;
  name: string;
  admin?: boolean;
  eighteenPlus?: boolean;
  invitationOnly?: boolean;
  iconServer?: string;
  iconFarm?: number;
  members?: number;
  poolCount?: number;
  raw: Json;
}

/** photos.getAllContexts: the albums and the group pools a photo is in (as its viewer may see). */
export interface PhotoContexts {
  sets: { id: string; title: string }[];
  pools: { id: string; title: string }[];
  raw: Json;
}

/** photos.people.getList item: a person marked in the photo. */
export interface PhotoPerson {
  nsid: string;
  username?: string;
  realName?: string;
  pathAlias?: string;
  iconServer?: string;
  iconFarm?: number;
  addedBy?: string;
  isDeleted?: boolean;
  /** Where they are, in pixels of a `photoWidth`×`photoHeight` image, when marked. */
  box?: { x: number; y: number; w: number; h: number };
  raw: Json;
}

/** photos.people.getList. */
export interface PhotoPeople {
  total: number;
  photoWidth?: number;
  photoHeight?: number;
  people: PhotoPerson[];
}
