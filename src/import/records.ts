/**
 * The JSON files of Flickr's data export, as the export writes them (types), and defensive readers
 * that turn them into clean values: counts and coordinates arrive as strings, lists may be missing,
 * `geo` is an object or an empty list, people and commenters appear as NSIDs or profile URLs.
 *
 * Facts: the real export record `tests/fixtures/flickr-export/photo_2634391576.json` and the notes in
 * that folder's README.
 * @module
 */

/** `photo_<id>.json`, keys in the export's order. */
export interface ExportPhotoJson {
  id: string;
  name?: string;
  description?: string;
  count_views?: string;
  count_faves?: string;
  count_comments?: string;
  /** Local time `YYYY-MM-DD HH:MM:SS`, no zone. */
  date_taken?: string;
  count_tags?: string;
  count_notes?: string;
  /** Upload time `YYYY-MM-DD HH:MM:SS`. */
  date_imported?: string;
  photopage?: string;
  /** The original's URL (`.../{server}/{id}_{originalsecret}_o.{ext}`, or a video play page). */
  original?: string;
  /** A licence name, or null. */
  license?: string | null;
  /** Integer micro-degrees in strings, or `[]` when the photo has no location. */
  geo?: { latitude?: string; longitude?: string; accuracy?: string } | unknown[];
  exif?: Record<string, { full?: string; label?: string; value?: string; raw_value?: string }>;
  groups?: { id?: string; name?: string; url?: string }[];
  albums?: { id?: string; title?: string; url?: string }[];
  /** `user` is the tag author's profile URL. */
  tags?: { tag?: string; user?: string; date_create?: string }[];
  people?: {
    nsid?: string;
    username?: string;
    userurl?: string;
    x?: string;
    y?: string;
    w?: string;
    h?: string;
  }[];
  notes?: {
    id?: string;
    user?: string;
    x?: string;
    y?: string;
    w?: string;
    h?: string;
    note?: string;
  }[];
  /** `public`, `private`, `friends`, `family`, `friends & family`: friends and family merged. */
  privacy?: string;
  comment_permissions?: string;
  tagging_permissions?: string;
  /** `safe`, `moderate`, `restricted`. */
  safety?: string;
  /** Only the commenter's NSID, never a name. */
  comments?: { id?: string; date?: string; user?: string; comment?: string; url?: string }[];
  rotation?: number | string;
}

/** `account_profile.json`. */
export interface AccountProfileJson {
  nsid?: string;
  screen_name?: string;
  real_name?: string;
  path_alias?: string;
  profile_url?: string;
}

/** One album of `albums.json` (`{"albums": [...]}`); counts and unix times as strings. */
export interface AlbumJson {
  id?: string;
  photo_count?: string;
  url?: string;
  title?: string;
  description?: string;
  view_count?: string;
  created?: string;
  last_updated?: string;
  /** The cover photo's page URL. */
  cover_photo?: string;
  photos?: string[];
}

/** One gallery of `galleries.json`. */
export interface GalleryJson {
  id?: string;
  url?: string;
  title?: string;
  description?: string;
  photo_count?: string;
  view_count?: string;
  created?: string;
  last_updated?: string;
  photos?: string[];
}

/** One group of `groups.json`. */
export interface GroupJson {
  id?: string;
  name?: string;
  url?: string;
  user_role?: string;
}

/** One favourite of `faves_partNNN.json`: only the photo id and its page URL. */
export interface FaveJson {
  photo_id?: string;
  photo_url?: string;
}

/** One of the person's comments on others' photos, `photos_comments_partNNN.json`. */
export interface OwnCommentJson {
  photo_id?: string;
  comment_id?: string;
  comment?: string;
  date?: string;
  url?: string;
}

/** A value read as text: strings as they are, numbers printed, anything else `undefined`. */
export function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A whole number from a string or number, else `null` (counts arrive as strings). */
export function int(v: unknown): number | null {
  const s = text(v)?.trim();
  if (!s || !/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** A list, or an empty one when the value is missing or not a list. */
export function list<T>(v: unknown): T[] {
  return Array.isArray(v) ? v.filter((x) => x !== null && typeof x === "object") as T[] : [];
}

/**
 * Parses the export's `YYYY-MM-DD HH:MM:SS` as UTC unix seconds (Flickr writes upload and comment
 * times this way); `null` for anything else, including `0000-00-00 00:00:00`.
 */
export function exportTime(v: unknown): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text(v)?.trim() ?? "");
  if (!m || m[1] === "0000") return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isFinite(t) ? Math.floor(t / 1000) : null;
}

const NSID = /^\d+@[A-Z]\d{2}$/;

/** Whether a string is an NSID (`12345678@N01`). */
export function isNsid(v: string): boolean {
  return NSID.test(v);
}

/**
 * The person segment of a Flickr profile or photo URL (`/photos/<x>/...`, `/people/<x>/`): an NSID
 * or a path alias. A bare NSID is returned as is.
 */
export function personSegment(v: unknown): string | undefined {
  const s = text(v)?.trim();
  if (!s) return undefined;
  if (isNsid(s)) return s;
  const m = /\/(?:photos|people)\/([^/?#]+)/.exec(s);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1]; // a `%` that starts no escape: the segment as written
  }
}

/** The photo id at the end of a photo page URL (`.../photos/<who>/<id>/`). */
export function photoIdOfPage(v: unknown): string | undefined {
  const m = /\/photos\/[^/]+\/(\d+)(?:\/|$)/.exec(text(v) ?? "");
  return m?.[1];
}

/** What the export's `original` URL tells: server, original secret, format, and video or not. */
export interface OriginalUrlParts {
  server?: string;
  secret?: string;
  format?: string;
  isVideo: boolean;
}

const VIDEO_FORMATS = new Set([
  "mp4",
  "m4v",
  "mov",
  "qt",
  "avi",
  "wmv",
  "3gp",
  "3g2",
  "mpg",
  "mpeg",
  "mts",
  "m2ts",
  "mkv",
  "webm",
  "ogv",
  "flv",
]);

/** Whether a file extension is a video container. */
export function isVideoExtension(ext: string): boolean {
  return VIDEO_FORMATS.has(ext.toLowerCase());
}

/** Reads `https://live.staticflickr.com/{server}/{id}_{secret}_o.{ext}` or `.../play/orig/{secret}/`. */
export function parseOriginalUrl(v: unknown): OriginalUrlParts {
  const s = text(v) ?? "";
  const play = /\/play\/[a-z0-9_]+\/([0-9a-f]+)\/?$/i.exec(s);
  if (play) return { secret: play[1], isVideo: true };
  const file = /\/(\d+)\/\d+_([0-9a-f]+)(?:_o)?\.([a-z0-9]+)(?:\?.*)?$/i.exec(s);
  if (!file) return { isVideo: false };
  const format = file[3].toLowerCase();
  return { server: file[1], secret: file[2], format, isVideo: VIDEO_FORMATS.has(format) };
}
