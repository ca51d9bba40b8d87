/**
 * What both crash campaigns (`crash_harness.ts` for the writers, `import_crash_harness.ts` for
 * `import`) share: where each phase falls in an uninterrupted run, and one run killed with SIGKILL
 * a given time into a phase.
 * @module
 */

import { spawnMain, type WatchedProcess } from "./cli_process.ts";

/** A phase of the uninterrupted run and how long it lasted. */
export interface PhaseTime {
  name: string;
  durationMs: number;
}

/** Each phase's share of the uninterrupted run, from its progress lines; "startup" first. */
export function phaseTimes(
  ref: WatchedProcess,
  phaseOf: (line: string) => string | undefined,
): PhaseTime[] {
  const lines = [...ref.lines, ...ref.outLines].sort((a, b) => a.at - b.at);
  const firsts: { name: string; at: number }[] = [];
  for (const l of lines) {
    const name = phaseOf(l.text);
    if (name && !firsts.some((f) => f.name === name)) firsts.push({ name, at: l.at });
  }
  const end = lines.at(-1)?.at ?? 0;
  const out: PhaseTime[] = [{ name: "startup", durationMs: firsts[0]?.at ?? end }];
  firsts.forEach((f, i) => {
    const next = firsts[i + 1]?.at ?? end;
    out.push({ name: f.name, durationMs: Math.max(20, next - f.at) });
  });
  return out;
}

/**
 * Runs the command and sends SIGKILL `delayMs` after its first line of phase `target` (or after
 * the start, for "startup"); `killed` is whether the signal ended it, not the run's own end.
 */
export async function runKilledAt(
  args: string[],
  env: Record<string, string>,
  target: string,
  delayMs: number,
): Promise<{ proc: WatchedProcess; killed: boolean; end: Awaited<WatchedProcess["finished"]> }> {
  const proc = spawnMain(args, env);
  let alive = true;
  proc.finished.then(() => alive = false);
  if (target !== "startup") {
    const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await proc.waitForLine(new RegExp(`^${escaped}:`));
  }
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  let killed = false;
  if (alive) {
    try {
      proc.child.kill("SIGKILL");
      killed = true;
    } catch {
      // It ended on its own just now.
    }
  }
  const end = await proc.finished;
  return { proc, killed: killed && end.signal === "SIGKILL", end };
}
