/**
 * `flickrvault export DIR`: copies of the originals with the archive's metadata embedded (see
 * `src/export/export.ts`).
 * @module
 */
import {
  archiveDir,
  archiveOption,
  type Command,
  eitherOf,
  oneFolder,
  parseCommandArgs,
  UsageError,
} from "./command.ts";
import { openExistingCatalog } from "./status.ts";
import { consoleSink, formatBytes, formatCount, Progress } from "../archive/progress.ts";
import { exportArchive, MANIFEST } from "../export/export.ts";

const HELP = `flickrvault export: copy the originals into a folder, with the metadata embedded

Usage: flickrvault export DIR [--by album|date] [--archive DIR]

Writes a copy of every original (or the best copy where Flickr gave no original) into DIR, with
its title, description, tags, albums, dates, place, people and licence embedded as XMP, for
apps and services that ignore sidecars (Apple Photos, Google Photos uploads). JPEG and PNG
copies carry the metadata inside; other formats (HEIC, TIFF, GIF, videos) are copied as they
are with a photo.heic.xmp sidecar beside them. The image data is never re-encoded, and the
archive's own files are never modified.

Running it again writes only what changed, and removes the copies it made that no longer
belong (it remembers them in DIR/${MANIFEST}). DIR must be new, empty, or an export made
before: a folder with other files in it is refused. Files you add to it, or change (an app
that edits in place), are never overwritten nor removed.

Options:
  --by album|date  'album': a folder per album (a photo in two albums is copied into both),
                   'Not in an album' and 'Favorites'; 'date': YEAR/MONTH folders by date taken,
                   and 'Favorites' (default: album)
  --archive DIR    The archive (default: $FLICKRVAULT_ARCHIVE, else ./flickr-archive)
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
    }, true);
    const folder = oneFolder("export", positionals, "name the folder to export into");
    const by = eitherOf("export", "by", values.by ?? "album", ["album", "date"]);
    const dir = archiveDir(values.archive);
    const catalog = await openExistingCatalog(dir, { readonly: true });
    const controller = new AbortController();
    const onInterrupt = () => controller.abort(new DOMException("Interrupted", "AbortError"));
    Deno.addSignalListener("SIGINT", onInterrupt);
    try {
      const sink = consoleSink();
      const progress = new Progress(sink, { callsPerHour: 0, callsMade: 0 });
      let s;
      try {
        s = await exportArchive(catalog, dir, folder, {
          by,
          progress,
          signal: controller.signal,
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
      console.log(
        `${controller.signal.aborted ? "Interrupted" : "Exported"}: ${
          formatCount(s.items)
        } items, ` +
          `${formatCount(s.written)} files written (${formatBytes(s.bytes)}), ` +
          `${formatCount(s.unchanged)} unchanged, ${formatCount(s.removed)} removed` +
          (s.withSidecar ? `; ${formatCount(s.withSidecar)} with an .xmp sidecar beside` : "") +
          (s.withoutFile ? `; ${formatCount(s.withoutFile)} items have no file yet` : ""),
      );
      for (const p of s.problems.slice(0, 50)) console.log(`  ${p}`);
      if (s.leftAlone > 0) {
        console.log(
          `${formatCount(s.leftAlone)} ${
            s.leftAlone === 1 ? "file was" : "files were"
          } left alone: export did not write them, or they were changed since; move them out ` +
            "of the folder and run 'flickrvault export' again to write its own:",
        );
        for (const p of s.leftAlonePaths) console.log(`  ${p}`);
        if (s.leftAlone > s.leftAlonePaths.length) {
          console.log(`  … and ${formatCount(s.leftAlone - s.leftAlonePaths.length)} more`);
        }
      }
      if (controller.signal.aborted) return 130;
      return s.problems.length > 0 || s.leftAlone > 0 ? 1 : 0;
    } finally {
      Deno.removeSignalListener("SIGINT", onInterrupt);
      await catalog.close();
    }
  },
};
