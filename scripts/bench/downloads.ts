/**
 * Scenario 4: downloads alone. The same files (each photo's original, display copy and thumbnail,
 * as the archiver fetches them) from the same simulator, in the same run, by our downloader
 * (`downloadToFile` in a p-queue at the archiver's default concurrency: temporary name, sha256
 * while streaming, length and magic-byte checks; then made durable and renamed by `commitFiles` a
 * batch at a time, as the originals phase does: one syncfs per batch on Linux) and by a baseline: `curl
 * --parallel` at the same concurrency where curl exists, else a plain Deno fetch loop. The two
 * alternate, after one untimed pass that makes the simulator generate and cache every file.
 * @module
 */
import { removeLater } from "./cleanup.ts";
import PQueue from "p-queue";
import { join } from "node:path";
import { commitFiles, type PendingFile } from "../../src/files/batch_commit.ts";
import { DirectoryCache } from "../../src/files/durable.ts";
import { downloadToFile } from "../../src/archive/download.ts";
import { RecordBatches } from "../../src/archive/recorder.ts";
import { FlickrClient } from "../../src/flickr/client.ts";
import { defaultFileClient } from "../../src/flickr/default_file_client.ts";
import { startSimulatorProcess } from "./processes.ts";
import { median, round } from "./stats.ts";

/** The archiver's default download concurrency (`archive --concurrency`). */
export const DEFAULT_CONCURRENCY = 4;

/** Figures of scenario 4 (medians over the runs). */
export interface DownloadFigures {
  /** Photo originals grown to about this size (`simulate --original-bytes`); else as drawn. */
  original_bytes: number | null;
  files: number;
  bytes: number;
  concurrency: number;
  baseline: "curl --parallel" | "deno fetch loop";
  ours_mb_per_s: number;
  baseline_mb_per_s: number;
  /** ours / baseline, the median of the per-pair ratios. */
  ratio: number;
  /**
   * A fetch loop that makes each file durable the simple way (fsync, rename, directory fsync, one
   * file at a time per worker) but checks nothing: what durability costs done naively.
   */
  durable_mb_per_s: number;
  /** ours / durable loop. */
  ratio_vs_durable: number;
  /**
   * The issue's other baseline, a plain Deno fetch loop (fetch, then write the whole body; no
   * checks, no durability), run beside curl: what the runtime itself allows.
   */
  fetch_loop_mb_per_s: number;
  /** ours / plain Deno fetch loop. */
  ratio_vs_fetch_loop: number;
  /**
   * The baseline timed until its files are on disk (a `sync` after it), as ours are when it
   * returns: the same work done, where the figures above compare a flushed archive with files
   * still in the page cache.
   */
  baseline_flushed_mb_per_s: number;
  /** ours / baseline then sync. */
  ratio_flushed: number;
  /** The plain Deno fetch loop, then sync. */
  fetch_loop_flushed_mb_per_s: number;
  /** ours / plain Deno fetch loop then sync. */
  ratio_vs_fetch_loop_flushed: number;
  runs: {
    ours_mb_per_s: number;
    baseline_mb_per_s: number;
    baseline_flushed_mb_per_s: number;
    durable_mb_per_s: number;
    fetch_loop_mb_per_s: number;
    fetch_loop_flushed_mb_per_s: number;
  }[];
}

/** Is `curl` on the PATH? */
async function hasCurl(): Promise<boolean> {
  try {
    const out = await new Deno.Command("curl", { args: ["--version"], stdout: "piped" }).output();
    return out.success && /--parallel|Features/.test(new TextDecoder().decode(out.stdout));
  } catch {
    return false;
  }
}

/**
 * Our downloader as the originals phase runs it: `downloadToFile` in a p-queue, each file left
 * under its temporary name, and a batch at a time (500 files, 32 MiB, or 1 s after the first of
 * them: the recorder's `RecordBatches`) made durable and put in place by `commitFiles` while
 * the next downloads go on, fetched by the archive's file client (`defaultFileClient`). (The
 * recorder's journal, one small transaction per batch, is left out.)
 */
