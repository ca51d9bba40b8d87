/**
 * The crash campaign shared by `tests/crash_test.ts` (a few kills, in CI) and `scripts/crash.ts`
 * (`deno task test:crash --kills 20`): `flickrvault archive` runs as a separate process against the
 * simulator and is killed with SIGKILL at random moments, then run again, repeatedly. Kill moments
 * are picked per phase: the harness waits for the phase's progress line ("originals: …") and kills
 * after a random part of the time that phase took in an uninterrupted run, so kills land during
 * start-up, listing, downloads, catalog writes and the per-photo phases alike.
 *
 * What must hold, checked after every run and at the end of each "life" (an archive killed
 * `killsPerLife` times and then left to finish):
 * - a file under its final name before a run is still the same file after it (same inode and
 *   modification time): complete files are never fetched again;
 * - no temporary or partial file remains once a run finishes;
 * - the catalog (every table, as data, run bookkeeping aside) and every file's bytes equal those of
 *   one uninterrupted run of the same account.
 * @module
 */
import { join } from "node:path";
import { startSimulator } from "../src/simulator/server.ts";
import { simulatorEnv, spawnMain, type WatchedProcess } from "./cli_process.ts";
import {
  type ArchiveSnapshot,
  describeSnapshot,
  diffSnapshots,
  isBookkeepingFile,
  isTempFile,
  snapshotArchive,
} from "./archive_snapshot.ts";
import { listFiles } from "./simulator_fixture.ts";

/** Options of {@link runCrashCampaign}. */
export interface CrashCampaignOptions {
  /** SIGKILLs in all. */
  kills: number;
  /** Kills before an archive is left to finish and compared (default 5). */
  killsPerLife?: number;
  /** The simulated account. */
  account: { photos: number; videos: number; favorites: number; seed: number };
  /** Seed of the kill moments (default 1). */
  seed?: number;
  /** Parallel downloads of each run (default 4). */
  concurrency?: number;
  /** Where progress goes (default: nowhere). */
  log?: (line: string) => void;
}

/** One run of `archive` that the campaign tried to kill. */
export interface KillRecord {
  life: number;
  /** The phase the kill was aimed at ("startup" before any progress line). */
  target: string;
  /** Milliseconds after the target's progress line (or after start for "startup"). */
  delayMs: number;
  /** Whether the run was killed (false: it finished before the moment came). */
  killed: boolean;
  /** The last progress line the run printed. */
  lastLine: string;
  /** Files under their final names before and after the run. */
  filesBefore: number;
  filesAfter: number;
}

/** What the campaign tried and what held. */
export interface CrashReport {
  reference: string;
  runs: KillRecord[];
  lives: number;
  /** Every broken promise found; empty when everything held. */
  problems: string[];
}

/** A tiny deterministic PRNG (mulberry32), so a failing campaign can be repeated. */
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Phase name of a progress line ("originals: 74 items, …" → "originals"). */
const phaseOf = (line: string) => /^([a-z][a-z ]*):/.exec(line)?.[1];

/** Runs the campaign against an in-process simulator; never throws for a broken promise. */
export async function runCrashCampaign(opts: CrashCampaignOptions): Promise<CrashReport> {
  const log = opts.log ?? (() => {});
  const random = rng(opts.seed ?? 1);
  const perLife = Math.max(1, opts.killsPerLife ?? 5);
  const sim = await startSimulator({ port: 0, ...opts.account });
  const root = await Deno.makeTempDir({ prefix: "fv_crash_" });
  const report: CrashReport = { reference: "", runs: [], lives: 0, problems: [] };
  try {
    const args = (dir: string) => [
      "archive",
      "--archive",
      dir,
      "--flickr-origin",
      sim.origin,
      "--rate",
      "0",
      "--concurrency",
      String(opts.concurrency ?? 4),
    ];
    const env = simulatorEnv(sim);

    // The uninterrupted run: what every killed-and-resumed archive must end up equal to, and how
    // long each phase takes (to aim the kills).
    const refDir = join(root, "reference");
    const ref = spawnMain(args(refDir), env);
    const refEnd = await ref.finished;
    if (refEnd.code !== 0) {
      throw new Error(
        `The uninterrupted run failed (exit ${refEnd.code}):\n${
          ref.lines.map((l) => l.text).join("\n")
        }`,
      );
    }
    const phases = phaseTimes(ref);
    const reference = await snapshotArchive(refDir);
    report.reference = describeSnapshot(reference);
    log(`reference run: ${report.reference}`);
    log(
      `phases (ms): ${phases.map((p) => `${p.name} ${Math.round(p.durationMs)}`).join(", ")}`,
    );

    // Runs that finish before their kill moment do not count as kills; they are bounded too.
    let killsLeft = opts.kills;
    let attemptsLeft = opts.kills * 3;
    while (killsLeft > 0 && attemptsLeft > 0) {
      const life = ++report.lives;
      const dir = join(root, `life-${life}`);
      for (let i = 0; i < perLife && killsLeft > 0 && attemptsLeft-- > 0; i++) {
        const target = phases[(i + life - 1) % phases.length];
        const delayMs = Math.round(random() * target.durationMs);
        const record = await killOnce(args(dir), env, dir, target.name, delayMs, life, report);
        report.runs.push(record);
        if (record.killed) killsLeft--;
        log(
          `life ${life}: aimed at ${target.name} +${delayMs} ms: ` +
            (record.killed ? "killed" : "finished first") +
            ` after "${record.lastLine}" (${record.filesBefore} → ${record.filesAfter} files)`,
        );
        if (!record.killed) break;
      }
      // Leave the archive to finish, then compare it with the reference.
      const before = await finalFiles(dir);
      const last = spawnMain(args(dir), env);
      const end = await last.finished;
      if (end.code !== 0) {
        report.problems.push(
          `life ${life}: the resumed run ended with exit ${end.code}: ${
            last.lines.map((l) => l.text).join(" | ")
          }`,
        );
        continue;
      }
      await checkUntouched(before, dir, `life ${life}: final run`, report);
      await compareWithReference(dir, reference, `life ${life}`, report);
      log(`life ${life}: resumed to the end; ${report.problems.length} problems so far`);
    }
  } finally {
    await sim.close();
    await Deno.remove(root, { recursive: true });
  }
  return report;
}

