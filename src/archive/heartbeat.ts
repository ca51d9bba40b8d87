/**
 * A run never goes quiet for long: when nothing has been printed (and, on a terminal, the status
 * line has not changed) for `quietMs` (8 s on a terminal, 50 s in a log: within the promised
 * 10 s and 60 s), a line says what the run waits on and until when (from the {@link WaitBoard}),
 * else what it is doing.
 * @module
 */
import type { ProgressSink } from "../progress.ts";
import { type WaitBoard, waitBoard } from "./awaiting.ts";

/**
 * The longest silence on a terminal and in a log: under the promised 10 s and 60 s, which also
 * count the start-up before the watch begins.
 */
export const QUIET_TERMINAL_MS = 8_000;
export const QUIET_LOG_MS = 50_000;

/** Options of {@link withHeartbeat}. */
export interface HeartbeatOptions {
  /** Longest silence (default: 8 s on a terminal, 50 s otherwise). */
  quietMs?: number;
  board?: WaitBoard;
  /** How often silence is looked for (default 1 s, or quietMs / 4 when shorter). */
  tickMs?: number;
  /** Whether the status line is shown (default: stderr is a terminal); in a log only lines count. */
  terminal?: boolean;
}

/** A sink that speaks up after a silence; {@link Heartbeat.stop} ends the watch. */
export interface Heartbeat {
  sink: ProgressSink;
  stop(): void;
}

/**
 * Wraps `sink` so that a silence of `quietMs` is broken by a line saying what is awaited.
 *
 * @example
 * ```ts
 * const beat = withHeartbeat(consoleSink());
 * try {
 *   await phase(beat.sink);
 * } finally {
 *   beat.stop();
 * }
 * ```
 */
export function withHeartbeat(sink: ProgressSink, opts: HeartbeatOptions = {}): Heartbeat {
  const terminal = opts.terminal ?? Deno.stderr.isTerminal();
  const quietMs = opts.quietMs ?? (terminal ? QUIET_TERMINAL_MS : QUIET_LOG_MS);
  const board = opts.board ?? waitBoard;
  let last = Date.now();
  let status: string | undefined;
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - last < quietMs) return;
    const waiting = board.describe(now);
    sink.line(
      waiting
        ? `waiting: ${waiting}`
        : `still working${status ? `: ${status}` : ""} (nothing printed for ${
          Math.round((now - last) / 1000)
        } s)`,
    );
    last = now;
  }, opts.tickMs ?? Math.min(1000, Math.max(50, quietMs / 4)));
  Deno.unrefTimer(timer);
  return {
    sink: {
      line(text) {
        last = Date.now();
        sink.line(text);
      },
      status(text) {
        if (terminal && text !== status) last = Date.now();
        status = text;
        sink.status(text);
      },
      progress: sink.progress ? (state) => sink.progress!(state) : undefined,
    },
    stop: () => clearInterval(timer),
  };
}
