/**
 * Stopping a long command the way a person or a service manager asks: Ctrl-C (SIGINT), `kill`,
 * systemd and Docker (SIGTERM), a closed terminal (SIGHUP). Each stops the run as Ctrl-C does:
 * the command is asked to stop (its abort signal), finishes or abandons the writes in flight, and
 * says how to resume; the exit code is 128 + the signal's number (130, 143, 129).
 *
 * A command that has not stopped within the grace period (a download that does not end, a
 * command with no graceful path), or a second signal, stops it at once: the runs it had open are
 * recorded as interrupted (within a second), the archive lock is released, the resume line is
 * printed. That is safe because files appear only complete and each catalog write is a
 * transaction: an abandoned one is rolled back, and the next run removes unfinished temp files.
 * @module
 */
import { releaseHeldLocks } from "../catalog/lock.ts";
import { interruptOpenRuns } from "../catalog/writes_runs.ts";

const NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The signals that stop a run (Windows has only Ctrl-C). */
export const STOP_SIGNALS: readonly Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT"]
  : ["SIGINT", "SIGTERM", "SIGHUP"];

/** Options of {@link listenForStop}. */
export interface StopOptions {
  /** What to print so that the person can resume: "run 'flickrvault archive' again to …". */
  resume: string;
  /**
   * How long the command may take to stop by itself before it is stopped at once (default
   * 3,500 ms: a stop is promised within 5 s). 0: at once (the command has no graceful path).
   */
  graceMs?: number;
  /** Where lines go (default stderr). */
  print?: (line: string) => void;
}

/** A listening stop handler; dispose of it when the command returns. */
export interface StopHandle {
  /** Aborts when a stop signal arrives; hand it to the command. */
  readonly signal: AbortSignal;
  /** The signal that stopped the run, if any. */
  readonly stoppedBy: Deno.Signal | undefined;
  /** 128 + the stopping signal's number, or undefined when no signal came. */
  readonly exitCode: number | undefined;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** The exit code for a run stopped by `signal`: 128 + its number. */
export function exitCodeFor(signal: Deno.Signal): number {
  return 128 + (NUMBERS[signal] ?? 2);
}

/**
 * Listens for SIGINT, SIGTERM and SIGHUP until disposed.
 *
 * @example
 * ```ts
 * using stop = listenForStop({ resume: "run 'flickrvault archive' again to continue" });
 * const summary = await runArchive({ ...opts, signal: stop.signal });
 * if (stop.exitCode !== undefined) return stop.exitCode;
 * ```
 */
export function listenForStop(opts: StopOptions): StopHandle {
  const print = opts.print ?? ((line: string) => console.error(line));
  const graceMs = opts.graceMs ?? 3500;
  const controller = new AbortController();
  let stoppedBy: Deno.Signal | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let forcing = false;

  const force = async (signal: Deno.Signal) => {
    if (forcing) return;
    forcing = true;
    const bounded = <T>(p: Promise<T>, ms: number) =>
      Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, ms))]);
    await bounded(interruptOpenRuns(), 1000);
    releaseHeldLocks();
    print(`Stopped (${signal}): ${opts.resume}`);
    Deno.exit(exitCodeFor(signal));
  };
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (stoppedBy !== undefined || graceMs === 0) {
        stoppedBy ??= signal;
        void force(stoppedBy);
        return;
      }
      stoppedBy = signal;
      const again = signal === "SIGINT" ? "Ctrl-C again" : "again";
      print(`Stopping (${signal}): finishing the writes in flight (${again} to stop at once)…`);
      controller.abort(new DOMException(`Stopped by ${signal}`, "AbortError"));
      timer = setTimeout(() => void force(signal), graceMs);
    };
    Deno.addSignalListener(signal, handler);
    return { signal, handler };
  });
  const dispose = () => {
    clearTimeout(timer);
    for (const { signal, handler } of handlers.splice(0)) {
      Deno.removeSignalListener(signal, handler);
    }
  };
  return {
    signal: controller.signal,
    get stoppedBy() {
      return stoppedBy;
    },
    get exitCode() {
      return stoppedBy === undefined ? undefined : exitCodeFor(stoppedBy);
    },
    dispose,
    [Symbol.dispose]: dispose,
  };
}
