/**
 * Where files live in the archive (design: "The archive on disk"). Pure functions returning
 * archive-relative POSIX paths that a person can browse without the tool:
 *
 * | what | path |
 * |---|---|
 * | own originals (photos and videos) | `photos/YYYY/MM/<id>_<slug>.<ext>` (`photos/undated/...` without a date) |
 * | favourites of others | `favorites/<owner nsid>/<id>_<slug>.<ext>` |
 * | display copies | `display/<last 2 digits of id>/<id>_b.jpg` |
 * | thumbnails | `thumbs/<last 2 digits>/<id>_q.jpg` |
 * | best video stream (when the original cannot be had) | `videos/<last 2 digits>/<id>.<ext>` |
 * | earlier versions of replaced photos | `versions/<id>/<id>_<secret>.<ext>` |
 * | buddy icons | `avatars/<nsid>.jpg` |
 * | files the person downloads by hand | `manual/` |
 *
 * Names always start with the numeric Flickr id followed by `_` or `.`, so they never collide and
 * never depend on titles alone; a photo in several albums is stored once. A path is computed when the
 * file is first written and then recorded in the catalog (`files.path`): later title or date edits on
 * Flickr do not move files.
 *
 * NSIDs keep their `@` (`12345678@N01`): it is a legal file-name character on Linux, macOS and
 * Windows (which forbids only `<>:"/\|?*`), and keeping it makes folder names match Flickr's.
 * @module
 */
import { isAbsolute, join, resolve, sep } from "node:path";
import type { ItemRow } from "../catalog/schema.ts";

/** Folder for files the person downloads by hand (video originals Flickr refuses to scripts). */
export const MANUAL_DIR = "manual";

/** What {@link originalPath} needs from an item. */
export interface OriginalPathInput {
  /** Flickr photo id (digits). */
  id: string;
  title?: string | null;
  /** Flickr's `datetaken`, `YYYY-MM-DD HH:MM:SS` (local time, no zone). */
  dateTaken?: string | null;
  /** Flickr's `datetakenunknown`: Flickr then fills `datetaken` with the upload time anyway. */
  dateTakenUnknown?: boolean;
  /** Flickr's `dateupload`, unix seconds (its month is taken in UTC). */
  dateUploaded?: number | null;
  /** Flickr's `originalformat` (`jpg`, `png`, `mov`...). */
  originalFormat?: string | null;
  media?: "photo" | "video";
}

/**
 * Path of one of the account's own originals: `photos/YYYY/MM/<id>_<slug>.<ext>`, the month from
 * the date taken, else the upload date, else `photos/undated/`.
 *
 * @example
 * ```ts
 * originalPath({ id: "4242", title: "Café at night", dateTaken: "2019-07-04 21:10:00",
 *   originalFormat: "JPG" }); // "photos/2019/07/4242_cafe-at-night.jpg"
 * ```
 */
export function originalPath(item: OriginalPathInput): string {
  const month = (!item.dateTakenUnknown && monthOfDateTaken(item.dateTaken)) ||
    monthOfUnixTime(item.dateUploaded) || "undated";
  return `photos/${month}/${
    fileName(item.id, item.title, fileExtension(item.originalFormat, item.media))
  }`;
}

/** Path of a favourite of someone else's: `favorites/<owner nsid>/<id>_<slug>.<ext>`. */
export function favoritePath(item: {
  id: string;
  owner: string;
  title?: string | null;
  /** Format of the file actually fetched: the original's when the owner allows it, else `jpg`. */
  originalFormat?: string | null;
  media?: "photo" | "video";
}): string {
  const ext = fileExtension(item.originalFormat, item.media);
  return `favorites/${nsidName(item.owner)}/${fileName(item.id, item.title, ext)}`;
}

/** The catalog columns that decide where an item's main file goes ({@link itemMediaPath}). */
export const ITEM_PLACEMENT_COLUMNS = [
  "id",
  "owner",
  "media",
  "is_mine",
  "title",
  "date_taken",
  "date_taken_unknown",
  "date_uploaded",
] as const;

/** An item as {@link itemMediaPath} reads it from the catalog. */
export type ItemPlacement = Pick<ItemRow, typeof ITEM_PLACEMENT_COLUMNS[number]>;

/**
 * Where an item's original (or, for a favourite, the best file its owner allows) goes: the
 * originals tree for one's own items, the favourites' for others'. `format` is that of the file
 * actually fetched.
 */
