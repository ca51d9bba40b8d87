/**
 * The crash campaign at full length: `deno task test:crash [--kills N] [--seed S] [--photos P]`;
 * with `--import`, the same for `flickrvault import` of the simulator's data export.
 * Kills `flickrvault archive` with SIGKILL at N random moments (five per archive, then left to
 * finish), and checks that every archive ends equal to an uninterrupted run, with no complete file
 * fetched twice and no temp file left (see `tests/crash_harness.ts`). Exits 1 when anything broke.
 * @module
 */
import { parseArgs } from "node:util";
import { formatCrashReport, runCrashCampaign } from "../tests/crash_harness.ts";
import { formatImportCrashReport, runImportCrashCampaign } from "../tests/import_crash_harness.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    kills: { type: "string", default: "20" },
    seed: { type: "string", default: String(Date.now() % 100000) },
    photos: { type: "string", default: "120" },
    "per-archive": { type: "string", default: "5" },
    // `import` of the simulator's data export instead of `archive` (tests/import_crash_harness.ts).
    import: { type: "boolean", default: false },
  },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
const photos = Number(values.photos);
if (![kills, seed, photos].every((n) => Number.isInteger(n) && n >= 0)) {
  console.error("crash: --kills, --seed and --photos take whole numbers");
  Deno.exit(2);
}
console.log(`crash: ${kills} kills, seed ${seed} (repeat with --seed ${seed}), ${photos} photos`);
if (values.import) {
  const report = await runImportCrashCampaign({
    kills,
    seed,
    killsPerLife: Number(values["per-archive"]),
    account: { photos, videos: 6, favorites: 15, seed: 1000 + (seed % 1000) },
    log: (line) => console.log(`  ${line}`),
  });
  console.log(formatImportCrashReport(report));
  Deno.exit(report.problems.length === 0 ? 0 : 1);
}
const report = await runCrashCampaign({
  kills,
  seed,
  killsPerLife: Number(values["per-archive"]),
  account: { photos, videos: 6, favorites: 15, seed: 1000 + (seed % 1000) },
  log: (line) => console.log(`  ${line}`),
});
console.log(formatCrashReport(report));
Deno.exit(report.problems.length === 0 ? 0 : 1);
