/**
 * `deno run -A scripts/smoke.ts --binary PROGRAM`: the release's smoke test of one built
 * flickrvault, run before anything is published (`.github/workflows/release.yml`). It uses the
 * program as a newcomer first does: `--version`; `demo --no-serve` on a small simulated account;
 * `status --json` on that archive; `serve` on it, answering `/` and one photo page with 200;
 * `site` writing an `index.html`. One line per step; exit 0 when every step passed, 1 when one
 * failed (the steps after it are skipped), 2 on bad usage.
 *
 * PROGRAM is the binary's path, or a command line split at spaces: the test suite runs this script
 * with `--binary "deno run -A main.ts"` (`scripts/smoke_test.ts`), since `deno compile` cannot
 * fetch its runtime there.
 *
 * Other options: `--work DIR` (default: a new temporary folder, removed at the end) holds the demo
 * archive and the site; `--photos N` and `--videos N` size the demo account (default 12 and 2).
 * @module
 */
import { parseArgs } from "node:util";
import { isAbsolute, join, resolve } from "node:path";

/** How one step went. */
export interface StepResult {
  name: string;
  ok: boolean;
  /** What was seen: the output that proves it, or what went wrong. */
  detail: string;
  ms: number;
}

/** Options of {@link smoke}. */
export interface SmokeOptions {
  /** The program and the arguments before the command (`["deno", "run", "-A", "main.ts"]`). */
  program: string[];
  /** Holds the demo archive and the site. */
  workDir: string;
  photos: number;
  videos: number;
  /** Called with each step as it ends. */
  onStep?: (step: StepResult) => void;
}

/** How long a step may take before it counts as hung (the demo archives a whole account). */
const TIMEOUT_MS = { quick: 60_000, demo: 300_000 };

/**
 * Splits `--binary` into program and arguments; a relative program path becomes absolute (a
 * child process resolves it against its own folder otherwise, and on Windows not at all).
 */
export function parseProgram(binary: string): string[] {
  const [first, ...rest] = binary.trim().split(/\s+/).filter(Boolean);
  if (!first) return [];
  const isPath = /[\\/]/.test(first) && !isAbsolute(first);
  return [isPath ? resolve(first) : first, ...rest];
}

