/**
 * Every fault speaks (issue 29): each fault and bad input of the table below, tried through
 * `deno run -A main.ts <command>` as a person runs it, ends with the exit code of the design
 * contract and, when it fails, a first line `flickrvault <command>: <reason>` and a `hint:` line;
 * nothing printed holds "Uncaught", "panicked" or a stack frame. A damaged catalog's bytes are
 * the same after every command. Readers (`serve`, `status`, `list`, and `verify`, which then
 * records nothing) work on an archive on a read-only disk and on one whose folder and files this
 * user may not write.
 *
 * The read-only disk, the full disk and the user without write access need root (tmpfs mounts;
 * `setpriv` dropping the capability that lets root write anywhere); elsewhere those rows say
 * SKIPPED.
 */
import { assert, assertEquals, assertMatch } from "./assert.ts";
import {
  type CliResult,
  runMain,
  simulatorEnv,
  spawnMain,
  type WatchedProcess,
} from "./cli_process.ts";
import { listFiles, QUICK, withSimulator } from "./simulator_fixture.ts";
import { rootDir } from "./fixtures.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { memorySink } from "../src/progress.ts";
import { describeFailure } from "../src/cli/failure.ts";
import { LOCK_FILE } from "../src/catalog/lock.ts";
import { openCatalog } from "../src/catalog/db.ts";
import type { RunningSimulator } from "../src/simulator/server.ts";

const ACCOUNT = { photos: 24, videos: 1, favorites: 3, seed: 29 };

/** Nothing printed is a crash: no "Uncaught", no Rust panic, no stack frame. */
function assertNoCrash(r: CliResult, what: string): void {
  const all = `${r.stdout}\n${r.stderr}`;
  assert(!/Uncaught|panicked|Stack backtrace|^\s+at \S+/m.test(all), `${what}: a crash:\n${all}`);
}

/** A failure in the contract's form: first stderr line, then a hint; `code`. */
function assertFailure(r: CliResult, command: string, code: number, reason: RegExp, what: string) {
  assertNoCrash(r, what);
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  const first = lines.findIndex((l) => l.startsWith(`flickrvault ${command}: `));
  assert(first >= 0, `${what}: no 'flickrvault ${command}: ' line in:\n${r.stderr}`);
  assertMatch(lines[first], reason, `${what}: ${lines[first]}`);
  assert(lines[first + 1]?.startsWith("hint: "), `${what}: a hint follows:\n${r.stderr}`);
  assertEquals(r.code, code, `${what}: exit code (${lines[first]})`);
  return lines[first];
}

const archiveArgs = (sim: RunningSimulator, dir: string) => [
  "archive",
  "--archive",
  dir,
  "--flickr-origin",
  sim.origin,
  "--rate",
  "0",
];

/**
 * `cp -a`: the archive as it is, modes and all. Tried twice: once (in a parallel CI run) a copy
 * right after the in-process run failed, most likely as SQLite deleted `catalog.db-wal` and `-shm`
 * while `cp` read them (libsql closes the run's connection whenever the collector gets to it); the
 * second failure says what `cp` said.
 */
async function copyArchive(from: string, to: string): Promise<void> {
  for (let attempt = 1;; attempt++) {
    const out = await new Deno.Command("cp", { args: ["-a", from, to] }).output();
    if (out.success) return;
    const said = new TextDecoder().decode(out.stderr).trim();
    assert(attempt < 2, `cp -a ${from} ${to}: ${said}`);
    console.log(`  cp -a failed once (${said}); copying again`);
    await Deno.remove(to, { recursive: true }).catch(() => {});
  }
}

