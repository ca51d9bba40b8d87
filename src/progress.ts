/**
 * Progress for long runs (archive, import, export): a single updating line on a terminal, plain log lines otherwise.
 *
 * Each phase announces its plan ("details: 4,213 calls, about 1 h 10 min at 3,600/h") and the
 * estimate is recomputed from the calls still planned as the phase goes, so it stays honest when
 * retries or skipped items change the picture.
 * @module
 */
import { countOf, formatBytes, formatCount, formatDurationMs } from "./units.ts";

/** Where progress goes. Tests pass a collecting sink; the CLI passes {@link consoleSink}. */
export interface ProgressSink {
  /** A line that stays (phase start and end, warnings). */
  line(text: string): void;
  /** The live status line; replaced by the next call. Ignored where there is no terminal. */
  status(text: string): void;
  /**
   * The same progress as numbers, for a page that shows it (the first-run pages): called at each
   * phase's start and as it advances. Optional: a terminal needs only the words.
   */
  progress?(state: PhaseProgress): void;
}

/** Where a phase stands, as {@link Progress} computes it. */
export interface PhaseProgress {
  phase: string;
  /** Units finished and planned (`unit` in the plural: "items", "files", "pages"). */
  done: number;
  total: number;
  unit: string;
  /** API calls made in this run so far. */
  callsMade: number;
  /** API calls this phase still plans. */
  callsLeft: number;
  /** The budget's calls per hour; 0 when unlimited. */
  callsPerHour: number;
  /** Time the calls left take at that rate (0 when unlimited or none are left). */
  etaMs: number;
  /** Bytes written in this phase. */
  bytes: number;
}

/** Writes to stderr: a rewritten status line on a terminal, only the lasting lines elsewhere. */
export function consoleSink(isTerminal = Deno.stderr.isTerminal()): ProgressSink {
  const enc = new TextEncoder();
  let statusShown = false;
  const clear = () => {
    if (statusShown) Deno.stderr.writeSync(enc.encode("\r\x1b[2K"));
    statusShown = false;
  };
  return {
    line(text) {
      clear();
      Deno.stderr.writeSync(enc.encode(text + "\n"));
    },
    status(text) {
      if (!isTerminal) return;
      const width = Deno.consoleSize?.().columns ?? 100;
      clear();
      Deno.stderr.writeSync(enc.encode(text.slice(0, Math.max(20, width - 1))));
      statusShown = true;
    },
  };
}

/** A sink that keeps everything, for tests. */
export function memorySink(): ProgressSink & { lines: string[]; statuses: string[] } {
  const lines: string[] = [];
  const statuses: string[] = [];
  return { lines, statuses, line: (t) => lines.push(t), status: (t) => statuses.push(t) };
}

/** What the progress needs to know about the API budget. */
export interface BudgetView {
  /** Calls per hour; 0 or Infinity for no limit. */
  readonly callsPerHour: number;
  /** API calls made so far in this run. */
  readonly callsMade: number;
}

/** Tracks one run's phases and renders them. */
export class Progress {
  #phase = "";
  #plannedCalls = 0;
  #doneCalls = 0;
  #done = 0;
  #total = 0;
  #unit = "";
  #bytes = 0;
  #lastRender = 0;

  constructor(readonly sink: ProgressSink, readonly budget: BudgetView) {}

  /** Time the given number of calls takes at the budget's rate (0 when unlimited). */
  estimateMs(calls: number): number {
    const rate = this.budget.callsPerHour;
    if (!rate || !Number.isFinite(rate)) return 0;
    return (calls / rate) * 3_600_000;
  }

  /** Starts a phase with `total` units of work (`unit` in the plural) and `plannedCalls` API calls. */
  phase(name: string, opts: { total: number; unit: string; plannedCalls: number }): void {
    this.#phase = name;
    this.#total = opts.total;
    this.#unit = opts.unit;
    this.#plannedCalls = opts.plannedCalls;
    this.#done = 0;
    this.#doneCalls = 0;
    this.#bytes = 0;
    const plan = opts.plannedCalls > 0
      ? countOf(opts.plannedCalls, "calls") + this.#eta(opts.plannedCalls)
      : "no API calls";
    this.sink.line(`${name}: ${countOf(opts.total, opts.unit)}, ${plan}`);
    this.#report();
  }

  /** Adds planned calls discovered during the phase (e.g. more pages than expected). */
  planMore(calls: number): void {
    this.#plannedCalls += calls;
  }

  /** Records progress: units finished, calls spent, bytes written. */
  advance(units = 1, calls = 0, bytes = 0): void {
    this.#done += units;
    this.#doneCalls += calls;
    this.#bytes += bytes;
    this.#report();
    const now = Date.now();
    if (now - this.#lastRender < 200 && this.#done < this.#total) return;
    this.#lastRender = now;
    const remaining = Math.max(0, this.#plannedCalls - this.#doneCalls);
    const parts = [
      `${this.#phase}: ${formatCount(this.#done)}/${countOf(this.#total, this.#unit)}`,
      `calls ${formatCount(this.budget.callsMade)} made, ${formatCount(remaining)} planned` +
      this.#eta(remaining),
    ];
    if (this.#bytes) parts.push(formatBytes(this.#bytes));
    this.sink.status(parts.join(" · "));
  }

  /** Where the phase stands, as numbers. */
  state(): PhaseProgress {
    const rate = this.budget.callsPerHour;
    const callsLeft = Math.max(0, this.#plannedCalls - this.#doneCalls);
    return {
      phase: this.#phase,
      done: this.#done,
      total: this.#total,
      unit: this.#unit,
      callsMade: this.budget.callsMade,
      callsLeft,
      callsPerHour: rate && Number.isFinite(rate) ? rate : 0,
      etaMs: this.estimateMs(callsLeft),
      bytes: this.#bytes,
    };
  }

  #report(): void {
    this.sink.progress?.(this.state());
  }

  /** A line that stays, e.g. a warning about one item. */
  note(text: string): void {
    this.sink.line(text);
  }

  #eta(calls: number): string {
    const rate = this.budget.callsPerHour;
    if (!rate || !Number.isFinite(rate) || calls === 0) return "";
    return `, about ${formatDurationMs(this.estimateMs(calls))} at ${formatCount(rate)}/h`;
  }
}