/** The first photo page the photostream links to (`/photos/<id>`, maybe with a query), or undefined. */
export function firstPhotoLink(html: string): string | undefined {
  return /href="(\/photos\/\d+(?:\?[^"]*)?)"/.exec(html)?.[1].replaceAll("&amp;", "&");
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(program: string[], args: string[], timeoutMs: number): Promise<Ran> {
  const out = await new Deno.Command(program[0], {
    args: [...program.slice(1), ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(timeoutMs),
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** The last lines of a command's output, for a failure's detail. */
function tail(ran: Ran): string {
  const lines = (ran.stdout + ran.stderr).trim().split("\n");
  return lines.slice(-8).join("\n");
}

/** Runs `serve` until `check` has looked at it, then stops it. */
async function withServer<T>(
  program: string[],
  archive: string,
  check: (origin: string) => Promise<T>,
): Promise<T> {
  const child = new Deno.Command(program[0], {
    args: [...program.slice(1), "serve", "--archive", archive, "--port", "0"],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let seen = "";
  const errText = new Response(child.stderr).text();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const deadline = Date.now() + TIMEOUT_MS.quick;
    let origin: string | undefined;
    while (!origin) {
      const timer = new Promise<"timeout">((r) =>
        setTimeout(() => r("timeout"), Math.max(0, deadline - Date.now()))
      );
      const next = await Promise.race([reader.read(), timer]);
      if (next === "timeout") throw new Error(`serve printed no address in 60 s:\n${seen}`);
      if (next.done) {
        throw new Error(`serve ended before it listened:\n${seen}${await errText}`);
      }
      seen += next.value;
      origin = /Serving .* at (http:\/\/\S+)/.exec(seen)?.[1]?.replace(/\/$/, "");
    }
    // Keep reading so the server never blocks on a full pipe.
    (async () => {
      try {
        while (!(await reader.read()).done) { /* drain */ }
      } catch { /* closed */ }
    })();
    return await check(origin);
  } finally {
    await stop(child);
    await errText.catch(() => "");
  }
}

/** Stops a child: SIGTERM (serve closes cleanly), and SIGKILL if it is still there 10 s later. */
async function stop(child: Deno.ChildProcess): Promise<void> {
  const kill = (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch { /* already gone, or a signal this system lacks */ }
  };
  kill("SIGTERM");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((r) => timer = setTimeout(() => r("late"), 10_000));
  if (await Promise.race([child.status, late]) === "late") {
    kill("SIGKILL");
    await child.status;
  }
  clearTimeout(timer);
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS.quick) });
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    body: await res.text(),
  };
}

/** Runs every step in order, stopping at the first that fails. */
export async function smoke(opts: SmokeOptions): Promise<StepResult[]> {
  const { program, workDir } = opts;
  const archive = join(workDir, "demo-archive");
  const siteDir = join(workDir, "site");
  const results: StepResult[] = [];

  const steps: [string, () => Promise<string>][] = [
    ["--version", async () => {
      const ran = await run(program, ["--version"], TIMEOUT_MS.quick);
      const version = /^flickrvault \S+/m.exec(ran.stdout)?.[0];
      if (ran.code !== 0 || !version) throw new Error(`exit ${ran.code}\n${tail(ran)}`);
      return version;
    }],
    ["demo --no-serve", async () => {
      const ran = await run(program, [
        "demo",
        "--no-serve",
        "--archive",
        archive,
        "--photos",
        String(opts.photos),
        "--videos",
        String(opts.videos),
      ], TIMEOUT_MS.demo);
      if (ran.code !== 0) throw new Error(`exit ${ran.code}\n${tail(ran)}`);
      if (!/Archive is up to date\./.test(ran.stdout + ran.stderr)) {
        throw new Error(`no "Archive is up to date."\n${tail(ran)}`);
      }
      await Deno.stat(join(archive, "catalog.db"));
      return `archived into ${archive}`;
    }],
    ["status --json", async () => {
      const ran = await run(program, ["status", "--json", "--archive", archive], TIMEOUT_MS.quick);
      if (ran.code !== 0) throw new Error(`exit ${ran.code}\n${tail(ran)}`);
      const status = JSON.parse(ran.stdout);
      if (status.photos !== opts.photos || status.videos !== opts.videos) {
        throw new Error(`photos ${status.photos}, videos ${status.videos}: not the demo account`);
      }
      return `${status.photos} photos, ${status.videos} videos, ${status.files} files`;
    }],
    ["serve: / and a photo page", () =>
      withServer(program, archive, async (origin) => {
        const home = await get(`${origin}/`);
        if (home.status !== 200) throw new Error(`GET / answered ${home.status}`);
        const link = firstPhotoLink(home.body);
        if (!link) throw new Error("the photostream links to no photo page");
        const photo = await get(`${origin}${link}`);
        if (photo.status !== 200 || !photo.type.startsWith("text/html")) {
          throw new Error(`GET ${link} answered ${photo.status} (${photo.type})`);
        }
        const id = /\d+/.exec(link)![0];
        if (!photo.body.includes(id)) throw new Error(`GET ${link}: the page does not name ${id}`);
        return `GET / 200, GET ${link} 200 at ${origin}`;
      })],
    ["site", async () => {
      const ran = await run(program, ["site", siteDir, "--archive", archive], TIMEOUT_MS.quick);
      if (ran.code !== 0) throw new Error(`exit ${ran.code}\n${tail(ran)}`);
      const index = await Deno.readTextFile(join(siteDir, "index.html"));
      if (!/<html[\s>]/i.test(index)) throw new Error("index.html is not an HTML page");
      return `${join(siteDir, "index.html")} (${index.length} characters)`;
    }],
  ];

  for (const [name, step] of steps) {
    const started = performance.now();
    let result: StepResult;
    try {
      const detail = await step();
      result = { name, ok: true, detail, ms: performance.now() - started };
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      result = { name, ok: false, detail, ms: performance.now() - started };
    }
    results.push(result);
    opts.onStep?.(result);
    if (!result.ok) break;
  }
  return results;
}

/** One line (and, on failure, the evidence indented below it). */
export function formatStep(step: StepResult): string {
  const head = `${step.ok ? "ok  " : "FAIL"} ${step.name} (${(step.ms / 1000).toFixed(1)} s): `;
  const [first, ...more] = step.detail.split("\n");
  return head + first + more.map((l) => `\n       ${l}`).join("");
}

if (import.meta.main) {
  const usage = "Usage: deno run -A scripts/smoke.ts --binary PROGRAM [--work DIR] " +
    "[--photos N] [--videos N]";
  let values;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      options: {
        binary: { type: "string" },
        work: { type: "string" },
        photos: { type: "string", default: "12" },
        videos: { type: "string", default: "2" },
      },
    }));
  } catch (e) {
    console.error(`smoke: ${(e as Error).message}\n${usage}`);
    Deno.exit(2);
  }
  const program = parseProgram(values.binary ?? "");
  const photos = Number(values.photos);
  const videos = Number(values.videos);
  if (program.length === 0 || !Number.isInteger(photos) || !Number.isInteger(videos)) {
    console.error(`smoke: --binary names the program to test\n${usage}`);
    Deno.exit(2);
  }
  const workDir = values.work ?? await Deno.makeTempDir({ prefix: "flickrvault-smoke-" });
  await Deno.mkdir(workDir, { recursive: true });
  console.log(`Smoke test of ${program.join(" ")} in ${workDir}`);
  const results = await smoke({
    program,
    workDir,
    photos,
    videos,
    onStep: (s) => console.log(formatStep(s)),
  });
  if (!values.work) await Deno.remove(workDir, { recursive: true }).catch(() => {});
  const failed = results.some((r) => !r.ok);
  console.log(failed ? "smoke test FAILED" : `smoke test passed: ${results.length} steps`);
  Deno.exit(failed ? 1 : 0);
}
