/**
 * Fault suite: with the simulator misbehaving the way Flickr does (5xx pages, 429 with
 * `Retry-After`, API codes 105/201, JSON cut short, short non-final pages, truncated and stalled
 * downloads, all at once), an archive run completes, equals a run against a well-behaved
 * simulator of the same account, and reports the retries it made. A stalled download is abandoned
 * after the stall timeout and fetched again.
 */
import { assert, assertEquals } from "./assert.ts";
import { QUICK, watchedFiles, withSimulator } from "./simulator_fixture.ts";
import { diffSnapshots, isTempFile, snapshotArchive } from "./archive_snapshot.ts";
import { listFiles } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { memorySink } from "../src/progress.ts";
import { formatSummary } from "../src/cli/archive.ts";
import type { SimulatorOptions } from "../src/simulator/server.ts";
import type { FileClient } from "../src/flickr/file_client.ts";

const REALISTIC = "500:0.05,429:0.05,201:0.02,malformed:0.01,short-page:0.05,truncate:0.02," +
  "stall:0.01";

/** When each file URL was requested, in order, through the archive's own file client. */
function watchingFiles(): { files: FileClient; requests: Map<string, number[]> } {
  const requests = new Map<string, number[]>();
  const files = watchedFiles((url) => {
    requests.set(url, [...(requests.get(url) ?? []), performance.now()]);
  });
  return { files, requests };
}

/** Archives the account from a simulator without faults: what a faulty run must equal. */
async function cleanArchive(account: SimulatorOptions) {
  let snapshot;
  await withSimulator(account, async (f) => {
    const summary = await runArchive({
      archiveDir: f.archive,
      credentials: f.credentials,
      origin: f.sim.origin,
      ...QUICK,
    });
    assertEquals(summary.status, "done");
    snapshot = await snapshotArchive(f.archive, f.sim.origin);
  });
  return snapshot!;
}

Deno.test("faults: every fault kind at realistic rates together; the archive equals a clean run", async () => {
  const account = { photos: 30, videos: 3, favorites: 6, seed: 77 };
  const clean = await cleanArchive(account);
  await withSimulator({ ...account, faults: REALISTIC }, async (f) => {
    const sink = memorySink();
    const watch = watchingFiles();
    const opts = {
      archiveDir: f.archive,
      credentials: f.credentials,
      origin: f.sim.origin,
      sink,
      files: watch.files,
      ...QUICK,
    };
    let summary = await runArchive(opts);
    assertEquals(summary.status, "done");
    // A buddy icon that failed every attempt is left to the next run by design (the run says
    // so); it must then be fetched. Nothing else may be missing after the first run.
    const deferred = sink.lines.filter((l) => /next run tries again/.test(l));
    let runs = 1;
    if (deferred.length > 0) {
      summary = await runArchive(opts);
      runs++;
    }
    assertEquals(summary.attention, [], "nothing needs attention");
    const diff = diffSnapshots(clean, await snapshotArchive(f.archive, f.sim.origin));
    assertEquals(diff, [], "the archive equals the clean run's");
    assertEquals((await listFiles(f.archive)).filter(isTempFile), [], "no temp file left");

    // The retries were made and reported: in the summary, in the run's row, in what is printed.
    const stats = await f.stats();
    const refetched = [...watch.requests.values()].filter((times) => times.length > 1).length;
    const printed = formatSummary(summary, 0);
    const first = await runRow(f.archive);
    assert(first.retries > 0, `the run row records API retries (${first.retries})`);
    if (runs === 1) {
      assert(summary.retries > 0, "the summary counts API retries");
      assert(/\(\d+ retried\)/.test(printed), `the printed summary shows them:\n${printed}`);
      assert(summary.downloadRetries > 0, "the summary counts download retries");
      assert(/\d+ downloads retried/.test(printed), `the printed summary shows them:\n${printed}`);
    }
    console.log(
      `faults: ${REALISTIC}\n  ${stats.total_api_calls} API calls served, ${first.retries} ` +
        `API retries recorded, ${refetched} files fetched again after a 5xx, 429, cut or ` +
        `stall, ${deferred.length} buddy icons deferred to a second run (runs: ${runs})\n` +
        `  held: run done, nothing needs attention, catalog and files equal to a clean run`,
    );
  });
});

Deno.test("faults: a stalled download is abandoned after the stall timeout and fetched again", async () => {
  const account = { photos: 8, videos: 0, favorites: 2, seed: 5 };
  const clean = await cleanArchive(account);
  await withSimulator({ ...account, faults: "stall:0.03" }, async (f) => {
    const watch = watchingFiles();
    const summary = await runArchive({
      archiveDir: f.archive,
      credentials: f.credentials,
      origin: f.sim.origin,
      files: watch.files,
      ...QUICK,
    });
    assertEquals(summary.status, "done");
    // Stalls are the only fault here: a file asked for again was abandoned by the earlier try,
    // after about the timeout (300 ms), not at once and not after the default 30 s.
    // Requests of one URL within 100 ms of each other are two files sharing it, not a retry.
    const gaps = [...watch.requests.values()].filter((t) => t.length > 1)
      .flatMap((t) => t.slice(1).map((at, i) => at - t[i])).filter((ms) => ms > 100);
    assert(gaps.length > 0, "some downloads stalled and were fetched again");
    for (const ms of gaps) {
      assert(ms >= 280 && ms < 6000, `a stall was abandoned after ${Math.round(ms)} ms`);
    }
    assertEquals(summary.attention, []);
    const diff = diffSnapshots(clean, await snapshotArchive(f.archive, f.sim.origin));
    assertEquals(diff, [], "the archive equals the clean run's");
    console.log(
      `stall: ${gaps.length} stalled downloads abandoned and fetched again ` +
        `${Math.round(Math.min(...gaps))}–${Math.round(Math.max(...gaps))} ms after the try ` +
        `before (timeout 300 ms); the archive equals a clean run`,
    );
  });
});

async function runRow(archive: string): Promise<{ retries: number }> {
  const { openCatalog } = await import("../src/catalog/db.ts");
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  try {
    const rows = await catalog.db.selectFrom("runs").select(["retries"]).orderBy("id").execute();
    return { retries: rows.reduce((n, r) => n + r.retries, 0) };
  } finally {
    await catalog.close();
  }
}
