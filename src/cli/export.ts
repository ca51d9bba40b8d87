/**
 * `flickrvault export DIR`: copies of the originals with the archive's metadata embedded (see
 * `src/export/export.ts`).
 *
 * Tested by tests/export_test.ts and tests/own_files_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import {
  archiveDir,
  archiveOption,
  type Command,
  eitherOf,
  oneFolder,
  parseCommandArgs,
  PRIVACY_HELP,
  privacyOption,
  UsageError,
} from "./command.ts";
import { openExistingCatalog } from "./status.ts";
import { listenForStop } from "./stop_signals.ts";
import { consoleSink, Progress } from "../progress.ts";
import { formatBytes, formatCount } from "../units.ts";
import { exportArchive, type ExportSummary, MANIFEST } from "../export/export.ts";

const HELP = `flickrvault export: copy the originals into a folder, with the metadata embedded

Usage: flickrvault export DIR [--by album|date] [--privacy public|friends|family|all]
                        [--archive DIR]

Writes a copy of every original (or the best copy where Flickr gave no original) into DIR, with
its title, description, tags, albums, dates, place, people and licence embedded as XMP, for
apps and services that ignore sidecars (Apple Photos, Google Photos uploads). JPEG and PNG
copies carry the metadata inside; other formats (HEIC, TIFF, GIF, videos) are copied as they
are with a photo.heic.xmp sidecar beside them. The image data is never re-encoded, and the
archive's own files are never modified. Each copy is turned as Flickr shows it (through its
EXIF orientation, pixels untouched), and keeps the XMP its original already had.

Running it again writes only what changed, and removes the copies it made that no longer
belong (it remembers them in DIR/${MANIFEST}). DIR must be new, empty, or an export made
before: a folder with other files in it is refused. Files you add to it, or change (an app
that edits in place), are never overwritten nor removed.

Options:
  --by album|date  'album': a folder per album (a photo in two albums is copied into both),
                   'Not in an album' and 'Favorites'; 'date': YEAR/MONTH folders by date taken,
                   and 'Favorites' (default: album)
${PRIVACY_HELP} Copies an
                   earlier run made of what is now left out are removed.
  --archive DIR    The archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  -h, --help       Show this help

Needs nothing installed: the metadata is written by flickrvault itself.
Exit codes: 0 done, 1 done but some items could not be exported or files were left alone
(listed), 2 bad input.`;

/** `flickrvault export`. */
export const exportCommand: Command = {
  name: "export",
  summary: "Copy the originals into a folder with the metadata embedded, for other apps",
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("export", argv, {
      ...archiveOption,
      by: { type: "string" },
      privacy: { type: "string" },
    }, true);
    const folder = oneFolder("export", positionals, "name the folder to export into");
    const by = eitherOf("export", "by", values.by ?? "album", ["album", "date"]);
    const privacy = privacyOption("export", values.privacy);
    const dir = archiveDir(values.archive);
    const catalog = await openExistingCatalog(dir, { readonly: true });
    const stop = listenForStop({
      resume: `run 'flickrvault export ${folder}' again to finish: it writes only what is missing`,
    });
    try {
      const sink = consoleSink();
      const progress = new Progress(sink, { callsPerHour: 0, callsMade: 0 });
      let s;
      try {
        s = await exportArchive(catalog, dir, folder, {
          by,
          privacy,
          progress,
          signal: stop.signal,
        });
      } catch (e) {
        if (e instanceof RangeError) {
          throw new UsageError(
            `Cannot export: ${e.message}`,
            "export into a folder outside the archive",
          );
        }
        throw e;
      }
      for (const line of exportDoneLines(s, privacy, stop.signal.aborted)) console.log(line);
      if (stop.signal.aborted) {
        console.log(`Stopped: run 'flickrvault export ${folder}' again to finish.`);
        return stop.exitCode ?? 130;
      }
      return exportExitCode(s);
    } finally {
      stop.dispose();
      await catalog.close();
    }
  },
};

/** Whether an export needs a look: items that could not be copied, or files left alone. */
export function exportExitCode(s: ExportSummary): 0 | 1 {
  return s.problems.length > 0 || s.leftAlone > 0 ? 1 : 0;
}

/** What `export` says when it ends (`stopped`: by a signal, before the end). */
export function exportDoneLines(s: ExportSummary, privacy: string, stopped: boolean): string[] {
  const lines = [
    `${stopped ? "Interrupted" : "Exported"}: ${formatCount(s.items)} items, ` +
    `${formatCount(s.written)} files written (${formatBytes(s.bytes)}), ` +
    `${formatCount(s.unchanged)} unchanged, ${formatCount(s.removed)} removed` +
    (s.withSidecar ? `; ${formatCount(s.withSidecar)} with an .xmp sidecar beside` : "") +
    (s.withoutFile ? `; ${formatCount(s.withoutFile)} items have no file yet` : "") +
    (s.notShared
      ? `; ${formatCount(s.notShared)} not shown to ${privacy} on Flickr, left out`
      : ""),
  ];
  for (const p of s.problems.slice(0, 50)) lines.push(`  ${p}`);
  if (s.leftAlone > 0) {
    lines.push(
      `${formatCount(s.leftAlone)} ${
        s.leftAlone === 1 ? "file was" : "files were"
      } left alone: export did not write them, or they were changed since; move them out ` +
        "of the folder and run 'flickrvault export' again to write its own:",
    );
    for (const p of s.leftAlonePaths) lines.push(`  ${p}`);
    if (s.leftAlone > s.leftAlonePaths.length) {
      lines.push(`  … and ${formatCount(s.leftAlone - s.leftAlonePaths.length)} more`);
    }
  }
  return lines;
}
