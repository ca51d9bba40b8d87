/**
 * A network lost in the middle of an archive run started from the first-run pages (issue 31):
 * the run is going, Flickr answering, when Flickr goes away (the simulator is closed: connections
 * are refused, as with a dropped Wi-Fi).
 *
 * - A short outage: the run waits and asks again (the API client's backoff), and the page says so
 *   while it waits; Flickr back, the run goes on and finishes by itself.
 * - A long one: the run gives up and stops; the start page says what happened and what to do,
 *   never a stack trace, and what the run fetched is kept; Flickr back, "Try again" finishes it.
 *
 * Either way the archive ends equal to one made by an uninterrupted run. Over `app.request`, with
 * the simulator over loopback (restarted on the same port: the same account, the same keys).
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { says, setupApp, withDir } from "./first_run_pages.ts";
import { credentialsOf } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { type RunningSimulator, startSimulator } from "../src/simulator/server.ts";

const ACCOUNT = { photos: 8, videos: 1, favorites: 2, seed: 41 } as const;
/** One call every 100 ms: the details phase lasts a few seconds, long enough to lose Flickr in. */
const RATE = 36_000;

/** A simulator on `port` (0: any), and a way to close it and start it again on the same port. */
async function flickr(port = 0): Promise<RunningSimulator> {
  return await startSimulator({ ...ACCOUNT, port });
}

/** Signs the archive in as `auth` leaves it. */
async function signIn(archiveDir: string, sim: RunningSimulator) {
  const c = credentialsOf(sim);
  await Deno.mkdir(archiveDir, { recursive: true });
  await Deno.writeTextFile(
    join(archiveDir, "credentials.json"),
    JSON.stringify({
      api_key: c.apiKey,
      api_secret: c.apiSecret,
      oauth_token: c.oauthToken,
      oauth_token_secret: c.oauthTokenSecret,
      user_nsid: c.userNsid,
    }),
    { mode: 0o600 },
  );
}

/** An uninterrupted archive run of the same account, to compare with. */
async function cleanArchive(dir: string, sim: RunningSimulator): Promise<string> {
  const clean = join(dir, "clean");
  await runArchive({
    archiveDir: clean,
    credentials: credentialsOf(sim),
    origin: sim.origin,
    rate: 0,
  });
  return clean;
}

/** How the catalog recorded the last archive run. */
async function lastArchiveRun(archiveDir: string): Promise<string | undefined> {
  const catalog = await openCatalog(archiveDir, { create: false, readonly: true });
  try {
    return (await catalog.db.selectFrom("runs").select("status").where("kind", "=", "archive")
      .orderBy("id", "desc").executeTakeFirst())?.status;
  } finally {
    await catalog.close();
  }
}

/** How the archive differs from one made by an uninterrupted run of the same account. */
async function differences(dir: string, sim: RunningSimulator, archiveDir: string) {
  const clean = await snapshotArchive(await cleanArchive(dir, sim), sim.origin);
  const made = await snapshotArchive(archiveDir, sim.origin);
  // The pages' archive is signed in by its credentials file; the clean run by its options.
  made.files.delete("credentials.json");
  return diffSnapshots(clean, made);
}

/** Archive-relative path → modification time of every original on disk. */
async function originals(archiveDir: string): Promise<Map<string, number>> {
  const catalog = await openCatalog(archiveDir, { create: false, readonly: true });
  try {
    const rows = await catalog.db.selectFrom("files").select("path").where("kind", "=", "original")
      .execute();
    const out = new Map<string, number>();
    for (const { path } of rows) {
      out.set(path, (await Deno.stat(join(archiveDir, path))).mtime!.getTime());
    }
    return out;
  } finally {
    await catalog.close();
  }
}

Deno.test({
  name: "first run: Flickr lost for a moment mid-run: the page says the run waits, and it finishes",
  sanitizeResources: false, // the closed simulator's keep-alive connections end on their own
  async fn() {
    await withDir(async (dir) => {
      let sim = await flickr();
      const port = Number(new URL(sim.origin).port);
      const s = setupApp(dir, sim.origin, { rate: RATE });
      try {
        await signIn(s.archiveDir, sim);
        assertEquals((await s.post("/setup/archive", {})).status, 303);
        await s.until((r) => r?.phase?.phase === "details" && r.phase.done > 0, "details begin");
        await sim.close(); // the network goes away

        const waiting = await s.until(
          (r) => /Cannot reach Flickr/.test(r?.waiting ?? ""),
          "the run says what it waits on",
          20_000,
        );
        assertEquals(waiting?.state, "running");
        const page = await says(
          await s.get("/setup"),
          200,
          /Waiting: Cannot reach Flickr at http:\/\/127\.0\.0\.1:\d+ \(flickr\.[\w.]+\): connection refused; trying again at \d\d:\d\d:\d\d \(attempt \d+\)/,
        );
        assertMatch(page, /id="run-panel"/);

        sim = await flickr(port); // back
        await s.runs.settled();
        const run = s.runs.latest()!;
        assertMatch(run.state, /^(done|attention)$/, JSON.stringify(run.failure));
        assertEquals(await differences(dir, sim, s.archiveDir), []);
      } finally {
        await s.viewer.close();
        await sim.close();
      }
    });
  },
});

Deno.test({
  name:
    "first run: Flickr lost for long mid-run: the page says what happened and what to do; Try again finishes, nothing lost",
  sanitizeResources: false,
  async fn() {
    await withDir(async (dir) => {
      let sim = await flickr();
      const port = Number(new URL(sim.origin).port);
      // The client's own retries last one and a half to three minutes; these give up at once.
      const s = setupApp(dir, sim.origin, {
        rate: RATE,
        client: { retryBaseMs: 20, retryMaxMs: 40, maxRetries: 2 },
      });
      try {
        await signIn(s.archiveDir, sim);
        assertEquals((await s.post("/setup/archive", {})).status, 303);
        await s.until((r) => r?.phase?.phase === "details" && r.phase.done > 0, "details begin");
        await sim.close();

        await s.runs.settled();
        assertEquals(s.runs.latest()?.state, "failed");
        const page = await says(
          await s.get("/setup"),
          200,
          /The archive run stopped.*Cannot reach Flickr at http:\/\/127\.0\.0\.1:\d+ .*connection refused.*What to do: check the network connection/s,
        );
        assertMatch(page, /id="try-again"/);
        // The journal is kept: the run is recorded as failed, and the originals it fetched stay.
        assertEquals(await lastArchiveRun(s.archiveDir), "failed");
        const kept = await originals(s.archiveDir);
        assert(kept.size > 0, "originals fetched before the network went away");

        sim = await flickr(port);
        const again = await s.post("/setup/resume", { kind: "archive" }, "/setup");
        assertEquals(again.status, 303);
        await s.runs.settled();
        const run = s.runs.latest()!;
        assertMatch(run.state, /^(done|attention)$/, JSON.stringify(run.failure));
        const after = await originals(s.archiveDir);
        for (const [path, mtime] of kept) {
          assertEquals(after.get(path), mtime, `${path} was not fetched again`);
        }
        assertEquals(await differences(dir, sim, s.archiveDir), []);
      } finally {
        await s.viewer.close();
        await sim.close();
      }
    });
  },
});
