/**
 * `flickrvault verify [--json]`: re-reads every archived file and checks it against the catalog.
 *
 * Tested by tests/verify_integrity_test.ts and tests/fault_messages_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import { archiveDir, archiveOption, type Command, parseCommandArgs } from "./command.ts";
import { formatBytes } from "../units.ts";
import { openExistingCatalog } from "./status.ts";
import { type Catalog, CatalogError, holdsMedia, openCatalog } from "../catalog/db.ts";
import { resolve } from "node:path";
import { UsageError } from "../usage_error.ts";
import { verifyArchive, type VerifyProblem } from "../catalog/verify.ts";
import { type SidecarProblem, verifySidecars } from "../tree/sidecars.ts";

/** `flickrvault verify`. */
export const verifyCommand: Command = {
  name: "verify",
  summary: "Re-read every archived file and check it against the catalog",
  help: `flickrvault verify: re-read every archived file and check it against the catalog

Usage: flickrvault verify [--json] [--archive DIR]

Checks the size and SHA-256 of every current file, and that each XMP sidecar says what the
catalog says. Exits 1 and lists the files that are missing or altered and the sidecars that are
missing or stale; the next \`flickrvault archive\` fetches the files again and rewrites the
sidecars (without asking Flickr). Sidecars another app changed (darktable, digiKam) are counted,
not rewritten: delete one to have flickrvault write its own again.

Options:
  --json         Print one JSON object: checked, ok, bytes, missing [...], altered [...],
                 sidecars {checked, problems [...], kept [paths]}
  --archive DIR  The archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  -h, --help     Show this help`,
  async run(argv) {
    const { values } = parseCommandArgs("verify", argv, {
      ...archiveOption,
      json: { type: "boolean" },
    });
    const dir = archiveDir(values.archive);
    const { catalog, writable } = await openForVerify(dir);
    try {
      const report = await verifyArchive(catalog, dir, {
        record: writable,
        notRecorded: "the archive cannot be written here",
      });
      const sidecars = await verifySidecars(catalog, dir);
      // An empty catalog beside a folder of photos checked nothing: never "all match". (A run
      // that stopped before recording any file leaves items listed: it is not empty.)
      const unlisted = report.checked === 0 && await holdsMedia(dir) &&
        !(await catalog.db.selectFrom("items").select("id").limit(1).executeTakeFirst());
      const bad = report.missing.length + report.altered.length + sidecars.problems.length +
        (unlisted ? 1 : 0);
      if (values.json) {
        console.log(JSON.stringify({ ...report, sidecars, unlisted_media: unlisted }));
      } else {
        const summary = `Checked ${report.checked} files (${formatBytes(report.bytes)})`;
        if (unlisted) {
          console.log(
            `${summary}: catalog.db is empty, yet ${resolve(dir)} holds archived photos. ` +
              "It is not the catalog they were archived with: restore that one, or run " +
              "`flickrvault import` or `flickrvault archive` to rebuild it.",
          );
        } else if (report.missing.length + report.altered.length === 0) {
          console.log(`${summary}: all match the catalog.`);
        } else {
          console.log(
            `${summary}: ${report.missing.length} missing, ${report.altered.length} altered.`,
          );
          for (const p of [...report.missing, ...report.altered]) console.log(describe(p));
          console.log("Run `flickrvault archive` to fetch them again.");
        }
        if (sidecars.checked > 0) {
          const { problems } = sidecars;
          console.log(
            `Checked ${sidecars.checked} XMP sidecars: ` +
              (problems.length > 0
                ? `${problems.length} to rewrite.`
                : sidecars.kept.length > 0
                ? "none to rewrite."
                : "all match the catalog."),
          );
          for (const p of problems.slice(0, 100)) console.log(describeSidecar(p));
          if (problems.length > 100) console.log(`  … and ${problems.length - 100} more`);
          if (problems.length > 0) {
            console.log("Run `flickrvault archive` to rewrite them (no Flickr calls needed).");
          }
          if (sidecars.kept.length > 0) {
            console.log(
              `${sidecars.kept.length} XMP sidecars were changed by another app and are kept as ` +
                `they are (delete one to have flickrvault write it again), e.g. ${
                  sidecars.kept[0]
                }`,
            );
          }
        }
        if (!report.recorded) {
          console.log(
            `Not recorded in catalog.db (${report.not_recorded}): \`flickrvault archive\` ` +
              "fetches missing files by itself, altered ones once a verify could record them.",
          );
        }
      }
      return bad === 0 ? 0 : 1;
    } finally {
      await catalog.close();
    }
  },
};

/**
 * The catalog, writable when it can be (verify records each file's outcome for the next archive
 * run), else read-only: a backup drive or another user's archive can still be checked.
 */
async function openForVerify(dir: string): Promise<{ catalog: Catalog; writable: boolean }> {
  try {
    return { catalog: await openExistingCatalog(dir), writable: true };
  } catch (e) {
    const kind = e instanceof UsageError ? (e.cause as CatalogError | undefined)?.kind : undefined;
    if (kind !== "unwritable" && kind !== "unopenable") throw e;
  }
  try {
    const catalog = await openCatalog(dir, { create: false, readonly: true, integrityCheck: true });
    return { catalog, writable: false };
  } catch (e) {
    if (e instanceof CatalogError) throw new UsageError(e.message, e.hint);
    throw e;
  }
}

function describe(p: VerifyProblem): string {
  const what = p.status === "missing"
    ? "missing"
    : p.actual_bytes !== p.expected_bytes
    ? `altered (${p.actual_bytes} bytes, expected ${p.expected_bytes})`
    : "altered (content differs)";
  return `  ${
    p.status === "missing" ? "MISSING" : "ALTERED"
  }  item ${p.item_id} ${p.kind}  ${p.path}  ${what}`;
}

function describeSidecar(p: SidecarProblem): string {
  return p.status === "missing"
    ? `  MISSING  item ${p.item_id} sidecar  ${p.path}`
    : `  STALE    item ${p.item_id} sidecar  ${p.path}  (differs from the catalog)`;
}