interface PhaseTime {
  name: string;
  durationMs: number;
}

/** Each phase's share of the uninterrupted run, from its progress lines; "startup" first. */
function phaseTimes(ref: WatchedProcess): PhaseTime[] {
  const firsts: { name: string; at: number }[] = [];
  for (const l of ref.lines) {
    const name = phaseOf(l.text);
    if (name && !firsts.some((f) => f.name === name)) firsts.push({ name, at: l.at });
  }
  const end = ref.lines.at(-1)?.at ?? 0;
  const out: PhaseTime[] = [{ name: "startup", durationMs: firsts[0]?.at ?? end }];
  firsts.forEach((f, i) => {
    const next = firsts[i + 1]?.at ?? end;
    out.push({ name: f.name, durationMs: Math.max(20, next - f.at) });
  });
  return out;
}

/** Identity of each complete file: inode and modification time. */
async function finalFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let files: string[];
  try {
    files = await listFiles(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return out;
    throw e;
  }
  for (const rel of files) {
    if (isBookkeepingFile(rel) || isTempFile(rel)) continue;
    try {
      const st = await Deno.stat(join(dir, rel));
      out.set(rel, `${st.ino}:${st.mtime?.getTime()}`);
    } catch (e) {
      // Removed between listing and stat: a temp file of the run being killed.
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return out;
}

async function killOnce(
  args: string[],
  env: Record<string, string>,
  dir: string,
  target: string,
  delayMs: number,
  life: number,
  report: CrashReport,
): Promise<KillRecord> {
  const before = await finalFiles(dir);
  const proc = spawnMain(args, env);
  let alive = true;
  proc.finished.then(() => alive = false);
  if (target !== "startup") {
    const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await proc.waitForLine(new RegExp(`^${escaped}:`));
  }
  await sleep(delayMs);
  let killed = false;
  if (alive) {
    try {
      proc.child.kill("SIGKILL");
      killed = true;
    } catch {
      // It ended on its own just now.
    }
  }
  const end = await proc.finished;
  killed = killed && end.signal === "SIGKILL";
  if (!killed && end.code !== 0) {
    report.problems.push(
      `life ${life}: a resumed run failed (exit ${end.code}): ${
        proc.lines.map((l) => l.text).join(" | ")
      }`,
    );
  }
  await checkUntouched(before, dir, `life ${life}: run aimed at ${target}`, report);
  if (!killed) {
    const temps = (await listFiles(dir)).filter(isTempFile);
    if (temps.length) {
      report.problems.push(`life ${life}: temp files after a finished run: ${temps.join(", ")}`);
    }
  }
  const after = await finalFiles(dir);
  return {
    life,
    target,
    delayMs,
    killed,
    lastLine: proc.lines.at(-1)?.text ?? "(nothing printed)",
    filesBefore: before.size,
    filesAfter: after.size,
  };
}

/** Files complete before a run must be the very same files after it. */
async function checkUntouched(
  before: Map<string, string>,
  dir: string,
  what: string,
  report: CrashReport,
): Promise<void> {
  const after = await finalFiles(dir);
  const changed = [...before].filter(([rel, id]) => after.get(rel) !== id)
    .map(([rel]) => `${rel} (${after.has(rel) ? "written again" : "removed"})`);
  if (changed.length) {
    report.problems.push(
      `${what}: ${changed.length} complete files changed: ${changed.slice(0, 5).join(", ")}`,
    );
  }
}

async function compareWithReference(
  dir: string,
  reference: ArchiveSnapshot,
  what: string,
  report: CrashReport,
): Promise<void> {
  const temps = (await listFiles(dir)).filter(isTempFile);
  if (temps.length) report.problems.push(`${what}: temp files left: ${temps.join(", ")}`);
  const diff = diffSnapshots(reference, await snapshotArchive(dir));
  if (diff.length) {
    report.problems.push(`${what}: differs from the uninterrupted run:\n${diff.join("\n")}`);
  }
}

/** The summary both the test and the script print. */
export function formatCrashReport(r: CrashReport): string {
  const killed = r.runs.filter((k) => k.killed);
  const byTarget = new Map<string, number>();
  for (const k of killed) byTarget.set(k.target, (byTarget.get(k.target) ?? 0) + 1);
  const lines = [
    `crash: ${killed.length} SIGKILLs over ${r.lives} archives (${
      r.runs.length - killed.length
    } runs finished before their kill moment)`,
    `  killed during: ${[...byTarget].map(([t, n]) => `${t} ${n}`).join(", ")}`,
    `  reference: ${r.reference}`,
    r.problems.length === 0
      ? "  held: no complete file written twice, no temp file left, every archive equal to the " +
        "uninterrupted run (catalog tables and file bytes)"
      : `  BROKEN (${r.problems.length}):\n${r.problems.map((p) => `  - ${p}`).join("\n")}`,
  ];
  return lines.join("\n");
}
