/**
 * Which photo a media file of the export is, decided only on agreeing evidence.
 *
 * Flickr names the files `<title-or-camera-name>_<id>_o.<ext>` and, in recent exports,
 * `<id>_<secret>_o.<ext>`; ids run 8 to 11 digits, and camera names (`DSC_0026`,
 * `IMG_20190523_142233`) hold digit runs of their own. So no position in the name is trusted: every
 * run of digits is a candidate id, and a file names a photo only when exactly one candidate is a
 * photo of the account (a `photo_<id>.json`, now a row of the catalog), no other candidate looks like
 * the id of a photo whose record is missing, and its extension fits that photo's original format. Two different files naming one photo is a conflict: both are reported
 * and neither is attached. Whatever is not matched surely is listed with its reason, never
 * attached.
 * @module
 */
import { basename } from "node:path";
import { isVideoExtension } from "./records.ts";

/** Image extensions a media zip holds; videos are whatever `isVideoExtension` knows. */
const IMAGE_EXTENSIONS = new Set([
  "jpg",
  "jpeg",
  "png",
  "gif",
  "tif",
  "tiff",
  "heic",
  "heif",
  "webp",
  "bmp",
]);

/**
 * Digit runs shorter than this are never ids: Flickr's ids have had 8 digits and more since 2005,
 * and the few older ones 5 to 7; four-digit runs are camera counters (`DSC_0026`).
 */
const MIN_ID_DIGITS = 5;

/** What a file name says: its extension (lower case) and every candidate photo id in it. */
export interface MediaName {
  ext: string;
  candidates: string[];
}

/** Reads a media file name, or `undefined` when its extension is not a photo's or a video's. */
export function readMediaName(name: string): MediaName | undefined {
  const base = basename(name);
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const ext = base.slice(dot + 1).toLowerCase();
  if (!IMAGE_EXTENSIONS.has(ext) && !isVideoExtension(ext)) return undefined;
  // `<id>_<secret>_o`: a secret of ten hex characters may be all digits, and is no id.
  const stem = base.slice(0, dot).replace(/^(\d+)_[0-9a-f]{10}(?=_o$)/i, "$1");
  const runs = stem.match(/\d+/g) ?? [];
  const candidates = [
    ...new Set(runs.filter((r) => r.length >= MIN_ID_DIGITS && !r.startsWith("0"))),
  ];
  return { ext, candidates };
}

/**
 * Whether a digit run that names no imported photo may still be a photo's id (one whose
 * `photo_<id>.json` is missing): nine digits and more, or eight that are not a date (camera names
 * hold `YYYYMMDD`). Such a run beside a known id leaves the file unsure.
 */
