/**
 * Scenario 8: `flickrvault site` on a large catalog (made by `make_catalog.ts`, as scenario 5):
 * the first run into a fresh folder inside the archive, then a run with nothing changed, each in
 * its own process with the shipped V8 flags, timed with its peak RSS and, at the end of each step
 * of the build (its progress lines), the peak so far.
 *
 * The catalog is made by the checkout that runs the site (its own `make_catalog.ts`, in a process
 * of its own): an older revision may not open a catalog of a newer schema, and each revision's
 * maker fills the columns its own site reads (`--against`, see `against_site.ts`).
 * @module
 */
import { join } from "node:path";
import { type Checkout, runTracked, THIS_CHECKOUT } from "./processes.ts";
import { round } from "./stats.ts";

/** Where one step of a run ended (its progress line, "photo and video pages: 100,000 in 92.1 s"). */
export interface SiteStepFigures {
  /** The step's name, as its progress line gives it. */
  name: string;
  /** Seconds since the process started. */
  at_seconds: number;
  /** The process's CPU seconds then. */
  cpu_seconds: number;
  /** The peak RSS so far (MB): where it grows, this step raised it. */
  peak_rss_mb: number;
}

/** One run of `site`. */
export interface SiteRunFigures {
  seconds: number;
  peak_rss_mb: number;
  cpu_seconds: number;
  /** The command's summary line. */
  summary: string;
  /** Each step's end, in order (absent in results of earlier versions). */
  steps?: SiteStepFigures[];
}

/** Figures of scenario 8. */
export interface SiteFigures {
  items: number;
  /** Seconds to make the catalog (not part of any figure below). */
  catalog_seconds?: number;
  first: SiteRunFigures;
  unchanged: SiteRunFigures;
  /** Targets: first run under 300 s with peak RSS under 300 MB; no-change re-run under 30 s. */
  target_first_s: number;
  target_rss_mb: number;
  target_unchanged_s: number;
}

/** A step's progress line: "tag pages: 3,012 in 4.2 s". */
const STEP_LINE = /^(.+): [\d,]+ in [\d.]+ s$/;

async function siteRun(archive: string, site: string, checkout: Checkout): Promise<SiteRunFigures> {
  const steps: SiteStepFigures[] = [];
  const started = performance.now();
  const r = await runTracked(["site", "--archive", archive, site], {
    checkout,
    async onLine(line, usageNow) {
      const name = STEP_LINE.exec(line)?.[1];
      if (name === undefined) return;
      const at = performance.now();
      const usage = await usageNow();
      steps.push({
        name,
        at_seconds: round((at - started) / 1000, 1),
        cpu_seconds: round(usage.cpuSeconds, 1),
        peak_rss_mb: round(usage.peakBytes / 1e6),
      });
    },
  });
  if (r.code !== 0) throw new Error(`site failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return {
    seconds: round(r.seconds, 1),
    peak_rss_mb: round(r.peakRssBytes / 1e6),
    cpu_seconds: round(r.cpuSeconds, 1),
    summary: r.stderr.split("\n").find((l) => l.startsWith("Done in")) ?? "",
    steps,
  };
}

/**
 * Makes a catalog of `items` items in `dir` with `checkout`'s own `make_catalog.ts`, in a process
 * of its own; answers the seconds it took.
 */
export async function makeCatalogBy(
  checkout: Checkout,
  dir: string,
  items: number,
): Promise<number> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      join(checkout.root, "scripts", "bench", "make_catalog.ts"),
      dir,
      "--items",
      String(items),
    ],
    cwd: checkout.root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).slice(-2000);
    throw new Error(`Cannot make the benchmark's catalog in ${checkout.root}: ${err}`);
  }
  return round((performance.now() - started) / 1000, 1);
}

/**
 * Runs scenario 8 for a catalog of `items` items, by this tree or by `checkout` (another
 * revision's, `--against`).
 */
export async function siteScenario(
  opts: { items: number; checkout?: Checkout },
): Promise<SiteFigures> {
  const checkout = opts.checkout ?? THIS_CHECKOUT;
  const dir = await Deno.makeTempDir({ prefix: "fv_bench_site_" });
  try {
    const catalogSeconds = await makeCatalogBy(checkout, dir, opts.items);
    const site = join(dir, "site");
    const first = await siteRun(dir, site, checkout);
    const unchanged = await siteRun(dir, site, checkout);
    return {
      items: opts.items,
      catalog_seconds: catalogSeconds,
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

/** "stream 10.2 s (CPU 8.1) 180 MB, photo and video pages …": each step's end. */
export function stepsText(steps: SiteStepFigures[] | undefined): string {
  return (steps ?? []).map((s) =>
    `${s.name} at ${s.at_seconds.toFixed(1)} s (CPU ${
      s.cpu_seconds.toFixed(1)
    }) ${s.peak_rss_mb} MB`
  ).join(", ");
}
