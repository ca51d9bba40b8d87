/**
 * What an import did and what it found missing, and the exit code that follows from it.
 * @module
 */
import { join } from "node:path";
import type { UnmatchedMedia } from "./media_match.ts";

/** How many files not attached are named on screen (the report file lists them all). */
const SHOWN = 10;

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

/** What a finished import says, in the words `flickrvault import` prints and its page shows. */
export interface ReportLines {
  /** What was imported. */
  summary: string[];
  /** What needs attention, one line each (empty when nothing does). */
  attention: string[];
  /** Where every missing item and file is listed, when anything is. */
  listedIn: string | null;
}

/**
 * "4 albums, 0 galleries, " for the set files the export held; a kind whose file was not there is
 * unknown and left out, never "0 albums".
 */
function setCounts(r: Pick<ImportReport, "albums" | "galleries" | "groups">): string {
  const kinds = [[r.albums, "albums"], [r.galleries, "galleries"], [r.groups, "groups"]] as const;
  return kinds.filter(([n]) => n !== null).map(([n, word]) => `${n} ${word}, `).join("");
}

/** The words for `r`, an import into `archiveDir`. */
export function reportLines(r: ImportReport, archiveDir: string): ReportLines {
  const summary = [
    `Imported ${r.photos} photos and videos, ${r.favorites} favourites, ${setCounts(r)}` +
    `${r.comments} comments; ` +
    `${r.mediaWritten} media files written (${(r.bytesWritten / 1e6).toFixed(1)} MB), ` +
    `${r.mediaAlreadyPresent} already there` +
    (r.sidecarsWritten === null ? "." : `; ${r.sidecarsWritten} XMP sidecars written` +
      (r.sidecarsKept ? ` (${r.sidecarsKept} changed by another app, kept).` : ".")),
  ];
  if (r.keptFromApi > 0) {
    summary.push(
      `${r.keptFromApi} photos were already archived from Flickr and were left as they are.`,
    );
  }
  if (r.lesserCopiesUpgraded > 0) {
    summary.push(`${r.lesserCopiesUpgraded} smaller copies were replaced by their originals.`);
  }
  const attention: string[] = [];
  for (const b of r.brokenZips) attention.push(`skipped, the rest imported: ${b}`);
  for (const d of r.damaged) attention.push(`damaged: ${d}`);
  for (const part of r.missingParts) attention.push(`missing from the export: ${part}`);
  if (r.photosWithoutMedia.count > 0) {
    attention.push(
      `${r.photosWithoutMedia.count} photos or videos have no original yet (e.g. ${
        r.photosWithoutMedia.ids.slice(0, 5).join(", ")
      }): add the zips that hold them, or run 'flickrvault archive'`,
    );
  }
  for (const u of r.unmatched.slice(0, SHOWN)) {
    attention.push(`not attached: ${u.file}: ${u.reason}`);
  }
  if (r.unmatched.length > SHOWN) {
    attention.push(`... and ${r.unmatched.length - SHOWN} more files not attached`);
  }
  if (r.albumPhotosWithoutRecord > 0) {
    attention.push(
      `${r.albumPhotosWithoutRecord} photos listed in albums have no photo_<id>.json: ` +
        "a metadata zip may be missing",
    );
  }
  return {
    summary,
    attention,
    listedIn: r.missingReport ? join(archiveDir, r.missingReport) : null,
  };
}
