/**
 * The files that mark a folder as the output of `site` or `export`: each command's manifest (what
 * its last complete run wrote) and its journal (present while a run writes: what it may have
 * written so far). Such a folder may sit inside the archive (a site there links the archive's own
 * media); the archiver leaves it alone: those commands clean up their own temporary files, and
 * walking a 100,000-page site on every archive run would cost more than the run. Either command
 * writes only into a folder that is new, empty, or marked as its own.
 *
 * Tested by src/files/output_folder_test.ts and src/export/export_test.ts.
 * @module
 */

/** The manifest `flickrvault site` keeps in its folder. */
export const SITE_MANIFEST = ".flickrvault-site";
/** The journal of a `flickrvault site` run, removed when the run completes. */
export const SITE_JOURNAL = ".flickrvault-site-running";
/** The manifest `flickrvault export` keeps in its folder. */
export const EXPORT_MANIFEST = ".flickrvault-export.json";
/** The journal of a `flickrvault export` run, removed when the run completes. */
export const EXPORT_JOURNAL = ".flickrvault-export-running";

/** Every marker of another command's output folder. */
export const OUTPUT_MARKERS: ReadonlySet<string> = new Set([
  SITE_MANIFEST,
  SITE_JOURNAL,
  EXPORT_MANIFEST,
  EXPORT_JOURNAL,
]);