/** Runs `tasks` with at most `limit` at once (each is a process; the machine has two cores). */
async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A small deterministic generator, for the junk bytes. */
function junk(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

async function overwrite(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  using f = await Deno.open(path, { read: true, write: true });
  await f.seek(offset, Deno.SeekMode.Start);
  let done = 0;
  while (done < bytes.length) done += await f.write(bytes.subarray(done));
}

Deno.test("fault table: a damaged, empty or missing catalog: one line, exit 2, never written", async () => {
  const exportDir = await Deno.makeTempDir({ prefix: "fv_export_" });
  try {
    await withSimulator({ ...ACCOUNT, exportDir }, async (f) => {
      const env = simulatorEnv(f.sim);
      // Built in-process (faster); the commands under test run as a person runs them.
      assertEquals((await runArchive({ ...f.runOptions, ...QUICK })).status, "done");
      const size = (await Deno.stat(`${f.archive}/catalog.db`)).size;
      // The 64 KiB of junk land inside the file whatever its size (a third of the way in).
      const faults: [string, (db: string) => Promise<void>, RegExp][] = [
        [
          "64 KiB of junk inside",
          (db) => overwrite(db, Math.max(4096, Math.floor(size / 3 / 4096) * 4096), junk(65536, 7)),
          /catalog\.db is damaged \(/,
        ],
        [
          "a junk header",
          (db) => overwrite(db, 0, junk(100, 3)),
          /catalog\.db is damaged \(it does not start as an SQLite database\)/,
        ],
        [
          "zero bytes beside the archived files",
          (db) => Deno.writeFile(db, new Uint8Array()),
          /catalog\.db is damaged \(the file is empty\)/,
        ],
      ];
      // Each fault with the commands most likely to trip over it: every writer on the junk that
      // crashed libsql, the readers on each kind of file that is not a catalog.
      const all: Record<string, string[]> = {
        archive: archiveArgs(f.sim, "ARCHIVE"),
        import: ["import", exportDir, "--archive", "ARCHIVE"],
        verify: ["verify", "--archive", "ARCHIVE"],
        status: ["status", "--archive", "ARCHIVE"],
        list: ["list", "--json", "--archive", "ARCHIVE"],
        site: ["site", `${f.dir}/site`, "--archive", "ARCHIVE"],
        export: ["export", `${f.dir}/export`, "--archive", "ARCHIVE"],
      };
      const tried: Record<string, string[]> = {
        "64 KiB of junk inside": ["archive", "import", "verify", "status", "list"],
        "a junk header": ["site", "export", "status"],
        "zero bytes beside the archived files": ["archive", "verify", "status"],
      };
      const held: string[] = [];
      for (const [fault, damage, reason] of faults) {
        const dir = `${f.dir}/${fault.replaceAll(" ", "-")}`;
        await copyArchive(f.archive, dir);
        const db = `${dir}/catalog.db`;
        await damage(db);
        const before = await sha256(db);
        const commands = tried[fault];
        // One at a time: two writers side by side would meet the archive's lock, not the damage.
        const results: CliResult[] = [];
        for (const c of commands) {
          results.push(await runMain(all[c].map((a) => a === "ARCHIVE" ? dir : a), env));
        }
        commands.forEach((command, i) => {
          const r = results[i];
          const what = `${fault}: ${command}`;
          // A reader that never reads a damaged page finishes; everything that writes, and
          // every command on a header or file that is not a catalog, refuses.
          const mayFinish = fault.startsWith("64 KiB") &&
            !["archive", "import", "verify"].includes(command);
          if (mayFinish && r.code !== 2) {
            assertNoCrash(r, what);
            held.push(`  ${what}: exit ${r.code} (its reads missed the damaged pages)`);
          } else {
            const line = assertFailure(r, command, 2, reason, what);
            held.push(`  ${what}: exit 2, "${line.replace(dir, "DIR").slice(0, 100)}…"`);
          }
        });
        assertEquals(await sha256(db), before, `${fault}: catalog.db left as it was`);
        assert(!(await listFiles(dir)).includes(LOCK_FILE), `${fault}: no lock left`);
        await Deno.remove(dir, { recursive: true });
      }
      // No catalog at all beside the archived files: verify does not say "all match".
      const bare = `${f.dir}/no-catalog`;
      await copyArchive(f.archive, bare);
      for (const name of ["catalog.db", "catalog.db-wal", "catalog.db-shm"]) {
        await Deno.remove(`${bare}/${name}`).catch(() => {});
      }
      const v = await runMain(["verify", "--archive", bare], env);
      held.push(
        `  no catalog: verify: exit 2, "${
          assertFailure(v, "verify", 2, /no catalog\.db in/, "no catalog: verify")
        }"`,
      );
      // A new, empty catalog beside them: verify checked nothing and does not say "all match".
      await (await openCatalog(bare)).close();
      const e = await runMain(["verify", "--archive", bare], env);
      assertNoCrash(e, "empty catalog: verify");
      assertEquals(e.code, 1, e.stdout);
      assertMatch(
        e.stdout,
        /^Checked 0 files .*: catalog\.db is empty, yet .* holds archived/,
      );
      assert(!/all match/.test(e.stdout), e.stdout);
      held.push(`  a new, empty catalog: verify: exit 1, "${e.stdout.slice(0, 90)}…"`);
      console.log(`fault table (catalog):\n${held.join("\n")}`);
    });
  } finally {
    await Deno.remove(exportDir, { recursive: true });
  }
});

Deno.test("fault table: serve answers a damaged catalog with a page that says so, not a 500", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    // Built in-process (faster); the commands under test run as a person runs them.
    assertEquals((await runArchive({ ...f.runOptions, ...QUICK })).status, "done");
    const db = `${f.archive}/catalog.db`;
    // Junk over the root page of the items table: the schema reads well, every list of photos
    // finds the damage.
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url: `file:${db}` });
    const root = Number(
      (await client.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'items'",
      )).rows[0][0],
    );
    const pageSize = Number((await client.execute("PRAGMA page_size")).rows[0][0]);
    client.close();
    await overwrite(db, (root - 1) * pageSize, junk(pageSize, 11));
    const before = await sha256(db);
    const server = spawnMain(["serve", "--archive", f.archive, "--port", "0"], {});
    try {
      const ready = await server.waitForLine(/^Serving .* at http/);
      assert(ready, `serve started: ${server.lines.map((l) => l.text).join("\n")}`);
      const url = /at (http\S+)/.exec(ready.text)![1];
      for (const path of ["/", "/status", "/search?q=party"]) {
        const res = await fetch(new URL(path, url));
        const body = await res.text();
        assertEquals(res.status, 503, `${path}: ${body.slice(0, 200)}`);
        assertMatch(body, /catalog\.db is damaged/);
        assertMatch(body, /restore catalog\.db from a backup/);
      }
    } finally {
      server.child.kill("SIGTERM");
      await server.finished;
    }
    const log = server.lines.map((l) => l.text).join("\n");
    assert(!/Uncaught|panicked|^\s+at \S+/m.test(log), `no stack in the log:\n${log}`);
    assertMatch(log, /flickrvault serve: GET \/status: Cannot read the archive: .* is damaged/);
    assertEquals(await sha256(db), before, "catalog.db left as it was");
    console.log("fault table (serve, damaged catalog): 503 pages saying so, one log line each");
  });
});

