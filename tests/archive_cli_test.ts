/**
 * `deno run -A main.ts archive` as a person runs it: killed with SIGKILL mid-run and run again
 * (the result equals an uninterrupted archive, nothing partial is left, complete files are not
 * fetched again), bad credentials and an unreachable Flickr (one line, exit 2, nothing written),
 * and a second concurrent run (refused).
 */
import { assert, assertEquals } from "./assert.ts";
import { listFiles, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { sha256File } from "../src/files/hash.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { acquireArchiveLock } from "../src/catalog/lock.ts";
import { mainCommand, runMain, simulatorEnv } from "./cli_process.ts";

const archiveCli = (args: string[], env: Record<string, string>) =>
  mainCommand(["archive", ...args], env);
const runCli = (args: string[], env: Record<string, string>) => runMain(["archive", ...args], env);

/** Files (relative path → sha256) of an archive, with the catalog and lock left out. */
async function fileHashes(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await listFiles(root)) {
    if (/^catalog\.db/.test(rel) || rel === ".flickrvault.lock") continue;
    out.set(rel, (await sha256File(`${root}/${rel}`)).sha256);
  }
  return out;
}

/** The catalog's items and files, without times that differ between two runs. */
async function catalogRows(root: string) {
  const catalog = await openCatalog(root);
  try {
    const items = await catalog.db.selectFrom("items").selectAll().orderBy("id").execute();
    const files = await catalog.db.selectFrom("files")
      .select([
        "item_id",
        "kind",
        "path",
        "bytes",
        "sha256",
        "content_type",
        "width",
        "height",
        "secret",
        "is_current",
      ])
      .orderBy("path").execute();
    return {
      items: items.map(({ first_seen_at: _f, updated_at: _u, ...rest }) => rest),
      files,
    };
  } finally {
    await catalog.close();
  }
}

Deno.test("archive CLI: killed with SIGKILL mid-run, the next run completes an equal archive without fetching complete files again", async () => {
  await withSimulator({ photos: 150, videos: 8, favorites: 12, seed: 5 }, async (f) => {
    const env = simulatorEnv(f.sim);
    const args = ["--archive", f.archive, "--flickr-origin", f.sim.origin, "--rate", "0"];
    const child = archiveCli(args, env).spawn();
    // Kill it once the originals phase is well under way.
    let killed = false;
    for (let i = 0; i < 600 && !killed; i++) {
      await new Promise((r) => setTimeout(r, 25));
      let n = 0;
      try {
        // Complete files only: downloads sit under temporary names until their batch commits.
        n = (await listFiles(`${f.archive}/photos`)).filter((p) => !/\.part-/.test(p)).length;
      } catch { /* not there yet */ }
      if (n >= 40) {
        child.kill("SIGKILL");
        killed = true;
      }
    }
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert(killed, "the run reached the originals phase");
    assertEquals(status.signal, "SIGKILL");

    // Complete files at the moment of the kill: the next run must not replace them.
    const before = new Map<string, { ino: number | null; mtime: number | undefined }>();
    for (const rel of await listFiles(f.archive)) {
      if (/\.part-/.test(rel) || /^catalog\.db/.test(rel) || rel === ".flickrvault.lock") continue;
      const info = await Deno.stat(`${f.archive}/${rel}`);
      before.set(rel, { ino: info.ino, mtime: info.mtime?.getTime() });
    }
    assert(before.size >= 40, `${before.size} files were complete`);

    const resumed = await runArchive({
      ...f.runOptions,
      credentials: { ...f.credentials, userNsid: undefined },
    });
    assertEquals(resumed.status, "done");
    assertEquals(resumed.attention, []);
    // The account was known from the catalog: no flickr.test.login on resume.
    assertEquals(resumed.byMethod["flickr.test.login"], undefined);
    for (const [rel, was] of before) {
      const info = await Deno.stat(`${f.archive}/${rel}`);
      assertEquals({ ino: info.ino, mtime: info.mtime?.getTime() }, was, `${rel} was not replaced`);
    }

    const fresh = `${f.dir}/fresh`;
    const whole = await runArchive({ ...f.runOptions, archiveDir: fresh });
    assertEquals(whole.status, "done");

    const resumedFiles = await fileHashes(f.archive);
    assertEquals([...resumedFiles.keys()].filter((p) => /\.part-/.test(p)), []);
    assertEquals(resumedFiles, await fileHashes(fresh));
    const a = await catalogRows(f.archive);
    const b = await catalogRows(fresh);
    assertEquals(a.files, b.files);
    assertEquals(a.items.length, 170);
    assertEquals(a.items, b.items);
  });
});

