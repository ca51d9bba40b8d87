/**
 * Crash suite of `import` (CI size): `flickrvault import` in its own process is killed with SIGKILL
 * at six moments spread over its phases and run again; every file under its final name is whole
 * after each kill, and each archive ends equal to an uninterrupted import with no temp file left.
 * `deno task test:crash --import` runs a longer campaign (`scripts/crash.ts`).
 */
import { assertEquals } from "./assert.ts";
import { formatImportCrashReport, runImportCrashCampaign } from "./import_crash_harness.ts";

Deno.test("import crash: SIGKILL at six moments, resumed, equals an uninterrupted import", async () => {
  const report = await runImportCrashCampaign({
    kills: 6,
    killsPerLife: 3,
    seed: 28,
    account: { photos: 60, videos: 4, favorites: 6, seed: 2825 },
  });
  console.log(formatImportCrashReport(report));
  assertEquals(report.problems, [], "every promise of a resumed import holds");
  assertEquals(report.runs.filter((r) => r.killed).length, 6, "six runs were killed");
});
