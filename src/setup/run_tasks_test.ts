/**
 * The runs a page starts are the commands' runs: an import and an archive started through the
 * run manager, the archive paused and resumed on the way, leave the archive that `import` and
 * `archive` leave, table by table and file by file.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { diffSnapshots, snapshotArchive } from "../../tests/archive_snapshot.ts";
import { credentialsOf } from "../../tests/simulator_fixture.ts";
import { runArchive } from "../archive/pipeline.ts";
import { saveCredentials } from "../flickr/credentials.ts";
import { importExport } from "../import/pipeline.ts";
import { startSimulator } from "../simulator/server.ts";
import { RunManager } from "./run_manager.ts";
import { archiveTask, importTask } from "./run_tasks.ts";

Deno.test("run tasks: import, then archive paused and resumed, equal the commands' archive", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_run_tasks_" });
  const sim = await startSimulator({
    photos: 24,
    videos: 2,
    favorites: 6,
    seed: 31,
    account: "free",
    exportDir: `${dir}/export`,
  });
  try {
    const reference = `${dir}/reference`;
    await importExport({ archiveDir: reference, inputs: [`${dir}/export`] });
    const ref = await runArchive({
      archiveDir: reference,
      credentials: credentialsOf(sim),
      origin: sim.origin,
      rate: 0,
    });
    assertEquals(ref.status, "done");

    const archive = `${dir}/archive`;
    const runs = new RunManager({ describe: (e) => ({ message: String(e) }) });
    const settings = { archiveDir: archive, origin: sim.origin, rate: 0, concurrency: 4 };
    runs.start(importTask(settings, [`${dir}/export`]));
    await runs.settled();
    const imported = runs.latest()!;
    assertEquals(imported.state, "done", JSON.stringify(imported.failure));
    assert(imported.summary[0].startsWith("Imported 26 photos and videos"), imported.summary[0]);
    assert(imported.lines.some((l) => l.startsWith("Metadata:")), "the import's lines were kept");

    await saveCredentials(archive, credentialsOf(sim));
    runs.start(archiveTask(settings));
    // Pause once the run has begun its work: a clean stop, recorded as interrupted.
    while (!runs.running()?.phase) await new Promise((r) => setTimeout(r, 5));
    assert(runs.pause());
    await runs.settled();
    assertEquals(runs.latest()!.state, "interrupted", JSON.stringify(runs.latest()!.failure));
    runs.start(archiveTask(settings));
    await runs.settled();
    const resumed = runs.latest()!;
    assertEquals(resumed.state, "done", JSON.stringify(resumed.failure));
    assert(resumed.summary.some((l) => l.includes("Items")), resumed.summary.join("\n"));
    assert(resumed.phase !== null && resumed.phase.callsMade > 0, "the numbers a page shows");

    const a = await snapshotArchive(reference, sim.origin);
    const b = await snapshotArchive(archive, sim.origin);
    // The page's sign-in stores the tokens in the archive; the reference had them from outside.
    b.files.delete("credentials.json");
    assertEquals(diffSnapshots(a, b), []);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
