/**
 * What an import did and what it found missing, and the exit code that follows from it.
 * @module
 */
import type { UnmatchedMedia } from "./media_match.ts";

/** What an import did and what it found missing. */
export interface ImportReport {
  /** `photo_<id>.json` records written. */
  photos: number;
  /** Records left alone because `archive` already holds the item from the API. */
  keptFromApi: number;
  /** Albums, galleries and groups left as `archive` listed them from the API. */
  setsKeptFromApi: boolean;
  favorites: number;
  /** Null when the inputs held no such file. */
  albums: number | null;
  galleries: number | null;
  groups: number | null;
  comments: number;
  mediaWritten: number;
  /** Media files already in the archive (skipped). */
  mediaAlreadyPresent: number;
  bytesWritten: number;
  /** XMP sidecars written (new or changed); null with `--no-sidecars`. */
  sidecarsWritten: number | null;
  /** Sidecars another app changed, left as they are. */
  sidecarsKept: number;
  /** Lesser copies (e.g. a free account's 1,024 px copies) replaced by their originals. */
  lesserCopiesUpgraded: number;
  /** Own items in the archive still without an original file (count and the first ids). */
  photosWithoutMedia: { count: number; ids: string[] };
  /**
   * Media files not attached, each with its reason: no photo of the account in its name, the ids
   * of several, an extension that does not fit, a photo two files claim (`media_match.ts`).
   */
  unmatched: UnmatchedMedia[];
  /** Zips cut short or damaged, with the reason: skipped whole, the rest imported. */
  brokenZips: string[];
  /** Where the list of what the archive still lacks was written (archive-relative), if anywhere. */
  missingReport: string | null;
  /** Export zips that look absent (gaps in `_partN` / `data-download-N` numbering). */
  missingParts: string[];
  /** Photos listed in albums.json with no `photo_<id>.json` anywhere imported. */
  albumPhotosWithoutRecord: number;
  /** Files inside the inputs that could not be read (damaged entries, bad JSON). */
  damaged: string[];
}

/** A report of an import that has done nothing yet. */
export function emptyReport(): ImportReport {
  return {
    photos: 0,
    keptFromApi: 0,
    setsKeptFromApi: false,
    favorites: 0,
    albums: null,
    galleries: null,
    groups: null,
    comments: 0,
    mediaWritten: 0,
    mediaAlreadyPresent: 0,
    bytesWritten: 0,
    sidecarsWritten: null,
    sidecarsKept: 0,
    lesserCopiesUpgraded: 0,
    photosWithoutMedia: { count: 0, ids: [] },
    unmatched: [],
    brokenZips: [],
    missingReport: null,
    missingParts: [],
    albumPhotosWithoutRecord: 0,
    damaged: [],
  };
}

/**
 * The exit code of a finished import: 1 when something needs attention (a damaged zip or file, a
 * file not matched surely, something missing), else 0. Bad input that stops an import before it
 * writes anything is exit 2, thrown as `ImportInputError`.
 */
export function importExitCode(r: ImportReport): 0 | 1 {
  const attention = r.damaged.length + r.brokenZips.length + r.unmatched.length +
    r.photosWithoutMedia.count + r.missingParts.length + r.albumPhotosWithoutRecord;
  return attention > 0 ? 1 : 0;
}
