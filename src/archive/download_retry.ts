/**
 * {@link downloadToFile} with retries for what is transient (429 honouring `Retry-After`, 5xx,
 * resets, stalls, truncated bodies), for the phases that fetch a few files of their own: buddy
 * icons and video streams.
 * @module
 */
import {
  DownloadError,
  type DownloadOptions,
  type DownloadResult,
  downloadToFile,
} from "./download.ts";

/** Options of {@link downloadWithRetry}. */
export interface RetryOptions {
  /** Attempts in all (default 4). */
  attempts?: number;
  /** First backoff delay (default 1 s), doubled per attempt. */
  baseDelayMs?: number;
  /** Longest wait between attempts, `Retry-After` included (default 15 min). */
  maxDelayMs?: number;
  /** Ends the waiting between attempts (Ctrl-C); an attempt in flight still finishes. */
  stop?: AbortSignal;
  /** Told of each transient failure that will be retried, for the run's summary. */
  onRetry?: (e: DownloadError) => void;
}

/**
 * Downloads like {@link downloadToFile}, retrying transient failures with exponential backoff.
 * Permanent failures (404, 403, a body of the wrong kind) throw at once. Each attempt requests
 * `url` anew, so a page-style video URL hands out a fresh signed URL every time.
 *
 * @example
 * ```ts
 * await downloadWithRetry({ url, dest: "/archive/avatars/1@N01.jpg", expect: "image" });
 * ```
 */
export async function downloadWithRetry(
  opts: DownloadOptions,
  retry: RetryOptions = {},
): Promise<DownloadResult> {
  const attempts = retry.attempts ?? 4;
  const base = retry.baseDelayMs ?? 1000;
  for (let attempt = 1;; attempt++) {
    try {
      return await downloadToFile(opts);
    } catch (e) {
      if (!(e instanceof DownloadError) || !e.transient || attempt >= attempts) throw e;
      retry.onRetry?.(e);
      const backoff = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      // The CDN answers 429 under load: honour its Retry-After, within reason.
      const delay = Math.min(
        retry.maxDelayMs ?? 15 * 60_000,
        Math.max(backoff, e.retryAfterMs ?? 0),
      );
      await sleep(delay, retry.stop ?? opts.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
