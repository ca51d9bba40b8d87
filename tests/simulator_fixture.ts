/**
 * Test helpers for archive runs against the simulator over loopback: a running simulator with a
 * temporary archive directory, its ground truth and counters, credentials for it, and a fetch
 * wrapper that records the traffic in order.
 * @module
 */
import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../src/simulator/server.ts";
import type { Truth } from "../src/simulator/truth.ts";
import type { Credentials } from "../src/flickr/credentials.ts";
import { FlickrClient } from "../src/flickr/client.ts";
import { FetchFileClient } from "../src/flickr/fetch_file_client.ts";
import type { FileClient } from "../src/flickr/file_client.ts";
import { Http1Client } from "../src/flickr/http1_client.ts";
import { openCatalog } from "../src/catalog/db.ts";
import type { ArchiveContext } from "../src/archive/context.ts";
import type { RunArchiveOptions } from "../src/archive/pipeline.ts";
import { memorySink, Progress } from "../src/progress.ts";

/** `/__simulator/stats`. */
/** Short waits so that retries and stalls cost milliseconds, not minutes. */
export const QUICK: Partial<RunArchiveOptions> = {
  rate: 0,
  concurrency: 6,
  stallTimeoutMs: 300,
  client: { retryBaseMs: 5, retryMaxMs: 50, maxRetries: 8 },
  downloadRetryBaseMs: 5,
};

export interface SimulatorStats {
  api_calls: Record<string, number>;
  total_api_calls: number;
  bytes_served: number;
}

/** A simulator and an empty archive directory. */
export interface SimFixture {
  sim: RunningSimulator;
  /** A fresh temporary directory (the archive is created inside it as `archive/`). */
  dir: string;
  /** `<dir>/archive`: not created yet. */
  archive: string;
  /** Credentials as `flickrvault auth` would store them (NSID included). */
  credentials: Credentials;
  /** Archive `archive` from this simulator with the rate limit off; spread and add to it. */
  runOptions: RunArchiveOptions;
  truth(): Promise<Truth>;
  stats(): Promise<SimulatorStats>;
  mutate(action: string, id?: string): Promise<Record<string, unknown>>;
}

/** Starts a simulator, runs `fn`, then closes it and removes the directory. */
export async function withSimulator(
  opts: SimulatorOptions,
  fn: (f: SimFixture) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator({ port: 0, ...opts });
  const dir = await Deno.makeTempDir({ prefix: "fv_archive_" });
  const getJson = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${sim.origin}${path}`, init);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}: ${await res.text()}`);
    return await res.json();
  };
  const archive = `${dir}/archive`;
  const credentials = credentialsOf(sim);
  try {
    await fn({
      sim,
      dir,
      archive,
      credentials,
      runOptions: { archiveDir: archive, credentials, origin: sim.origin, rate: 0 },
      truth: () => getJson("/__simulator/truth"),
      stats: () => getJson("/__simulator/stats"),
      mutate: (action, id) =>
        getJson("/__simulator/mutate", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(id === undefined ? { action } : { action, id }),
        }),
    });
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** The simulator's pre-issued credentials, with the account's NSID. */
export function credentialsOf(sim: RunningSimulator): Credentials {
  return {
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    oauthToken: sim.oauthToken,
    oauthTokenSecret: sim.oauthTokenSecret,
    userNsid: sim.userNsid,
  };
}

/** One request seen by {@link recordingFetch}, in order. */
export type TrafficEvent =
  | { seq: number; type: "api"; method: string }
  /** A file response whose body was read to the end. */
  | { seq: number; type: "file-done"; url: string; status: number };

/**
 * A fetch that records API calls (by method, when sent), and a file client (the archive's own,
 * {@link Http1Client}) that records file downloads (when their body has been read to the end) and
 * the API calls the run sends through it, with one sequence number across both. A file fetched
 * through `fetch` is recorded too.
 */
export function recordingFetch(): {
  fetch: typeof fetch;
  files: FileClient;
  events: TrafficEvent[];
} {
  const events: TrafficEvent[] = [];
  let seq = 0;
  /** Records an API call; false for any other URL. */
  const apiCall = (url: URL): boolean => {
    if (!url.pathname.startsWith("/services/rest")) return false;
    events.push({ seq: seq++, type: "api", method: url.searchParams.get("method") ?? "" });
    return true;
  };
  const inner = new Http1Client();
  const files: FileClient = {
    async get(url, signal) {
      // The run's API calls with small answers come this way too (`FlickrClientOptions.http`).
      if (apiCall(new URL(url))) return await inner.get(url, signal);
      const res = await inner.get(url, signal);
      const done = () => events.push({ seq: seq++, type: "file-done", url, status: res.status });
      return {
        status: res.status,
        statusText: res.statusText,
        url: res.url,
        header: (name) => res.header(name),
        cancel: () => res.cancel(),
        async bytes() {
          const body = await res.bytes();
          done();
          return body;
        },
        async read() {
          const chunk = await res.read();
          if (chunk === null) done();
          return chunk;
        },
      };
    },
    close: () => inner.close(),
  };
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (apiCall(url)) return await fetch(input, init);
    const res = await fetch(input, init);
    if (!res.body) return res;
    const href = url.href;
    const status = res.status;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        flush() {
          events.push({ seq: seq++, type: "file-done", url: href, status });
        },
      }),
    );
    return new Response(body, { status: res.status, headers: res.headers });
  };
  return { fetch: wrapped, files, events };
}

/** `inner` (by default the archive's own client), with `onGet` told of every request first. */
export function watchedFiles(
  onGet: (url: string) => void,
  inner: FileClient = new Http1Client(),
): FileClient {
  return {
    get(url, signal) {
      onGet(url);
      return inner.get(url, signal);
    },
    close: () => inner.close(),
  };
}

/** Every file under `root` (relative paths), without following links. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    for await (const e of Deno.readDir(dir)) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(`${dir}/${e.name}`, r);
      else if (e.isFile) out.push(r);
    }
  };
  await walk(root, "");
  return out.sort();
}

/** Options of {@link withArchiveContext}. */
export interface ContextOptions {
  /** For API calls and downloads (default: the global fetch, and {@link Http1Client} for files). */
  fetch?: typeof fetch;
  concurrency?: number;
  stallTimeoutMs?: number;
}

/**
 * Runs `fn` with a phase context on the fixture's archive (the catalog is opened, and closed
 * afterwards): what the pipeline builds, with quick client retries for tests.
 */
export async function withArchiveContext(
  f: SimFixture,
  fn: (ctx: ArchiveContext) => Promise<void>,
  opts: ContextOptions = {},
): Promise<void> {
  const fetchFn = opts.fetch ?? fetch;
  const files = opts.fetch ? new FetchFileClient(opts.fetch) : new Http1Client();
  const catalog = await openCatalog(f.archive);
  const client = new FlickrClient({
    origin: f.sim.origin,
    ...f.credentials,
    fetch: fetchFn,
    retryBaseMs: 5,
  });
  const ctx: ArchiveContext = {
    archiveDir: f.archive,
    catalog,
    client,
    progress: new Progress(memorySink(), { callsPerHour: 0, callsMade: 0 }),
    userNsid: f.sim.userNsid,
    runId: 1,
    concurrency: opts.concurrency ?? 4,
    files,
    stallTimeoutMs: opts.stallTimeoutMs ?? 5000,
    signal: new AbortController().signal,
    downloadRetryBaseMs: 1000,
    downloadRetries: 0,
    attention: [],
  };
  try {
    await fn(ctx);
  } finally {
    files.close();
    await catalog.close();
  }
}
