/**
 * Scenario 5: the viewer on a large catalog (made by `make_catalog.ts`), served by `main.ts serve`
 * in its own process and loaded by autocannon in another (`load.ts`), one page kind at a time for
 * a fixed duration with a fixed number of concurrent connections. Every page is requested once
 * before it is timed (warm SQLite page cache, compiled code paths).
 * @module
 */
import { fileURLToPath } from "node:url";
import { makeCatalog } from "./make_catalog.ts";
import type { LoadResult } from "./load.ts";
import { peakRss, startServeProcess } from "./processes.ts";
import { medianOf, round } from "./stats.ts";

const LOAD = fileURLToPath(new URL("./load.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** One page kind under load (medians over the runs). */
export interface PageFigures extends LoadResult {
  name: string;
  /** "grid" pages aim at p95 < 50 ms, "search" at p95 < 100 ms. */
  kind: "grid" | "search";
  target_p95_ms: number;
  example_path: string;
}

/** Figures of scenario 5. */
export interface ViewerFigures {
  items: number;
  catalog_seconds: number;
  connections: number;
  seconds_per_run: number;
  runs: number;
  pages: PageFigures[];
  server_peak_rss_mb: number;
}

/** Runs autocannon in its own process; answers its JSON line. */
async function load(
  origin: string,
  paths: string[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      LOAD,
      "--origin",
      origin,
      "--connections",
      String(connections),
      "--seconds",
      String(seconds),
      ...paths.flatMap((p) => ["--path", p]),
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error("Cannot benchmark: the load generator failed");
  const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
  return JSON.parse(text) as LoadResult;
}

/** Runs scenario 5 on a fresh catalog of `items` items. */
export async function viewerScenario(opts: {
  items: number;
  runs: number;
  seconds: number;
  connections: number;
}): Promise<ViewerFigures> {
  const dir = await Deno.makeTempDir({ prefix: "flickrvault-bench-viewer-" });
  try {
    const made = await makeCatalog(dir, { items: opts.items });
    const server = await startServeProcess(dir);
    try {
      // Photo pages of 200 items spread over the whole stream (each connection walks them).
      const step = Math.max(1, Math.floor(made.ownIds.length / 200));
      const photoPaths = made.ownIds.filter((_, k) => k % step === 0).slice(0, 200)
        .map((id) => `/photos/${id}`);
      const pages: Omit<PageFigures, keyof LoadResult>[] = [
        { name: "photostream", kind: "grid", target_p95_ms: 50, example_path: "/" },
        { name: "photo page", kind: "grid", target_p95_ms: 50, example_path: photoPaths[0] },
        {
          name: `tag page (most used tag, ${made.commonTagCount.toLocaleString("en")} items)`,
          kind: "grid",
          target_p95_ms: 50,
          example_path: `/tags/${encodeURIComponent(made.commonTag)}`,
        },
        {
          name: `search, ranked ('${made.rankedWord}')`,
          kind: "search",
          target_p95_ms: 100,
          example_path: `/search?q=${encodeURIComponent(made.rankedWord)}`,
        },
        {
          name: `search, broad ('${made.broadWord}')`,
          kind: "search",
          target_p95_ms: 100,
          example_path: `/search?q=${encodeURIComponent(made.broadWord)}`,
        },
      ];
      const figures: PageFigures[] = [];
      for (const page of pages) {
        const paths = page.name === "photo page" ? photoPaths : [page.example_path];
        for (const p of paths) {
          const res = await fetch(`${server.origin}${p}`);
          await res.body?.cancel();
          if (res.status !== 200) {
            throw new Error(`Cannot benchmark: ${p} answered HTTP ${res.status}`);
          }
        }
        const runs: LoadResult[] = [];
        for (let r = 0; r < opts.runs; r++) {
          runs.push(await load(server.origin, paths, opts.connections, opts.seconds));
        }
        figures.push({ ...page, ...medianOf(runs) });
      }
      return {
        items: made.items,
        catalog_seconds: round(made.seconds, 1),
        connections: opts.connections,
        seconds_per_run: opts.seconds,
        runs: opts.runs,
        pages: figures,
        server_peak_rss_mb: round((await peakRss(server.pid)) / 1e6, 1),
      };
    } finally {
      await server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
