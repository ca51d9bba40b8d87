/**
 * `deno task bench`: measures the archiver and the viewer against their targets (not part of the
 * test suite). Prints each figure as it comes, then writes `bench/results.json` and
 * `bench/results.md`. Every process under test runs on its own: the simulator, the archiver, the
 * viewer and the load generator.
 *
 * Scenarios (see docs/performance.md): 1 first archive, 2 its price at 3,600 calls/h, 3 re-runs,
 * 4 downloads vs curl, 5 viewer under load, 6 scale, 7 the price of XMP sidecars (first archives
 * with and without `--no-sidecars`, alternating), 8 the static site (`site`), 9 `import` of
 * Flickr's data export at 10,000 and 100,000 items (or `--items`), 10 pictures made from camera
 * originals beside `vipsthumbnail`.
 *
 * Usage: `deno task bench [--small] [--only 1,4,5] [--runs N] [--out DIR] [--sidecar-items N,M]
 * [--items N,M]`. `--against REV` runs scenario 1, 6 or 8 (`--only`, default 6) by this tree and
 * by revision REV in alternating pairs (`--runs` pairs, default 2) and prints their ratios
 * (`bench/against.ts`, `bench/against_site.ts`). `--items` sets scenario 6's, 8's and 9's sizes.
 * @module
 */
