/**
 * The load generator of the viewer benchmark, meant to run in its own process so that it does not
 * share a CPU core's event loop with the server it measures: autocannon with `connections`
 * concurrent keep-alive connections for `seconds`, cycling through `paths`. Latency percentiles
 * are computed from every response time (autocannon's own summary has no p95).
 *
 * `deno run -A scripts/bench/load.ts --origin http://127.0.0.1:8080 --path / [--path /x ...]
 *  [--connections 8] [--seconds 10]` prints one JSON line: {@link LoadResult}.
 * @module
 */
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { percentile, round } from "./stats.ts";

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  requests: number;
  /** Responses per second over the run. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Responses with a status other than 2xx, and connection errors or timeouts. */
  non2xx: number;
  errors: number;
  bytes_per_request: number;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  origin: string;
  /** Request paths, taken in turn by each connection. */
  paths: string[];
  connections: number;
  seconds: number;
}

/** Runs autocannon in this process and summarises every response time. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  let non2xx = 0;
  let bytes = 0;
  const started = performance.now();
  const instance = autocannon({
    url: opts.origin,
    connections: opts.connections,
    duration: opts.seconds,
    requests: opts.paths.map((path) => ({ method: "GET", path })),
  });
  instance.on("response", (_client: unknown, status: number, resBytes: number, ms: number) => {
    times.push(ms);
    bytes += resBytes;
    if (status < 200 || status > 299) non2xx++;
  });
  const result = await instance;
  const secs = (performance.now() - started) / 1000;
  return {
    requests: times.length,
    rps: round(times.length / Math.max(secs, opts.seconds), 1),
    p50: round(percentile(times, 50), 2),
    p95: round(percentile(times, 95), 2),
    p99: round(percentile(times, 99), 2),
    max: round(Math.max(0, ...times), 2),
    non2xx,
    errors: Number(result.errors ?? 0) + Number(result.timeouts ?? 0),
    bytes_per_request: times.length ? Math.round(bytes / times.length) : 0,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      origin: { type: "string" },
      path: { type: "string", multiple: true },
      connections: { type: "string", default: "8" },
      seconds: { type: "string", default: "10" },
    },
  });
  if (!values.origin || !values.path?.length) {
    console.error(
      "Usage: load.ts --origin URL --path P [--path P...] [--connections N] [--seconds S]",
    );
    Deno.exit(2);
  }
  const result = await runLoad({
    origin: values.origin,
    paths: values.path,
    connections: Number(values.connections),
    seconds: Number(values.seconds),
  });
  console.log(JSON.stringify(result));
  Deno.exit(0);
}