export function itemMediaPath(
  item: Omit<ItemPlacement, "media">,
  format: string | null,
  media: "photo" | "video",
): string {
  return item.is_mine === 1
    ? originalPath({
      id: item.id,
      title: item.title,
      dateTaken: item.date_taken,
      dateTakenUnknown: item.date_taken_unknown === 1,
      dateUploaded: item.date_uploaded,
      originalFormat: format,
      media,
    })
    : favoritePath({
      id: item.id,
      owner: item.owner || "unknown",
      title: item.title,
      originalFormat: format,
      media,
    });
}

/** Path of the display copy (Flickr's `_b`, 1024 px): `display/<last 2 digits>/<id>_b.jpg`. */
export function displayPath(id: string): string {
  return `display/${bucket(id)}/${checkId(id)}_b.jpg`;
}

/** Path of the thumbnail (Flickr's `_q`, 150 px square): `thumbs/<last 2 digits>/<id>_q.jpg`. */
export function thumbPath(id: string): string {
  return `thumbs/${bucket(id)}/${checkId(id)}_q.jpg`;
}

/** Path of a video's best stream: `videos/<last 2 digits>/<id>.<ext>` (`mp4` by default). */
export function videoStreamPath(id: string, format: string | null = "mp4"): string {
  return `videos/${bucket(id)}/${checkId(id)}.${fileExtension(format, "video")}`;
}

/** Path of an earlier version of a replaced photo: `versions/<id>/<id>_<secret>.<ext>`. */
export function versionPath(
  id: string,
  secret: string,
  originalFormat?: string | null,
  media: "photo" | "video" = "photo",
): string {
  if (!/^[0-9A-Za-z]{1,40}$/.test(secret)) {
    throw new Error(`Cannot name a file after secret ${JSON.stringify(secret)}: not alphanumeric`);
  }
  checkId(id);
  return `versions/${id}/${id}_${secret}.${fileExtension(originalFormat, media)}`;
}

/** Path of a person's buddy icon: `avatars/<nsid>.jpg`. */
export function avatarPath(nsid: string): string {
  return `avatars/${nsidName(nsid)}.jpg`;
}

const EXTENSIONS: Record<string, string> = {
  jpg: "jpg",
  jpeg: "jpg",
  jpe: "jpg",
  png: "png",
  gif: "gif",
  tif: "tif",
  tiff: "tif",
  heic: "heic",
  heif: "heif",
  webp: "webp",
  bmp: "bmp",
  mp4: "mp4",
  m4v: "m4v",
  mov: "mov",
  qt: "mov",
  avi: "avi",
  wmv: "wmv",
  "3gp": "3gp",
  "3g2": "3g2",
  mpg: "mpg",
  mpeg: "mpg",
  mts: "mts",
  m2ts: "m2ts",
  mkv: "mkv",
  webm: "webm",
  ogv: "ogv",
  ogg: "ogv",
  flv: "flv",
};

/**
 * A safe lower-case extension from Flickr's `originalformat`: known formats only (`jpeg` → `jpg`,
 * `tiff` → `tif`); anything else or nothing gives `jpg` for photos and `mp4` for videos.
 */
export function fileExtension(
  format: string | null | undefined,
  media: "photo" | "video" = "photo",
): string {
  const key = (format ?? "").trim().replace(/^\./, "").toLowerCase();
  return Object.hasOwn(EXTENSIONS, key) ? EXTENSIONS[key] : media === "video" ? "mp4" : "jpg";
}

/** Letters that Unicode decomposition does not reduce to ASCII. */
const TRANSLITERATIONS: Record<string, string> = {
  "ß": "ss",
  "æ": "ae",
  "œ": "oe",
  "ø": "o",
  "đ": "d",
  "ð": "d",
  "þ": "th",
  "ł": "l",
  "ı": "i",
  "ħ": "h",
  "ŋ": "n",
  "&": " and ",
};

const SLUG_MAX = 50;

/**
 * A file-name-safe slug of a title: lower-case ASCII letters and digits joined by `-`, accents
 * transliterated (`Ærøskøbing` → `aeroskobing`), at most 50 characters, no dots, separators or
 * control characters. Titles with nothing usable (empty, only emoji or non-Latin script) give `""`.
 *
 * @example
 * ```ts
 * slugify("Crème brûlée — 2019!"); // "creme-brulee-2019"
 * ```
 */
