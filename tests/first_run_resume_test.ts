/**
 * A run started from the first-run pages and killed (SIGKILL: a crash, a power cut) resumes from
 * the page after a restart, with nothing lost: the import, then the archive run. The archive it
 * ends with equals one made by `import` and `archive` from the command line, and the next start
 * opens at the photostream. Driven over HTTP as the pages' forms do (the browser test covers the
 * clicks).
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { runMain, simulatorEnv, spawnMain, type WatchedProcess } from "./cli_process.ts";
import { startSimulator } from "../src/simulator/server.ts";

const ACCOUNT = {
  photos: 12,
  videos: 1,
  favorites: 2,
  seed: 33,
  port: 0,
  account: "free",
} as const;

function denoDir(): string {
  return Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
}

/** `flickrvault` with no command, and a client that keeps its session cookie. */
async function start(archive: string, home: string, origin: string) {
  const proc = spawnMain(
    [
      "--archive",
      archive,
      "--no-browser",
      "--port",
      "0",
      "--flickr-origin",
      origin,
      "--rate",
      "7200",
    ],
    {
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      DENO_DIR: denoDir(),
      NO_COLOR: "1",
      FLICKR_API_KEY: "",
      FLICKR_API_SECRET: "",
      FLICKR_OAUTH_TOKEN: "",
      FLICKR_OAUTH_TOKEN_SECRET: "",
    },
  );
  const serving = await proc.waitForLine(/is serving .* at http:\/\/127\.0\.0\.1:\d+\//);
  assert(serving, proc.lines.map((l) => l.text).join("\n"));
  const opened = await proc.waitForLine(/^Open http/);
  const base = serving.text.match(/(http:\/\/127\.0\.0\.1:\d+)\//)![1];
  let cookie = "";
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
    cookie ||= res.headers.get("set-cookie")?.split(";")[0] ?? "";
    return { status: res.status, location: res.headers.get("location"), text: await res.text() };
  };
  const post = async (path: string, fields: Record<string, string>) => {
    const page = await get("/setup/api-key");
    const token = page.text.match(/name="_csrf" value="([0-9a-f]+)"/)?.[1] ?? "";
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      redirect: "manual",
    });
    return { status: res.status, location: res.headers.get("location"), text: await res.text() };
  };
  return { proc, base, get, post, opened: opened?.text ?? "" };
}

/** Waits for the page's run to end; returns how it ended and what needs attention. */
async function runEnd(
  get: (p: string) => Promise<{ text: string }>,
): Promise<{ state: string; attention: string[] }> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { text } = await get("/setup/run.json");
    const run = JSON.parse(text).run;
    if (run && run.state !== "running" && run.state !== "pausing") {
      return { state: run.state, attention: run.attention };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the run did not end");
}

async function kill(proc: WatchedProcess) {
  proc.child.kill("SIGKILL");
  await proc.finished;
}

Deno.test({
  name:
    "first run: an import and an archive run killed mid-way resume from the page after a restart, with nothing lost",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "flickrvault-first-run-resume-" });
    const home = join(dir, "home");
    const downloads = join(home, "Downloads");
    await Deno.mkdir(downloads, { recursive: true });
    const sim = await startSimulator({ ...ACCOUNT, exportDir: downloads });
    const archive = join(dir, "archive");
    let fv = await start(archive, home, sim.origin);
    try {
      // ---- the import, killed once its items are in the catalog and its files are coming ----
      const started = await fv.post("/setup/import", { folder: downloads });
      assertEquals([started.status, started.location], [303, "/setup"]);
      assert(await fv.proc.waitForLine(/Metadata: \d+ photos and videos/), "the import goes");
      await kill(fv.proc);

      fv = await start(archive, home, sim.origin);
      // What the killed import put on disk can be browsed before anything resumes.
      const stream = await fv.get("/");
      assertEquals(stream.status, 200);
      assertMatch(stream.text, /href="\/photos\/\d+\?in=taken"/);
      let page = await fv.get("/setup");
      assertMatch(page.text, /id="unfinished"/, "the next start offers to resume");
      assertMatch(page.text, /name="kind" value="import"/);
      const resumed = await fv.post("/setup/resume", { kind: "import" });
      assertEquals(resumed.status, 303);
      const imported = await runEnd(fv.get);
      // This export lacks one original (as Flickr's may): the run ends asking for attention.
      assertEquals(imported.state, "attention");
      assertMatch(imported.attention.join("\n"), /1 photos or videos have no original yet/);

      // ---- the archive run (signed in as `auth` leaves an archive), killed mid-way ----
      const creds = {
        api_key: sim.apiKey,
        api_secret: sim.apiSecret,
        oauth_token: sim.oauthToken,
        oauth_token_secret: sim.oauthTokenSecret,
      };
      await Deno.writeTextFile(join(archive, "credentials.json"), JSON.stringify(creds), {
        mode: 0o600,
      });
      const archiving = await fv.post("/setup/archive", {});
      assertEquals([archiving.status, archiving.location], [303, "/setup"]);
      assert(await fv.proc.waitForLine(/^ {2}\S/), "the archive run goes");
      await new Promise((r) => setTimeout(r, 1500));
      await kill(fv.proc);

      fv = await start(archive, home, sim.origin);
      page = await fv.get("/setup");
      assertMatch(page.text, /id="unfinished"/);
      assertMatch(page.text, /name="kind" value="archive"/);
      assertEquals((await fv.post("/setup/resume", { kind: "archive" })).status, 303);
      const ended = await runEnd(fv.get);
      assert(ended.state === "done" || ended.state === "attention", ended.state);
      fv.proc.child.kill("SIGINT");
      assertEquals((await fv.proc.finished).code, 0);

      // A complete archive: the next start opens at the photostream.
      fv = await start(archive, home, sim.origin);
      assertMatch(fv.opened, /^Open http:\/\/127\.0\.0\.1:\d+\/ in your browser/);
      fv.proc.child.kill("SIGINT");
      await fv.proc.finished;

      // ---- nothing lost: the same as import + archive from the command line ----
      const cli = join(dir, "cli");
      const zips = [...Deno.readDirSync(downloads)].map((e) => join(downloads, e.name)).sort();
      const imp = await runMain(["import", "--archive", cli, ...zips], simulatorEnv(sim));
      assert(imp.code <= 1, imp.stderr);
      await Deno.copyFile(join(archive, "credentials.json"), join(cli, "credentials.json"));
      const arc = await runMain(
        ["archive", "--archive", cli, "--flickr-origin", sim.origin, "--rate", "0"],
        simulatorEnv(sim),
      );
      assert(arc.code <= 1, arc.stderr);
      assertEquals(
        diffSnapshots(
          await snapshotArchive(archive, sim.origin),
          await snapshotArchive(cli, sim.origin),
        ),
        [],
      );
    } finally {
      try {
        fv.proc.child.kill("SIGKILL");
      } catch {
        // ended
      }
      await fv.proc.finished;
      await sim.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
