/**
 * SIGTERM (what `kill`, systemd and Docker send) at a random moment of `archive`, `import`,
 * `site` and `export`, each run as a person runs it: the process ends within 5 s with exit 143
 * and a line saying how to resume, leaves no lock, records its run as interrupted, and running
 * the same command again gives what one uninterrupted run gives. (The SIGKILL campaigns are in
 * `crash_test.ts`; this is the polite stop.)
 *
 * The moment is drawn at random after the command's first progress line and printed, so that a
 * failure can be replayed with `FV_SIGTERM_DELAYS=ms,ms,ms,ms`.
 */
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { runMain, simulatorEnv, spawnMain } from "./cli_process.ts";
import { diffSnapshots, hashFiles, isTempFile, snapshotArchive } from "./archive_snapshot.ts";
import { listFiles, QUICK, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { importExport } from "../src/import/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { LOCK_FILE } from "../src/catalog/lock.ts";

const ACCOUNT = { photos: 60, videos: 2, favorites: 6, seed: 43 };
const given = (Deno.env.get("FV_SIGTERM_DELAYS") ?? "").split(",").filter(Boolean).map(Number);
let drawn = 0;
/** Milliseconds after the first progress line: given, else random in [0, maxMs). */
const delay = (maxMs: number) => given[drawn++] ?? Math.floor(Math.random() * maxMs);

interface Stopped {
  code: number;
  /** From the signal to the end of the process. */
  tookMs: number;
  /** Everything printed. */
  text: string;
  delayMs: number;
}

/** Starts `args`, waits for the first line, then a random delay, and sends SIGTERM. */
async function terminate(
  args: string[],
  env: Record<string, string>,
  firstLine: RegExp,
  maxDelayMs: number,
): Promise<Stopped> {
  const p = spawnMain(args, env);
  const seen = await p.waitForLine(firstLine);
  assert(seen, `${args[0]} printed ${firstLine}: ${p.lines.map((l) => l.text).join("\n")}`);
  const delayMs = delay(maxDelayMs);
  await new Promise((r) => setTimeout(r, delayMs));
  const sentAt = performance.now();
  try {
    p.child.kill("SIGTERM");
  } catch { /* already ended */ }
  const end = await p.finished;
  const tookMs = performance.now() - sentAt;
  const text = [...p.lines, ...p.outLines].map((l) => l.text).join("\n");
  return { code: end.code, tookMs, text, delayMs };
}

/** The contract of a stop: 143 within 5 s, a line on resuming, no crash, no lock. */
async function assertStopped(s: Stopped, what: string, resume: RegExp, archive?: string) {
  assert(
    !/Uncaught|panicked|^\s+at \S+/m.test(s.text),
    `${what}: nothing printed is a crash:\n${s.text}`,
  );
  if (s.code === 0) return false; // it finished before the signal came: nothing to check
  assertEquals(s.code, 143, `${what} (SIGTERM after ${s.delayMs} ms):\n${s.text}`);
  assert(s.tookMs < 5000, `${what}: stopped in ${Math.round(s.tookMs)} ms`);
  assertMatch(s.text, resume, what);
  if (archive) {
    assert(!(await listFiles(archive)).includes(LOCK_FILE), `${what}: no lock left`);
  }
  return true;
}

async function lastRunStatus(archive: string): Promise<string | undefined> {
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  try {
    const row = await catalog.db.selectFrom("runs").select("status").orderBy("id", "desc")
      .executeTakeFirst();
    return row?.status;
  } finally {
    await catalog.close();
  }
}

Deno.test("SIGTERM at a random moment of archive, import, site and export: exit 143 in under 5 s, a way to resume, the re-run equals a clean run", async () => {
  const exportDir = await Deno.makeTempDir({ prefix: "fv_export_" });
  const held: string[] = [];
  try {
    await withSimulator({ ...ACCOUNT, exportDir }, async (f) => {
      const env = simulatorEnv(f.sim);

      // archive
      const clean = `${f.dir}/clean`;
      assertEquals(
        (await runArchive({ ...f.runOptions, ...QUICK, archiveDir: clean })).status,
        "done",
      );
      const args = ["archive", "--archive", f.archive, "--flickr-origin", f.sim.origin];
      const a = await terminate([...args, "--rate", "0"], env, /^listing:/, 2500);
      if (await assertStopped(a, "archive", /run 'flickrvault archive' again/, f.archive)) {
        assertEquals(await lastRunStatus(f.archive), "interrupted", "archive: run recorded");
      }
      const again = await runMain([...args, "--rate", "0"], env);
      assertEquals(again.code, 0, again.stderr);
      assertEquals(
        diffSnapshots(
          await snapshotArchive(clean, f.sim.origin),
          await snapshotArchive(f.archive, f.sim.origin),
        ),
        [],
        "archive: the re-run equals a clean run",
      );
      assertEquals((await listFiles(f.archive)).filter(isTempFile), [], "no temp file left");
      held.push(
        `  archive: SIGTERM ${a.delayMs} ms after listing: exit ${a.code} in ${
          Math.round(a.tookMs)
        } ms; re-run equal to a clean run`,
      );

      // import
      const cleanImport = `${f.dir}/clean-import`;
      await importExport({ archiveDir: cleanImport, inputs: [exportDir] });
      const imported = `${f.dir}/imported`;
      const importArgs = ["import", exportDir, "--archive", imported];
      // The windows are within each command's run here, so that the signal lands mid-run.
      const i = await terminate(importArgs, {}, /^Metadata:/, 600);
      if (await assertStopped(i, "import", /run the same 'flickrvault import' again/, imported)) {
        assertEquals(await lastRunStatus(imported), "interrupted", "import: run recorded");
      }
      const i2 = await runMain(importArgs, {});
      assert(i2.code === 0 || i2.code === 1, i2.stderr);
      assertEquals(
        diffSnapshots(await snapshotArchive(cleanImport), await snapshotArchive(imported)),
        [],
        "import: the re-run equals a clean import",
      );
      held.push(
        `  import: SIGTERM ${i.delayMs} ms after its first line: exit ${i.code} in ${
          Math.round(i.tookMs)
        } ms; re-run equal to a clean import`,
      );

      // site and export, of the archive made above
      for (
        const [command, firstLine, resume, windowMs] of [
          ["site", /./, /run 'flickrvault site .*' again/, 1500],
          ["export", /./, /run 'flickrvault export .*' again/, 200],
        ] as const
      ) {
        const cleanOut = `${f.dir}/clean-${command}`;
        const out = `${f.dir}/${command}`;
        const ok = await runMain([command, cleanOut, "--archive", f.archive], {});
        assertEquals(ok.code, 0, ok.stderr);
        const s = await terminate([command, out, "--archive", f.archive], {}, firstLine, windowMs);
        await assertStopped(s, command, resume, f.archive);
        const re = await runMain([command, out, "--archive", f.archive], {});
        assertEquals(re.code, 0, re.stderr);
        assertEquals(
          await outputFiles(out),
          await outputFiles(cleanOut),
          `${command}: the re-run equals a clean run`,
        );
        held.push(
          `  ${command}: SIGTERM ${s.delayMs} ms after its first line: exit ${s.code} in ${
            Math.round(s.tookMs)
          } ms; re-run equal to a clean run`,
        );
      }
    });
  } finally {
    await Deno.remove(exportDir, { recursive: true });
  }
  console.log(`SIGTERM (exit 0 means it finished before the signal):\n${held.join("\n")}`);
});

/**
 * Path → hash of a site's or export's files, its own manifest aside (it records when and how
 * each run went), and the site's status page with the time it was written taken out.
 */
async function outputFiles(dir: string): Promise<Record<string, string>> {
  const files = await hashFiles(dir);
  const out: Record<string, string> = {};
  for (const [path, hash] of [...files].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (/^\.flickrvault-(site|export)/.test(path)) continue;
    out[path] = hash;
    if (path === "status.html") {
      out[path] = (await Deno.readTextFile(`${dir}/${path}`))
        .replace(/<time datetime="[^"]*">[^<]*<\/time>/g, "<time/>");
    }
  }
  return out;
}
