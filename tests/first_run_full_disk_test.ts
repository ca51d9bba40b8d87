/**
 * A real full disk under an import, and under an archive run, started from the first-run pages
 * (issue 31): the archive lives on a small tmpfs the test mounts (it runs as root here and in CI),
 * with a filler file leaving less room than the run needs. The run ends in a page that says the disk is full and what to
 * do, never a stack trace; the catalog passes `PRAGMA integrity_check`; every file under a final
 * name is whole (the bytes a clean import writes there). With the filler deleted, "Try again"
 * completes the import to an archive equal to a clean one. Over `app.request`.
 */
import { join } from "node:path";
import { sql } from "kysely";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import {
  diffSnapshots,
  hashFiles,
  isBookkeepingFile,
  isTempFile,
  snapshotArchive,
} from "./archive_snapshot.ts";
import { says, setupApp, withDir } from "./first_run_pages.ts";
import { listFiles } from "./simulator_fixture.ts";
import { credentialsOf } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { diagnoseFailure } from "../src/cli/failure.ts";
import { importExport } from "../src/import/pipeline.ts";
import { Account } from "../src/simulator/account.ts";
import { writeExport } from "../src/simulator/export.ts";
import { FileStore } from "../src/simulator/files.ts";
import { startSimulator } from "../src/simulator/server.ts";

