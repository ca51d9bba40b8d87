/**
 * Abort signals that follow a long-lived parent (a run's Ctrl-C signal) without being kept alive
 * by it. `AbortSignal.any([parent, ...])` registers every request's signal with the parent for
 * the parent's whole life: over an archive run of 100,000 items that is hundreds of thousands of
 * signals held in memory. A child made here unhooks itself when disposed.
 * @module
 */

/** An AbortController that aborts when its parent does, until {@link LinkedAbort.dispose}. */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Stops following the parent and clears the timeout, if any. Safe to call twice. */
  dispose(): void;
}

/**
 * A controller following `parent`, and aborting with a `TimeoutError` after `timeoutMs` if given.
 *
 * @example
 * ```ts
 * const req = linkedAbort(runSignal, 60_000);
 * try {
 *   await fetch(url, { signal: req.signal });
 * } finally {
 *   req.dispose();
 * }
 * ```
 */
export function linkedAbort(parent?: AbortSignal, timeoutMs?: number): LinkedAbort {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  if (timeoutMs !== undefined && !controller.signal.aborted) {
    timer = setTimeout(
      () => controller.abort(new DOMException("The request timed out", "TimeoutError")),
      timeoutMs,
    );
  }
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
