/**
 * `deno task bench --against REV`: the same first-archive scenario run by this tree and by another
 * revision, in alternating pairs, and the ratio of each figure, so that a change shows its cost
 * beside the version it changed, on the same machine in the same hour.
 *
 * The other revision is checked out in a temporary git worktree (detached, removed at the end) and
 * its `main.ts archive` runs with the V8 flags that revision ships with. Both archivers fetch from
 * a simulator of this tree, so that they do the same work: the account, its files and its answers
 * are the same for both.
 *
 * Pairs alternate their order (the other revision first, then this tree; then this tree first), so
 * that a machine that grows busier or quieter over a pair weighs on both alike.
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AccountSpec, FirstArchiveFigures } from "./archive_runs.ts";
import { type Checkout, runAlternatingPair, type RunPair } from "./processes.ts";
import { median, round } from "./stats.ts";
import type { SiteAgainstPoint } from "./against_site.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Another revision checked out for the benchmark. */
export interface OtherRevision extends Checkout {
  /** As given (`49a8ef7`, `main`, `HEAD~3`). */
  rev: string;
  /** The full commit id. */
  commit: string;
  /** Removes the worktree. */
  remove(): Promise<void>;
}

async function git(args: string[], cwd = ROOT): Promise<string> {
  const out = await new Deno.Command("git", { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return new TextDecoder().decode(out.stdout).trim();
}

/** The `V8_FLAGS` a checkout ships with (`scripts/v8_flags.ts`); "" where it has none. */
async function shippedV8Flags(root: string): Promise<string> {
  try {
    const text = await Deno.readTextFile(join(root, "scripts", "v8_flags.ts"));
    return /export const V8_FLAGS = "([^"]*)"/.exec(text)?.[1] ?? "";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}

/**
 * Checks `rev` out in a temporary git worktree of this repository. Throws with a one-line message
 * when `rev` names no commit.
 */
export async function checkOutRevision(rev: string): Promise<OtherRevision> {
  let commit;
  try {
    commit = await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  } catch {
    throw new Error(`Cannot benchmark against ${rev}: no such commit in ${ROOT}`);
  }
  const parent = await Deno.makeTempDir({ prefix: "flickrvault-against-" });
  const root = join(parent, "checkout");
  await git(["worktree", "add", "--detach", "--quiet", root, commit]);
  return {
    rev,
    commit,
    root,
    v8Flags: await shippedV8Flags(root),
    async remove() {
      await git(["worktree", "remove", "--force", root]).catch(() => {});
      await Deno.remove(dirname(root), { recursive: true }).catch(() => {});
      await git(["worktree", "prune"]).catch(() => {});
    },
  };
}

/** What one side of a pair measured. */
export interface SideFigures {
  seconds: number;
  items_per_s: number;
  peak_rss_mb: number;
  cpu_seconds: number;
  api_calls: number;
  exit_code: number;
  sidecars_phase_seconds: number | null;
  phases: Record<string, number>;
  /** CPU seconds of each phase (see `FirstArchiveFigures.phases_cpu`). */
  phases_cpu: Record<string, number>;
  /** Where the peak RSS was reached (see `FirstArchiveFigures.peak_rss_phase`). */
  peak_rss_phase?: string;
  load_before: number | null;
}

/** One pair of runs, in the order they ran. */
export interface Pair extends RunPair<SideFigures> {
  /** this / other items per second (above 1: this tree is faster). */
  ratio_items_per_s: number;
  /** this / other peak RSS (below 1: this tree needs less memory). */
  ratio_peak_rss: number;
  /** this / other CPU seconds. */
  ratio_cpu: number;
}

/** The comparison at one size. */
export interface AgainstPoint {
  items: number;
  pairs: Pair[];
  /** Medians over the pairs of each pair's ratio. */
  ratio_items_per_s: number;
  ratio_peak_rss: number;
  ratio_cpu: number;
  /** Medians of each side's figures. */
  this_items_per_s: number;
  other_items_per_s: number;
  this_peak_rss_mb: number;
  other_peak_rss_mb: number;
  /** The sidecars phase's share of this tree's runs (median, %); null without the phase. */
  this_sidecars_share_pct: number | null;
  /** The same in CPU time (median, %; steadier on a busy machine); null without the phase. */
  this_sidecars_cpu_share_pct: number | null;
}

/** `--against`'s results. */
export interface AgainstResults {
  rev: string;
  commit: string;
  /** This tree: its HEAD commit, and whether it had changes not committed. */
  this_commit: string;
  this_dirty: boolean;
  other_v8_flags: string;
  this_v8_flags: string;
  points: AgainstPoint[];
  /** Scenario 8's sizes (`--only 8`); absent in results of earlier versions. */
  site_points?: SiteAgainstPoint[];
}

function side(f: FirstArchiveFigures, load: number | null): SideFigures {
  return {
    seconds: f.seconds,
    items_per_s: f.items_per_s,
    peak_rss_mb: f.peak_rss_mb,
    cpu_seconds: f.cpu_seconds,
    api_calls: f.api_calls,
    exit_code: f.exit_code,
    sidecars_phase_seconds: f.sidecars_phase_seconds,
    phases: f.phases,
    phases_cpu: f.phases_cpu ?? {},
    peak_rss_phase: f.peak_rss_phase,
    load_before: load,
  };
}

/** The first archive of `account` by a checkout; `run` is `firstArchive` (a parameter for tests). */
export type RunFirstArchive = (
  account: AccountSpec,
  checkout: Checkout,
) => Promise<FirstArchiveFigures>;

/**
 * `pairs` alternating pairs of first archives of `account`, by this tree and by `other`; `say`
 * gets a line per pair.
 */
export async function comparePairs(
  account: AccountSpec,
  other: Checkout,
  pairs: number,
  run: RunFirstArchive,
  say: (line: string) => void,
): Promise<AgainstPoint> {
  const done: Pair[] = [];
  let items = 0;
  for (let k = 0; k < pairs; k++) {
    const sides = await runAlternatingPair(k, other, async (checkout, load) => {
      const f = await run(account, checkout);
      items = f.items;
      return side(f, load);
    });
    const [t, o] = [sides.this, sides.other];
    const pair: Pair = {
      ...sides,
      ratio_items_per_s: round(t.items_per_s / o.items_per_s, 3),
      ratio_peak_rss: round(t.peak_rss_mb / o.peak_rss_mb, 3),
      ratio_cpu: round(t.cpu_seconds / o.cpu_seconds, 3),
    };
    done.push(pair);
    say(describePair(items, k + 1, pair));
  }
  const shares = done.filter((p) => p.this.sidecars_phase_seconds !== null)
    .map((p) => (100 * p.this.sidecars_phase_seconds!) / p.this.seconds);
  const cpuShares = done.filter((p) => p.this.phases_cpu.sidecars !== undefined)
    .map((p) => (100 * p.this.phases_cpu.sidecars) / p.this.cpu_seconds);
  return {
    items,
    pairs: done,
    ratio_items_per_s: round(median(done.map((p) => p.ratio_items_per_s)), 3),
    ratio_peak_rss: round(median(done.map((p) => p.ratio_peak_rss)), 3),
    ratio_cpu: round(median(done.map((p) => p.ratio_cpu)), 3),
    this_items_per_s: round(median(done.map((p) => p.this.items_per_s)), 1),
    other_items_per_s: round(median(done.map((p) => p.other.items_per_s)), 1),
    this_peak_rss_mb: round(median(done.map((p) => p.this.peak_rss_mb)), 1),
    other_peak_rss_mb: round(median(done.map((p) => p.other.peak_rss_mb)), 1),
    this_sidecars_share_pct: shares.length ? round(median(shares), 1) : null,
    this_sidecars_cpu_share_pct: cpuShares.length ? round(median(cpuShares), 1) : null,
  };
}

/** "listing 3.9 (CPU 1.6), originals 26.9 (CPU 12.1)": each phase's seconds, and its CPU's. */
function phasesText(phases: Record<string, number>, cpu: Record<string, number>): string {
  return Object.entries(phases).map(([name, s]) =>
    `${name} ${s.toFixed(1)}${cpu[name] === undefined ? "" : ` (CPU ${cpu[name].toFixed(1)})`}`
  ).join(", ");
}

function sideText(name: string, s: SideFigures): string {
  const failed = s.exit_code === 0 ? "" : ` (exit ${s.exit_code})`;
  const peak = `${s.peak_rss_mb} MB${s.peak_rss_phase ? ` (in ${s.peak_rss_phase})` : ""}`;
  const load = s.load_before ?? "?";
  return `${name} ${s.seconds.toFixed(1)} s, ${s.items_per_s} items/s, ${peak}, ` +
    `CPU ${s.cpu_seconds} s${failed} [${phasesText(s.phases, s.phases_cpu)}; load ${load}]`;
}

/** One line for a pair: both sides in the order they ran, and the ratios. */
export function describePair(items: number, k: number, p: Pair): string {
  const sides = p.first === "other"
    ? [sideText("other", p.other), sideText("this", p.this)]
    : [sideText("this", p.this), sideText("other", p.other)];
  return `against, ${items.toLocaleString("en-US")} items, pair ${k}: ${sides.join("; ")}; ` +
    `this/other items/s ${p.ratio_items_per_s}, peak RSS ${p.ratio_peak_rss}, CPU ${p.ratio_cpu}`;
}

/** The summary line of one size. */
export function describePoint(rev: string, p: AgainstPoint): string {
  const share = p.this_sidecars_share_pct === null
    ? ""
    : `; sidecars phase ${p.this_sidecars_share_pct} % of this tree's run` +
      (p.this_sidecars_cpu_share_pct === null
        ? ""
        : ` (${p.this_sidecars_cpu_share_pct} % of its CPU time)`);
  return `against ${rev} at ${p.items.toLocaleString("en-US")} items (${p.pairs.length} pairs): ` +
    `items/s ×${p.ratio_items_per_s} (this ${p.this_items_per_s}, other ${p.other_items_per_s}), ` +
    `peak RSS ×${p.ratio_peak_rss} (this ${p.this_peak_rss_mb} MB, other ${p.other_peak_rss_mb} MB), ` +
    `CPU ×${p.ratio_cpu}${share}`;
}

/** HEAD of this tree, and whether it has changes not committed. */
export async function thisRevision(): Promise<{ commit: string; dirty: boolean }> {
  const commit = await git(["rev-parse", "HEAD"]);
  const dirty = (await git(["status", "--porcelain", "--untracked-files=no"])) !== "";
  return { commit, dirty };
}
