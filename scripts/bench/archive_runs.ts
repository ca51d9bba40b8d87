/**
 * Scenarios 1, 2, 3 and 6: `main.ts archive --rate 0` in its own process against a simulator in
 * another, counted by the simulator (`/__simulator/stats`), which sees every call the archiver
 * makes, retries included.
 *
 * - first archive: calls per item by method, items/s, bytes/s, peak RSS, the moment the last
 *   original was on disk (the archiver's "originals: N files fetched" line) in calls and seconds,
 *   and the hours the same calls take at Flickr's 3,600 calls an hour;
 * - re-run with nothing changed, and after 10 new comments and 10 new faves: calls and seconds.
 * @module
 */
import { removeLater } from "./cleanup.ts";
import { join } from "node:path";
import {
  type SimulatorProcess,
  type SimulatorStats,
  startSimulatorProcess,
  type Truth,
} from "./processes.ts";
import { type Checkout, runTracked, type UsageSoFar } from "./processes.ts";
import { round } from "./stats.ts";

/** Methods spent on one photo at a time (none may run before the last original is on disk). */
export const PER_PHOTO_METHODS = [
  "flickr.photos.getInfo",
  "flickr.photos.comments.getList",
  "flickr.photos.getFavorites",
  "flickr.photos.people.getList",
  "flickr.photos.getSizes",
  "flickr.photos.getExif",
  "flickr.photos.getAllContexts",
];

/** Flickr's limit per key: the price of a run in hours is its calls divided by this. */
export const FLICKR_CALLS_PER_HOUR = 3600;

/** The account of a scenario. */
export interface AccountSpec {
  photos: number;
  videos: number;
  favorites: number;
  seed?: number;
  /** Share (0..1) of items with at least one comment; default the simulator's (about 38 %). */
  commentShare?: number;
  /** Share (0..1) of items with at least one fave; default the simulator's (about 45 %). */
  faveShare?: number;
  /** Number of albums; default the simulator's (about one per 50 items). */
  albums?: number;
}

/** Figures of one archive run. */
export interface ArchiveRunFigures {
  exit_code: number;
  seconds: number;
  api_calls: number;
  by_method: Record<string, number>;
  bytes: number;
  peak_rss_mb: number;
  cpu_seconds: number;
  /** When the run did not end with exit code 0: the last lines it printed. */
  problem?: string;
}

/** Figures of a first archive (scenarios 1, 2 and 6). */
export interface FirstArchiveFigures extends ArchiveRunFigures {
  items: number;
  calls_per_item: number;
  /** Calls per item by method. */
  per_item_by_method: Record<string, number>;
  items_per_s: number;
  mb_per_s: number;
  /** When the last original was on disk; null when the line never came. */
  originals_done_seconds: number | null;
  originals_done_calls: number | null;
  /** Per-photo calls counted by then (0 when originals come first). */
  per_photo_calls_before_originals_done: number | null;
  /** Scenario 2: the hours the same calls take at 3,600 an hour. */
  hours_at_3600: number;
  /** The calls full fidelity needs (see {@link necessaryCalls}), by method and in all. */
  necessary_calls: number;
  necessary_by_method: Record<string, number>;
  /** From the sidecars phase's first line to the end of the run; null without the phase. */
  sidecars_phase_seconds: number | null;
  /**
   * Seconds of each phase, from its first progress line ("details: ...") to the next phase's first
   * line (the last one to the end of the run), in the order they came.
   */
  phases: Record<string, number>;
  /**
   * CPU seconds (user and system) of each phase, counted as {@link phases} (to the end of the
   * run for the last): steadier than the wall times on a busy machine.
   */
  phases_cpu: Record<string, number>;
  /**
   * The phase during which the run's peak RSS was reached ("start" before the first phase line):
   * where to look when the peak moves.
   */
  peak_rss_phase: string;
}

/** Figures of the re-runs (scenario 3). */
export interface RerunFigures {
  unchanged: ArchiveRunFigures;
  /** Scenario 3's target: at most ceil(items / 500) + 3 calls. */
  unchanged_call_bound: number;
  after_mutations: ArchiveRunFigures;
  mutations: { comments: number; faves: number };
}

function diffStats(before: SimulatorStats, after: SimulatorStats) {
  const byMethod: Record<string, number> = {};
  for (const [m, n] of Object.entries(after.api_calls)) {
    const d = n - (before.api_calls[m] ?? 0);
    if (d > 0) byMethod[m] = d;
  }
  return {
    calls: after.total_api_calls - before.total_api_calls,
    byMethod,
    bytes: after.bytes_served - before.bytes_served,
  };
}

