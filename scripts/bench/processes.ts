/**
 * The processes a benchmark runs: the simulator, the archiver and the viewer each in a process of
 * its own (`deno run -A main.ts ...`), so that CPU time and memory are measured for the program
 * alone and not for the harness or the fake Flickr beside it.
 * @module
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { V8_FLAGS } from "../v8_flags.ts";

const MAIN = fileURLToPath(new URL("../../main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Options of {@link startSimulatorProcess}. */
export interface SimulatorProcessOptions {
  photos: number;
  videos: number;
  favorites?: number;
  seed?: number;
  /** Share (0..1) of items with at least one comment (`--comment-share`). */
  commentShare?: number;
  /** Share (0..1) of items with at least one fave (`--fave-share`). */
  faveShare?: number;
  /** Photo originals of about this many bytes (`--original-bytes`). */
  originalBytes?: number;
  /** Number of albums (`--albums`). */
  albums?: number;
  /** "pro" (default) or "free": Flickr's 2025 rules for free accounts (`--account`). */
  account?: "pro" | "free";
}

/** Stats counters of the simulator (`/__simulator/stats`). */
export interface SimulatorStats {
  api_calls: Record<string, number>;
  total_api_calls: number;
  bytes_served: number;
}

/** One item of `/__simulator/truth` (only what the benchmarks read). */
export interface TruthItem {
  id: string;
  media: "photo" | "video";
  is_favorite_of_mine: boolean;
  comments: number;
  faves: number;
}

/** `/__simulator/truth` (only what the benchmarks read). */
export interface Truth {
  photos: number;
  videos: number;
  favorites: number;
  albums: number;
  collections: number;
  galleries: number;
  groups: number;
  comments: number;
  faves: number;
  people: number;
  items: TruthItem[];
}

/** A simulator running in its own process. */
export interface SimulatorProcess {
  origin: string;
  /** Environment for `main.ts archive` (key, secret and pre-issued token). */
  env: Record<string, string>;
  stats(): Promise<SimulatorStats>;
  truth(): Promise<Truth>;
  /** `POST /__simulator/mutate`; answers the simulator's JSON. */
  mutate(action: string, id?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Reads the first line a child prints on stdout; throws when it exits first. */
async function firstLine(child: Deno.ChildProcess, what: string): Promise<string> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`Cannot benchmark: ${what} exited before it was ready`);
    text += chunk.value;
  }
  // Keep draining so the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })().catch(() => {});
  return text.slice(0, text.indexOf("\n"));
}

/** SIGTERM, then SIGKILL after 3 s (a server may wait for idle keep-alive connections). */
async function stop(child: Deno.ChildProcess): Promise<void> {
  const signal = (s: Deno.Signal) => {
    try {
      child.kill(s);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 3000);
  await child.status;
  clearTimeout(timer);
}

/** Starts `main.ts simulate --port 0` and waits for its JSON line. */
export async function startSimulatorProcess(
  opts: SimulatorProcessOptions,
): Promise<SimulatorProcess> {
  const args = [
    "run",
    "-A",
    MAIN,
    "simulate",
    "--port",
    "0",
    "--photos",
    String(opts.photos),
    "--videos",
    String(opts.videos),
    "--seed",
    String(opts.seed ?? 1),
  ];
  if (opts.favorites !== undefined) args.push("--favorites", String(opts.favorites));
  if (opts.commentShare !== undefined) args.push("--comment-share", String(opts.commentShare));
  if (opts.faveShare !== undefined) args.push("--fave-share", String(opts.faveShare));
  if (opts.albums !== undefined) args.push("--albums", String(opts.albums));
  if (opts.originalBytes !== undefined) args.push("--original-bytes", String(opts.originalBytes));
  if (opts.account !== undefined) args.push("--account", opts.account);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let line;
  try {
    line = JSON.parse(await firstLine(child, "the simulator"));
  } catch (e) {
    await stop(child);
    throw e;
  }
  const origin = line.origin as string;
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${origin}${path}`);
    if (!res.ok) throw new Error(`Cannot read ${path} from the simulator: HTTP ${res.status}`);
    return await res.json() as T;
  };
  return {
    origin,
    env: {
      FLICKR_API_KEY: line.api_key,
      FLICKR_API_SECRET: line.api_secret,
      FLICKR_OAUTH_TOKEN: line.oauth_token,
      FLICKR_OAUTH_TOKEN_SECRET: line.oauth_token_secret,
    },
    stats: () => get<SimulatorStats>("/__simulator/stats"),
    truth: () => get<Truth>("/__simulator/truth?sha256=0"),
    async mutate(action, id) {
      const res = await fetch(`${origin}/__simulator/mutate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(id ? { action, id } : { action }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(`Cannot mutate (${action}): ${JSON.stringify(body)}`);
      return body;
    },
    close: () => stop(child),
  };
}

/** What {@link runTracked} saw. */
export interface TrackedRun {
  code: number;
  seconds: number;
  /** Peak resident set size of the process (VmHWM), in bytes; 0 where /proc is missing. */
  peakRssBytes: number;
  /** User + system CPU seconds of the process, from /proc (0 where missing). */
  cpuSeconds: number;
  stdout: string;
  stderr: string;
}

/** Peak RSS (VmHWM) and CPU time of a live process, from /proc; undefined when it is gone. */
async function sample(pid: number): Promise<{ hwm: number; cpu: number } | undefined> {
  try {
    const [status, stat] = await Promise.all([
      Deno.readTextFile(`/proc/${pid}/status`),
      Deno.readTextFile(`/proc/${pid}/stat`),
    ]);
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    // Fields 14 and 15 (utime, stime) after the command name in parentheses, in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { hwm: kb * 1024, cpu: ticks / 100 };
  } catch {
    return undefined;
  }
}

