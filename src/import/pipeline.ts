/**
 * `flickrvault import`: builds or tops up the archive from Flickr's own data export, into the same
 * catalog and file tree as `archive`.
 *
 * Order: every input is opened and checked first (an input that is not a Flickr export stops the
 * import before anything is written; a zip cut short or damaged is named and skipped), then the
 * metadata is written in batches, each in one transaction, then media files matched surely to
 * photos (`media_match.ts`) are streamed out of the zips into their place, then the photos'
 * thumbnails and display copies are made from them (`../tree/pictures.ts`). Safe to run again
 * with the same or more zips: records stored before from the same JSON are left as they are
 * (`photo_records.ts`), files already in place are skipped, and
 * items the API already archived (their `listing_json` is a real listing, not the `{}` an import
 * leaves) are not overwritten with the export's older view.
 *
 * Pipeline state for a later `archive` run (which decides what to fetch from these columns):
 * - `comments_synced` = 0 when the photo has no comments, else null: the export names commenters
 *   by NSID only and does not say whose account is deleted, so `archive` fetches each list once;
 * - `faves_synced` = 0 when the photo has no faves, else null (the export has no list of who faved);
 * - `info_last_update`, `people_synced`, `sizes_synced` stay null: the export has no `lastupdate`,
 *   so getInfo (notes with names, places, tag authors) runs once per item later;
 * - a current `files` row of kind `original` (with the original secret from the export's URL) for
 *   every original in the media zips, so `archive` downloads no original the export gave.
 *
 * Tested by tests/import_fidelity_test.ts, tests/import_matrix_test.ts and
 * tests/import_again_test.ts.
 * @module
 */
import { removeStaleTempFiles } from "../files/temp_files.ts";
import { makeMissingPictures } from "../tree/pictures.ts";
import { countOf } from "../units.ts";
import { Progress, type ProgressSink } from "../progress.ts";
import { resolveNaming, type SidecarNaming, writeSidecars } from "../tree/sidecars.ts";
import { type Catalog, openCatalog } from "../catalog/db.ts";
import { acquireArchiveLock } from "../catalog/lock.ts";
import { finishRun, getMeta, startRun, upsertLicenses } from "../catalog/writes.ts";
import { STRUCTURE_REFRESHED_AT } from "../catalog/meta_keys.ts";
import { resolveAccount, saveAccount } from "./account.ts";
import { jsonReader, locate } from "./export_files.ts";
import { importFavourites, importOwnComments } from "./favourites.ts";
import { FLICKR_LICENSES } from "../catalog/licenses.ts";
import { importMedia } from "./media_files.ts";
import { recordMd5s } from "../tree/md5s.ts";
import { reportMissing } from "./missing.ts";
import { importPhotoRecords } from "./photo_records.ts";
import { emptyReport, type ImportReport } from "./report.ts";
import { importAlbums, importGalleries, importGroups } from "./sets.ts";
import { type ExportInputs, openInputs } from "./sources.ts";

export { importExitCode, type ImportReport } from "./report.ts";

/** Options of {@link importExport}. */
export interface ImportOptions {
  archiveDir: string;
  /** Zips, or folders holding zips or unpacked export files. */
  inputs: string[];
  sink?: ProgressSink;
  /**
   * Photo records written per transaction (default 100: batches of 500 peaked 20-50 MB higher in
   * native memory at 3,000 and 10,000 items; the shared machine's noise hid any difference in
   * speed).
   */
  batchSize?: number;
  /** `--no-sidecars`: no XMP sidecars written. */
  noSidecars?: boolean;
  /** `--sidecar-name` (remembered in the catalog). */
  sidecarName?: SidecarNaming;
  /** `--no-pictures`: no thumbnails or display copies made (the next import or archive makes them). */
  noPictures?: boolean;
}

const SILENT: ProgressSink = { line() {}, status() {} };

/**
 * Imports Flickr's data export into the archive. Throws `ImportInputError` (nothing written)
 * when an input is missing, not a zip or not from a Flickr export, or when there is no
 * metadata to match media files against; throws `ArchiveLockedError` when another run holds the
 * archive.
 *
 * @example
 * ```ts
 * const report = await importExport({ archiveDir: "./flickr-archive", inputs: ["~/export"] });
 * Deno.exit(importExitCode(report));
 * ```
 */
