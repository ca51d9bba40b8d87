/**
 * `flickrvault status [--json]`: what the archive holds and what is missing.
 *
 * Tested by src/cli/cli_catalog_test.ts, tests/duplicates_test.ts and tests/free_account_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import {
  archiveDir,
  archiveOption,
  type Command,
  parseCommandArgs,
  UsageError,
} from "./command.ts";
import { type Catalog, CatalogError, openCatalog } from "../catalog/db.ts";
import { type ArchiveStatus, archiveStatus } from "../catalog/status.ts";
import { missingItems } from "../catalog/missing_items.ts";
import { countOf, formatBytes } from "../units.ts";
import { freeAccountNote } from "../archive/free_account.ts";

/**
 * Opens an existing archive's catalog for a reporting command; a missing, locked or damaged
 * catalog becomes a {@link UsageError} (one line, a hint, exit 2).
 */
export async function openExistingCatalog(
  dir: string,
  opts: { readonly?: boolean } = {},
): Promise<Catalog> {
  try {
    return await openCatalog(dir, { create: false, readonly: opts.readonly });
  } catch (e) {
    if (e instanceof CatalogError) throw new UsageError(e.message, e.hint, { cause: e });
    throw e;
  }
}

/** `flickrvault status`. */
export const statusCommand: Command = {
  name: "status",
  summary: "What the archive holds and what is missing",
  help: `flickrvault status: what the archive holds and what is missing

Usage: flickrvault status [--json] [--archive DIR]

Options:
  --json         Print one JSON object (photos, videos, favorites, albums, ..., last_run, and
                 missing_items: each own photo or video without its original, with its page)
  --archive DIR  The archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  -h, --help     Show this help

Photos and videos count your own items, including those since deleted on Flickr (the archive
keeps them; deleted_on_flickr says how many). On a free account, waiting_for_export counts the
photos held as the 1,024 px copy Flickr gives apps, whose originals come with Flickr's data export
('flickrvault import').`,
  async run(argv) {
    const { values } = parseCommandArgs("status", argv, {
      ...archiveOption,
      json: { type: "boolean" },
    });
    const dir = archiveDir(values.archive);
    const catalog = await openExistingCatalog(dir, { readonly: true });
    try {
      const status = await archiveStatus(catalog, dir);
      console.log(
        values.json
          // Every own item without its original, for looking each up on Flickr.
          ? JSON.stringify({ ...status, missing_items: await missingItems(catalog) })
          : formatStatus(status),
      );
      return 0;
    } finally {
      await catalog.close();
    }
  },
};

const number = new Intl.NumberFormat("en-US");

/** The human summary of `status`. */
export function formatStatus(s: ArchiveStatus): string {
  const n = (v: number) => number.format(v);
  const lines = [
    `Archive ${s.archive}`,
    `  Photos     ${n(s.photos)}`,
    `  Videos     ${n(s.videos)}`,
    `  Favorites  ${n(s.favorites)} (other people's photos you faved)`,
    `  Albums ${n(s.albums)}, collections ${n(s.collections)}, galleries ${n(s.galleries)}, ` +
    `groups ${n(s.groups)}`,
    `  Comments ${n(s.comments)}, faves ${n(s.faves)}, notes ${n(s.notes)}, people ${n(s.people)}`,
    `  Files      ${n(s.files)} (${formatBytes(s.bytes)})`,
  ];
  if (s.deleted_on_flickr > 0) {
    lines.push(`  Deleted on Flickr, kept here: ${n(s.deleted_on_flickr)}`);
  }
  if (s.duplicates > 0) {
    lines.push(
      `  Duplicates ${countOf(s.duplicates, "groups")} (${countOf(s.duplicate_items, "items")}` +
        ` with the same original): see /duplicates in \`flickrvault serve\``,
    );
  }
  lines.push(
    s.last_run
      ? `  Last run   ${s.last_run} (${s.last_run_status}, ${n(s.api_calls_last_run)} API calls)`
      : "  Last run   never",
  );
  const attention: string[] = [];
  if (s.missing_files > 0) {
    attention.push(
      `  ${n(s.missing_files)} missing files: run \`flickrvault archive\` to fetch them`,
    );
  }
  if (s.altered_files > 0) {
    attention.push(
      `  ${
        n(s.altered_files)
      } files changed on disk: run \`flickrvault archive\` to fetch them again`,
    );
  }
  if (s.lesser_copies > 0) {
    attention.push(
      `  ${
        n(s.lesser_copies)
      } photos have only a smaller copy (Flickr left their original out): run \`flickrvault archive\` again`,
    );
  }
  if (s.videos_needing_manual_download > 0) {
    attention.push(
      `  ${
        n(s.videos_needing_manual_download)
      } videos need a manual download: see /videos/manual in \`flickrvault serve\``,
    );
  }
  if (attention.length > 0) lines.push("", "Needs attention:", ...attention);
  if (s.waiting_for_export > 0) {
    lines.push(
      "",
      `Waiting for the export: ${countOf(s.waiting_for_export, "photos")}`,
      ...freeAccountNote(s.waiting_for_export).map((l) => `  ${l}`),
    );
  }
  return lines.join("\n");
}
