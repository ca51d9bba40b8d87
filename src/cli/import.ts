/**
 * `flickrvault import <zips or folders> [--archive DIR]`: fills the archive from Flickr's own data
 * export. Exit 0 when everything was imported, 1 when it finished but something needs attention
 * (photos without a media file, files not matched surely, zips absent or damaged), 2 for bad input.
 *
 * Tested by tests/import_matrix_test.ts and tests/fault_messages_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import {
  archiveDir,
  archiveOption,
  type Command,
  parseCommandArgs,
  sidecarNaming,
  UsageError,
} from "./command.ts";

const HELP = `flickrvault import: fill the archive from Flickr's own data export

Usage: flickrvault import <zips or folders>... [--archive DIR]

Flickr sends its export as metadata zips (<digits>_<hex>_part1.zip, ...) and media zips
(data-download-1.zip or data_<digits>_<hex>_1.zip, ...). Pass the zips, or the folder you
downloaded them into (unpacked files work too). Files are streamed out of the zips into the
archive; nothing is extracted elsewhere. Importing again with the same or more zips is safe.

A media file is attached to a photo only when its name holds that photo's id and no other
photo's, and its type fits the photo; anything else is listed with the reason, never attached.
A zip cut short by a broken download is named and skipped: import a fresh copy later.
What is still missing is listed in missing-from-export.txt in the archive.

The export lacks some things (who faved your photos, commenters' names, the time each photo
last changed): a later 'flickrvault archive' with an API key fetches only those.

Options:
  --archive DIR         The archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  --no-sidecars         Write no XMP sidecars beside the media files
  --no-pictures         Make no thumbnails and display copies from the originals now (the
                        next import or archive makes them; until then the viewer shows titles)
  --sidecar-name STYLE  'file' (photo.jpg.xmp, the default) or 'basename' (photo.xmp, Lightroom)
  -h, --help            Show this help

Exit codes: 0 all imported, 1 finished but something needs attention (listed), 2 bad input.`;

/** The `import` command. */
export const importCommand: Command = {
  name: "import",
  summary: "Fill the archive from Flickr's own data export",
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("import", argv, {
      ...archiveOption,
      "no-sidecars": { type: "boolean" },
      "no-pictures": { type: "boolean" },
      "sidecar-name": { type: "string" },
    }, true);
    const sidecarName = sidecarNaming("import", values["sidecar-name"]);
    if (positionals.length === 0) {
      throw new UsageError(
        "name the export's zips or the folder holding them",
        "see 'flickrvault import --help'",
      );
    }
    const { importExport, importExitCode } = await import("../import/pipeline.ts");
    const { ImportInputError } = await import("../import/sources.ts");
    const { ArchiveLockedError } = await import("../catalog/lock.ts");
    const { CatalogError } = await import("../catalog/db.ts");
    const { consoleSink } = await import("../progress.ts");
    const { listenForStop } = await import("./stop_signals.ts");
    // The import has no stopping point of its own: a signal stops it at once, which is safe
    // (files appear only complete, catalog writes are transactions) and the re-run goes on.
    using _stop = listenForStop({
      resume: "run the same 'flickrvault import' again to finish: what is imported is kept",
      graceMs: 0,
    });
    const archive = archiveDir(values.archive);
    let report;
    try {
      report = await importExport({
        archiveDir: archive,
        inputs: positionals,
        sink: consoleSink(),
        noSidecars: values["no-sidecars"] ?? false,
        noPictures: values["no-pictures"] ?? false,
        sidecarName,
      });
    } catch (e) {
      if (e instanceof ImportInputError) throw new UsageError(e.message, e.hint);
      if (e instanceof ArchiveLockedError) throw new UsageError(e.message, e.hint);
      if (e instanceof CatalogError) throw new UsageError(e.message, e.hint);
      throw e;
    }
    const { reportLines } = await import("../import/report.ts");
    const lines = reportLines(report, archive);
    for (const line of lines.summary) console.log(line);
    if (lines.attention.length > 0) {
      console.log(["Needs attention:", ...lines.attention.map((m) => `  ${m}`)].join("\n"));
    }
    if (lines.listedIn) {
      console.log(
        `Every item and file above is listed in ${lines.listedIn} ` +
          "(and in 'flickrvault status --json').",
      );
    }
    return importExitCode(report);
  },
};
