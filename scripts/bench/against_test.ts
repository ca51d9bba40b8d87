import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { checkOutRevision, comparePairs } from "./against.ts";
import { peakPhase, phaseSeconds } from "./archive_runs.ts";
import type { FirstArchiveFigures } from "./archive_runs.ts";
import { THIS_CHECKOUT } from "./processes.ts";
import { compareSitePairs } from "./against_site.ts";
import type { SiteFigures } from "./site.ts";

const account = { photos: 90, videos: 2, favorites: 8 };

/** Figures of a made-up run: only what comparePairs reads matters. */
function figures(itemsPerS: number, rss: number, cpu: number): FirstArchiveFigures {
  return {
    items: 100,
    seconds: 100 / itemsPerS,
    items_per_s: itemsPerS,
    peak_rss_mb: rss,
    cpu_seconds: cpu,
    api_calls: 150,
    exit_code: 0,
    sidecars_phase_seconds: 100 / itemsPerS / 20,
    phases: { listing: 1 },
    phases_cpu: { listing: cpu * 0.96, sidecars: cpu * 0.04 },
    peak_rss_phase: "listing",
  } as unknown as FirstArchiveFigures;
}

Deno.test("against: pairs alternate their order, and each ratio is this / other", async () => {
  const other = { root: "/elsewhere", v8Flags: "" };
  const order: string[] = [];
  const lines: string[] = [];
  const point = await comparePairs(account, other, 3, (_account, checkout) => {
    const me = checkout === THIS_CHECKOUT;
    order.push(me ? "this" : "other");
    // This tree is 1.2 times as fast in every pair, with 0.9 of the memory.
    return Promise.resolve(me ? figures(240, 180, 10) : figures(200, 200, 12));
  }, (l) => lines.push(l));
  assertEquals(order, ["other", "this", "this", "other", "other", "this"]);
  assertEquals(point.pairs.map((p) => p.first), ["other", "this", "other"]);
  assertEquals(point.ratio_items_per_s, 1.2);
  assertEquals(point.ratio_peak_rss, 0.9);
  assertEquals(point.ratio_cpu, 0.833);
  assertEquals(point.this_sidecars_share_pct, 5);
  assertEquals(point.this_sidecars_cpu_share_pct, 4);
  assertEquals(lines.length, 3);
  // Each side says where its peak was reached.
  assertEquals(lines[0].includes("other 0.5 s, 200 items/s, 200 MB (in listing), CPU 12 s"), true);
});

/** A made-up scenario 8: the first run `s` seconds, `rss` MB, `cpu` CPU s; a tenth of each unchanged. */
function site(s: number, rss: number, cpu: number): SiteFigures {
  const run = (k: number) => ({
    seconds: s * k,
    peak_rss_mb: rss * k,
    cpu_seconds: cpu * k,
    summary: "",
    steps: [{
      name: "photo and video pages",
      at_seconds: s * k,
      cpu_seconds: cpu,
      peak_rss_mb: rss,
    }],
  });
  return {
    items: 1000,
    first: run(1),
    unchanged: run(0.1),
    target_first_s: 300,
    target_rss_mb: 300,
    target_unchanged_s: 30,
  };
}

Deno.test("against, site: pairs alternate, each side makes its own catalog size, ratios this / other", async () => {
  const other = { root: "/elsewhere", v8Flags: "" };
  const calls: string[] = [];
  const lines: string[] = [];
  const point = await compareSitePairs(1000, other, 3, (items, checkout) => {
    const me = checkout === THIS_CHECKOUT;
    calls.push(`${me ? "this" : "other"} ${items}`);
    // This tree takes 0.8 of the time and 1.25 of the memory in every pair.
    return Promise.resolve(me ? site(80, 250, 60) : site(100, 200, 75));
  }, (l) => lines.push(l));
  assertEquals(calls, [
    "other 1000",
    "this 1000",
    "this 1000",
    "other 1000",
    "other 1000",
    "this 1000",
  ]);
  assertEquals(point.pairs.map((p) => p.first), ["other", "this", "other"]);
  assertEquals(point.ratio_seconds, 0.8);
  assertEquals(point.ratio_peak_rss, 1.25);
  assertEquals(point.ratio_cpu, 0.8);
  assertEquals(point.ratio_unchanged_seconds, 0.8);
  assertEquals([point.this_peak_rss_mb, point.other_peak_rss_mb], [250, 200]);
  assertEquals(lines.length, 3);
  assertEquals(lines[0].includes("photo and video pages at 100.0 s (CPU 75.0) 200 MB"), true);
});

Deno.test("against: each phase lasts until the next one's first line", () => {
  const starts = new Map([["listing", 0.5], ["originals", 2], ["details", 5.25], ["sidecars", 9]]);
  assertEquals(phaseSeconds(starts, 10), {
    listing: 1.5,
    originals: 3.25,
    details: 3.75,
    sidecars: 1,
  });
});

Deno.test("against: the peak RSS is placed in the last phase that began below it", () => {
  const starts: [string, number][] = [["listing", 80e6], ["originals", 200e6], ["details", 200e6]];
  // Reached during the listing: every later phase began at it.
  assertEquals(peakPhase(starts, 200e6), "listing");
  // Raised again later, in the details phase.
  assertEquals(peakPhase(starts, 224.5e6), "details");
  assertEquals(peakPhase([], 100e6), "start");
});

Deno.test("against: a revision that names no commit is refused in one line", async () => {
  await assertRejects(
    () => checkOutRevision("no-such-revision-here"),
    "Cannot benchmark against no-such-revision-here: no such commit",
  );
});
