/**
 * The runs a browser starts (import, archive, site, export), one at a time in this process, each
 * on the same code path as its command: a {@link RunTask} calls the pipeline the command calls,
 * with a progress sink that keeps what a page shows (the lasting lines, the live status, the
 * phase's numbers) instead of writing to a terminal.
 *
 * Pause is the clean stop Ctrl-C gives a command: the run's abort signal fires, the pipeline
 * finishes the writes in flight and records the run as interrupted; Resume is a new run, which
 * picks up from what the catalog recorded. A run of another process (a command in a terminal)
 * is kept out by the archive's lock, which each pipeline takes itself.
 *
 * @example
 * ```ts
 * const runs = new RunManager({ describe: (e) => ({ message: String(e) }) });
 * runs.start({ kind: "archive", title: "Archiving", pausable: true, run: ({ sink, signal }) => ... });
 * runs.pause();
 * await runs.settled();
 * console.log(runs.latest()?.state); // "interrupted"
 * ```
 * @module
 */
import type { PhaseProgress, ProgressSink } from "../progress.ts";
import { type WaitBoard, waitBoard } from "../archive/awaiting.ts";

/** What a browser can start. */
export type RunKind = "import" | "archive" | "site" | "export";

/** How a run that returned ended. */
export interface RunOutcome {
  /** `attention`: finished, but `attention` lists what to look at; `interrupted`: paused. */
  state: "done" | "attention" | "interrupted";
  /** The closing summary, as the command prints it. */
  summary: string[];
  /** What needs attention, one line each. */
  attention: string[];
}

/** One run to start: what it is, and the call into its pipeline. */
export interface RunTask {
  kind: RunKind;
  /** What the page says the run does ("Importing Flickr's export from /home/me/Downloads"). */
  title: string;
  /** Whether it stops cleanly on its signal (Pause); others run to the end once started. */
  pausable: boolean;
  run(io: { sink: ProgressSink; signal: AbortSignal }): Promise<RunOutcome>;
}

/** A failure in a person's words. */
export interface RunFailure {
  message: string;
  hint?: string;
}

/** Where a run stands, for a page or its JSON. */
export interface RunSnapshot {
  /** Counts up from 1 in this process. */
  id: number;
  kind: RunKind;
  title: string;
  /** `pausing`: asked to stop, finishing the writes in flight. */
  state: "running" | "pausing" | "done" | "attention" | "interrupted" | "failed";
  pausable: boolean;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number | null;
  /** The current phase's numbers (archive runs, and the steps of others that report them). */
  phase: PhaseProgress | null;
  /** The live status line ("Media: 120/400 files, 83.0 MB"). */
  status: string | null;
  /** The lasting lines so far (the last {@link KEPT_LINES}). */
  lines: string[];
  /** What the run waits on (a retry's backoff, a stalled download), while it runs. */
  waiting: string | null;
  summary: string[];
  attention: string[];
  failure: RunFailure | null;
}

/** Lines kept per run (a long run's early lines scroll away, as on a terminal). */
export const KEPT_LINES = 200;

/** Another run is going in this process. */
export class RunBusyError extends Error {
  constructor(readonly running: RunSnapshot) {
    super(`Cannot start: ${running.title.toLowerCase()} is still going`);
    this.name = "RunBusyError";
  }
}

/** Options of {@link RunManager}. */
export interface RunManagerOptions {
  /** A thrown error in the person's words (the commands' failure module). */
  describe(e: unknown): Promise<RunFailure> | RunFailure;
  /** What runs wait on (default: the process's board). */
  board?: WaitBoard;
  /** Also told every lasting line of every run, and how each ends (a terminal's log). */
  echo?: (line: string) => void;
}

interface Going {
  snapshot: RunSnapshot;
  controller: AbortController;
  done: Promise<void>;
}

/** Starts runs one at a time and keeps where each stands; see the module doc. */
export class RunManager {
  #next = 1;
  #going: Going | undefined;
  #latest = new Map<RunKind, RunSnapshot>();
  #last: RunSnapshot | undefined;
  readonly #opts: RunManagerOptions;

