/**
 * `flickrvault site DIR`: the archive as a static website that opens from `file://`.
 *
 * Tested by tests/site_browser_test.ts, tests/site_rerun_test.ts and tests/own_files_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import { resolve } from "node:path";
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
import { consoleSink } from "../progress.ts";
import { formatBytes, formatCount, formatDurationMs } from "../units.ts";
import type { Audience } from "../catalog/audience.ts";
import { type SiteSummary, writeSite } from "../site/site.tsx";
import { isInside, type MediaMode } from "../site/site_media.ts";

const HELP = `flickrvault site: write the archive as a website anyone can open, without a server

Usage: flickrvault site DIR [--archive DIR] [--media copy|link] [--json]
                        [--privacy public|friends|family|all]

Writes every page of 'serve' (photostream, photos with comments and notes, albums, tags,
people, favourites, timeline, search...) as plain files in DIR. Open DIR/index.html by
double-clicking it: no server, no network, no install. Copy the folder to a USB stick or zip
it to hand it on. Run it again after 'archive' to bring it up to date: only pages whose
content changed are rewritten, pages of items no longer in the archive are removed.

DIR must be new, empty, or a site written before (it holds .flickrvault-site): a folder with
other files in it is refused. In its own folder the site replaces and removes only the files it
wrote; files you add there, or change, are left as they are.

Options:
  --archive DIR    the archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  --media MODE     how photos and videos reach a site outside the archive: 'copy' (default)
                   or 'link' (hard links: no extra space, same disk only; falls back to copies).
                   A DIR inside the archive (e.g. ARCHIVE/site) uses the archive's own files,
                   so it takes no extra space but must travel with the archive.
  --json           also write each page's JSON twin beside it (albums/ID.json: what 'serve'
                   answers to ?format=json), linked from the page; doubles the site's size
${PRIVACY_HELP} Nothing else is
                   shown anywhere: not in albums, tags, people, search or counts. Pages
                   and media an earlier run wrote of what is now left out are removed.
  -h, --help       this help`;

/** `flickrvault site`. */
export const siteCommand: Command = {
  name: "site",
  summary: "Write the archive as a static website that opens without a server",
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("site", argv, {
      ...archiveOption,
      media: { type: "string" },
      json: { type: "boolean" },
      privacy: { type: "string" },
    }, true);
    const folder = oneFolder(
      "site",
      positionals,
      "site needs the folder to write",
      "e.g. 'flickrvault site ./my-flickr-site' (see 'flickrvault site --help')",
    );
    const privacy = privacyOption("site", values.privacy);
    const dir = archiveDir(values.archive);
    const siteDir = resolve(folder);
    if (resolve(siteDir) === resolve(dir)) {
      throw new UsageError(
        "Cannot write the site into the archive folder itself",
        `pick a folder inside it, e.g. '${resolve(dir, "site")}', or one elsewhere`,
      );
    }
    const asked = values.media === undefined
      ? undefined
      : eitherOf("site", "media", values.media, ["copy", "link"]);
    const inside = isInside(dir, siteDir);
    if (inside && asked) {
      throw new UsageError(
        "--media is for a site outside the archive: inside it, pages link the archive's own files",
        "leave out --media, or write the site elsewhere",
      );
    }
    const media: MediaMode = inside ? "archive" : asked ?? "copy";
    const catalog = await openExistingCatalog(dir, { readonly: true });
    const sink = consoleSink();
    // The site has no stopping point of its own: a signal stops it at once, which is safe (pages
    // appear only complete) and the re-run writes only what is missing or changed.
    using _stop = listenForStop({
      resume: `run 'flickrvault site ${siteDir}' again to finish: it rewrites only what changed`,
      graceMs: 0,
      print: (line) => sink.line(line),
    });
    try {
      sink.line(
        `Writing the site of ${resolve(dir)} to ${siteDir} (media: ${
          media === "archive" ? "the archive's own files" : media
        })`,
      );
      const s = await writeSite({
        catalog,
        archiveDir: dir,
        siteDir,
        media,
        progress: sink,
        json: values.json === true,
        privacy,
      });
      for (const line of siteDoneLines(s, media, siteDir, privacy)) sink.line(line);
      return siteExitCode(s);
    } finally {
      await catalog.close();
    }
  },
};

/** Whether a written site needs a look: files missing from the archive, or left alone. */
export function siteExitCode(s: SiteSummary): 0 | 1 {
  return s.media.missing > 0 || s.pages.leftAlone > 0 ? 1 : 0;
}

/**
 * What `site` says when it has written the site into `siteDir` for `privacy`: the first line
 * always counts the items it holds that Flickr did not show to everyone.
 */
export function siteDoneLines(
  s: SiteSummary,
  media: MediaMode,
  siteDir: string,
  privacy: Audience = "all",
): string[] {
  const lines = [
    `Done in ${formatDurationMs(s.seconds * 1000)}: ${s.pages.files.toLocaleString("en")} files ` +
    `(${formatBytes(s.pages.bytes)}) for ${s.items.toLocaleString("en")} items; ` +
    `${s.pages.written.toLocaleString("en")} written (${formatBytes(s.pages.bytesWritten)}), ` +
    `${s.pages.unchanged.toLocaleString("en")} unchanged, ` +
    `${s.pages.removed.toLocaleString("en")} removed` +
    (media === "archive"
      ? ""
      : `; media: ${s.media.placed.toLocaleString("en")} ${
        media === "link" ? "linked or copied" : "copied"
      } (${formatBytes(s.media.placedBytes)})` +
        (s.media.pruned
          ? `, ${s.media.pruned.toLocaleString("en")} no longer in the archive${
            privacy === "all" ? "" : " or left out"
          } removed`
          : "")) +
    `; ${formatCount(s.notPublic)} not public (friends, family, private or unknown) included` +
    (s.leftOut ? `; ${formatCount(s.leftOut)} not shown to ${privacy} on Flickr, left out` : ""),
  ];
  if (s.pages.leftAlone > 0) {
    const n = s.pages.leftAlone;
    lines.push(
      `${n.toLocaleString("en")} ${n === 1 ? "file was" : "files were"} left alone: ` +
        `the site did not write ${n === 1 ? "it" : "them"}, or ${
          n === 1 ? "it was" : "they were"
        } changed since (${s.leftAlone.join(", ")}${n > s.leftAlone.length ? ", …" : ""}); ` +
        "move them out of the folder and run 'flickrvault site' again to write the site's own",
    );
  }
  if (s.media.missing > 0) {
    lines.push(
      `${s.media.missing.toLocaleString("en")} catalogued files are missing from the archive; ` +
        "their pages show no image (run 'flickrvault verify', then 'archive')",
    );
  }
  lines.push(`Open ${resolve(siteDir, "index.html")} in a browser.`);
  return lines;
}
