/**
 * What an import did and what it found missing, and the exit code that follows from it.
 * @module
 */

/** What an import did and what it found missing. */
export interface ImportReport {
  /** `photo_<id>.json` records written. */
  photos: number;
  /** Records left alone because `archive` already holds the item from the API. */
  keptFromApi: number;
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
  /** Own items in the archive still without an original file (count and the first ids). */
  photosWithoutMedia: { count: number; ids: string[] };
  /** Media files (zip entry names) that match no photo. */
  mediaWithoutPhoto: string[];
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
    photosWithoutMedia: { count: 0, ids: [] },
    mediaWithoutPhoto: [],
    missingParts: [],
    albumPhotosWithoutRecord: 0,
    damaged: [],
  };
}

/** The exit code for a report: 2 when an input was damaged, 1 when something is missing, else 0. */
export function importExitCode(r: ImportReport): 0 | 1 | 2 {
  if (r.damaged.length > 0) return 2;
  const missing = r.photosWithoutMedia.count + r.mediaWithoutPhoto.length + r.missingParts.length +
    r.albumPhotosWithoutRecord;
  return missing > 0 ? 1 : 0;
}
