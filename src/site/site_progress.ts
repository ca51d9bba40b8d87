/**
 * The site's progress: a line as each phase ends, and a status line while it runs with its count
 * and, once under way, the time left.
 *
 * Tested by src/site/site_test.ts and src/site/build_test.ts.
 * @module
 */

/** Where progress goes (the command's terminal). */
export interface ProgressSink {
  line(text: string): void;
  status(text: string): void;
}

/** A phase under way. */
export interface Phase {
  /** Counts `n` more done (shown at most twice a second). */
  tick(n?: number): void;
  /** Says how many were done and in how long. */
  end(): void;
}

/** Starts a phase of `total` things (0 when not known). */
export function phase(progress: ProgressSink | undefined, name: string, total: number): Phase {
  const sink = progress ?? { line() {}, status() {} };
  const t0 = performance.now();
  let done = 0;
  let shownAt = 0;
  return {
    tick(n = 1) {
      done += n;
      const t = performance.now();
      if (t - shownAt < 500) return;
      shownAt = t;
      const rate = done / ((t - t0) / 1000);
      const left = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
      sink.status(
        total > 0
          ? `${name}: ${done.toLocaleString("en")} of ${total.toLocaleString("en")}, ` +
            `about ${Math.ceil(left)} s left`
          : `${name}: ${done.toLocaleString("en")}`,
      );
    },
    end() {
      sink.line(
        `${name}: ${done.toLocaleString("en")} in ${
          ((performance.now() - t0) / 1000).toFixed(1)
        } s`,
      );
    },
  };
}