Deno.test("fault table: credentials and another program's lock", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const env = simulatorEnv(f.sim);
    // Built in-process (faster); the commands under test run as a person runs them.
    assertEquals((await runArchive({ ...f.runOptions, ...QUICK })).status, "done");
    const held: string[] = [];

    // A wrong token secret: the hint names both secrets, not only the API secret.
    const wrong = await runMain(
      archiveArgs(f.sim, f.archive),
      simulatorEnv(f.sim, { FLICKR_OAUTH_TOKEN_SECRET: "0".repeat(16) }),
    );
    const line = assertFailure(wrong, "archive", 2, /signature/, "wrong token secret");
    assertMatch(wrong.stderr, /hint: .*FLICKR_OAUTH_TOKEN_SECRET/);
    held.push(`  wrong token secret: "${line}", the hint names both secrets`);

    // credentials.json holding null.
    const nul = `${f.dir}/null-credentials`;
    await Deno.mkdir(nul);
    await Deno.writeTextFile(`${nul}/credentials.json`, "null\n");
    const r = await runMain(archiveArgs(f.sim, nul), { NO_COLOR: "1" });
    held.push(
      `  credentials.json = null: "${
        assertFailure(r, "archive", 2, /credentials\.json holds no key and tokens \(null\)/, "null")
      }"`,
    );

    // Another program holds the catalog's write lock (as `sqlite3` with BEGIN EXCLUSIVE would).
    const { createClient } = await import("@libsql/client");
    const other = createClient({ url: `file:${f.archive}/catalog.db` });
    const tx = await other.transaction("write");
    try {
      await tx.execute("INSERT INTO meta (key, value) VALUES ('held', 'by another program')");
      const started = Date.now();
      const a = await runMain(archiveArgs(f.sim, f.archive), env);
      const took = Date.now() - started;
      held.push(
        `  catalog locked: archive: "${
          assertFailure(a, "archive", 2, /catalog\.db is locked by another program/, "locked")
        }" after ${(took / 1000).toFixed(1)} s`,
      );
      const v = await runMain(["verify", "--archive", f.archive], {});
      assertNoCrash(v, "locked: verify");
      assertEquals(v.code, 0, v.stdout + v.stderr);
      assertMatch(v.stdout, /Not recorded in catalog\.db \(another program holds/);
      held.push("  catalog locked: verify checks every file, exit 0, says it recorded nothing");
      const s = await runMain(["status", "--archive", f.archive], {});
      assertEquals(s.code, 0, s.stderr);
    } finally {
      await tx.rollback();
      other.close();
    }
    assert(!(await listFiles(f.archive)).includes(LOCK_FILE), "no lock left");
    console.log(`fault table (credentials, lock):\n${held.join("\n")}`);
  });
});