/**
 * The calls a first run needs for full fidelity, from the truth: listing pages, one getInfo per
 * item, one comments call per item with comments, ceil(faves / 50) per item with faves, one
 * getSizes per video, album pages (ceil(size / 500) per album) and the album, collection, gallery,
 * group and licence lists, one page per gallery and group pool, and test.login. People calls
 * (people.getList, people.getInfo) depend on what answers described, so they count as measured.
 */
export function necessaryCalls(
  truth: Truth & { items: (Truth["items"][number] & { albums?: string[] })[] },
  measured: Record<string, number>,
): Record<string, number> {
  const own = truth.items.filter((i) => !i.is_favorite_of_mine).length;
  const albumSizes = new Map<string, number>();
  for (const item of truth.items) {
    for (const a of item.albums ?? []) albumSizes.set(a, (albumSizes.get(a) ?? 0) + 1);
  }
  const need: Record<string, number> = {
    "flickr.test.login": 1,
    "flickr.people.getPhotos": Math.max(1, Math.ceil(own / 500)),
    "flickr.favorites.getList": Math.max(1, Math.ceil(truth.favorites / 500)),
    "flickr.photos.getInfo": truth.items.length,
    "flickr.photos.comments.getList": truth.items.filter((i) => i.comments > 0).length,
    "flickr.photos.getFavorites": truth.items.reduce((n, i) => n + Math.ceil(i.faves / 50), 0),
    "flickr.photos.getSizes": truth.videos,
    "flickr.photosets.getList": Math.max(1, Math.ceil(albumSizes.size / 500)),
    "flickr.photosets.getPhotos": [...albumSizes.values()].reduce(
      (n, size) => n + Math.ceil(size / 500),
      0,
    ),
    "flickr.collections.getTree": 1,
    "flickr.galleries.getList": 1,
    "flickr.galleries.getPhotos": truth.galleries,
    "flickr.people.getGroups": 1,
    "flickr.groups.pools.getPhotos": truth.groups,
    // Which of the person's groups hold each favourite: asked once per favourite.
    "flickr.photos.getAllContexts": truth.groups > 0 ? truth.favorites : 0,
    "flickr.photos.licenses.getInfo": 1,
  };
  for (const m of ["flickr.photos.people.getList", "flickr.people.getInfo"]) {
    if (measured[m]) need[m] = measured[m];
  }
  return need;
}

async function archiveOnce(
  sim: SimulatorProcess,
  dir: string,
  onLine?: (
    line: string,
    seconds: number,
    usageNow: () => Promise<UsageSoFar>,
  ) => void | Promise<void>,
  extraArgs: string[] = [],
  checkout?: Checkout,
): Promise<ArchiveRunFigures> {
  const before = await sim.stats();
  const started = performance.now();
  const run = await runTracked(
    ["archive", "--archive", dir, "--flickr-origin", sim.origin, "--rate", "0", ...extraArgs],
    {
      env: sim.env,
      onLine: onLine &&
        ((line, usageNow) => onLine(line, (performance.now() - started) / 1000, usageNow)),
      checkout,
    },
  );
  if (run.code !== 0 && run.code !== 1) {
    throw new Error(
      `Cannot benchmark: archive exited with ${run.code}:\n${run.stderr.slice(-2000)}`,
    );
  }
  const d = diffStats(before, await sim.stats());
  const problem = run.code === 0 ? undefined : [
    ...run.stdout.trim().split("\n").slice(-6),
    ...run.stderr.trim().split("\n").filter((l) => /error|cannot|failed/i.test(l)).slice(0, 3),
  ].join("\n");
  return {
    ...(problem ? { problem } : {}),
    exit_code: run.code,
    seconds: round(run.seconds, 2),
    api_calls: d.calls,
    by_method: d.byMethod,
    bytes: d.bytes,
    peak_rss_mb: round(run.peakRssBytes / 1e6, 1),
    cpu_seconds: round(run.cpuSeconds, 1),
  };
}

/** What the run's heartbeat (`src/archive/heartbeat.ts`) starts its lines with. */
const HEARTBEAT = new Set(["still working", "waiting"]);

