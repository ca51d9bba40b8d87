/**
 * Scenario 8: `flickrvault site` on a large catalog (made by `make_catalog.ts`, as scenario 5):
 * the first run into a fresh folder inside the archive, then a run with nothing changed, each in
 * its own process with the shipped V8 flags, timed with its peak RSS.
 * @module
 */
import { join } from "node:path";
import { makeCatalog } from "./make_catalog.ts";
import { runTracked } from "./processes.ts";
import { round } from "./stats.ts";

/** One run of `site`. */
export interface SiteRunFigures {
  seconds: number;
  peak_rss_mb: number;
  cpu_seconds: number;
  /** The command's summary line. */
  summary: string;
}

/** Figures of scenario 8. */
export interface SiteFigures {
  items: number;
  first: SiteRunFigures;
  unchanged: SiteRunFigures;
  /** Targets: first run under 300 s with peak RSS under 300 MB; no-change re-run under 30 s. */
  target_first_s: number;
  target_rss_mb: number;
  target_unchanged_s: number;
}

async function siteRun(archive: string, site: string): Promise<SiteRunFigures> {
  const r = await runTracked(["site", "--archive", archive, site]);
  if (r.code !== 0) throw new Error(`site failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return {
    seconds: round(r.seconds, 1),
    peak_rss_mb: round(r.peakRssBytes / 1e6),
    cpu_seconds: round(r.cpuSeconds, 1),
    summary: r.stderr.split("\n").find((l) => l.startsWith("Done in")) ?? "",
  };
}

/** Runs scenario 8 for a catalog of `items` items. */
export async function siteScenario(opts: { items: number }): Promise<SiteFigures> {
  const dir = await Deno.makeTempDir({ prefix: "fv_bench_site_" });
  try {
    await makeCatalog(dir, { items: opts.items });
    const site = join(dir, "site");
    const first = await siteRun(dir, site);
    const unchanged = await siteRun(dir, site);
    return {
      items: opts.items,
      first,
      unchanged,
      target_first_s: 300,
      target_rss_mb: 300,
      target_unchanged_s: 30,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