export function slugify(title: string | null | undefined): string {
  const lower = (title ?? "").toLowerCase();
  let ascii = "";
  for (const ch of lower) ascii += TRANSLITERATIONS[ch] ?? ch;
  const slug = ascii.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug.slice(0, SLUG_MAX).replace(/-+$/, "");
}

/**
 * The absolute path of `rel` (an archive-relative POSIX path) inside `root`. Refuses absolute
 * paths, `..` segments, backslashes, drive letters and NUL bytes, so nothing from the catalog or a
 * URL can reach outside the archive.
 *
 * @example
 * ```ts
 * resolveInArchive("/home/me/flickr", "photos/2019/07/1_x.jpg"); // "/home/me/flickr/photos/2019/07/1_x.jpg"
 * resolveInArchive("/home/me/flickr", "../.ssh/id_rsa"); // throws
 * ```
 */
export function resolveInArchive(root: string, rel: string): string {
  // The paths the layout makes (every file of every run goes through here): plain names, joined
  // without node:path's normalising, which was 1.5-2 % of the originals phase's CPU time.
  if (sep === "/" && PLAIN_PATH.test(rel) && !DOT_SEGMENT.test(rel)) {
    const base = absoluteRoot(root);
    if (base !== undefined) return base === "/" ? `/${rel}` : `${base}/${rel}`;
  }
  const refuse = (why: string) =>
    new Error(
      `Refusing path ${JSON.stringify(rel)}: ${why} (archive paths stay inside the archive)`,
    );
  if (rel === "" || rel.includes("\0")) throw refuse("empty or contains NUL");
  if (rel.includes("\\")) throw refuse("backslashes are not archive separators");
  if (rel.startsWith("/") || isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) throw refuse("absolute");
  const parts = rel.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) throw refuse("it climbs out with ..");
  if (parts.length === 0) throw refuse("names the archive root itself");
  const base = resolve(root);
  const full = join(base, ...parts);
  if (!full.startsWith(base.endsWith(sep) ? base : base + sep)) throw refuse("outside the root");
  return full;
}

/** Segments of letters, digits and `._@+-`, separated by single slashes. */
const PLAIN_PATH = /^[\w.@+-]+(?:\/[\w.@+-]+)*$/;
/** A `.` or `..` segment. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

let lastRoot: string | undefined;
let lastBase: string | undefined;

/** `resolve(root)` for an absolute root (remembered: a run asks with one root); else undefined. */
function absoluteRoot(root: string): string | undefined {
  if (root !== lastRoot) {
    lastRoot = root;
    lastBase = root.startsWith("/") ? resolve(root) : undefined;
  }
  return lastBase;
}

function fileName(id: string, title: string | null | undefined, ext: string): string {
  const slug = slugify(title);
  return slug ? `${checkId(id)}_${slug}.${ext}` : `${checkId(id)}.${ext}`;
}

function checkId(id: string): string {
  if (!/^\d{1,30}$/.test(id)) {
    throw new Error(`Cannot name a file after photo id ${JSON.stringify(id)}: not a Flickr id`);
  }
  return id;
}

/** The last two digits of the id (zero-padded): spreads display copies over 100 folders. */
function bucket(id: string): string {
  return checkId(id).slice(-2).padStart(2, "0");
}

/**
 * NSIDs (`12345678@N01`) are used as they are. Anything else (never seen from Flickr) is hex-encoded
 * behind `_`, so it can neither escape the folder nor collide with a name kept as it is.
 */
function nsidName(nsid: string): string {
  if (/^[0-9A-Za-z][0-9A-Za-z@_-]{0,63}$/.test(nsid)) return nsid;
  const bytes = new TextEncoder().encode(nsid);
  if (bytes.length === 0 || bytes.length > 100) {
    throw new Error(`Cannot name a file after NSID ${JSON.stringify(nsid)}: empty or too long`);
  }
  // A leading "_" is never the start of a name kept as it is.
  return `_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function monthOfDateTaken(date: string | null | undefined): string | undefined {
  const m = date?.match(/^(\d{4})-(\d{2})/);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 1000 && month >= 1 && month <= 12 ? `${m[1]}/${m[2]}` : undefined;
}

function monthOfUnixTime(seconds: number | null | undefined): string | undefined {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
