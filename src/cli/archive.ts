/**
 * `flickrvault archive`: brings the archive up to date with the Flickr account (see
 * `src/archive/pipeline.ts`). Progress goes to stderr; the closing summary to stdout.
 *
 * Tested by tests/archive_cli_test.ts, src/cli/archive_summary_test.ts and tests/bad_input_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import {
  archiveDir,
  archiveOption,
  type Command,
  parseCommandArgs,
  positiveInt,
  sidecarNaming,
  UsageError,
  wholeNumber,
} from "./command.ts";
import { loadCredentials } from "../flickr/credentials.ts";
import { flickrOrigin } from "../flickr/endpoints.ts";
import { type ArchiveSummary, runArchive } from "../archive/pipeline.ts";
import { freeAccountNote } from "../archive/free_account.ts";
import { consoleSink } from "../progress.ts";
import { formatBytes, formatCount, formatDurationMs } from "../units.ts";
import { listenForStop } from "./stop_signals.ts";

const HELP = `flickrvault archive: bring the archive up to date with your Flickr account

Usage: flickrvault archive [options]

Lists your photos, videos and favourites, downloads every original first, then comments, faves,
notes, people, albums, collections, galleries and groups. Safe to interrupt (Ctrl-C) and to run
again: the next run continues where this one stopped and fetches only what changed.

Options:
  --archive DIR          The archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  --rate N               API calls per hour (default ${DEFAULTS.callsPerHour}, Flickr's limit; 0 = no limit)
  --concurrency N        Parallel file downloads (default ${DEFAULTS.downloadConcurrency})
  --api-key KEY          Flickr API key (default: $FLICKR_API_KEY, else the archive's credentials)
  --api-secret SECRET    Its secret (default: $FLICKR_API_SECRET, else the archive's credentials)
  --flickr-origin URL    Talk to this Flickr instead of flickr.com (e.g. the simulator)
  --no-sidecars          Write no XMP sidecars in this run
  --sidecar-name STYLE   'file': photo.jpg.xmp (darktable, digiKam, Immich; the default) or
                         'basename': photo.xmp (Lightroom); remembered for later runs
  -h, --help             Show this help

On a free account Flickr gives apps at most 1,024 px of most photos: the archive keeps those copies,
and 'flickrvault import' adds their originals from Flickr's data export.

Sign in first with 'flickrvault auth', or set FLICKR_OAUTH_TOKEN and FLICKR_OAUTH_TOKEN_SECRET.
Exit codes: 0 done, 1 done but something needs attention (listed), 2 bad input,
130 (Ctrl-C), 143 (SIGTERM) or 129 (SIGHUP): stopped; run again to continue.`;

/** `flickrvault archive`. */
export const archiveCommand: Command = {
  name: "archive",
  summary: "Bring the archive up to date with the Flickr account",
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs("archive", argv, {
      ...archiveOption,
      rate: { type: "string" },
      concurrency: { type: "string" },
      "api-key": { type: "string" },
      "api-secret": { type: "string" },
      "flickr-origin": { type: "string" },
      "no-sidecars": { type: "boolean" },
      "sidecar-name": { type: "string" },
    });
    const dir = archiveDir(values.archive);
    const rate = wholeNumber("archive", "rate", values.rate, DEFAULTS.callsPerHour);
    const concurrency = positiveInt(
      "archive",
      "concurrency",
      values.concurrency,
      DEFAULTS.downloadConcurrency,
    );
    const sidecarName = sidecarNaming("archive", values["sidecar-name"]);
    const origin = flickrOrigin(values["flickr-origin"]);
    if (origin !== undefined && !/^https?:\/\/[^/]+/i.test(origin)) {
      throw new UsageError(
        `--flickr-origin must be an http(s) URL, not '${origin}'`,
        "for example --flickr-origin http://127.0.0.1:8123",
      );
    }
    const credentials = await loadCredentials(dir, Deno.env, {
      apiKey: values["api-key"],
      apiSecret: values["api-secret"],
    }, { requireToken: true });

    const sink = consoleSink();
    using stop = listenForStop({
      resume: "run 'flickrvault archive' again to continue where it stopped",
      print: (line) => sink.line(line),
    });
    const summary: ArchiveSummary = await runArchive({
      archiveDir: dir,
      credentials,
      origin,
      rate,
      concurrency,
      sink,
      signal: stop.signal,
      noSidecars: values["no-sidecars"] ?? false,
      sidecarName,
    });
    console.log(formatSummary(summary, rate));
    if (summary.status === "interrupted") return stop.exitCode ?? 130;
    return summary.attention.length > 0 ? 1 : 0;
  },
};

/** The closing summary a person reads. */
export function formatSummary(s: ArchiveSummary, rate: number): string {
  const lines = [
    s.status !== "done"
      ? "Interrupted: run 'flickrvault archive' again to continue where it stopped."
      : s.attention.length > 0
      // Never "up to date" above a list of what is not.
      ? `Archive run finished, but ${formatCount(s.attention.length)} ${
        s.attention.length === 1 ? "thing needs" : "things need"
      } attention (listed below).`
      : s.waitingForExport > 0
      // A free account's originals never come through the API: up to date, but not whole.
      ? `Archive is up to date with what Flickr gives apps; ${formatCount(s.waitingForExport)} ${
        s.waitingForExport === 1 ? "photo waits" : "photos wait"
      } for the export (below).`
      : "Archive is up to date.",
    `  Items      ${formatCount(s.own)} photos and videos, ${formatCount(s.favorites)} favourites` +
    (s.added ? ` (${formatCount(s.added)} new)` : ""),
  ];
  if (s.deleted) {
    lines.push(`  Deleted on Flickr (kept here): ${formatCount(s.deleted)}`);
  }
  lines.push(
    `  New files  ${formatCount(s.files)} (${formatBytes(s.bytes)})` +
      (s.downloadRetries ? `, ${formatCount(s.downloadRetries)} downloads retried` : ""),
  );
  const methods = Object.entries(s.byMethod).sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${m.replace(/^flickr\./, "")} ${formatCount(n)}`);
  lines.push(
    `  API calls  ${formatCount(s.apiCalls)}` +
      (s.retries ? ` (${formatCount(s.retries)} retried)` : "") +
      (rate > 0 ? ` at up to ${formatCount(rate)}/h` : ""),
  );
  if (methods.length) lines.push(`             ${methods.join(", ")}`);
  if (s.sidecars !== null) {
    lines.push(
      `  Sidecars   ${formatCount(s.sidecars)} written` +
        (s.sidecarsKept ? `; ${formatCount(s.sidecarsKept)} changed by another app, kept` : ""),
    );
  }
  lines.push(`  Time       ${formatDurationMs(s.durationMs)}`);
  if (s.waitingForExport > 0) lines.push("", ...freeAccountNote(s.waitingForExport));
  if (s.attention.length > 0) {
    lines.push("", `Needs attention (${formatCount(s.attention.length)}):`);
    const shown = s.attention.slice(0, 50);
    for (const a of shown) lines.push(`  ${a}`);
    if (s.attention.length > shown.length) {
      lines.push(`  … and ${formatCount(s.attention.length - shown.length)} more`);
    }
  }
  return lines.join("\n");
}
