/**
 * The crash campaigns at full length:
 * `deno task test:crash [--writer archive|sidecars|site|export|import|all] [--kills N] [--seed S]
 * [--photos P] [--per-life K]`. For each writer asked (default: all five; `import` imports the
 * simulator's data export, see `tests/import_crash_harness.ts`), kills it with SIGKILL at N random
 * moments (K per life, then left to finish), and checks that every output ends equal
 * to an uninterrupted run, with no complete file written twice, nothing half-written visible and
 * no temp file left (see `tests/crash_harness.ts` and `tests/crash_writers.ts`). Exits 1 when
 * anything broke, 2 on bad arguments.
 * @module
 */
import { parseArgs } from "node:util";
import { formatCrashReport, runCrashCampaign } from "../tests/crash_harness.ts";
import { formatImportCrashReport, runImportCrashCampaign } from "../tests/import_crash_harness.ts";
import { CRASH_WRITERS } from "../tests/crash_writers.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    writer: { type: "string", default: "all" },
    kills: { type: "string", default: "20" },
    seed: { type: "string", default: String(Date.now() % 100000) },
    photos: { type: "string", default: "120" },
    "per-life": { type: "string", default: "5" },
  },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
const photos = Number(values.photos);
const perLife = Number(values["per-life"]);
if (![kills, seed, photos, perLife].every((n) => Number.isInteger(n) && n >= 0)) {
  console.error("crash: --kills, --seed, --photos and --per-life take whole numbers");
  Deno.exit(2);
}
// `import` has a harness of its own (its input is the simulator's data export, not the API).
const WRITERS = [...Object.keys(CRASH_WRITERS), "import"];
const names = values.writer === "all" ? WRITERS : values.writer.split(",");
const unknown = names.filter((n) => !WRITERS.includes(n));
if (unknown.length) {
  console.error(
    `crash: no writer ${unknown.join(", ")}: --writer takes ${
      WRITERS.join(", ")
    } or all (several with commas)`,
  );
  Deno.exit(2);
}
console.log(
  `crash: ${names.join(", ")}: ${kills} kills each, seed ${seed} (repeat with --seed ${seed}), ` +
    `${photos} photos`,
);
let broken = 0;
for (const name of names) {
  const options = {
    kills,
    seed,
    killsPerLife: perLife,
    account: { photos, videos: 6, favorites: 15, seed: 1000 + (seed % 1000) },
    log: (line: string) => console.log(`  ${line}`),
  };
  if (name === "import") {
    const report = await runImportCrashCampaign(options);
    console.log(formatImportCrashReport(report));
    broken += report.problems.length;
    continue;
  }
  const report = await runCrashCampaign(CRASH_WRITERS[name], options);
  console.log(formatCrashReport(report));
  broken += report.problems.length;
}
Deno.exit(broken === 0 ? 0 : 1);
