/**
 * `flickrvault verify [--json]`: re-reads every archived file and checks it against the catalog.
 * @module
 */
import { archiveDir, archiveOption, type Command, parseCommandArgs } from "./command.ts";
import { formatBytes, openExistingCatalog } from "./status.ts";
import { verifyArchive, type VerifyProblem } from "../catalog/verify.ts";

/** `flickrvault verify`. */
export const verifyCommand: Command = {
  name: "verify",
  summary: "Re-read every archived file and check it against the catalog",
  help: `flickrvault verify: re-read every archived file and check it against the catalog

Usage: flickrvault verify [--json] [--archive DIR]

Checks the size and SHA-256 of every current file. Exits 1 and lists the files that are missing
or altered; the next \`flickrvault archive\` fetches them again.

Options:
  --json         Print one JSON object: checked, ok, bytes, missing [...], altered [...]
  --archive DIR  The archive (default: $FLICKRVAULT_ARCHIVE, else ./flickr-archive)
  -h, --help     Show this help`,
  async run(argv) {
    const { values } = parseCommandArgs("verify", argv, {
      ...archiveOption,
      json: { type: "boolean" },
    });
    const dir = archiveDir(values.archive);
    const catalog = await openExistingCatalog(dir);
    try {
      const report = await verifyArchive(catalog, dir);
      const bad = report.missing.length + report.altered.length;
      if (values.json) {
        console.log(JSON.stringify(report));
      } else {
        const summary = `Checked ${report.checked} files (${formatBytes(report.bytes)})`;
        if (bad === 0) {
          console.log(`${summary}: all match the catalog.`);
        } else {
          console.log(
            `${summary}: ${report.missing.length} missing, ${report.altered.length} altered.`,
          );
          for (const p of [...report.missing, ...report.altered]) console.log(describe(p));
          console.log("Run `flickrvault archive` to fetch them again.");
        }
      }
      return bad === 0 ? 0 : 1;
    } finally {
      await catalog.close();
    }
  },
};

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
