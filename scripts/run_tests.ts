/**
 * Runs the whole test suite with `deno test` and ends with the one line CI reads:
 * `tests: N passed, N failed`. Exits non-zero when any test failed or none ran. First it makes
 * sure of what some tests need besides Deno (Chromium, ExifTool, Python's flickrapi; see
 * test_tools.ts), installing them on a fresh Debian machine when run as root.
 *
 * Usage: `deno task test [deno test arguments, e.g. a path or --filter]`
 *
 * (Not named `test.ts`: `deno test` would take that name for a test module and run it.)
 * @module
 */

import { ensureTestTools, systemHost, testTools } from "./test_tools.ts";

/**
 * Runs `deno test -A --parallel ...args`, echoing its output, and returns the exit code for CI.
 *
 * `--parallel` runs test modules side by side, one per core: most suites wait on subprocesses,
 * loopback HTTP and Chromium, and the whole suite took 32 minutes in parallel against 41 one module
 * at a time on a loaded 2-core machine (7 December 2026). `DENO_JOBS=1` runs them one at a time.
 * `FLICKRVAULT_TYPES_CHECKED=1` (CI, right after `deno task check`) skips the type check.
 */
export async function runTests(args: string[]): Promise<number> {
  // Set by `.ci/run` after `deno task check` passed on the same files.
  const checked = Deno.env.get("FLICKRVAULT_TYPES_CHECKED") === "1" ? ["--no-check"] : [];
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--parallel", ...checked, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  });
  const child = cmd.spawn();
  let tail = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    await Deno.stdout.write(chunk);
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-4000);
  }
  const status = await child.status;

  // deno test closes with e.g. "ok | 12 passed (3 steps) | 0 failed (1s)" or "FAILED | 3 passed | 1 failed".
  const summary = [...tail.matchAll(/(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].at(-1);
  const passed = summary ? Number(summary[1]) : 0;
  const failed = summary ? Number(summary[2]) : (status.success ? 0 : 1);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  return status.success && failed === 0 && passed > 0 ? 0 : 1;
}

if (import.meta.main) {
  await ensureTestTools(systemHost(), testTools());
  Deno.exit(await runTests(Deno.args));
}
