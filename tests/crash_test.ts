/**
 * Crash suite (CI size): each writer in its own process is killed with SIGKILL at a few moments
 * and resumed, and must end equal to an uninterrupted run, with no complete file written twice,
 * nothing half-written visible and no temp file left (`crash_harness.ts`, `crash_writers.ts`):
 * `archive` at start-up, listing, downloads and the per-photo phases; its sidecars phase, first
 * written and moved to a new naming; `site` and `export`, first run and update of an older output.
 * `deno task test:crash --kills 20` runs the long campaigns (`scripts/crash.ts`).
 */
import { assert, assertEquals } from "./assert.ts";
import { type CrashWriterSetup, formatCrashReport, runCrashCampaign } from "./crash_harness.ts";
import { archiveWriter, exportWriter, sidecarsWriter, siteWriter } from "./crash_writers.ts";
import { listFiles, recordingFetch, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import type { SimulatorOptions } from "../src/simulator/server.ts";
import { openCatalog } from "../src/catalog/db.ts";

/** The account of the CI campaigns (the archive's own campaign keeps its larger one). */
const SMALL = { photos: 16, videos: 2, favorites: 4, seed: 606, faveShare: 0.2 };

/**
 * Runs a campaign of `kills` SIGKILLs, `perLife` per life, and asserts that everything held. Sizes
 * keep the suite short: a life per scenario, a second kill in the first; `deno task test:crash`
 * runs twenty kills per writer.
 */
async function campaign(
  setup: CrashWriterSetup,
  kills: number,
  perLife: number,
  seed: number,
  account: Omit<SimulatorOptions, "port"> = SMALL,
): Promise<void> {
  const report = await runCrashCampaign(setup, { kills, killsPerLife: perLife, seed, account });
  console.log(formatCrashReport(report));
  assertEquals(report.problems, [], "every promise of a resumed writer holds");
  assertEquals(report.runs.filter((r) => r.killed).length, kills, `${kills} runs were killed`);
}

Deno.test("crash: archive killed at four moments, resumed, equals an uninterrupted run", async () => {
  await campaign(archiveWriter, 4, 4, 20, { photos: 36, videos: 3, favorites: 8, seed: 606 });
});

Deno.test("crash: the sidecars phase killed, first written and moved to a new naming, ends as an uninterrupted run", async () => {
  await campaign(sidecarsWriter, 4, 2, 21, { ...SMALL, photos: 36 });
});

Deno.test("crash: site killed, into a new folder and over an older site, ends as an uninterrupted run", async () => {
  await campaign(siteWriter, 3, 2, 22);
});

Deno.test("crash: export killed, into a new folder and over an older export, ends as an uninterrupted run", async () => {
  await campaign(exportWriter, 3, 2, 23);
});

Deno.test("crash: buddy icons on disk whose rows a killed run never wrote are kept, not fetched again", async () => {
  await withSimulator({ photos: 6, videos: 0, favorites: 2, seed: 31 }, async (f) => {
    const opts = {
      ...f.runOptions,
    };
    assertEquals((await runArchive(opts)).status, "done");
    const icons = (await listFiles(f.archive)).filter((p) => p.startsWith("avatars/"));
    assert(icons.includes("avatars/buddyicon.gif") && icons.length > 1, "own and default icons");
    const identity = async () =>
      await Promise.all(icons.map(async (p) => {
        const st = await Deno.stat(`${f.archive}/${p}`);
        return `${p} ${st.ino} ${st.mtime?.getTime()}`;
      }));
    const before = await identity();
    // What a SIGKILL between the downloads and their batched row update leaves behind.
    const catalog = await openCatalog(f.archive);
    const recorded = await catalog.db.selectFrom("people").select(["nsid", "avatar_path"])
      .select("avatar_sha256").orderBy("nsid").execute();
    await catalog.db.updateTable("people").set({ avatar_path: null, avatar_sha256: null })
      .execute();
    await catalog.close();

    const traffic = recordingFetch();
    assertEquals(
      (await runArchive({ ...opts, fetch: traffic.fetch, files: traffic.files })).status,
      "done",
    );
    const fetched = traffic.events.filter((e) => e.type === "file-done" && /buddyicon/.test(e.url));
    assertEquals(fetched.length, 0, "no buddy icon fetched again");
    assertEquals(await identity(), before, "icon files untouched");
    const again = await openCatalog(f.archive);
    try {
      const rows = await again.db.selectFrom("people").select(["nsid", "avatar_path"])
        .select("avatar_sha256").orderBy("nsid").execute();
      assertEquals(rows, recorded, "rows point at the same files with the same hashes");
    } finally {
      await again.close();
    }
  });
});
