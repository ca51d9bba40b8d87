/**
 * The crash campaigns shared by `tests/crash_test.ts` (a few kills per writer, in CI) and
 * `scripts/crash.ts` (`deno task test:crash --kills 20`): a writer of flickrvault (`archive`, the
 * sidecars phase inside it, `site`, `export`; see `crash_writers.ts`) runs as a separate process
 * and is killed with SIGKILL at random moments, then run again, repeatedly. Kill moments are picked
 * per phase: the harness waits for the phase's progress line ("originals: …") and kills after a
 * random part of the time that phase took in an uninterrupted run, so kills land during start-up,
 * reading, writing and bookkeeping alike.
 *
 * A writer has scenarios: how a "life" starts (into nothing, or over an older output) and the
 * command that writes it. Each scenario is first run once uninterrupted: the reference. What must
 * hold, checked after every run and at the end of each life (an output killed `killsPerLife` times
 * and then left to finish):
 * - a file that was already as the reference has it before a run is still the same file after it
 *   (same inode and modification time): complete work is never done twice;
 * - after a kill, every file under its final name holds the bytes it had when the life started or
 *   the reference's: nothing half-written is ever visible;
 * - no temporary or partial file remains once a run finishes;
 * - the output (catalog tables where the command writes the catalog, every file's bytes) equals
 *   the reference.
 * @module
 */
import { join } from "node:path";
import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../src/simulator/server.ts";
import { spawnMain } from "./cli_process.ts";
import { type PhaseTime, phaseTimes, runKilledAt } from "./kill_at.ts";
import {
  type ArchiveSnapshot,
  describeSnapshot,
  diffSnapshots,
  isTempFile,
} from "./archive_snapshot.ts";
import { listFiles } from "./simulator_fixture.ts";

/** How a life of a writer starts, and the command that writes its output. */
export interface CrashScenario {
  /** E.g. "first run", "update of an older site". */
  name: string;
  /** Makes the life's starting state under `lifeDir` (which exists); answers the output folder. */
  start(lifeDir: string): Promise<string>;
  /** The command line (`main.ts` arguments) that writes `out`. */
  args(out: string): string[];
  /** Phases the kills aim at (default: every phase, "startup" included). */
  aimAt?: string[];
}

/** A writer under test, set up for one campaign (see `crash_writers.ts`). */
export interface CrashWriter {
  /** "archive", "sidecars", "site", "export". */
  name: string;
  scenarios: CrashScenario[];
  /** The environment of every run. */
  env: Record<string, string>;
  /** Path under `out` → a digest of its bytes, bookkeeping left out (see {@link isBookkeeping}). */
  files(out: string): Promise<Map<string, string>>;
  /** Catalog tables as comparable rows, for a writer that writes the catalog. */
  tables?(out: string): Promise<Map<string, string[]>>;
  /** Files no check looks at: the catalog and its lock, journals. */
  isBookkeeping(rel: string): boolean;
  /** Leftovers of an interrupted run that the next run clears (default: `*.part-*`). */
  isTemp?(rel: string): boolean;
  /** Files every run writes again by design (the site's about page says when it was made). */
  rewrittenEachRun?(rel: string): boolean;
  /** Checks once every life is over (site, export: the archive they read is unchanged). */
  finalCheck?(): Promise<string[]>;
}

/** What a writer's setup is given: the simulator, a folder of its own, and a way to run. */
export interface CrashSetupContext {
  sim: RunningSimulator;
  /** A folder for what the setup prepares (removed with the campaign). */
  dir: string;
  concurrency: number;
  log: (line: string) => void;
  /** Runs `main.ts` to the end; throws when it does not exit 0. */
  run(args: string[], env?: Record<string, string>): Promise<void>;
}

/** Makes a writer ready for a campaign: archives an account to read, older outputs to update. */
export type CrashWriterSetup = (ctx: CrashSetupContext) => Promise<CrashWriter>;

/** Options of {@link runCrashCampaign}. */
export interface CrashCampaignOptions {
  /** SIGKILLs in all. */
  kills: number;
  /** Kills before an output is left to finish and compared (default 5). */
  killsPerLife?: number;
  /** The simulated account. */
  account: Omit<SimulatorOptions, "port">;
  /** Seed of the kill moments (default 1). */
  seed?: number;
  /** Parallel downloads of each archive run (default 4). */
  concurrency?: number;
  /** Where progress goes (default: nowhere). */
  log?: (line: string) => void;
}

