/**
 * The benchmark's results as one JSON object and as a markdown table a person reads, each figure
 * beside its target and whether it met it.
 * @module
 */
import type { FirstArchiveFigures, RerunFigures } from "./archive_runs.ts";
import type { DownloadFigures } from "./downloads.ts";
import type { ViewerFigures } from "./viewer.ts";
import type { PictureFigures } from "./pictures.ts";
import type { SiteFigures } from "./site.ts";
import type { AgainstResults } from "./against.ts";
import { type ImportFigures, importRows } from "./import.ts";

/** The price of the sidecars at one size (scenario 7): medians of alternating runs. */
export interface SidecarPoint {
  items: number;
  items_per_s_with: number;
  items_per_s_without: number;
  /** How much slower the run with sidecars was, in items/s (noise included; may be negative). */
  slowdown_pct: number;
  /** The sidecars phase alone (its first line to the end of the run). */
  phase_seconds: number;
  phase_share_pct: number;
  /** CPU time of the archiver's process (user + system), a steadier measure on a busy machine. */
  cpu_seconds_with: number;
  cpu_seconds_without: number;
  /** Each pair of runs. */
  runs: {
    with: {
      seconds: number;
      items_per_s: number;
      phase_seconds: number | null;
      cpu_seconds: number;
    };
    without: { seconds: number; items_per_s: number; cpu_seconds: number };
  }[];
}

/** One scale point (scenario 6). */
export interface ScalePoint {
  items: number;
  seconds: number;
  items_per_s: number;
  peak_rss_mb: number;
  api_calls: number;
  cpu_seconds: number;
}

/** Everything one `deno task bench` measured. */
export interface BenchResults {
  date: string;
  machine: {
    cpus: number;
    os: string;
    deno: string;
    /** The V8 flags the archiver and the viewer ran with (those flickrvault ships with). */
    v8_flags: string;
    load_before: number | null;
  };
  small: boolean;
  runs: number;
  account?: {
    photos: number;
    videos: number;
    favorites: number;
    /** Shares of items with comments and with faves, and albums, as the simulator was asked. */
    comment_share: number | null;
    fave_share: number | null;
    albums: number | null;
  };
  first_archive?: FirstArchiveFigures & { runs: FirstArchiveFigures[] };
  reruns?: RerunFigures;
  downloads?: DownloadFigures;
  /** Scenario 4 again with originals of a camera's size. */
  downloads_camera_size?: DownloadFigures;
  viewer?: ViewerFigures;
  scale?: ScalePoint[];
  sidecars?: SidecarPoint[];
  /** Scenario 8: the static site. */
  site?: SiteFigures;
  /** Scenario 10: pictures made from camera originals, beside vipsthumbnail. */
  pictures?: PictureFigures;
  /** `--against REV`: first archives by this tree and by REV, in alternating pairs. */
  against?: AgainstResults;
  /** Scenario 9: `import` of Flickr's data export, at each size. */
  import?: ImportFigures[];
}

/** Target bounds, as the tracker issue states them. */
export const TARGETS = {
  rssMbAt100k: 250,
  itemsPerS: 300,
  downloadRatio: 0.8,
  gridP95: 50,
  searchP95: 100,
};