/**
 * Which checkout of flickrvault a run uses: this one by default, or another revision's
 * (`--against`, see `against.ts`) with the V8 flags that revision ships with.
 */
export interface Checkout {
  /** The checkout's root folder (holding `main.ts`). */
  root: string;
  /** `--v8-flags` for its processes. */
  v8Flags: string;
}

/** This checkout, with the V8 flags it ships with. */
export const THIS_CHECKOUT: Checkout = { root: ROOT, v8Flags: V8_FLAGS };

/** A running process's CPU seconds and peak RSS (bytes) so far. */
export interface UsageSoFar {
  cpuSeconds: number;
  peakBytes: number;
}

/**
 * Runs `main.ts <args>` (with the V8 flags flickrvault ships with) to completion, polling its peak
 * RSS and CPU time every 100 ms. `onLine` sees each stderr line as it arrives (the archiver's
 * progress lines), for timing phases, with `usageNow` to read the process's CPU seconds and peak
 * RSS so far (one read of /proc for both).
 * `checkout` runs another revision's `main.ts` instead.
 */
export async function runTracked(
  args: string[],
  opts: {
    env?: Record<string, string>;
    onLine?: (line: string, usageNow: () => Promise<UsageSoFar>) => void | Promise<void>;
    checkout?: Checkout;
  } = {},
): Promise<TrackedRun> {
  const started = performance.now();
  const checkout = opts.checkout ?? THIS_CHECKOUT;
  const flags = checkout.v8Flags ? [`--v8-flags=${checkout.v8Flags}`] : [];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...flags, join(checkout.root, "main.ts"), ...args],
    cwd: checkout.root,
    env: { NO_COLOR: "1", ...opts.env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let peak = 0;
  let cpu = 0;
  let done = false;
  const poller = (async () => {
    while (!done) {
      const s = await sample(child.pid);
      if (s) {
        peak = Math.max(peak, s.hwm);
        cpu = Math.max(cpu, s.cpu);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const usageNow = async (): Promise<UsageSoFar> => {
    const s = await sample(child.pid);
    if (s) {
      peak = Math.max(peak, s.hwm);
      cpu = Math.max(cpu, s.cpu);
    }
    return { cpuSeconds: cpu, peakBytes: peak };
  };
  const collect = async (
    stream: ReadableStream<Uint8Array<ArrayBuffer>>,
    lines?: typeof opts.onLine,
  ) => {
    let all = "";
    let pending = "";
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      all += text;
      if (!lines) continue;
      pending += text;
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        await lines(pending.slice(0, nl), usageNow);
        pending = pending.slice(nl + 1);
      }
    }
    return all;
  };
  const [stdout, stderr, status] = await Promise.all([
    collect(child.stdout),
    collect(child.stderr, opts.onLine),
    child.status,
  ]);
  done = true;
  await poller;
  return {
    code: status.code,
    seconds: (performance.now() - started) / 1000,
    peakRssBytes: peak,
    cpuSeconds: cpu,
    stdout,
    stderr,
  };
}

/** A viewer (`main.ts serve`) running in its own process. */
export interface ServeProcess {
  origin: string;
  pid: number;
  close(): Promise<void>;
}

/** Starts `main.ts serve --archive DIR --port 0` (shipped V8 flags) and waits for its "Serving ... at URL" line. */
export async function startServeProcess(archiveDir: string): Promise<ServeProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--v8-flags=${V8_FLAGS}`,
      MAIN,
      "serve",
      "--archive",
      archiveDir,
      "--port",
      "0",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const line = await firstLine(child, "the viewer").catch(async (e) => {
    await stop(child);
    throw e;
  });
  const url = / at (http:\/\/\S+?)\/?$/.exec(line)?.[1];
  if (!url) {
    await stop(child);
    throw new Error(`Cannot benchmark: the viewer printed '${line}', not its address`);
  }
  return { origin: url, pid: child.pid, close: () => stop(child) };
}

/** Peak RSS (VmHWM) of a running process in bytes; 0 when unknown. */
export async function peakRss(pid: number): Promise<number> {
  return (await sample(pid))?.hwm ?? 0;
}

/** The machine's 1-minute load average (other work on the machine skews every figure). */
export async function loadAverage(): Promise<number | null> {
  try {
    return Number((await Deno.readTextFile("/proc/loadavg")).split(" ")[0]);
  } catch {
    return null;
  }
}

/** One pair of runs, one by this tree and one by another revision, in the order they ran. */
export interface RunPair<S> {
  first: "this" | "other";
  this: S;
  other: S;
}

/**
 * The `k`th (from 0) of a series of alternating pairs: the other revision first when `k` is even,
 * this tree first when it is odd, so that a machine growing busier or quieter weighs on both
 * alike. `runSide` runs one side, given the load average just before it.
 */
export async function runAlternatingPair<S>(
  k: number,
  other: Checkout,
  runSide: (checkout: Checkout, loadBefore: number | null) => Promise<S>,
): Promise<RunPair<S>> {
  const order: ("other" | "this")[] = k % 2 === 0 ? ["other", "this"] : ["this", "other"];
  const got: Partial<Record<"this" | "other", S>> = {};
  for (const who of order) {
    got[who] = await runSide(who === "this" ? THIS_CHECKOUT : other, await loadAverage());
  }
  return { first: order[0], this: got.this!, other: got.other! };
}