/** One run of the writer that the campaign tried to kill. */
export interface KillRecord {
  life: number;
  scenario: string;
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
  writer: string;
  /** Scenario → a summary of its uninterrupted run's output. */
  references: Map<string, string>;
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

/** Phase name of a progress line ("originals: 74 items, …" → "originals"). */
const phaseOf = (line: string) => /^([a-z][a-z ]*):/.exec(line)?.[1];

/** An uninterrupted run of a scenario: what each life of it must end up equal to. */
interface Reference {
  snapshot: ArchiveSnapshot;
  phases: PhaseTime[];
}

/** Runs a campaign against an in-process simulator; never throws for a broken promise. */
export async function runCrashCampaign(
  setup: CrashWriterSetup,
  opts: CrashCampaignOptions,
): Promise<CrashReport> {
  const log = opts.log ?? (() => {});
  const random = rng(opts.seed ?? 1);
  const perLife = Math.max(1, opts.killsPerLife ?? 5);
  const sim = await startSimulator({ port: 0, ...opts.account });
  const root = await Deno.makeTempDir({ prefix: "fv_crash_" });
  const report: CrashReport = {
    writer: "",
    references: new Map(),
    runs: [],
    lives: 0,
    problems: [],
  };
  try {
    const prepared = join(root, "prepared");
    await Deno.mkdir(prepared);
    const writer = await setup({
      sim,
      dir: prepared,
      concurrency: opts.concurrency ?? 4,
      log,
      async run(args, env) {
        const p = spawnMain(args, env ?? {});
        const end = await p.finished;
        if (end.code !== 0) {
          throw new Error(
            `${args[0]} failed while the campaign was set up (exit ${end.code}):\n` +
              [...p.lines, ...p.outLines].map((l) => l.text).join("\n"),
          );
        }
      },
    });
    report.writer = writer.name;
    const snapshot = async (out: string): Promise<ArchiveSnapshot> => ({
      tables: (await writer.tables?.(out)) ?? new Map(),
      files: await writer.files(out),
    });

    // Each scenario's uninterrupted run: what its lives must end up equal to, and how long each
    // phase takes (to aim the kills).
    const references = new Map<CrashScenario, Reference>();
    for (const [i, scenario] of writer.scenarios.entries()) {
      const dir = join(root, `reference-${i + 1}`);
      await Deno.mkdir(dir);
      const out = await scenario.start(dir);
      const ref = spawnMain(scenario.args(out), writer.env);
      const end = await ref.finished;
      if (end.code !== 0) {
        throw new Error(
          `The uninterrupted run of "${scenario.name}" failed (exit ${end.code}):\n` +
            [...ref.lines, ...ref.outLines].map((l) => l.text).join("\n"),
        );
      }
      const phases = phaseTimes(ref, phaseOf);
      const snap = await snapshot(out);
      references.set(scenario, { snapshot: snap, phases });
      report.references.set(scenario.name, describeSnapshot(snap));
      log(`${writer.name}, ${scenario.name}: reference ${describeSnapshot(snap)}`);
      log(
        `  phases (ms): ${phases.map((p) => `${p.name} ${Math.round(p.durationMs)}`).join(", ")}`,
      );
    }

    // Runs that finish before their kill moment do not count as kills; they are bounded too.
    let killsLeft = opts.kills;
    let attemptsLeft = opts.kills * 3;
    while (killsLeft > 0 && attemptsLeft > 0) {
      const life = ++report.lives;
      const scenario = writer.scenarios[(life - 1) % writer.scenarios.length];
      const reference = references.get(scenario)!;
      const aimed = reference.phases.filter((p) =>
        !scenario.aimAt || scenario.aimAt.includes(p.name)
      );
      if (aimed.length === 0) {
        throw new Error(`"${scenario.name}" printed none of ${scenario.aimAt}`);
      }
      const lifeDir = join(root, `life-${life}`);
      await Deno.mkdir(lifeDir);
      const out = await scenario.start(lifeDir);
      const life_: Life = {
        life,
        scenario: scenario.name,
        out,
        writer,
        start: await writer.files(out),
        reference: reference.snapshot.files,
        report,
      };
      for (let i = 0; i < perLife && killsLeft > 0 && attemptsLeft-- > 0; i++) {
        const target = aimed[(i + life - 1) % aimed.length];
        const delayMs = Math.round(random() * target.durationMs);
        const record = await killOnce(life_, scenario.args(out), target.name, delayMs);
        report.runs.push(record);
        if (record.killed) killsLeft--;
        log(
          `life ${life} (${scenario.name}): aimed at ${target.name} +${delayMs} ms: ` +
            (record.killed ? "killed" : "finished first") +
            ` after "${record.lastLine}" (${record.filesBefore} → ${record.filesAfter} files)`,
        );
        if (!record.killed) break;
      }
      // Leave the output to finish, then compare it with the reference.
      const before = await identities(life_);
      const last = spawnMain(scenario.args(out), writer.env);
      const end = await last.finished;
      if (end.code !== 0) {
        report.problems.push(
          `life ${life} (${scenario.name}): the resumed run ended with exit ${end.code}: ${
            [...last.lines, ...last.outLines].map((l) => l.text).join(" | ")
          }`,
        );
        continue;
      }
      await checkUntouched(life_, before, `life ${life}: final run`);
      const what = `life ${life} (${scenario.name})`;
      const temps = (await listOrNone(out)).filter(isTemp(writer));
      if (temps.length) report.problems.push(`${what}: temp files left: ${temps.join(", ")}`);
      const diff = diffSnapshots(reference.snapshot, await snapshot(out));
      if (diff.length) {
        report.problems.push(`${what}: differs from the uninterrupted run:\n${diff.join("\n")}`);
      }
      log(`life ${life}: resumed to the end; ${report.problems.length} problems so far`);
    }
    for (const p of (await writer.finalCheck?.()) ?? []) report.problems.push(p);
  } finally {
    await sim.close();
    await Deno.remove(root, { recursive: true });
  }
  return report;
}

/** One life of an output: where it is, what it started as, what it must become. */
interface Life {
  life: number;
  scenario: string;
  out: string;
  writer: CrashWriter;
  /** Digests of the files when the life started. */
  start: Map<string, string>;
  /** Digests of the reference's files. */
  reference: Map<string, string>;
  report: CrashReport;
}

const isTemp = (w: CrashWriter) => (rel: string) => w.isTemp?.(rel) ?? isTempFile(rel);

async function listOrNone(dir: string): Promise<string[]> {
  try {
    return await listFiles(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

/**
 * The files already as the reference has them (not those every run rewrites by design), each
 * with its identity: inode and modification time.
 */
async function identities(l: Life): Promise<Map<string, string>> {
  const digests = await l.writer.files(l.out).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return new Map<string, string>();
    throw e;
  });
  const out = new Map<string, string>();
  for (const [rel, digest] of digests) {
    if (l.reference.get(rel) !== digest || l.writer.rewrittenEachRun?.(rel)) continue;
    try {
      const st = await Deno.stat(join(l.out, rel));
      out.set(rel, `${st.ino}:${st.mtime?.getTime()}`);
    } catch (e) {
      // Removed between listing and stat: a temp file of the run being killed.
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return out;
}

async function killOnce(
  l: Life,
  args: string[],
  target: string,
  delayMs: number,
): Promise<KillRecord> {
  const before = await identities(l);
  const { proc, killed, end } = await runKilledAt(args, l.writer.env, target, delayMs);
  const what = `life ${l.life} (${l.scenario}): run aimed at ${target}`;
  if (!killed && end.code !== 0) {
    l.report.problems.push(
      `${what}: a resumed run failed (exit ${end.code}): ${
        [...proc.lines, ...proc.outLines].map((x) => x.text).join(" | ")
      }`,
    );
  }
  await checkUntouched(l, before, what);
  const files = await listOrNone(l.out);
  if (!killed) {
    const temps = files.filter(isTemp(l.writer));
    if (temps.length) {
      l.report.problems.push(`${what}: temp files after a finished run: ${temps.join(", ")}`);
    }
  }
  await checkWhole(l, what);
  return {
    life: l.life,
    scenario: l.scenario,
    target,
    delayMs,
    killed,
    lastLine: [...proc.lines, ...proc.outLines].sort((a, b) => a.at - b.at).at(-1)?.text ??
      "(nothing printed)",
    filesBefore: before.size,
    filesAfter: (await identities(l)).size,
  };
}

/** Files complete before a run must be the very same files after it. */
async function checkUntouched(l: Life, before: Map<string, string>, what: string): Promise<void> {
  const after = await identities(l);
  const changed = [...before].filter(([rel, id]) => after.get(rel) !== id)
    .map(([rel]) => `${rel} (${after.has(rel) ? "written again" : "removed or changed"})`);
  if (changed.length) {
    l.report.problems.push(
      `${what}: ${changed.length} complete files changed: ${changed.slice(0, 5).join(", ")}`,
    );
  }
}

/** Every file under its final name is as the life started or as the reference has it. */
async function checkWhole(l: Life, what: string): Promise<void> {
  const now = await l.writer.files(l.out).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return new Map<string, string>();
    throw e;
  });
  const temp = isTemp(l.writer);
  const odd = [...now].filter(([rel, digest]) =>
    !temp(rel) && digest !== l.start.get(rel) && digest !== l.reference.get(rel)
  ).map(([rel]) => rel);
  if (odd.length) {
    l.report.problems.push(
      `${what}: ${odd.length} files neither as before nor as the uninterrupted run wrote them ` +
        `(half-written?): ${odd.slice(0, 5).join(", ")}`,
    );
  }
}

/** The summary both the test and the script print. */
export function formatCrashReport(r: CrashReport): string {
  const killed = r.runs.filter((k) => k.killed);
  const byTarget = new Map<string, number>();
  for (const k of killed) {
    const key = `${k.scenario}/${k.target}`;
    byTarget.set(key, (byTarget.get(key) ?? 0) + 1);
  }
  const lines = [
    `crash (${r.writer}): ${killed.length} SIGKILLs over ${r.lives} lives (${
      r.runs.length - killed.length
    } runs finished before their kill moment)`,
    `  killed during: ${[...byTarget].map(([t, n]) => `${t} ${n}`).join(", ")}`,
    ...[...r.references].map(([name, ref]) => `  reference (${name}): ${ref}`),
    r.problems.length === 0
      ? "  held: no complete file written twice, nothing half-written visible, no temp file " +
        "left, every output equal to the uninterrupted run"
      : `  BROKEN (${r.problems.length}):\n${r.problems.map((p) => `  - ${p}`).join("\n")}`,
  ];
  return lines.join("\n");
}
