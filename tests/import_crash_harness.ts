/**
 * The crash campaign of `flickrvault import` (issue 25), shared by `tests/import_crash_test.ts` (a
 * few kills, in CI) and `scripts/crash.ts --import` (more): `import` of the simulator's data export
 * runs as its own process and is killed with SIGKILL at random moments of its phases (start-up,
 * metadata, media, checksums and sidecars), then run again, repeatedly.
 *
 * What must hold:
 * - after every kill, each file under its final name is whole: its bytes are those the
 *   uninterrupted import writes under that name (nothing half-written is ever visible);
 * - once an archive is left to finish, no temporary file remains and the catalog (every table,
 *   run bookkeeping aside) and every file's bytes equal those of one uninterrupted import.
 * @module
 */
import { join } from "node:path";
import { mainCommand, spawnMain } from "./cli_process.ts";
import { phaseTimes, runKilledAt } from "./kill_at.ts";
import {
  type ArchiveSnapshot,
  describeSnapshot,
  diffSnapshots,
  hashFiles,
  isBookkeepingFile,
  isTempFile,
  snapshotArchive,
} from "./archive_snapshot.ts";
import { listFiles } from "./simulator_fixture.ts";
import { Account } from "../src/simulator/account.ts";
import { writeExport } from "../src/simulator/export.ts";
import { FileStore } from "../src/simulator/files.ts";

/** Options of {@link runImportCrashCampaign}. */
export interface ImportCrashOptions {
  /** SIGKILLs in all. */
  kills: number;
  /** Kills before an archive is left to finish and compared (default 4). */
  killsPerLife?: number;
  /** The account whose export is imported. */
  account: { photos: number; videos: number; favorites: number; seed: number };
  /** Photo originals of about this many bytes (default 150 KB: the media phase takes a while). */
  originalBytes?: number;
  /** Seed of the kill moments (default 1). */
  seed?: number;
  log?: (line: string) => void;
}

/** What the campaign tried and what held. */
export interface ImportCrashReport {
  reference: string;
  /** Kill moments tried, as `<phase> +<ms>` with whether the run was killed there. */
  runs: { life: number; target: string; delayMs: number; killed: boolean }[];
  lives: number;
  /** Every broken promise found; empty when everything held. */
  problems: string[];
}

/** mulberry32, so a failing campaign can be repeated with its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The import's progress lines start with their phase: "Metadata: …", "Media: …", "sidecars: …". */
const phaseOf = (line: string) => /^([A-Za-z][a-z]+):/.exec(line)?.[1];

/** Runs the campaign; never throws for a broken promise (they are listed in the report). */
export async function runImportCrashCampaign(
  opts: ImportCrashOptions,
): Promise<ImportCrashReport> {
  const log = opts.log ?? (() => {});
  const random = rng(opts.seed ?? 1);
  const perLife = Math.max(1, opts.killsPerLife ?? 4);
  const root = await Deno.makeTempDir({ prefix: "fv_import_crash_" });
  const report: ImportCrashReport = { reference: "", runs: [], lives: 0, problems: [] };
  try {
    const account = new Account(opts.account);
    const exportDir = join(root, "export");
    await writeExport(account, exportDir, {
      files: new FileStore(account, opts.originalBytes ?? 150_000),
      mediaFilesPerZip: 40,
    });
    const args = (dir: string) => ["import", exportDir, "--archive", dir];
    const env = { NO_COLOR: "1" };

    const refDir = join(root, "reference");
    const ref = spawnMain(args(refDir), env);
    const refEnd = await ref.finished;
    if (refEnd.code > 1) {
      throw new Error(`The uninterrupted import failed (exit ${refEnd.code}): ${refEnd.stdout}`);
    }
    const phases = phaseTimes(ref, phaseOf);
    const reference = await snapshotArchive(refDir);
    const referenceFiles = reference.files;
    report.reference = describeSnapshot(reference);
    log(`reference import: ${report.reference}`);
    log(`phases (ms): ${phases.map((p) => `${p.name} ${Math.round(p.durationMs)}`).join(", ")}`);

    let killsLeft = opts.kills;
    let attemptsLeft = opts.kills * 3;
    while (killsLeft > 0 && attemptsLeft > 0) {
      const life = ++report.lives;
      const dir = join(root, `life-${life}`);
      for (let i = 0; i < perLife && killsLeft > 0 && attemptsLeft-- > 0; i++) {
        const target = phases[(i + life - 1) % phases.length];
        const delayMs = Math.round(random() * target.durationMs);
        const killed = (await runKilledAt(args(dir), env, target.name, delayMs)).killed;
        report.runs.push({ life, target: target.name, delayMs, killed });
        if (killed) killsLeft--;
        log(`life ${life}: ${target.name} +${delayMs} ms: ${killed ? "killed" : "finished first"}`);
        await checkWhole(dir, referenceFiles, `life ${life}, after ${target.name}`, report);
        if (!killed) break;
      }
      const end = await mainCommand(args(dir), env).output();
      if (end.code > 1) {
        report.problems.push(
          `life ${life}: the resumed import ended with exit ${end.code}: ` +
            new TextDecoder().decode(end.stderr).trim(),
        );
        continue;
      }
      await compareWithReference(dir, reference, `life ${life}`, report);
      log(`life ${life}: resumed to the end; ${report.problems.length} problems so far`);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  return report;
}

/**
 * Every file under its final name after a kill holds the bytes the uninterrupted import wrote
 * under that name; none is there that it never wrote.
 */
async function checkWhole(
  dir: string,
  reference: Map<string, string>,
  what: string,
  report: ImportCrashReport,
): Promise<void> {
  let now: Map<string, string>;
  try {
    now = await hashFiles(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  const bad = [...now].filter(([rel, sha]) =>
    !isBookkeepingFile(rel) && !isTempFile(rel) && reference.get(rel) !== sha
  ).map(([rel]) => `${rel} (${reference.has(rel) ? "other bytes" : "not in a clean import"})`);
  if (bad.length) {
    report.problems.push(`${what}: files not whole: ${bad.slice(0, 5).join(", ")}`);
  }
}

async function compareWithReference(
  dir: string,
  reference: ArchiveSnapshot,
  what: string,
  report: ImportCrashReport,
): Promise<void> {
  const temps = (await listFiles(dir)).filter(isTempFile);
  if (temps.length) report.problems.push(`${what}: temp files left: ${temps.join(", ")}`);
  const diff = diffSnapshots(reference, await snapshotArchive(dir));
  if (diff.length) {
    report.problems.push(`${what}: differs from the uninterrupted import:\n${diff.join("\n")}`);
  }
}

/** The summary the test and the script print. */
export function formatImportCrashReport(r: ImportCrashReport): string {
  const killed = r.runs.filter((k) => k.killed);
  const byTarget = new Map<string, number>();
  for (const k of killed) byTarget.set(k.target, (byTarget.get(k.target) ?? 0) + 1);
  return [
    `import crash: ${killed.length} SIGKILLs over ${r.lives} archives (${
      r.runs.length - killed.length
    } runs finished before their kill moment)`,
    `  killed during: ${[...byTarget].map(([t, n]) => `${t} ${n}`).join(", ")}`,
    `  reference: ${r.reference}`,
    r.problems.length === 0
      ? "  held: every file whole under its final name after each kill, no temp file left, " +
        "every archive equal to the uninterrupted import (catalog tables and file bytes)"
      : `  BROKEN (${r.problems.length}):\n${r.problems.map((p) => `  - ${p}`).join("\n")}`,
  ].join("\n");
}