/** Runs `main.ts` as root without the capabilities that let root write where others cannot. */
async function runUnprivileged(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult | string> {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return "needs root on Linux";
  const probe = await new Deno.Command("setpriv", { args: ["--version"] }).output()
    .catch(() => undefined);
  if (!probe?.success) return "setpriv (util-linux) is not installed";
  const out = await new Deno.Command("setpriv", {
    args: [
      "--bounding-set=-dac_override,-dac_read_search,-fowner",
      Deno.execPath(),
      "run",
      "-A",
      "main.ts",
      ...args,
    ],
    cwd: rootDir,
    env: { FLICKRVAULT_ARCHIVE: "", NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** `main.ts` under setpriv as {@link runUnprivileged}, its lines watched (for `serve`). */
function spawnUnprivileged(args: string[]): WatchedProcess {
  return spawnMain(args, {}, (cmd) => [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search,-fowner",
    ...cmd,
  ]);
}

async function mount(args: string[]): Promise<string | undefined> {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return "needs root on Linux";
  const out = await new Deno.Command("mount", { args, stderr: "piped" }).output()
    .catch((e) => ({ success: false, stderr: new TextEncoder().encode(String(e)) }));
  return out.success ? undefined : new TextDecoder().decode(out.stderr).trim();
}

async function unmount(dir: string): Promise<void> {
  // Lazily: this process may still hold a catalog file there open until libSQL lets it go
  // (a closed connection with cached statements), and the folder must be removable now.
  await new Deno.Command("umount", { args: ["--lazy", dir] }).output();
}

/** status, list and verify read `dir`; verify records nothing. */
async function assertReadersWork(dir: string, run: (args: string[]) => Promise<CliResult>) {
  const [s, l, v] = await Promise.all([
    run(["status", "--json", "--archive", dir]),
    run(["list", "--json", "--archive", dir]),
    run(["verify", "--archive", dir]),
  ]);
  assertNoCrash(s, "status");
  assertEquals(s.code, 0, s.stderr);
  const status = JSON.parse(s.stdout);
  assertEquals(status.photos, ACCOUNT.photos);
  assertEquals(l.code, 0, l.stderr);
  assertEquals(
    l.stdout.trim().split("\n").length,
    ACCOUNT.photos + ACCOUNT.videos + ACCOUNT.favorites,
  );
  assertNoCrash(v, "verify");
  assertEquals(v.code, 0, v.stdout + v.stderr);
  assertMatch(v.stdout, /all match the catalog/);
  assertMatch(v.stdout, /Not recorded in catalog\.db/);
}

Deno.test("fault table: an archive on a read-only disk or not this user's to write: serve, status, list, verify read it", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const env = simulatorEnv(f.sim);
    // Built in-process (faster); the commands under test run as a person runs them.
    assertEquals((await runArchive({ ...f.runOptions, ...QUICK })).status, "done");
    const held: string[] = [];

    // A read-only disk: a tmpfs holding a copy, remounted read-only.
    const disk = `${f.dir}/disk`;
    await Deno.mkdir(disk);
    const skip = await mount(["-t", "tmpfs", "-o", "size=64m", "tmpfs", disk]);
    if (skip) held.push(`  read-only disk: SKIPPED (${skip})`);
    else {
      try {
        await copyArchive(f.archive, `${disk}/archive`);
        // The -shm and -wal files of a finished run go too: the reader cannot create them.
        for (const name of ["catalog.db-wal", "catalog.db-shm"]) {
          await Deno.remove(`${disk}/archive/${name}`).catch(() => {});
        }
        assertEquals(await mount(["-o", "remount,ro", disk]), undefined, "remount ro");
        const [a] = await Promise.all([
          runMain(archiveArgs(f.sim, `${disk}/archive`), env),
          assertReadersWork(`${disk}/archive`, (args) => runMain(args, {})),
        ]);
        const line = assertFailure(a, "archive", 2, /read-only|not writable/, "ro: archive");
        held.push(
          `  read-only disk: status, list, verify (nothing recorded) work; ` +
            `archive: "${line}"`,
        );
      } finally {
        await unmount(disk);
      }
    }

    // An archive owned by another user (nobody): its folder and files this user may not write
    // (root, without the capability that overrides file modes).
    const dir = `${f.dir}/another-users-archive`;
    await copyArchive(f.archive, dir);
    for (const file of ["catalog.db-wal", "catalog.db-shm"]) {
      await Deno.remove(`${dir}/${file}`).catch(() => {});
    }
    await new Deno.Command("chown", { args: ["-R", "65534:65534", dir] }).output();
    const first = await runUnprivileged(["status", "--archive", dir]);
    if (typeof first === "string") held.push(`  another user's archive: SKIPPED (${first})`);
    else {
      const [r] = await Promise.all([
        runUnprivileged(archiveArgs(f.sim, dir), env) as Promise<CliResult>,
        assertReadersWork(dir, async (args) => (await runUnprivileged(args)) as CliResult),
        assertServes(dir, true),
      ]);
      const line = assertFailure(
        r,
        "archive",
        2,
        /(is not writable|permission denied|read-only)/,
        "another user's archive: archive",
      );
      held.push(
        `  another user's archive: serve, status, list, verify (nothing recorded) work; ` +
          `archive: "${line}"`,
      );
    }
    console.log(`fault table (read-only archives):\n${held.join("\n")}`);
  });
});

/** `serve` on `dir` answers the photostream and the status page. */
async function assertServes(dir: string, unprivileged = false): Promise<void> {
  const server = unprivileged
    ? spawnUnprivileged(["serve", "--archive", dir, "--port", "0"])
    : spawnMain(["serve", "--archive", dir, "--port", "0"], {});
  try {
    const ready = await server.waitForLine(/^Serving .* at http/);
    assert(ready, `serve started: ${server.lines.map((l) => l.text).join("\n")}`);
    const url = /at (http\S+)/.exec(ready.text)![1];
    for (const path of ["/", "/status", "/search?q=a"]) {
      const res = await fetch(new URL(path, url));
      await res.body?.cancel();
      assertEquals(res.status, 200, path);
    }
  } finally {
    server.child.kill("SIGTERM");
    await server.finished;
  }
}

Deno.test("fault table: a full disk during verify: it checks everything and says it recorded nothing", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const disk = `${f.dir}/small`;
    await Deno.mkdir(disk);
    const skip = await mount(["-t", "tmpfs", "-o", "size=16m", "tmpfs", disk]);
    if (skip) {
      console.log(`fault table (verify, disk full): SKIPPED (${skip})`);
      return;
    }
    try {
      const dir = `${disk}/archive`;
      const made = await runMain(archiveArgs(f.sim, dir), simulatorEnv(f.sim));
      assertEquals(made.code, 0, made.stderr);
      // Fill the disk to the last byte.
      {
        using filler = await Deno.open(`${disk}/filler`, { write: true, create: true });
        const block = new Uint8Array(64 * 1024);
        try {
          for (;;) await filler.write(block);
        } catch { /* full */ }
        try {
          for (;;) await filler.write(block.subarray(0, 512));
        } catch { /* full to the byte */ }
      }
      const v = await runMain(["verify", "--archive", dir], {});
      assertNoCrash(v, "verify on a full disk");
      assertEquals(v.code, 0, v.stdout + v.stderr);
      assertMatch(v.stdout, /all match the catalog/);
      assertMatch(v.stdout, /Not recorded in catalog\.db \(the disk is full\)/);
      console.log(
        `fault table (verify, disk full): exit 0, "${
          v.stdout.split("\n").find((l) => l.startsWith("Not recorded"))
        }"`,
      );
    } finally {
      await unmount(disk);
    }
  });
});

