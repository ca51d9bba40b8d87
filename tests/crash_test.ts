/**
 * Crash suite (CI size): `flickrvault archive` in its own process is killed with SIGKILL at four
 * moments (start-up, listing, downloads, the per-photo phases) and resumed; the archive must end
 * equal to an uninterrupted run of the same account, with no complete file fetched twice and no
 * temp file left. `deno task test:crash --kills 20` runs the long campaign (`scripts/crash.ts`).
 */
import { assert, assertEquals } from "./assert.ts";
import { formatCrashReport, runCrashCampaign } from "./crash_harness.ts";
import { listFiles, recordingFetch, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";

Deno.test("crash: SIGKILL at four moments, resumed, equals an uninterrupted run", async () => {
  const report = await runCrashCampaign({
    kills: 4,
    killsPerLife: 4,
    seed: 20,
    account: { photos: 36, videos: 3, favorites: 8, seed: 606 },
  });
  console.log(formatCrashReport(report));
  assertEquals(report.problems, [], "every promise of a resumed archive holds");
  assertEquals(report.runs.filter((r) => r.killed).length, 4, "four runs were killed");
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