/** Runs a first archive of a fresh simulator account into a new temporary folder. */
export async function firstArchive(
  account: AccountSpec,
  opts: {
    keep?: (dir: string, sim: SimulatorProcess) => Promise<void>;
    /** More arguments for `archive` (e.g. `--no-sidecars`). */
    args?: string[];
    /** Another revision's checkout to run the archiver from (`--against`); the simulator is ours. */
    checkout?: Checkout;
  } = {},
): Promise<{ figures: FirstArchiveFigures; truth: Truth }> {
  const sim = await startSimulatorProcess(account);
  const dir = await Deno.makeTempDir({ prefix: "flickrvault-bench-" });
  try {
    let originalsAt: { seconds: number; calls: number; perPhoto: number } | null = null;
    let sidecarsAt: number | null = null;
    const phaseStarts = new Map<string, number>();
    const phaseCpuStarts = new Map<string, number>();
    // The peak RSS so far as each phase began: the peak's phase is the last one to raise it.
    const peakAtStart: [string, number][] = [];
    const run = await archiveOnce(
      sim,
      join(dir, "archive"),
      async (line, at, usageNow) => {
        if (sidecarsAt === null && /^sidecars: /.test(line)) sidecarsAt = at;
        const phase = /^([a-z][a-z ]*): /.exec(line)?.[1];
        // The heartbeat's lines ("still working: ...", "waiting: ...") start no phase.
        if (phase && !HEARTBEAT.has(phase) && !phaseStarts.has(phase)) {
          phaseStarts.set(phase, at);
          const usage = await usageNow();
          phaseCpuStarts.set(phase, usage.cpuSeconds);
          peakAtStart.push([phase, usage.peakBytes]);
        }
        if (originalsAt || !/^originals: .*\bfiles? fetched/.test(line)) return;
        const stats = await sim.stats();
        originalsAt = {
          seconds: at,
          calls: stats.total_api_calls,
          perPhoto: PER_PHOTO_METHODS.reduce((n, m) => n + (stats.api_calls[m] ?? 0), 0),
        };
      },
      opts.args,
      opts.checkout,
    );
    const truth = await sim.truth();
    const items = truth.items.length;
    const perItem: Record<string, number> = {};
    for (const [m, n] of Object.entries(run.by_method)) perItem[m] = round(n / items, 3);
    const need = necessaryCalls(truth, run.by_method);
    const done = originalsAt as { seconds: number; calls: number; perPhoto: number } | null;
    const result: FirstArchiveFigures = {
      ...run,
      items,
      calls_per_item: round(run.api_calls / items, 3),
      per_item_by_method: perItem,
      items_per_s: round(items / run.seconds, 1),
      mb_per_s: round(run.bytes / 1e6 / run.seconds, 1),
      originals_done_seconds: done ? round(done.seconds, 2) : null,
      originals_done_calls: done?.calls ?? null,
      per_photo_calls_before_originals_done: done?.perPhoto ?? null,
      hours_at_3600: round(run.api_calls / FLICKR_CALLS_PER_HOUR, 2),
      necessary_calls: Object.values(need).reduce((a, b) => a + b, 0),
      necessary_by_method: need,
      sidecars_phase_seconds: sidecarsAt === null
        ? null
        : round(run.seconds - (sidecarsAt as number), 2),
      phases: phaseSeconds(phaseStarts, run.seconds),
      phases_cpu: phaseSeconds(phaseCpuStarts, run.cpu_seconds),
      peak_rss_phase: peakPhase(peakAtStart, run.peak_rss_mb * 1e6),
    };
    if (opts.keep) await opts.keep(join(dir, "archive"), sim);
    return { figures: result, truth };
  } finally {
    await sim.close();
    removeLater(dir);
  }
}

/**
 * The phase in which the peak was reached, from the peak so far at each phase's start (in the
 * order they came) and the run's peak: the last phase that began below it.
 */
export function peakPhase(peakAtStart: readonly [string, number][], peakBytes: number): string {
  let phase = "start";
  for (const [name, before] of peakAtStart) {
    // The run's peak is rounded to 0.1 MB; a phase that began within that had not raised it.
    if (before < peakBytes - 0.05e6) phase = name;
  }
  return phase;
}

/** Each phase's seconds from the moments its first line came (see `phases`). */
export function phaseSeconds(
  starts: ReadonlyMap<string, number>,
  end: number,
): Record<string, number> {
  const ordered = [...starts].sort((a, b) => a[1] - b[1]);
  const out: Record<string, number> = {};
  ordered.forEach(([name, at], k) => {
    out[name] = round((ordered[k + 1]?.[1] ?? end) - at, 2);
  });
  return out;
}

/**
 * Scenarios 1–3 on one account: a first archive, a re-run with nothing changed, then 10 new
 * comments and 10 new faves and a re-run.
 */
export async function archiveScenarios(
  account: AccountSpec,
): Promise<{ first: FirstArchiveFigures; reruns: RerunFigures }> {
  let reruns: RerunFigures | undefined;
  const { figures } = await firstArchive(account, {
    keep: async (dir, sim) => {
      const unchanged = await archiveOnce(sim, dir);
      for (let k = 0; k < 10; k++) await sim.mutate("comment");
      for (let k = 0; k < 10; k++) await sim.mutate("fave");
      const after = await archiveOnce(sim, dir);
      const own = account.photos + account.videos;
      reruns = {
        unchanged,
        unchanged_call_bound: Math.ceil((own + account.favorites) / 500) + 3,
        after_mutations: after,
        mutations: { comments: 10, faves: 10 },
      };
    },
  });
  return { first: figures, reruns: reruns! };
}