function n(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return v.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function met(ok: boolean | null): string {
  return ok === null ? "" : ok ? "met" : "**missed**";
}

/** ", 15 % with comments, 25 % with faves, 80 albums" where the simulator was asked for them. */
function shares(a: NonNullable<BenchResults["account"]>): string {
  const parts: string[] = [];
  if (a.comment_share !== null) parts.push(`${n(a.comment_share * 100)} % with comments`);
  if (a.fave_share !== null) parts.push(`${n(a.fave_share * 100)} % with faves`);
  if (a.albums !== null) parts.push(`${n(a.albums)} albums`);
  return parts.map((p) => `, ${p}`).join("");
}

/** `--against`'s table: each pair's runs, and the medians of its ratios per size. */
function againstTable(a: AgainstResults): string[] {
  if (!a.points.length) return siteAgainstTable(a);
  const out = [
    `This tree (${a.this_commit.slice(0, 10)}${
      a.this_dirty ? " with changes not committed" : ""
    }) ` +
    `against ${a.rev} (${a.commit.slice(0, 10)}), first archives in alternating pairs; ` +
    `ratios are this / ${a.rev}.`,
    "",
    "| items | pair | first | this: s, items/s, MB | other: s, items/s, MB | items/s | peak RSS | CPU | load |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const p of a.points) {
    p.pairs.forEach((q, k) => {
      out.push(
        `| ${n(p.items)} | ${k + 1} | ${q.first} | ${n(q.this.seconds, 1)}, ${
          n(q.this.items_per_s, 1)
        }, ${n(q.this.peak_rss_mb)} | ${n(q.other.seconds, 1)}, ${n(q.other.items_per_s, 1)}, ${
          n(q.other.peak_rss_mb)
        } | ×${n(q.ratio_items_per_s, 3)} | ×${n(q.ratio_peak_rss, 3)} | ×${n(q.ratio_cpu, 3)} | ${
          n(q.this.load_before, 1)
        }, ${n(q.other.load_before, 1)} |`,
      );
    });
    out.push(
      `| ${n(p.items)} | median | | ${n(p.this_items_per_s, 1)} items/s, ${
        n(p.this_peak_rss_mb)
      } MB | ${n(p.other_items_per_s, 1)} items/s, ${n(p.other_peak_rss_mb)} MB | ×${
        n(p.ratio_items_per_s, 3)
      } | ×${n(p.ratio_peak_rss, 3)} | ×${n(p.ratio_cpu, 3)} | |`,
    );
  }
  out.push("");
  out.push(...siteAgainstTable(a));
  return out;
}

/** `--against --only 8`'s table: each pair's sites, and the medians of its ratios per size. */
function siteAgainstTable(a: AgainstResults): string[] {
  if (!a.site_points?.length) return [];
  const out = [
    `Static sites (scenario 8) by this tree and by ${a.rev}, in alternating pairs, each side's ` +
    `catalog made by its own make_catalog.ts; ratios are this / ${a.rev}.`,
    "",
    "| items | pair | first | this: s, MB, CPU s | other: s, MB, CPU s | s | peak RSS | CPU | unchanged: this s, MB; other s, MB | unchanged s | load |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const run = (r: { seconds: number; peak_rss_mb: number; cpu_seconds: number }) =>
    `${n(r.seconds, 1)}, ${n(r.peak_rss_mb)}, ${n(r.cpu_seconds, 1)}`;
  for (const p of a.site_points ?? []) {
    p.pairs.forEach((q, k) => {
      out.push(
        `| ${n(p.items)} | ${k + 1} | ${q.first} | ${run(q.this.first)} | ${
          run(q.other.first)
        } | ` +
          `×${n(q.ratio_seconds, 3)} | ×${n(q.ratio_peak_rss, 3)} | ×${n(q.ratio_cpu, 3)} | ` +
          `${n(q.this.unchanged.seconds, 1)}, ${n(q.this.unchanged.peak_rss_mb)}; ` +
          `${n(q.other.unchanged.seconds, 1)}, ${n(q.other.unchanged.peak_rss_mb)} | ` +
          `×${n(q.ratio_unchanged_seconds, 3)} | ${n(q.this.load_before, 1)}, ${
            n(q.other.load_before, 1)
          } |`,
      );
    });
    out.push(
      `| ${n(p.items)} | median | | ${n(p.this_seconds, 1)}, ${n(p.this_peak_rss_mb)}, ${
        n(p.this_cpu_seconds, 1)
      } | ${n(p.other_seconds, 1)}, ${n(p.other_peak_rss_mb)}, ${n(p.other_cpu_seconds, 1)} | ×${
        n(p.ratio_seconds, 3)
      } | ×${n(p.ratio_peak_rss, 3)} | ×${n(p.ratio_cpu, 3)} | | ×${
        n(p.ratio_unchanged_seconds, 3)
      } | |`,
    );
  }
  out.push("");
  return out;
}

/** The markdown report. */
export function markdown(r: BenchResults): string {
  const out: string[] = [
    `# flickrvault benchmark${r.small ? " (small)" : ""}`,
    "",
    `${r.date} · ${r.machine.cpus} cores · ${r.machine.os} · Deno ${r.machine.deno} ` +
    `(\`--v8-flags=${r.machine.v8_flags}\`) · ` +
    `load average before: ${n(r.machine.load_before, 1)} · medians of ${r.runs} run(s)`,
    "",
  ];
  const rows: [string, string, string, string][] = [];
  const f = r.first_archive;
  if (f && r.account) {
    const a = r.account;
    rows.push([
      `1. First archive (${n(a.photos)} photos, ${n(a.videos)} videos, ${
        n(a.favorites)
      } favourites = ${n(f.items)} items${shares(a)})`,
      `${n(f.api_calls)} calls (${n(f.calls_per_item, 2)}/item); bound ${n(f.necessary_calls)}`,
      `≤ ${n(f.necessary_calls)}`,
      met(f.api_calls <= f.necessary_calls),
    ]);
    rows.push([
      "   items per second",
      n(f.items_per_s, 1),
      `≥ ${TARGETS.itemsPerS}`,
      met(
        f.items_per_s >= TARGETS.itemsPerS,
      ),
    ]);
    rows.push(["   bytes per second", `${n(f.mb_per_s, 1)} MB/s (${n(f.bytes / 1e6)} MB)`, "", ""]);
    rows.push(["   peak RSS", `${n(f.peak_rss_mb)} MB`, "", ""]);
    rows.push([
      "   last original on disk",
      `${n(f.originals_done_seconds, 1)} s, after ${n(f.originals_done_calls)} calls`,
      "0 per-photo calls before",
      met(f.per_photo_calls_before_originals_done === 0),
    ]);
    rows.push([
      "2. Same calls at 3,600/h",
      `${n(f.hours_at_3600, 2)} h (originals safe after ${
        n((f.originals_done_calls ?? 0) / 60, 1)
      } min)`,
      "",
      "",
    ]);
  }
  const rr = r.reruns;
  if (rr) {
    rows.push([
      "3. Re-run, nothing changed",
      `${n(rr.unchanged.api_calls)} calls, ${n(rr.unchanged.seconds, 1)} s`,
      `≤ ${n(rr.unchanged_call_bound)} calls`,
      met(rr.unchanged.api_calls <= rr.unchanged_call_bound),
    ]);
    rows.push([
      "   Re-run after 10 comments + 10 faves",
      `${n(rr.after_mutations.api_calls)} calls, ${n(rr.after_mutations.seconds, 1)} s`,
      "",
      "",
    ]);
  }
  const downloads = [r.downloads, r.downloads_camera_size].filter((d) => d !== undefined);
  for (const d of downloads) {
    const what = d.original_bytes === null
      ? "4. Downloads"
      : `4. Downloads, originals of ${n(d.original_bytes / 1e6, 1)} MB`;
    rows.push([
      `${what} (${n(d.files)} files, ${n(d.bytes / 1e6)} MB, ${d.concurrency} at a time)`,
      `${n(d.ours_mb_per_s, 1)} MB/s vs ${d.baseline} ${n(d.baseline_mb_per_s, 1)} MB/s: ratio ${
        n(d.ratio, 2)
      }`,
      `≥ ${TARGETS.downloadRatio}`,
      met(d.ratio >= TARGETS.downloadRatio),
    ]);
    /** A row against another contender; `target` when the ratio applies to it. */
    const versus = (label: string, mbPerS: number, ratio: number, target = true) =>
      rows.push([
        `   vs ${label}`,
        `${n(mbPerS, 1)} MB/s: ratio ${n(ratio, 2)}`,
        target ? `≥ ${TARGETS.downloadRatio}` : "",
        target ? met(ratio >= TARGETS.downloadRatio) : "",
      ]);
    versus(
      "a plain Deno fetch loop (fetch, write; no checks, no fsync)",
      d.fetch_loop_mb_per_s,
      d.ratio_vs_fetch_loop,
    );
    versus(
      `${d.baseline}, then sync (its files on disk, as ours are when it returns)`,
      d.baseline_flushed_mb_per_s,
      d.ratio_flushed,
    );
    versus(
      "the plain Deno fetch loop, then sync",
      d.fetch_loop_flushed_mb_per_s,
      d.ratio_vs_fetch_loop_flushed,
    );
    versus(
      "a naive durable loop (fsync, rename, directory fsync per file)",
      d.durable_mb_per_s,
      d.ratio_vs_durable,
      false,
    );
  }
  const v = r.viewer;
  if (v) {
    for (const p of v.pages) {
      rows.push([
        `5. Viewer at ${n(v.items)} items: ${p.name}`,
        `p50 ${n(p.p50, 1)} / p95 ${n(p.p95, 1)} / p99 ${n(p.p99, 1)} ms, ${n(p.rps)} req/s`,
        `p95 < ${p.target_p95_ms} ms`,
        met(p.p95 < p.target_p95_ms && p.non2xx === 0 && p.errors === 0),
      ]);
    }
  }
  for (const s of r.scale ?? []) {
    rows.push([
      `6. Scale: ${n(s.items)} items`,
      `${n(s.items_per_s, 1)} items/s, peak RSS ${n(s.peak_rss_mb)} MB, ${n(s.seconds, 1)} s`,
      s.items >= 100_000 ? `< ${TARGETS.rssMbAt100k} MB, ≥ ${TARGETS.itemsPerS}/s` : "",
      s.items >= 100_000
        ? met(s.peak_rss_mb < TARGETS.rssMbAt100k && s.items_per_s >= TARGETS.itemsPerS)
        : "",
    ]);
  }
  for (const p of r.sidecars ?? []) {
    rows.push([
      `7. Sidecars: ${n(p.items)} items`,
      `${n(p.items_per_s_with, 1)} items/s with, ${n(p.items_per_s_without, 1)} without ` +
      `(${n(p.slowdown_pct, 1)} % slower); the phase ${n(p.phase_seconds, 1)} s, ` +
      `${n(p.phase_share_pct, 1)} % of the run; CPU ${n(p.cpu_seconds_with, 1)} s with, ` +
      `${n(p.cpu_seconds_without, 1)} s without`,
      "≤ 10 % of items/s",
      met(p.phase_share_pct <= 10 && p.slowdown_pct <= 10),
    ]);
  }
  const st = r.site;
  if (st) {
    // The targets are for 100,000 items; a smaller catalog is only a quick look.
    const full = st.items >= 100_000;
    rows.push([
      `8. Static site: ${n(st.items)} items`,
      `${n(st.first.seconds, 1)} s, peak RSS ${n(st.first.peak_rss_mb)} MB`,
      full ? `< ${st.target_first_s} s, < ${st.target_rss_mb} MB` : "",
      full
        ? met(st.first.seconds < st.target_first_s && st.first.peak_rss_mb < st.target_rss_mb)
        : "",
    ]);
    rows.push([
      "   re-run, nothing changed",
      `${n(st.unchanged.seconds, 1)} s, peak RSS ${n(st.unchanged.peak_rss_mb)} MB`,
      full ? `< ${st.target_unchanged_s} s` : "",
      full ? met(st.unchanged.seconds < st.target_unchanged_s) : "",
    ]);
  }
  if (r.import) rows.push(...importRows(r.import, n, met));
  if (r.against) out.push(...againstTable(r.against));
  if (rows.length) {
    out.push("| scenario | measured | target | |", "|---|---|---|---|");
    for (const row of rows) out.push(`| ${row.join(" | ")} |`);
  }
  if (v) {
    out.push(
      "",
      `Viewer: ${v.connections} concurrent connections, ${v.seconds_per_run} s per run; ` +
        `server peak RSS ${n(v.server_peak_rss_mb)} MB; catalog made in ${n(v.catalog_seconds)} s.`,
    );
  }
  const problems = [
    ["first archive", f?.problem],
    ["re-run, nothing changed", rr?.unchanged.problem],
    ["re-run after mutations", rr?.after_mutations.problem],
  ].filter(([, p]) => p);
  for (const [what, p] of problems) {
    out.push("", `The ${what} did not exit with 0; it ended with:`, "", "```", p!, "```");
  }
  if (f) {
    out.push("", "Calls of the first archive by method (measured / bound):", "");
    for (const [m, c] of Object.entries(f.by_method).sort((a, b) => b[1] - a[1])) {
      out.push(`- ${m}: ${n(c)} / ${n(f.necessary_by_method[m])}`);
    }
  }
  return out.join("\n") + "\n";
}
