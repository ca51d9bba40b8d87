/**
 * The runs a page starts, each calling the pipeline its command calls with the same options and
 * saying what the command prints at the end: `import` (Flickr's export), `archive` (the API),
 * `site` (a copy for family) and `export` (copies for photo apps).
 * @module
 */
import { resolve } from "node:path";
import { formatSummary } from "../cli/archive.ts";
import { exportDoneLines, exportExitCode } from "../cli/export.ts";
import { siteDoneLines, siteExitCode } from "../cli/site.ts";
import { openExistingCatalog } from "../cli/status.ts";
import { runArchive, type RunArchiveOptions } from "../archive/pipeline.ts";
import { Progress } from "../progress.ts";
import { exportArchive } from "../export/export.ts";
import type { Audience } from "../catalog/audience.ts";
import type { ExportLayout } from "../export/folders.ts";
import { loadCredentials } from "../flickr/credentials.ts";
import { importExitCode, importExport } from "../import/pipeline.ts";
import { reportLines } from "../import/report.ts";
import { ImportInputError } from "../import/sources.ts";
import { writeSite } from "../site/site.tsx";
import { isInside } from "../site/site_media.ts";
import { UsageError } from "../usage_error.ts";
import type { RunOutcome, RunTask } from "./run_manager.ts";

/** What every run from a page shares: the archive, and the `archive` options given at start. */
export interface TaskSettings {
  archiveDir: string;
  /** `--flickr-origin`. */
  origin?: string;
  /** `--rate` (calls per hour; 0 = no limit). */
  rate: number;
  /** `--concurrency`. */
  concurrency: number;
  /**
   * The API client's retries in archive runs (default the client's own: a lost connection is
   * tried again for one and a half to three minutes before the run stops); tests shorten them.
   */
  client?: RunArchiveOptions["client"];
}

/** `flickrvault import INPUTS...`; `from` names where they are (a folder) for the page. */
export function importTask(settings: TaskSettings, inputs: string[], from?: string): RunTask {
  return {
    kind: "import",
    title: `Importing Flickr's export from ${from ?? inputs.join(", ")}`,
    // The import has no stopping point of its own; stopping the program stops it safely.
    pausable: false,
    async run({ sink }) {
      let report;
      try {
        report = await importExport({ archiveDir: settings.archiveDir, inputs, sink });
      } catch (e) {
        if (e instanceof ImportInputError) throw new UsageError(e.message, e.hint);
        throw e;
      }
      const lines = reportLines(report, resolve(settings.archiveDir));
      return {
        state: importExitCode(report) === 0 ? "done" : "attention",
        summary: [
          ...lines.summary,
          ...(lines.listedIn
            ? [`Every item and file missing is listed in ${lines.listedIn}.`]
            : []),
        ],
        attention: lines.attention,
      };
    },
  };
}

/** `flickrvault archive`, with the credentials the archive stores (or the environment's). */
export function archiveTask(settings: TaskSettings): RunTask {
  return {
    kind: "archive",
    title: "Archiving from Flickr",
    pausable: true,
    async run({ sink, signal }) {
      const credentials = await loadCredentials(settings.archiveDir, Deno.env, {}, {
        requireToken: true,
      });
      const summary = await runArchive({
        archiveDir: settings.archiveDir,
        credentials,
        origin: settings.origin,
        rate: settings.rate,
        concurrency: settings.concurrency,
        client: settings.client,
        sink,
        signal,
      });
      // The command's closing summary without its first line (the page has a heading of its own)
      // and without the attention list (shown as a list of its own).
      const lines = formatSummary(summary, settings.rate).split("\n");
      const cut = lines.findIndex((l) => l.startsWith("Needs attention ("));
      const outcome: RunOutcome = {
        state: summary.status === "interrupted"
          ? "interrupted"
          : summary.attention.length > 0
          ? "attention"
          : "done",
        summary: lines.slice(1, cut < 0 ? undefined : cut).filter((l) => l !== ""),
        attention: summary.attention,
      };
      return outcome;
    },
  };
}

/**
 * `flickrvault site FOLDER --privacy WHO`: pages link copies of the media, or the archive's own
 * inside it.
 */
export function siteTask(settings: TaskSettings, folder: string, privacy: Audience): RunTask {
  const siteDir = resolve(folder);
  return {
    kind: "site",
    title: `Making a copy for family in ${siteDir}${
      privacy === "all" ? "" : ` (only what Flickr showed to ${privacy})`
    }`,
    pausable: false,
    async run({ sink }) {
      if (siteDir === resolve(settings.archiveDir)) {
        throw new UsageError(
          "the site cannot be written into the archive folder itself",
          "name a folder elsewhere",
        );
      }
      const media = isInside(settings.archiveDir, siteDir) ? "archive" : "copy";
      const catalog = await openExistingCatalog(settings.archiveDir, { readonly: true });
      try {
        const s = await writeSite({
          catalog,
          archiveDir: settings.archiveDir,
          siteDir,
          media,
          progress: sink,
          privacy,
        });
        const lines = siteDoneLines(s, media, siteDir, privacy);
        return {
          state: siteExitCode(s) === 0 ? "done" : "attention",
          summary: lines.filter((l) => l.startsWith("Done") || l.startsWith("Open")),
          attention: lines.filter((l) => !l.startsWith("Done") && !l.startsWith("Open")),
        };
      } finally {
        await catalog.close();
      }
    },
  };
}

/** `flickrvault export FOLDER --by BY --privacy WHO`. */
export function exportTask(
  settings: TaskSettings,
  folder: string,
  by: ExportLayout,
  privacy: Audience,
): RunTask {
  const out = resolve(folder);
  return {
    kind: "export",
    title: `Exporting copies for photo apps into ${out}`,
    pausable: true,
    async run({ sink, signal }) {
      const catalog = await openExistingCatalog(settings.archiveDir, { readonly: true });
      try {
        let s;
        try {
          s = await exportArchive(catalog, settings.archiveDir, out, {
            by,
            privacy,
            progress: new Progress(sink, { callsPerHour: 0, callsMade: 0 }),
            signal,
          });
        } catch (e) {
          if (e instanceof RangeError) {
            throw new UsageError(
              `Cannot export: ${e.message}`,
              "name a folder outside the archive",
            );
          }
          throw e;
        }
        const [summary, ...attention] = exportDoneLines(s, privacy, signal.aborted);
        return {
          state: signal.aborted ? "interrupted" : exportExitCode(s) === 0 ? "done" : "attention",
          summary: [summary],
          attention,
        };
      } finally {
        await catalog.close();
      }
    },
  };
}
