/**
 * The files that mark a folder as the output of `site` or `export`. Such a folder may sit inside
 * the archive (a site there links the archive's own media); the archiver leaves it alone: those
 * commands clean up their own temporary files, and walking a 100,000-page site on every archive
 * run would cost more than the run.
 * @module
 */

/** The manifest `flickrvault site` keeps in its folder. */
export const SITE_MANIFEST = ".flickrvault-site";
/** The manifest `flickrvault export` keeps in its folder. */
export const EXPORT_MANIFEST = ".flickrvault-export.json";

/** Every marker of another command's output folder. */
export const OUTPUT_MARKERS: ReadonlySet<string> = new Set([SITE_MANIFEST, EXPORT_MANIFEST]);
