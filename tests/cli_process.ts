/**
 * Runs `deno run -A main.ts <command>` as a separate process, the way a person or a script runs
 * flickrvault: with the simulator's credentials in the environment, output captured, and (for the
 * crash suite) the process started so that it can be killed while its progress lines are watched.
 * @module
 */
import { rootDir } from "./fixtures.ts";
import type { RunningSimulator } from "../src/simulator/server.ts";

/** What a finished command printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment for signing in to the simulator without a browser. */
export function simulatorEnv(
  sim: Pick<RunningSimulator, "apiKey" | "apiSecret" | "oauthToken" | "oauthTokenSecret">,
  over: Record<string, string> = {},
): Record<string, string> {
  return {
    FLICKR_API_KEY: sim.apiKey,
    FLICKR_API_SECRET: sim.apiSecret,
    FLICKR_OAUTH_TOKEN: sim.oauthToken,
    FLICKR_OAUTH_TOKEN_SECRET: sim.oauthTokenSecret,
    NO_COLOR: "1",
    ...over,
  };
}

/**
 * `main.ts` with `args`, its output piped; the archive and origin come from `args` or `env` only.
 * `wrap` puts a command before it (`setpriv …`): it gets the whole command line and returns it.
 */
export function mainCommand(
  args: string[],
  env: Record<string, string>,
  wrap: (cmd: string[]) => string[] = (cmd) => cmd,
): Deno.Command {
  const [program, ...rest] = wrap([Deno.execPath(), "run", "-A", "main.ts", ...args]);
  return new Deno.Command(program, {
    args: rest,
    cwd: rootDir,
    env: { FLICKRVAULT_ARCHIVE: "", FLICKRVAULT_FLICKR_ORIGIN: "", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Runs `main.ts` with `args` to the end. */
export async function runMain(args: string[], env: Record<string, string>): Promise<CliResult> {
  const out = await mainCommand(args, env).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** A running `main.ts` whose stderr lines arrive as they are printed. */
export interface WatchedProcess {
  child: Deno.ChildProcess;
  /** When the process was started (performance.now()). */
  startedAt: number;
  /** stderr lines so far, with the time (ms since start) each arrived. */
  lines: { at: number; text: string }[];
  /** stdout lines so far. */
  outLines: { at: number; text: string }[];
  /**
   * Resolves with the first line of stderr or stdout matching `re` (or undefined when the process
   * ends first).
   */
  waitForLine(re: RegExp): Promise<{ at: number; text: string } | undefined>;
  /** Resolves when the process has ended, with its exit code and stdout. */
  finished: Promise<{ code: number; signal: string | null; stdout: string }>;
}

/** Starts `main.ts` with `args`, collecting stderr line by line. */
export function spawnMain(
  args: string[],
  env: Record<string, string>,
  wrap?: (cmd: string[]) => string[],
): WatchedProcess {
  const child = mainCommand(args, env, wrap).spawn();
  const startedAt = performance.now();
  const lines: { at: number; text: string }[] = [];
  const waiters: { re: RegExp; resolve: (l: { at: number; text: string } | undefined) => void }[] =
    [];
  const readLines = async (stream: ReadableStream<Uint8Array>, into: typeof lines) => {
    const decoder = new TextDecoder();
    let buf = "";
    const push = (text: string) => {
      const line = { at: performance.now() - startedAt, text };
      into.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line.text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    };
    for await (const chunk of stream) {
      buf += decoder.decode(chunk, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    }
    if (buf) push(buf);
  };
  const outLines: { at: number; text: string }[] = [];
  const readErr = readLines(child.stderr, lines);
  const readOut = readLines(child.stdout, outLines).then(() =>
    outLines.map((l) => l.text).join("\n")
  );
  let ended = false;
  const finished = (async () => {
    const [status, stdout] = await Promise.all([child.status, readOut, readErr]);
    ended = true;
    for (const w of waiters.splice(0)) w.resolve(undefined);
    return { code: status.code, signal: status.signal, stdout };
  })();
  return {
    child,
    startedAt,
    lines,
    outLines,
    finished,
    waitForLine(re) {
      const seen = [...lines, ...outLines].find((l) => re.test(l.text));
      if (seen || ended) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ re, resolve }));
    },
  };
}