/** Runs `mount`/`umount`; the error output when it fails. */
async function run(cmd: string, args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
    return out.success
      ? undefined
      : new TextDecoder().decode(out.stderr).trim() || `exit ${out.code}`;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Mounts a tmpfs of `bytes` at `dir`; why not, when it cannot. */
async function mountTmpfs(dir: string, bytes: number): Promise<string | undefined> {
  return await run("mount", [
    "-t",
    "tmpfs",
    "-o",
    `size=${Math.ceil(bytes / 1024)}k`,
    "tmpfs",
    dir,
  ]);
}

/**
 * Unmounts the tmpfs at `dir`. libSQL closes a catalog's file only when its connection is
 * garbage-collected (`src/catalog/db.ts`), so the test's process may still hold them: the mount is
 * then detached at once (`umount -l`) and goes when they do.
 */
async function unmount(dir: string): Promise<void> {
  const why = await run("umount", [dir]);
  if (why === undefined) return;
  const lazy = await run("umount", ["-l", dir]);
  if (lazy !== undefined) throw new Error(`Cannot unmount the test's tmpfs at ${dir}: ${lazy}`);
}

/** Whether this process may mount a tmpfs (root, or a container that allows it). */
const cannotMount = await (async () => {
  const probe = await Deno.makeTempDir({ prefix: "fv_tmpfs_probe_" });
  try {
    const why = await mountTmpfs(probe, 64 * 1024);
    if (why === undefined) await unmount(probe);
    return why;
  } finally {
    await Deno.remove(probe, { recursive: true });
  }
})();
if (cannotMount !== undefined) {
  console.error(
    `first_run_full_disk_test.ts: IGNORED: mounting a tmpfs is not permitted here (${cannotMount}); ` +
      "run the tests as root (as CI does) to check a real full disk",
  );
}

/** Bytes the files of `archiveDir` take on a disk of 4 KiB pages. */
async function diskUse(archiveDir: string): Promise<number> {
  let total = 0;
  for (const rel of await listFiles(archiveDir)) {
    total += Math.ceil((await Deno.stat(join(archiveDir, rel))).size / 4096) * 4096 + 4096;
  }
  return total;
}

/**
 * The catalog of `archiveDir` passes `PRAGMA integrity_check`, and every file under a final name
 * holds the bytes the clean run wrote under that name (`origin` as in {@link hashFiles}).
 */
async function assertIntact(archiveDir: string, clean: string, origin?: string): Promise<void> {
  const catalog = await openCatalog(archiveDir, { create: false, readonly: true });
  try {
    const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`
      .execute(catalog.db);
    assertEquals(check.rows.map((r) => r.integrity_check), ["ok"]);
  } finally {
    await catalog.close();
  }
  const reference = await hashFiles(clean, origin);
  const notWhole = [...await hashFiles(archiveDir, origin)].filter(([rel, sha]) =>
    !isBookkeepingFile(rel) && !isTempFile(rel) && rel !== "credentials.json" &&
    reference.get(rel) !== sha
  ).map(([rel]) => rel);
  assertEquals(notWhole, [], "files under their final names are whole");
}

Deno.test({
  name:
    "first run: an import that fills the disk ends in a page that says so; the catalog is intact, no file half-written; Try again finishes it",
  ignore: cannotMount !== undefined,
  async fn() {
    await withDir(async (dir) => {
      const downloads = join(dir, "home", "Downloads");
      const account = new Account({ seed: 28, photos: 12, videos: 1, favorites: 2 });
      const written = await writeExport(account, downloads, {
        files: new FileStore(account, 120_000),
      });
      const zips = [...written.metadataZips, ...written.mediaZips].map((n) => join(downloads, n));
      const clean = join(dir, "clean");
      await importExport({ archiveDir: clean, inputs: zips });
      const need = await diskUse(clean);

      // The disk: room for the whole import twice, then a filler that leaves half of it.
      const disk = join(dir, "disk");
      await Deno.mkdir(disk);
      const size = 2 * need + 1024 * 1024;
      const why = await mountTmpfs(disk, size);
      assertEquals(why, undefined, `mount: ${why}`);
      const s = setupApp(dir, undefined, { archiveDir: join(disk, "archive") });
      try {
        const filler = join(disk, "filler");
        await Deno.writeFile(filler, new Uint8Array(size - Math.floor(need / 2)));

        const started = await s.post(
          "/setup/import",
          { folder: downloads },
          "/setup/flickr-export",
        );
        assertEquals(started.status, 303);
        await s.runs.settled();
        const failed = s.runs.latest()!;
        assertEquals(failed.state, "failed", JSON.stringify(failed));
        const page = await says(
          await s.get("/setup"),
          200,
          /The import stopped.*the disk is full.*What to do: free some space/s,
        );
        assertMatch(page, /id="try-again"/);

        await assertIntact(s.archiveDir, clean);
        // The disk filled mid-way: what the import wrote before can be browsed.
        await says(await s.get("/"), 200, /href="\/photos\/\d+/);

        // Space freed: Try again finishes the import.
        await Deno.remove(filler);
        const again = await s.post("/setup/resume", { kind: "import" }, "/setup");
        assertEquals(again.status, 303);
        await s.runs.settled();
        const resumed = s.runs.latest()!;
        assertMatch(resumed.state, /^(done|attention)$/, JSON.stringify(resumed.failure));
        assertEquals((await listFiles(s.archiveDir)).filter(isTempFile), [], "no temp files left");
        await s.viewer.close();
        assertEquals(
          diffSnapshots(await snapshotArchive(clean), await snapshotArchive(s.archiveDir)),
          [],
        );
      } finally {
        await s.viewer.close();
        await unmount(disk);
      }
    });
  },
});

Deno.test({
  name:
    "import: a disk that fills while the originals are copied stops the import with 'the disk is full', not as damaged zips",
  ignore: cannotMount !== undefined,
  async fn() {
    await withDir(async (dir) => {
      const exportDir = join(dir, "export");
      // Large originals and no pictures: the media files are nearly all the import writes.
      const account = new Account({ seed: 29, photos: 10, videos: 0, favorites: 0 });
      await writeExport(account, exportDir, { files: new FileStore(account, 400_000) });
      const opts = { inputs: [exportDir], noPictures: true, noSidecars: true };
      const clean = join(dir, "clean");
      await importExport({ ...opts, archiveDir: clean });
      const need = await diskUse(clean);

      const disk = join(dir, "disk");
      await Deno.mkdir(disk);
      const size = need + 1024 * 1024;
      const why = await mountTmpfs(disk, size);
      assertEquals(why, undefined, `mount: ${why}`);
      try {
        await Deno.writeFile(join(disk, "filler"), new Uint8Array(size - Math.floor(need / 2)));
        const outcome = await importExport({ ...opts, archiveDir: join(disk, "archive") }).then(
          (report) => `finished; damaged: ${report.damaged.join("; ")}`,
          (e) => e,
        );
        assert(outcome instanceof Error, String(outcome));
        assertMatch(
          (await diagnoseFailure(outcome, { writes: true })).message,
          /the disk is full/,
        );
      } finally {
        await unmount(disk);
      }
    });
  },
});

Deno.test({
  name:
    "first run: an archive run that fills the disk ends in a page that says so; the catalog is intact; Try again finishes it",
  ignore: cannotMount !== undefined,
  async fn() {
    await withDir(async (dir) => {
      const sim = await startSimulator({
        photos: 12,
        videos: 1,
        favorites: 2,
        seed: 30,
        port: 0,
        originalBytes: 120_000,
      });
      const creds = credentialsOf(sim);
      const clean = join(dir, "clean");
      await runArchive({ archiveDir: clean, credentials: creds, origin: sim.origin, rate: 0 });
      const need = await diskUse(clean);
      const disk = join(dir, "disk");
      await Deno.mkdir(disk);
      const size = 2 * need + 1024 * 1024;
      const why = await mountTmpfs(disk, size);
      assertEquals(why, undefined, `mount: ${why}`);
      const archiveDir = join(disk, "archive");
      const s = setupApp(dir, sim.origin, { archiveDir });
      try {
        // Signed in as `auth` leaves an archive.
        await Deno.mkdir(archiveDir);
        await Deno.writeTextFile(
          join(archiveDir, "credentials.json"),
          JSON.stringify({
            api_key: creds.apiKey,
            api_secret: creds.apiSecret,
            oauth_token: creds.oauthToken,
            oauth_token_secret: creds.oauthTokenSecret,
            user_nsid: creds.userNsid,
          }),
          { mode: 0o600 },
        );
        const filler = join(disk, "filler");
        await Deno.writeFile(filler, new Uint8Array(size - Math.floor(need / 2)));

        assertEquals((await s.post("/setup/archive", {})).status, 303);
        await s.runs.settled();
        assertEquals(s.runs.latest()?.state, "failed", JSON.stringify(s.runs.latest()));
        const page = await says(
          await s.get("/setup"),
          200,
          /The archive run stopped.*the disk is full.*What to do: free some space/s,
        );
        assertMatch(page, /id="try-again"/);
        await assertIntact(archiveDir, clean, sim.origin);

        await Deno.remove(filler);
        assertEquals((await s.post("/setup/resume", { kind: "archive" }, "/setup")).status, 303);
        await s.runs.settled();
        const resumed = s.runs.latest()!;
        assertMatch(resumed.state, /^(done|attention)$/, JSON.stringify(resumed.failure));
        assertEquals((await listFiles(archiveDir)).filter(isTempFile), [], "no temp files left");
        await s.viewer.close();
        const made = await snapshotArchive(archiveDir, sim.origin);
        made.files.delete("credentials.json"); // the clean run was signed in by its options
        assertEquals(diffSnapshots(await snapshotArchive(clean, sim.origin), made), []);
      } finally {
        await s.viewer.close();
        await unmount(disk);
        await sim.close();
      }
    });
  },
});
