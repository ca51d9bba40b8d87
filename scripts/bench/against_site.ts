/**
 * `deno task bench --against REV --only 8`: scenario 8 (the static site) run by this tree and by
 * another revision in alternating pairs, and the ratio of each figure: the first run's seconds,
 * peak RSS and CPU seconds, and the unchanged re-run's.
 *
 * Each side makes its own catalog of the same size with its own `make_catalog.ts` (see
 * `site.ts`): an older revision may refuse a catalog of a newer schema, and a catalog made by the
 * older maker would lack columns the newer site reads. Both makers draw the same account from the
 * same seed, so the sites hold the same items; what differs is what each revision stores and
 * reads of them, which is part of what is compared.
 * @module
 */
import { type Checkout, runAlternatingPair, type RunPair } from "./processes.ts";
import type { SiteFigures } from "./site.ts";
import { stepsText } from "./site.ts";
import { median, round } from "./stats.ts";

/** What one side of a pair measured. */
export interface SiteSide extends SiteFigures {
  load_before: number | null;
}

/** Scenario 8's figures this / other: of one pair, or the medians at one size. */
export interface SiteRatios {
  /** The first run's seconds (below 1: this tree is faster). */
  ratio_seconds: number;
  /** The first run's peak RSS (below 1: this tree needs less memory). */
  ratio_peak_rss: number;
  /** The first run's CPU seconds. */
  ratio_cpu: number;
  /** The unchanged re-run's seconds, peak RSS and CPU seconds. */
  ratio_unchanged_seconds: number;
  ratio_unchanged_peak_rss: number;
  ratio_unchanged_cpu: number;
}

/** One pair of scenario 8's runs, in the order they ran; ratios are this / other. */
export interface SitePair extends RunPair<SiteSide>, SiteRatios {}

/** The comparison at one size: each pair, and the medians of its ratios and figures. */
export interface SiteAgainstPoint extends SiteRatios {
  items: number;
  pairs: SitePair[];
  this_seconds: number;
  other_seconds: number;
  this_peak_rss_mb: number;
  other_peak_rss_mb: number;
  this_cpu_seconds: number;
  other_cpu_seconds: number;
}

/** Scenario 8 at `items` items by a checkout; `siteScenario` (a parameter for tests). */
export type RunSite = (items: number, checkout: Checkout) => Promise<SiteFigures>;

/**
 * `pairs` alternating pairs of scenario 8 at `items` items, by this tree and by `other` (the
 * other first in odd pairs, this tree first in even ones); `say` gets a line per pair.
 */
export async function compareSitePairs(
  items: number,
  other: Checkout,
  pairs: number,
  run: RunSite,
  say: (line: string) => void,
): Promise<SiteAgainstPoint> {
  const done: SitePair[] = [];
  for (let k = 0; k < pairs; k++) {
    const sides = await runAlternatingPair(k, other, async (checkout, load) => ({
      ...await run(items, checkout),
      load_before: load,
    }));
    const [t, o] = [sides.this, sides.other];
    const ratio = (a: number, b: number) => round(a / b, 3);
    const pair: SitePair = {
      ...sides,
      ratio_seconds: ratio(t.first.seconds, o.first.seconds),
      ratio_peak_rss: ratio(t.first.peak_rss_mb, o.first.peak_rss_mb),
      ratio_cpu: ratio(t.first.cpu_seconds, o.first.cpu_seconds),
      ratio_unchanged_seconds: ratio(t.unchanged.seconds, o.unchanged.seconds),
      ratio_unchanged_peak_rss: ratio(t.unchanged.peak_rss_mb, o.unchanged.peak_rss_mb),
      ratio_unchanged_cpu: ratio(t.unchanged.cpu_seconds, o.unchanged.cpu_seconds),
    };
    done.push(pair);
    say(describeSitePair(items, k + 1, pair));
  }
  const med = (f: (p: SitePair) => number, digits: number) => round(median(done.map(f)), digits);
  return {
    items,
    pairs: done,
    ratio_seconds: med((p) => p.ratio_seconds, 3),
    ratio_peak_rss: med((p) => p.ratio_peak_rss, 3),
    ratio_cpu: med((p) => p.ratio_cpu, 3),
    ratio_unchanged_seconds: med((p) => p.ratio_unchanged_seconds, 3),
    ratio_unchanged_peak_rss: med((p) => p.ratio_unchanged_peak_rss, 3),
    ratio_unchanged_cpu: med((p) => p.ratio_unchanged_cpu, 3),
    this_seconds: med((p) => p.this.first.seconds, 1),
    other_seconds: med((p) => p.other.first.seconds, 1),
    this_peak_rss_mb: med((p) => p.this.first.peak_rss_mb, 1),
    other_peak_rss_mb: med((p) => p.other.first.peak_rss_mb, 1),
    this_cpu_seconds: med((p) => p.this.first.cpu_seconds, 1),
    other_cpu_seconds: med((p) => p.other.first.cpu_seconds, 1),
  };
}

function sideText(name: string, s: SiteSide): string {
  return `${name}: first ${s.first.seconds.toFixed(1)} s, ${s.first.peak_rss_mb} MB, CPU ` +
    `${s.first.cpu_seconds} s [${stepsText(s.first.steps)}]; unchanged ` +
    `${s.unchanged.seconds.toFixed(1)} s, ${s.unchanged.peak_rss_mb} MB, CPU ` +
    `${s.unchanged.cpu_seconds} s; load ${s.load_before ?? "?"}`;
}

/** One line for a pair: both sides in the order they ran, and the ratios. */
export function describeSitePair(items: number, k: number, p: SitePair): string {
  const sides = p.first === "other"
    ? [sideText("other", p.other), sideText("this", p.this)]
    : [sideText("this", p.this), sideText("other", p.other)];
  return `against, site of ${items.toLocaleString("en-US")} items, pair ${k}: ${
    sides.join("; ")
  }; this/other first run seconds ${p.ratio_seconds}, peak RSS ${p.ratio_peak_rss}, CPU ` +
    `${p.ratio_cpu}; unchanged seconds ${p.ratio_unchanged_seconds}, peak RSS ` +
    `${p.ratio_unchanged_peak_rss}, CPU ${p.ratio_unchanged_cpu}`;
}

/** The summary line of one size. */
export function describeSitePoint(rev: string, p: SiteAgainstPoint): string {
  return `against ${rev}, site of ${p.items.toLocaleString("en-US")} items (${p.pairs.length} ` +
    `pairs): first run seconds ×${p.ratio_seconds} (this ${p.this_seconds}, other ` +
    `${p.other_seconds}), peak RSS ×${p.ratio_peak_rss} (this ${p.this_peak_rss_mb} MB, other ` +
    `${p.other_peak_rss_mb} MB), CPU ×${p.ratio_cpu} (this ${p.this_cpu_seconds} s, other ` +
    `${p.other_cpu_seconds} s); unchanged re-run seconds ×${p.ratio_unchanged_seconds}, peak RSS ` +
    `×${p.ratio_unchanged_peak_rss}, CPU ×${p.ratio_unchanged_cpu}`;
}