export async function downloadOurs(
  urls: readonly string[],
  dir: string,
  concurrency: number,
): Promise<number> {
  const queue = new PQueue({ concurrency });
  const dirs = new DirectoryCache();
  const files = defaultFileClient();
  let bytes = 0;
  let commits = Promise.resolve();
  const batches = new RecordBatches<PendingFile>((batch) => {
    commits = commits.then(() => commitFiles(batch));
  });
  try {
    await Promise.all(urls.map((url, k) =>
      queue.add(async () => {
        const r = await downloadToFile({
          url,
          dest: join(dir, `${k}.jpg`),
          expect: "image",
          dirs,
          deferCommit: true,
          files,
        });
        bytes += r.bytes;
        batches.add(r.pending!, r.bytes);
      })
    ));
    batches.flush();
    await commits;
  } finally {
    files.close();
  }
  return bytes;
}

/** The baseline: `curl --parallel` over a config file of url/output pairs. */
async function downloadCurl(urls: readonly string[], dir: string, concurrency: number) {
  const config = join(dir, "curl.conf");
  await Deno.writeTextFile(
    config,
    urls.map((u, k) => `url = "${u}"\noutput = "${join(dir, `${k}.jpg`)}"\n`).join(""),
  );
  const out = await new Deno.Command("curl", {
    args: [
      "--silent",
      "--show-error",
      "--fail",
      "--parallel",
      "--parallel-max",
      String(concurrency),
      "--config",
      config,
    ],
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`Cannot benchmark: curl failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * The baseline without curl, and the second baseline beside it: `concurrency` workers, fetch then
 * write the whole body.
 */
async function downloadFetchLoop(urls: readonly string[], dir: string, concurrency: number) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < urls.length) {
      const k = next++;
      const res = await fetch(urls[k]);
      if (!res.ok) throw new Error(`Cannot benchmark: HTTP ${res.status} for ${urls[k]}`);
      // The fastest plain way found: Deno.writeFile (async) was several times slower for small files.
      Deno.writeFileSync(join(dir, `${k}.jpg`), await res.bytes());
    }
  }));
}

/** Like the fetch loop, plus what makes a file durable: temp name, fsync, rename, dir fsync. */
async function downloadDurableLoop(urls: readonly string[], dir: string, concurrency: number) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < urls.length) {
      const k = next++;
      const res = await fetch(urls[k]);
      if (!res.ok) throw new Error(`Cannot benchmark: HTTP ${res.status} for ${urls[k]}`);
      const tmp = join(dir, `${k}.part`);
      const file = await Deno.open(tmp, { write: true, createNew: true });
      try {
        for await (const chunk of res.body!) {
          for (let off = 0; off < chunk.length;) off += await file.write(chunk.subarray(off));
        }
        await file.sync();
      } finally {
        file.close();
      }
      await Deno.rename(tmp, join(dir, `${k}.jpg`));
      const d = await Deno.open(dir, { read: true });
      try {
        await d.sync();
      } finally {
        d.close();
      }
    }
  }));
}

/**
 * Times `fn` from a clean start: the disk first takes, untimed, what the previous contender left
 * in the page cache. Otherwise one that flushes (ours, with syncfs) would also write out the
 * baseline's files, while one that does not would leave its own to whoever comes next.
 */
async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  await flushAll();
  const t = performance.now();
  await fn();
  const s = (performance.now() - t) / 1000;
  await flushAll();
  return { s, flushedS: (performance.now() - t) / 1000 };
}

/**
 * Seconds until a contender returned, and until its files were on disk (a `sync` after it): ours
 * flushes before it returns, the baselines leave their files in the page cache.
 */
interface Timing {
  s: number;
  flushedS: number;
}

async function flushAll(): Promise<void> {
  await new Deno.Command("sync").output().catch(() => {}); // no `sync` (Windows): as it comes
}

/** The URLs the archiver would fetch for the first `photos` photos of the account. */
async function fileUrls(
  sim: Awaited<ReturnType<typeof startSimulatorProcess>>,
  photos: number,
): Promise<string[]> {
  const client = new FlickrClient({
    origin: sim.origin,
    apiKey: sim.env.FLICKR_API_KEY,
    apiSecret: sim.env.FLICKR_API_SECRET,
    oauthToken: sim.env.FLICKR_OAUTH_TOKEN,
    oauthTokenSecret: sim.env.FLICKR_OAUTH_TOKEN_SECRET,
  });
  const urls: string[] = [];
  for (let page = 1; urls.length < photos * 3; page++) {
    const list = await client.getPhotos({ page });
    for (const p of list.items) {
      if (p.media !== "photo") continue;
      for (const key of ["o", "l", "q"] as const) {
        const u = p.urls[key]?.url;
        if (u) urls.push(u);
      }
    }
    if (page >= list.pages) break;
  }
  return urls.slice(0, photos * 3);
}

/** Runs scenario 4 on a fresh simulator account of `photos` photos. */
export async function downloadScenario(
  opts: { photos: number; runs: number; concurrency?: number; originalBytes?: number },
): Promise<DownloadFigures> {
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const sim = await startSimulatorProcess({
    photos: opts.photos,
    videos: 0,
    favorites: 1,
    originalBytes: opts.originalBytes,
  });
  const root = await Deno.makeTempDir({ prefix: "flickrvault-bench-dl-" });
  try {
    const urls = await fileUrls(sim, opts.photos);
    const curl = await hasCurl();
    const baseline = curl ? downloadCurl : downloadFetchLoop;
    let bytes = 0;
    // Untimed: the simulator makes (and caches) every file on its first request.
    await downloadFetchLoop(urls, await Deno.makeTempDir({ dir: root }), concurrency);
    const runs: DownloadFigures["runs"] = [];
    for (let r = 0; r < opts.runs; r++) {
      const oursDir = await Deno.makeTempDir({ dir: root });
      const baseDir = await Deno.makeTempDir({ dir: root });
      const durableDir = await Deno.makeTempDir({ dir: root });
      const loopDir = await Deno.makeTempDir({ dir: root });
      let oursT: Timing | undefined;
      let baseT: Timing | undefined;
      const durableT = await timed(() => downloadDurableLoop(urls, durableDir, concurrency));
      const loopT = await timed(() => downloadFetchLoop(urls, loopDir, concurrency));
      const ours = async () => {
        oursT = await timed(async () => bytes = await downloadOurs(urls, oursDir, concurrency));
      };
      const base = async () => {
        baseT = await timed(() => baseline(urls, baseDir, concurrency));
      };
      // Alternate which goes first, so neither always meets a warmer cache.
      if (r % 2 === 0) {
        await ours();
        await base();
      } else {
        await base();
        await ours();
      }
      const mbPerS = (seconds: number) => round(bytes / 1e6 / seconds, 1);
      runs.push({
        ours_mb_per_s: mbPerS(oursT!.s),
        baseline_mb_per_s: mbPerS(baseT!.s),
        baseline_flushed_mb_per_s: mbPerS(baseT!.flushedS),
        durable_mb_per_s: mbPerS(durableT.s),
        fetch_loop_mb_per_s: mbPerS(loopT.s),
        fetch_loop_flushed_mb_per_s: mbPerS(loopT.flushedS),
      });
    }
    return {
      original_bytes: opts.originalBytes ?? null,
      files: urls.length,
      bytes,
      concurrency,
      baseline: curl ? "curl --parallel" : "deno fetch loop",
      ours_mb_per_s: median(runs.map((r) => r.ours_mb_per_s)),
      baseline_mb_per_s: median(runs.map((r) => r.baseline_mb_per_s)),
      ratio: round(median(runs.map((r) => r.ours_mb_per_s / r.baseline_mb_per_s)), 2),
      durable_mb_per_s: median(runs.map((r) => r.durable_mb_per_s)),
      ratio_vs_durable: round(median(runs.map((r) => r.ours_mb_per_s / r.durable_mb_per_s)), 2),
      fetch_loop_mb_per_s: median(runs.map((r) => r.fetch_loop_mb_per_s)),
      ratio_vs_fetch_loop: round(
        median(runs.map((r) => r.ours_mb_per_s / r.fetch_loop_mb_per_s)),
        2,
      ),
      baseline_flushed_mb_per_s: median(runs.map((r) => r.baseline_flushed_mb_per_s)),
      ratio_flushed: round(
        median(runs.map((r) => r.ours_mb_per_s / r.baseline_flushed_mb_per_s)),
        2,
      ),
      fetch_loop_flushed_mb_per_s: median(runs.map((r) => r.fetch_loop_flushed_mb_per_s)),
      ratio_vs_fetch_loop_flushed: round(
        median(runs.map((r) => r.ours_mb_per_s / r.fetch_loop_flushed_mb_per_s)),
        2,
      ),
      runs,
    };
  } finally {
    await sim.close();
    removeLater(root);
  }
}