Deno.test("fault table: photos/ not writable: the run stops with one line naming the folder", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    // Built in-process (faster); the commands under test run as a person runs them.
    assertEquals((await runArchive({ ...f.runOptions, ...QUICK })).status, "done");
    // A changed title means a new sidecar beside the photo, in photos/.
    for (let i = 0; i < 3; i++) await f.mutate("edit_title");
    await new Deno.Command("chmod", { args: ["-R", "a-w", `${f.archive}/photos`] }).output();
    try {
      const r = await runUnprivileged(archiveArgs(f.sim, f.archive), simulatorEnv(f.sim));
      if (typeof r === "string") {
        console.log(`fault table (photos/ not writable): SKIPPED (${r})`);
        return;
      }
      const line = assertFailure(
        r,
        "archive",
        2,
        /Cannot write in .*\/photos\/\d{4}\/\d{2}: permission denied/,
        "photos/ not writable",
      );
      assert(!(await listFiles(f.archive)).includes(LOCK_FILE), "no lock left");
      console.log(`fault table (photos/ not writable): exit 2, "${line}"`);
    } finally {
      await new Deno.Command("chmod", { args: ["-R", "u+w", `${f.archive}/photos`] }).output();
    }
  });
});

Deno.test("fault table: Flickr down and stalled downloads: the run says what it waits for", async () => {
  await withSimulator({ ...ACCOUNT, faults: "503:1" }, async (f) => {
    const sink = memorySink();
    let error: unknown;
    try {
      await runArchive({
        ...f.runOptions,
        ...QUICK,
        client: { retryBaseMs: 200, retryMaxMs: 400, maxRetries: 4 },
        sink,
        quietMs: 150,
      });
    } catch (e) {
      error = e;
    }
    assert(error, "the run fails");
    const failure = describeFailure(error);
    assertMatch(failure.message, /HTTP 503 .*after 5 attempts/);
    assertMatch(failure.hint ?? "", /down or overloaded/);
    const waiting = sink.lines.filter((l) => l.startsWith("waiting: "));
    assert(waiting.length > 0, `a waiting line:\n${sink.lines.join("\n")}`);
    assertMatch(waiting[0], /HTTP 503 on flickr\.\S+; trying again at \d\d:\d\d:\d\d/);
    console.log(`fault table (Flickr down): "${waiting[0]}", then "${failure.message}"`);
  });
  await withSimulator(
    { photos: 6, videos: 0, favorites: 1, seed: 3, faults: "stall:0.3" },
    async (f) => {
      const mem = memorySink();
      // Once the run has said it waits on stalled downloads, the point is made: stop it there.
      const stop = new AbortController();
      const stalled = /^waiting: \d+ downloads? without data/;
      const sink = {
        line(text: string) {
          mem.line(text);
          if (stalled.test(text)) stop.abort();
        },
        status: (text: string) => mem.status(text),
      };
      await runArchive({
        ...f.runOptions,
        ...QUICK,
        stallTimeoutMs: 1000,
        sink,
        quietMs: 400,
        signal: stop.signal,
      });
      const waiting = mem.lines.filter((l) => stalled.test(l));
      assert(waiting.length > 0, `a waiting line:\n${mem.lines.join("\n")}`);
      console.log(`fault table (stalled downloads): "${waiting[0]}"`);
    },
  );
});