  constructor(opts: RunManagerOptions) {
    this.#opts = opts;
  }

  /** The run going now, if any. */
  running(): RunSnapshot | undefined {
    return this.#going ? this.#view(this.#going.snapshot) : undefined;
  }

  /** The run going now, else the last one that ended; undefined before the first. */
  latest(): RunSnapshot | undefined {
    return this.running() ?? (this.#last && this.#view(this.#last));
  }

  /** The last run of `kind` (going or ended). */
  latestOf(kind: RunKind): RunSnapshot | undefined {
    const s = this.#latest.get(kind);
    return s && this.#view(s);
  }

  /** Starts `task`; throws {@link RunBusyError} while another run goes. */
  start(task: RunTask): RunSnapshot {
    if (this.#going) throw new RunBusyError(this.#view(this.#going.snapshot));
    const snapshot: RunSnapshot = {
      id: this.#next++,
      kind: task.kind,
      title: task.title,
      state: "running",
      pausable: task.pausable,
      startedAt: Date.now(),
      endedAt: null,
      phase: null,
      status: null,
      lines: [],
      waiting: null,
      summary: [],
      attention: [],
      failure: null,
    };
    const controller = new AbortController();
    const echo = this.#opts.echo;
    echo?.(`${task.title}…`);
    const sink: ProgressSink = {
      line(text) {
        echo?.(`  ${text}`);
        snapshot.lines.push(text);
        if (snapshot.lines.length > KEPT_LINES) {
          snapshot.lines.splice(0, snapshot.lines.length - KEPT_LINES);
        }
      },
      status(text) {
        snapshot.status = text;
      },
      progress(state) {
        snapshot.phase = state;
      },
    };
    const done = (async () => {
      try {
        const outcome = await task.run({ sink, signal: controller.signal });
        snapshot.state = outcome.state;
        snapshot.summary = outcome.summary;
        snapshot.attention = outcome.attention;
      } catch (e) {
        snapshot.state = "failed";
        snapshot.failure = await this.#describe(e);
      } finally {
        echo?.(
          snapshot.failure
            ? `${task.title}: stopped: ${snapshot.failure.message}`
            : `${task.title}: ${snapshot.state === "interrupted" ? "paused" : "finished"}`,
        );
        snapshot.endedAt = Date.now();
        this.#going = undefined;
        this.#last = snapshot;
      }
    })();
    this.#going = { snapshot, controller, done };
    this.#latest.set(task.kind, snapshot);
    return this.#view(snapshot);
  }

  /** Asks the run going now to stop cleanly; false when none goes or it cannot pause. */
  pause(): boolean {
    const going = this.#going;
    if (!going || !going.snapshot.pausable || going.snapshot.state !== "running") return false;
    going.snapshot.state = "pausing";
    going.controller.abort(new DOMException("Paused from the page", "AbortError"));
    return true;
  }

  /** Stops whatever goes (the program is stopping): a pausable run cleanly, others by signal. */
  stop(reason = "The program is stopping"): void {
    const going = this.#going;
    if (!going) return;
    if (going.snapshot.state === "running") going.snapshot.state = "pausing";
    going.controller.abort(new DOMException(reason, "AbortError"));
  }

  /** Resolves once no run goes. */
  async settled(): Promise<void> {
    while (this.#going) await this.#going.done;
  }

  async #describe(e: unknown): Promise<RunFailure> {
    try {
      return await this.#opts.describe(e);
    } catch {
      return { message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** A copy, with what the run waits on right now. */
  #view(s: RunSnapshot): RunSnapshot {
    const live = s.state === "running" || s.state === "pausing";
    return {
      ...s,
      lines: [...s.lines],
      summary: [...s.summary],
      attention: [...s.attention],
      waiting: live ? (this.#opts.board ?? waitBoard).describe() ?? null : null,
    };
  }
}