export function mayBeAnId(run: string): boolean {
  if (run.length >= 9) return true;
  if (run.length < 8) return false;
  const m = /^(19|20)(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.exec(run);
  return m === null;
}

/** The same format under its usual spellings (`jpeg` and `jpg`, `tiff` and `tif`...). */
function canonicalFormat(ext: string): string {
  const e = ext.toLowerCase();
  return e === "jpeg" || e === "jpe" ? "jpg" : e === "tiff" ? "tif" : e === "heif" ? "heic" : e;
}

/** What the catalog knows of a photo a file may belong to. */
export interface PhotoEvidence {
  /** `photo`, `video`, or null when unknown. */
  media: string | null;
  /** The original's format as Flickr names it (`jpg`), or null when unknown. */
  originalFormat: string | null;
}

/** Why an extension does not fit a photo, or `undefined` when it fits. */
export function formatMismatch(ext: string, photo: PhotoEvidence): string | undefined {
  const video = isVideoExtension(ext);
  if (photo.media === "video") return video ? undefined : "the photo is a video";
  if (photo.originalFormat) {
    const want = canonicalFormat(photo.originalFormat);
    // A video record's format may be a container the export renames (mov → mp4).
    if (video && isVideoExtension(want)) return undefined;
    return canonicalFormat(ext) === want ? undefined : `its original is .${photo.originalFormat}`;
  }
  if (photo.media === "photo" && video) return "the photo is not a video";
  return undefined;
}

/** One media file among the inputs, with what its name says. */
export interface MediaCandidate<T> {
  /** The file as the caller knows it (a zip entry). */
  file: T;
  /** Its name, for reports (`data-download-1.zip: sunset_123_o.jpg`). */
  label: string;
  /** Same key, same file: the same zip passed twice, or a copy of it. */
  identity: string;
  name: MediaName;
  /**
   * Its size in bytes, when known. Flickr names a media file after the photo's title when the
   * export is made, so a newer export beside an older one names the same original otherwise:
   * files of one photo with the same extension and size are taken as one file.
   */
  bytes?: number;
}

/** A file left unattached, and why. */
export interface UnmatchedMedia {
  file: string;
  reason: string;
}

/** The outcome of {@link matchMedia}. */
export interface MediaMatches<C> {
  /** Photo id → the one file that is surely its original. */
  matched: Map<string, C>;
  unmatched: UnmatchedMedia[];
  /** Photo ids two or more different files named (none of them attached). */
  conflicts: string[];
}

/**
 * Matches files to the photos `known` describes (by id). A file whose candidates name no known
 * photo, or several, or whose extension does not fit, is unmatched; a photo named by two different
 * files is a conflict. Copies of one file (same identity, or the same photo, extension and size)
 * count once.
 */
export function matchMedia<C extends MediaCandidate<unknown>>(
  files: Iterable<C>,
  known: ReadonlyMap<string, PhotoEvidence>,
): MediaMatches<C> {
  const unmatched: UnmatchedMedia[] = [];
  // A photo's one file, or its files when several claim it: an array for each of 83,000 photos
  // held 16 MB until the end of the matching (V8 gives a pushed-to array room for 17).
  const claims = new Map<string, C | C[]>();
  // Copies of a file (the same zip twice, a zip and its unpacked folder) get the same verdict, as
  // it rests on the name and size alone: those left unmatched are reported once, those matched
  // are found among their photo's claims. No set of every file's identity (6 MB at 83,000).
  const reported = new Set<string>();
  for (const f of files) {
    const name = f.name;
    const v = verdict(name, known);
    if (typeof v !== "string") {
      const identity = f.identity;
      if (reported.has(identity)) continue;
      reported.add(identity);
      unmatched.push({ file: f.label, reason: v.reason });
      continue;
    }
    const id = v;
    const claim = claims.get(id);
    if (claim === undefined) {
      claims.set(id, f);
      continue;
    }
    const list = Array.isArray(claim) ? claim : [claim];
    const identity = f.identity;
    if (list.some((o) => o.identity === identity)) continue;
    const same = f.bytes !== undefined &&
      list.some((o) => o.bytes === f.bytes && o.name.ext === name.ext);
    if (!same) list.push(f);
    claims.set(id, list.length === 1 ? list[0] : list);
  }
  const matched = new Map<string, C>();
  const conflicts: string[] = [];
  for (const [id, claim] of claims) {
    if (!Array.isArray(claim)) {
      matched.set(id, claim);
      continue;
    }
    const list = claim;
    conflicts.push(id);
    for (const c of list) {
      const others = list.filter((o) => o !== c).map((o) => o.label).join(", ");
      unmatched.push({
        file: c.label,
        reason: `photo ${id} is also claimed by ${others}: neither is attached`,
      });
    }
  }
  return { matched, unmatched, conflicts };
}

/** The one photo a file's name surely names, or why it names none surely. */
function verdict(
  name: MediaName,
  known: ReadonlyMap<string, PhotoEvidence>,
): string | { reason: string } {
  const named = name.candidates.filter((id) => known.has(id));
  if (named.length === 0) {
    return {
      reason: name.candidates.length === 0
        ? "no photo id in its name"
        : `no photo_<id>.json for ${name.candidates.join(" or ")} among the imported records`,
    };
  }
  if (named.length > 1) {
    return { reason: `its name holds the ids of ${named.length} photos (${named.join(", ")})` };
  }
  const id = named[0];
  const other = name.candidates.filter((c) => !known.has(c) && mayBeAnId(c));
  if (other.length > 0) {
    return {
      reason: `named for photo ${id}, but it also holds ${other.join(", ")}, which may be ` +
        "the id of a photo whose photo_<id>.json was not imported",
    };
  }
  const misfit = formatMismatch(name.ext, known.get(id)!);
  return misfit ? { reason: `named for photo ${id}, but ${misfit}` } : id;
}