Deno.test("archive CLI: Ctrl-C (SIGINT) ends the run cleanly with exit 130 and nothing partial", async () => {
  await withSimulator({ photos: 120, videos: 4, favorites: 8, seed: 15 }, async (f) => {
    const args = ["--archive", f.archive, "--flickr-origin", f.sim.origin, "--rate", "0"];
    const child = archiveCli(args, simulatorEnv(f.sim)).spawn();
    let sent = false;
    for (let i = 0; i < 600 && !sent; i++) {
      await new Promise((r) => setTimeout(r, 25));
      let n = 0;
      try {
        // Complete files only: downloads sit under temporary names until their batch commits.
        n = (await listFiles(`${f.archive}/photos`)).filter((p) => !/\.part-/.test(p)).length;
      } catch { /* not there yet */ }
      if (n >= 20) {
        child.kill("SIGINT");
        sent = true;
      }
    }
    const out = await child.output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert(sent, "the run reached the originals phase");
    assertEquals(out.code, 130, stderr);
    assert(/Interrupted: run 'flickrvault archive' again/.test(stdout), stdout);
    assert(!/\n\s+at /.test(stderr), stderr);
    const files = await listFiles(f.archive);
    assertEquals(files.filter((p) => p.includes(".part-") || p === ".flickrvault.lock"), []);
    const catalog = await openCatalog(f.archive);
    try {
      const runs = await catalog.db.selectFrom("runs").select("status").execute();
      assertEquals(runs.map((r) => r.status), ["interrupted"]);
    } finally {
      await catalog.close();
    }
  });
});

Deno.test("archive CLI: wrong key, wrong secret, revoked token, unreachable Flickr: one line, exit 2, nothing written", async () => {
  await withSimulator({ photos: 5, videos: 0, favorites: 1, seed: 3 }, async (f) => {
    // A port that nothing listens on.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const deadOrigin = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
    listener.close();
    const cases: { name: string; env: Record<string, string>; origin?: string }[] = [
      { name: "wrong key", env: { FLICKR_API_KEY: "0123456789abcdef0123456789abcdef" } },
      { name: "wrong secret", env: { FLICKR_API_SECRET: "0123456789abcdef" } },
      { name: "revoked token", env: { FLICKR_OAUTH_TOKEN: "72157000000000000-0000000000000000" } },
      { name: "unreachable", env: {}, origin: deadOrigin },
    ];
    for (const c of cases) {
      const archive = `${f.dir}/${c.name.replaceAll(" ", "_")}`;
      const r = await runCli(
        ["--archive", archive, "--flickr-origin", c.origin ?? f.sim.origin],
        simulatorEnv(f.sim, c.env),
      );
      assertEquals(r.code, 2, `${c.name}: exit code (stderr: ${r.stderr})`);
      const lines = r.stderr.trim().split("\n");
      assert(lines[0].startsWith("flickrvault archive: "), `${c.name}: ${r.stderr}`);
      assert(lines.length <= 2 && (lines.length === 1 || lines[1].startsWith("hint: ")), r.stderr);
      assert(!/\n\s+at /.test(r.stderr) && !/Stack backtrace/.test(r.stderr), r.stderr);
      let exists = true;
      try {
        await Deno.stat(archive);
      } catch {
        exists = false;
      }
      assertEquals(exists, false, `${c.name}: nothing written`);
    }

    // On an existing archive, a refused run leaves no run row behind, and the next run works.
    const archive = `${f.dir}/existing`;
    const ok = await runCli(
      ["--archive", archive, "--flickr-origin", f.sim.origin, "--rate", "0"],
      simulatorEnv(f.sim),
    );
    assertEquals(ok.code, 0, ok.stderr);
    assert(/Archive is up to date/.test(ok.stdout), ok.stdout);
    const bad = await runCli(
      ["--archive", archive, "--flickr-origin", f.sim.origin],
      simulatorEnv(f.sim, { FLICKR_API_SECRET: "0123456789abcdef" }),
    );
    assertEquals(bad.code, 2);
    assert(/signature/.test(bad.stderr), bad.stderr);
    const catalog = await openCatalog(archive);
    try {
      const runs = await catalog.db.selectFrom("runs").select("status").execute();
      assertEquals(runs.map((r) => r.status), ["done"]);
    } finally {
      await catalog.close();
    }
  });
});

Deno.test("archive CLI: a second run while one holds the archive is refused", async () => {
  await withSimulator({ photos: 3, videos: 0, favorites: 1, seed: 9 }, async (f) => {
    await using _lock = await acquireArchiveLock(f.archive);
    const r = await runCli(
      ["--archive", f.archive, "--flickr-origin", f.sim.origin],
      simulatorEnv(f.sim),
    );
    assertEquals(r.code, 2);
    assert(/another flickrvault run \(pid \d+\) is using it/.test(r.stderr), r.stderr);
    assertEquals((await f.stats()).total_api_calls, 0);
  });
});

Deno.test("archive CLI: Ctrl-C while details wait for the call budget stops within seconds", async () => {
  await withSimulator({ photos: 30, videos: 0, favorites: 4, seed: 16 }, async (f) => {
    // At Flickr's 3,600 calls an hour the details phase spends one call a second.
    const args = ["--archive", f.archive, "--flickr-origin", f.sim.origin, "--rate", "3600"];
    const child = archiveCli(args, simulatorEnv(f.sim)).spawn();
    const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!/^details: /m.test(seen)) {
      const { value, done } = await stderr.read();
      if (done) break;
      seen += value;
    }
    assert(/^details: /m.test(seen), seen);
    await new Promise((r) => setTimeout(r, 1500));
    const sentAt = Date.now();
    child.kill("SIGINT");
    const stdout = await new Response(child.stdout).text();
    stderr.releaseLock();
    await child.stderr.cancel().catch(() => {});
    const { code } = await child.status;
    const took = Date.now() - sentAt;
    assertEquals(code, 130, stdout);
    assert(took < 5000, `stopping took ${took} ms`);
    assert(/Interrupted/.test(stdout), stdout);
  });
});