import { V8_FLAGS } from "./v8_flags.ts";
import { parseArgs } from "node:util";
import { join } from "node:path";
import {
  type AccountSpec,
  archiveScenarios,
  firstArchive,
  type FirstArchiveFigures,
} from "./bench/archive_runs.ts";
import { removeDeferred, settleDisk } from "./bench/cleanup.ts";
import {
  type AgainstPoint,
  type AgainstResults,
  checkOutRevision,
  comparePairs,
  describePoint,
  thisRevision,
} from "./bench/against.ts";
import { downloadScenario } from "./bench/downloads.ts";
import { loadAverage } from "./bench/processes.ts";
import { type BenchResults, markdown, type ScalePoint, type SidecarPoint } from "./bench/report.ts";
import { medianOf } from "./bench/stats.ts";
import { viewerScenario } from "./bench/viewer.ts";
import { siteScenario, stepsText } from "./bench/site.ts";
import {
  compareSitePairs,
  describeSitePoint,
  type SiteAgainstPoint,
} from "./bench/against_site.ts";
import { picturesMarkdown, picturesScenario } from "./bench/pictures.ts";
import { importScenario } from "./bench/import.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    small: { type: "boolean", default: false },
    only: { type: "string" },
    runs: { type: "string" },
    out: { type: "string", default: "bench" },
    connections: { type: "string", default: "8" },
    "sidecar-items": { type: "string" },
    items: { type: "string" },
    against: { type: "string" },
  },
});
const small = values.small!;
const against = values.against;
const runs = Number(values.runs ?? (against ? 2 : small ? 1 : 3));
const only = new Set(
  (values.only ?? (against ? "6" : "1,2,3,4,5,6,7,8,9,10")).split(",").map((s) => Number(s.trim())),
);
if (against && [...only].some((k) => k !== 1 && k !== 6 && k !== 8)) {
  console.error("--against compares first archives and sites: use it with --only 1, 6 or 8");
  console.error("hint: deno task bench --against 49a8ef7 --only 6 --items 10000,100000");
  Deno.exit(2);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number of at least 1, not ${values.runs}`);
  Deno.exit(2);
}
const wants = (k: number) => only.has(k);

/** The reference account's shares of items with comments and with faves (tracker issue). */
/**
 * Scenario 4's second pass: photo originals of a camera's size (a 12-24 MP JPEG is 2-6 MB), where
 * the simulator's drawn images are ~20 KB and the cost per file decides.
 */
const CAMERA_ORIGINAL_BYTES = 3_000_000;
const REFERENCE_SHARES = { commentShare: 0.15, faveShare: 0.25 };
/** Items per album at scale: about the reference account's (80 albums for 10,300 own items). */
const ITEMS_PER_ALBUM = 125;

/** The reference account of the tracker issue (and its small variant). */
const account: AccountSpec = small
  ? { photos: 1000, videos: 30, favorites: 200, ...REFERENCE_SHARES, albums: 8 }
  : { photos: 10_000, videos: 300, favorites: 2000, ...REFERENCE_SHARES, albums: 80 };
/** Scale points: items in all (own photos and videos, and favourites); `--items` sets them. */
const scaleSizes = values.items
  ? values.items.split(",").map((x) => Number(x.trim().replaceAll("_", "")))
  : small
  ? [1000, 3000]
  : [1000, 10_000, 100_000];
if (scaleSizes.some((x) => !Number.isInteger(x) || x < 10)) {
  console.error(`--items takes whole numbers of items of at least 10, not ${values.items}`);
  Deno.exit(2);
}

/** An account of `items` items in the reference account's proportions. */
function scaled(items: number): AccountSpec {
  const photos = Math.round(items * 0.813);
  const videos = Math.round(items * 0.024);
  return {
    photos,
    videos,
    favorites: items - photos - videos,
    ...REFERENCE_SHARES,
    albums: Math.max(1, Math.round(items / ITEMS_PER_ALBUM)),
  };
}

function say(text: string) {
  console.log(text);
}

/** Scenario 8's sizes: `--items`, or 100,000 items (10,000 with `--small`). */
const siteSizes = values.items ? scaleSizes : [small ? 10_000 : 100_000];

/**
 * `--against REV`: scenario 1's account, scenario 6's sizes or scenario 8's, in alternating
 * pairs.
 */
async function againstScenario(rev: string): Promise<AgainstResults> {
  const other = await checkOutRevision(rev).catch((e) => {
    console.error(e.message);
    console.error("hint: give a commit, branch or tag of this repository (git log --oneline)");
    Deno.exit(2);
  });
  try {
    const me = await thisRevision();
    say(
      `against ${rev} (${other.commit.slice(0, 10)}, V8 flags "${other.v8Flags}"), this tree ` +
        `${me.commit.slice(0, 10)}${me.dirty ? " with changes not committed" : ""}: ` +
        `${runs} alternating pair(s)`,
    );
    const accounts = [...(wants(1) ? [account] : []), ...(wants(6) ? scaleSizes.map(scaled) : [])];
    const points: AgainstPoint[] = [];
    for (const a of accounts) {
      const point = await comparePairs(
        a,
        other,
        runs,
        async (acc, checkout) => (await firstArchive(acc, { checkout })).figures,
        say,
      );
      points.push(point);
      say(describePoint(rev, point));
    }
    const sitePoints: SiteAgainstPoint[] = [];
    for (const items of wants(8) ? siteSizes : []) {
      const point = await compareSitePairs(
        items,
        other,
        runs,
        (n, checkout) => siteScenario({ items: n, checkout }),
        say,
      );
      sitePoints.push(point);
      say(describeSitePoint(rev, point));
    }
    return {
      rev,
      commit: other.commit,
      this_commit: me.commit,
      this_dirty: me.dirty,
      other_v8_flags: other.v8Flags,
      this_v8_flags: V8_FLAGS,
      points,
      site_points: sitePoints,
    };
  } finally {
    await other.remove();
  }
}

const results: BenchResults = {
  date: new Date().toISOString(),
  machine: {
    cpus: navigator.hardwareConcurrency,
    os: `${Deno.build.os} ${Deno.build.arch}`,
    deno: Deno.version.deno,
    v8_flags: V8_FLAGS,
    load_before: await loadAverage(),
  },
  small,
  runs,
};

// Every scenario writes archives, catalogs or sites: none should pay for removals made before it.
await settleDisk(say);

if (against) {
  results.against = await againstScenario(against);
} else if (wants(1) || wants(2) || wants(3)) {
  results.account = {
    photos: account.photos,
    videos: account.videos,
    favorites: account.favorites,
    comment_share: account.commentShare ?? null,
    fave_share: account.faveShare ?? null,
    albums: account.albums ?? null,
  };
  const firsts: FirstArchiveFigures[] = [];
  for (let r = 0; r < runs; r++) {
    if (r === 0 && wants(3)) {
      const { first, reruns } = await archiveScenarios(account);
      firsts.push(first);
      results.reruns = reruns;
      say(
        `3. re-run unchanged: ${reruns.unchanged.api_calls} calls (bound ${reruns.unchanged_call_bound}), ` +
          `${reruns.unchanged.seconds} s; after 10 comments + 10 faves: ` +
          `${reruns.after_mutations.api_calls} calls, ${reruns.after_mutations.seconds} s`,
      );
    } else {
      firsts.push((await firstArchive(account)).figures);
    }
    const f = firsts.at(-1)!;
    say(
      `1. first archive run ${r + 1}: ${f.items} items, ${f.api_calls} calls ` +
        `(bound ${f.necessary_calls}), ${f.seconds} s, ${f.items_per_s} items/s, ` +
        `${f.mb_per_s} MB/s, peak RSS ${f.peak_rss_mb} MB; last original after ` +
        `${f.originals_done_seconds} s and ${f.originals_done_calls} calls ` +
        `(${f.per_photo_calls_before_originals_done} per-photo); ${f.hours_at_3600} h at 3,600/h`,
    );
  }
  results.first_archive = { ...medianOf(firsts), runs: firsts };
}

/**
 * Scenario 4's rounds: at least 7 (3 with --small). A round takes half a minute, and its ratios
 * swing most on a shared machine (0.35 to 1.05 of curl between rounds of one hour here).
 */
const downloadRounds = Math.max(runs, small ? 3 : 7);

if (wants(4) && !against) {
  results.downloads = await downloadScenario({
    photos: small ? 200 : 1000,
    runs: downloadRounds,
  });
  results.downloads_camera_size = await downloadScenario({
    photos: small ? 20 : 60,
    runs: downloadRounds,
    originalBytes: CAMERA_ORIGINAL_BYTES,
  });
  for (const d of [results.downloads, results.downloads_camera_size]) {
    say(
      `4. downloads: ours ${d.ours_mb_per_s} MB/s, ${d.baseline} ${d.baseline_mb_per_s} MB/s, ` +
        `ratio ${d.ratio}; plain Deno fetch loop ${d.fetch_loop_mb_per_s} MB/s, ratio ` +
        `${d.ratio_vs_fetch_loop}; with a sync after them: ${d.baseline_flushed_mb_per_s} MB/s, ratio ` +
        `${d.ratio_flushed}, and ${d.fetch_loop_flushed_mb_per_s} MB/s, ratio ` +
        `${d.ratio_vs_fetch_loop_flushed}; durable fetch loop ${d.durable_mb_per_s} MB/s, ratio ${d.ratio_vs_durable} ` +
        `(${d.files} files${d.original_bytes ? `, originals of ${d.original_bytes} bytes` : ""})`,
    );
  }
}

if (wants(5) && !against) {
  results.viewer = await viewerScenario({
    items: small ? 10_000 : 100_000,
    runs,
    seconds: small ? 3 : 10,
    connections: Number(values.connections),
  });
  for (const p of results.viewer.pages) {
    say(
      `5. viewer ${p.name}: p50 ${p.p50} / p95 ${p.p95} / p99 ${p.p99} ms, ${p.rps} req/s` +
        (p.non2xx || p.errors ? ` (${p.non2xx} non-2xx, ${p.errors} errors)` : ""),
    );
  }
}

if (wants(6) && !against) {
  const points: ScalePoint[] = [];
  for (const items of scaleSizes) {
    const { figures: f } = await firstArchive(scaled(items));
    points.push({
      items: f.items,
      seconds: f.seconds,
      items_per_s: f.items_per_s,
      peak_rss_mb: f.peak_rss_mb,
      api_calls: f.api_calls,
      cpu_seconds: f.cpu_seconds,
    });
    say(
      `6. scale ${f.items} items: ${f.items_per_s} items/s, peak RSS ${f.peak_rss_mb} MB, ` +
        `${f.seconds} s`,
    );
  }
  results.scale = points;
}

if (wants(7) && !against) {
  const sizes = values["sidecar-items"]
    ? values["sidecar-items"].split(",").map((x) => Number(x.trim()))
    : small
    ? [3000]
    : [10_000, 100_000];
  const points: SidecarPoint[] = [];
  for (const items of sizes) {
    const withs: { s: number; ips: number; phase: number | null; cpu: number }[] = [];
    const withouts: { s: number; ips: number; cpu: number }[] = [];
    // Alternating, so that a machine busy for a while weighs on both alike.
    for (let r = 0; r < runs; r++) {
      const off = (await firstArchive(scaled(items), { args: ["--no-sidecars"] })).figures;
      withouts.push({ s: off.seconds, ips: off.items_per_s, cpu: off.cpu_seconds });
      const on = (await firstArchive(scaled(items))).figures;
      withs.push({
        s: on.seconds,
        ips: on.items_per_s,
        phase: on.sidecars_phase_seconds,
        cpu: on.cpu_seconds,
      });
      say(
        `7. sidecars at ${on.items} items, run ${r + 1}: ${on.items_per_s} items/s with, ` +
          `${off.items_per_s} without; the sidecars phase took ${on.sidecars_phase_seconds} s ` +
          `of ${on.seconds} s; CPU ${on.cpu_seconds} s with, ${off.cpu_seconds} s without`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ipsWith = median(withs.map((w) => w.ips));
    const ipsWithout = median(withouts.map((w) => w.ips));
    const phase = median(withs.map((w) => w.phase ?? 0));
    const secondsWith = median(withs.map((w) => w.s));
    points.push({
      items,
      items_per_s_with: ipsWith,
      items_per_s_without: ipsWithout,
      slowdown_pct: Math.round((1 - ipsWith / ipsWithout) * 1000) / 10,
      phase_seconds: phase,
      phase_share_pct: Math.round((phase / secondsWith) * 1000) / 10,
      cpu_seconds_with: median(withs.map((w) => w.cpu)),
      cpu_seconds_without: median(withouts.map((w) => w.cpu)),
      runs: withs.map((w, k) => ({
        with: { seconds: w.s, items_per_s: w.ips, phase_seconds: w.phase, cpu_seconds: w.cpu },
        without: {
          seconds: withouts[k].s,
          items_per_s: withouts[k].ips,
          cpu_seconds: withouts[k].cpu,
        },
      })),
    });
  }
  results.sidecars = points;
}

if (wants(8) && !against) {
  // Several sizes are printed each; results.json and the table keep the last.
  for (const items of siteSizes) {
    results.site = await siteScenario({ items });
    const s = results.site;
    say(
      `8. site ${s.items} items: ${s.first.seconds} s, peak RSS ${s.first.peak_rss_mb} MB, ` +
        `CPU ${s.first.cpu_seconds} s [${stepsText(s.first.steps)}]; re-run unchanged ` +
        `${s.unchanged.seconds} s, peak RSS ${s.unchanged.peak_rss_mb} MB, CPU ` +
        `${s.unchanged.cpu_seconds} s`,
    );
  }
}

if (wants(9)) {
  results.import = [];
  for (const items of values.items ? scaleSizes : small ? [3000] : [10_000, 100_000]) {
    const p = await importScenario(scaled(items));
    results.import.push(p);
    say(
      `9. import ${p.items} items (${p.media_files} media files, ${p.media_mb} MB): ` +
        `${p.first.seconds} s, ${p.first.items_per_s} items/s, peak RSS ${p.first.peak_rss_mb} MB; ` +
        `again ${p.again.seconds} s, peak RSS ${p.again.peak_rss_mb} MB`,
    );
  }
}
if (wants(10)) {
  results.pictures = await picturesScenario({ photos: small ? 100 : 1000, say });
  const p = results.pictures;
  say(
    `10. pictures from ${p.photos} originals: ours ${p.ours.seconds} s (CPU ${p.ours.cpu_seconds} s, ` +
      `${p.ours.peak_rss_mb} MB), vipsthumbnail ${p.vipsthumbnail.seconds} s (CPU ` +
      `${p.vipsthumbnail.cpu_seconds} s): ratio ${p.wall_ratio} wall, ${p.cpu_ratio} CPU`,
  );
}

await Deno.mkdir(values.out!, { recursive: true });
await Deno.writeTextFile(
  join(values.out!, "results.json"),
  JSON.stringify(results, null, 2) + "\n",
);
const md = markdown(results) + picturesMarkdown(results.pictures);
await Deno.writeTextFile(join(values.out!, "results.md"), md);
say("");
say(md);
// Only now: removing an archive between runs slowed the next run's file creation (cleanup.ts).
await removeDeferred();
