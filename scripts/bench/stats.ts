/**
 * Small statistics for the benchmarks: medians of repeated runs and latency percentiles.
 * @module
 */

/**
 * The `p`-th percentile (0–100) of `values` by the nearest-rank method; NaN when empty.
 *
 * @example
 * ```ts
 * percentile([5, 1, 3, 2, 4], 50); // 3
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * For each numeric key of the runs, the median over the runs; other keys come from the first run.
 *
 * @example
 * ```ts
 * medianOf([{ s: 3, name: "a" }, { s: 1, name: "b" }, { s: 2, name: "c" }]); // { s: 2, name: "a" }
 * ```
 */
export function medianOf<T extends object>(runs: readonly T[]): T {
  if (runs.length === 0) throw new Error("Cannot take a median of no runs");
  const out: Record<string, unknown> = { ...runs[0] as Record<string, unknown> };
  for (const [key, value] of Object.entries(runs[0])) {
    if (typeof value === "number") {
      out[key] = median(runs.map((r) => (r as Record<string, unknown>)[key] as number));
    }
  }
  return out as T;
}

/** Rounds to `digits` decimals (for tables and JSON that people read). */
export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
