/**
 * What a run is waiting on right now: Flickr's answer after a failed call (a retry's backoff, a
 * `Retry-After`) and downloads that receive no data. The run's heartbeat
 * (`heartbeat.ts`) reads it to say what is awaited and until when, rather than staying silent.
 *
 * One board per process: the client's retry events and every download register here.
 *
 * Tested by src/archive/heartbeat_test.ts and src/setup/run_manager_test.ts.
 * @module
 */

/** A retry that waits before asking Flickr again. */
interface RetryWait {
  method: string;
  reason: string;
  attempt: number;
  until: number;
}

/** A download in flight. */
interface DownloadWait {
  /** When the last bytes arrived (or the request was sent). */
  lastData: () => number;
  stallMs: number;
}

/** Registrations of what the process waits on; see the module doc. */
export class WaitBoard {
  #retries = new Set<RetryWait>();
  #downloads = new Set<DownloadWait>();

  /** A retry of `method` waits `delayMs` after failing with `reason` (attempt from 1). */
  retry(method: string, attempt: number, reason: string, delayMs: number, now = Date.now()) {
    this.#prune(now);
    this.#retries.add({ method, reason, attempt, until: now + delayMs });
  }

  #prune(now: number) {
    for (const r of this.#retries) if (r.until <= now) this.#retries.delete(r);
  }

  /** A download in flight; remove it when it ends. */
  download(lastData: () => number, stallMs: number): () => void {
    const wait = { lastData, stallMs };
    this.#downloads.add(wait);
    return () => this.#downloads.delete(wait);
  }

  /**
   * What is awaited, in words: the latest retry wait and the downloads that have had no data for
   * `idleMs` (or a third of their stall timeout, when shorter); undefined when nothing is.
   */
  describe(now = Date.now(), idleMs = 5000): string | undefined {
    const parts: string[] = [];
    this.#prune(now);
    const retries = [...this.#retries].sort((a, b) => b.until - a.until);
    if (retries.length > 0) {
      const r = retries[0];
      parts.push(
        `${shorten(r.reason)}${r.reason.includes(r.method) ? "" : ` (${r.method})`}; ` +
          `trying again at ${clock(r.until)}` +
          ` (attempt ${r.attempt + 1}` +
          (retries.length > 1 ? `, ${retries.length - 1} more calls waiting` : "") + ")",
      );
    }
    const idle = [...this.#downloads].map((d) => ({ idle: now - d.lastData(), stall: d.stallMs }))
      .filter((d) => d.idle >= Math.min(idleMs, d.stall / 3));
    if (idle.length > 0) {
      const longest = idle.reduce((a, b) => a.idle >= b.idle ? a : b);
      parts.push(
        `${idle.length} download${idle.length === 1 ? "" : "s"} without data for up to ` +
          `${seconds(longest.idle)} s (each given up and fetched again by ` +
          `${clock(now - longest.idle + longest.stall)})`,
      );
    }
    return parts.length > 0 ? parts.join("; ") : undefined;
  }
}

/** The process's board. */
export const waitBoard: WaitBoard = new WaitBoard();

/** Seconds as a person reads them: `0.4`, `7.5`, `24`. */
function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

/** `21:09:43`, local time. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

function shorten(reason: string): string {
  const line = reason.split("\n")[0];
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