export async function importExport(opts: ImportOptions): Promise<ImportReport> {
  const sink = opts.sink ?? SILENT;
  const inputs = await openInputs(opts.inputs);
  try {
    await using _lock = await acquireArchiveLock(opts.archiveDir);
    const catalog = await openCatalog(opts.archiveDir);
    try {
      // An interrupted import or archive leaves its unfinished batch under temporary names.
      await removeStaleTempFiles(opts.archiveDir);
      return await run(catalog, inputs, opts, sink);
    } finally {
      await catalog.close();
    }
  } finally {
    inputs.close();
  }
}

async function run(
  catalog: Catalog,
  inputs: ExportInputs,
  opts: ImportOptions,
  sink: ProgressSink,
): Promise<ImportReport> {
  const { db } = catalog;
  const report = emptyReport();
  report.brokenZips = inputs.broken.map((b) => b.message);
  const files = locate(inputs);
  // Each JSON entry is held once from here, in `files`: the zips' lists of them are let go.
  inputs.forgetEntries();
  const readJson = jsonReader(report);
  const owner = await resolveAccount(db, inputs, files, readJson);
  const { account } = owner;

  const runId = await startRun(db, "import");
  let finished = false;
  try {
    const now = new Date().toISOString();
    await saveAccount(db, owner);
    // Licences the API listed stay as it wrote them; the export's table only fills the gaps.
    const listed = new Set(
      (await db.selectFrom("licenses").select("id").execute()).map((l) => l.id),
    );
    await upsertLicenses(
      db,
      FLICKR_LICENSES.filter((l) => !listed.has(l.id)).map(({ id, name, url }) => ({
        id,
        name,
        url: url || null,
      })),
    );

    const records = files.photos;
    sink.line(
      `Metadata: ${countOf(records.length, "photo records")} in ` +
        countOf(inputs.metadata.length, "sources"),
    );
    const { mediaOf, groupRefs } = await importPhotoRecords(catalog, records, {
      readJson,
      account,
      now,
      batchSize: Math.max(1, opts.batchSize ?? 100),
      sink,
      report,
    });
    // Once `archive` has listed the albums, galleries and groups, the API's lists (exact order,
    // dates added, counts) are better than the export's: each importer then keeps them.
    await importAlbums(catalog, files.named, readJson, mediaOf, report);
    await importGalleries(catalog, files.named, readJson, report);
    await importGroups(catalog, files.named, readJson, groupRefs, report);
    report.setsKeptFromApi = (await getMeta(db, STRUCTURE_REFRESHED_AT)) !== undefined;
    // What only the metadata needed, let go before the media (100,000 entries at 100,000 items).
    files.photos.clear();
    mediaOf.clear();
    groupRefs.clear();
    await importFavourites(catalog, files.parts("faves_part"), readJson, account, now, report);
    await importOwnComments(
      catalog,
      files.parts("photos_comments_part"),
      readJson,
      account,
      report,
    );
    files.named.clear();
    sink.line(
      `Metadata: ${countOf(report.photos, "photos and videos")}, ` +
        `${countOf(report.favorites, "favourites")}, ` +
        // No albums file in the export: how many albums is unknown, not 0.
        (report.albums === null ? "" : `${countOf(report.albums, "albums")}, `) +
        countOf(report.comments, "comments"),
    );

    await importMedia(catalog, opts.archiveDir, inputs.media, sink, report);
    inputs.media.clear();
    // The export holds originals only: the viewer's thumbnails and display copies are made here.
    if (!opts.noPictures) {
      await makeMissingPictures(catalog, opts.archiveDir, {
        progress: new Progress(sink, { callsPerHour: 0, callsMade: 0 }),
        problem: (text) => sink.line(text),
      });
    }
    // For the duplicates page: the MD5s that `checksum:md5=` tags are matched against.
    await recordMd5s(db, opts.archiveDir, {
      onStart: (n) => sink.line(`Checksums: ${countOf(n, "files")} to hash`),
    });
    await reportMissing(catalog, opts.archiveDir, inputs, report);
    if (!opts.noSidecars) {
      const naming = await resolveNaming(db, opts.sidecarName);
      const progress = new Progress(sink, { callsPerHour: 0, callsMade: 0 });
      const s = await writeSidecars(catalog, opts.archiveDir, { naming, progress });
      report.sidecarsWritten = s.written;
      report.sidecarsKept = s.kept;
    }
    await finishRun(db, runId, "done", {
      bytes_downloaded: report.bytesWritten,
      summary: report,
    });
    finished = true;
    return report;
  } finally {
    if (!finished) await finishRun(db, runId, "failed").catch(() => {});
  }
}
