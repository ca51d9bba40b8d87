/**
 * The two commands at the top of README.md, run as a newcomer with only Node.js and npm runs them:
 * in a shell whose PATH has no `deno`. The commands are read from the README itself, so this test
 * follows the README when it changes. (npx keeps the Deno it fetched in npm's cache: only the first
 * run on a machine downloads it, and CI has fetched it already by running the test command.)
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { rootDir } from "./shared.ts";

/** The commands of the README's first `sh` block, without their comments. */
async function readmeCommands(): Promise<{ demo: string; test: string }> {
  const readme = await Deno.readTextFile(join(rootDir, "README.md"));
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  assert(block, "README.md has no sh block");
  const lines = block.split("\n").map((l) => l.replace(/#.*$/, "").trim()).filter(Boolean);
  const demo = lines.find((l) => /\btask demo$/.test(l));
  const test = lines.find((l) => /\btask test$/.test(l));
  assert(demo && test, `the README's first commands are not the demo and the tests:\n${block}`);
  return { demo, test };
}

/** PATH without any folder that holds a `deno`, as on a machine that never installed it. */
async function pathWithoutDeno(): Promise<string> {
  const kept: string[] = [];
  for (const dir of (Deno.env.get("PATH") ?? "").split(":").filter(Boolean)) {
    try {
      await Deno.stat(join(dir, "deno"));
    } catch {
      kept.push(dir);
    }
  }
  return kept.join(":");
}

/** Runs `command` with `sh -c` in the project folder, without `deno` on PATH. */
async function runInFreshShell(command: string): Promise<{ code: number; output: string }> {
  const out = await new Deno.Command("sh", {
    args: ["-c", `${command} 2>&1`],
    cwd: rootDir,
    clearEnv: true,
    env: {
      // What reaching npm and the tests' own folders may need here, and nothing of Deno's.
      ...Object.fromEntries(
        Object.entries(Deno.env.toObject()).filter(([k]) =>
          /proxy|^npm_config_|^(DENO_DIR|CHROMIUM_PATH|FLICKRVAULT_SHARED|TMPDIR)$/i.test(k)
        ),
      ),
      PATH: await pathWithoutDeno(),
      HOME: Deno.env.get("HOME") ?? "/root",
      NO_COLOR: "1",
    },
    stdin: "null",
    stdout: "piped",
  }).output();
  return { code: out.code, output: new TextDecoder().decode(out.stdout) };
}

Deno.test("the shell the README's commands run in here has no deno", async () => {
  const { code, output } = await runInFreshShell("command -v deno || echo none");
  assertEquals(code, 0);
  assertEquals(output.trim(), "none");
  assert((await pathWithoutDeno()).includes("/"), "PATH kept its other folders (node, npx)");
});

Deno.test({
  name: "the README's demo command archives the demo account without deno on PATH",
  sanitizeResources: false,
  async fn() {
    const { demo } = await readmeCommands();
    const dir = await Deno.makeTempDir({ prefix: "fv-readme-demo-" });
    try {
      // A small account and no viewer: the point is that the command runs, not the demo's size.
      const { code, output } = await runInFreshShell(
        `${demo} --archive ${dir} --photos 12 --videos 2 --no-serve`,
      );
      assertEquals(code, 0, output);
      assertStringIncludes(output, "Archive is up to date.");
      assertMatch(output, /^listing: 2 pages, 1 call$/m);
      assert((await Deno.stat(join(dir, "catalog.db"))).size > 0, "the catalog is on disk");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the README's test command runs tests without deno on PATH and prints CI's line",
  sanitizeResources: false,
  async fn() {
    const { test } = await readmeCommands();
    // One small test file: the whole suite would run this test again.
    const { code, output } = await runInFreshShell(`${test} src/archive/progress_test.ts`);
    assertEquals(code, 0, output);
    const summary = /^tests: (\d+) passed, (\d+) failed$/m.exec(output);
    assert(summary, output);
    assert(Number(summary[1]) > 0 && summary[2] === "0", summary[0]);
  },
});

Deno.test(".ci/run calls the README's test command", async () => {
  const { test } = await readmeCommands();
  const ci = await Deno.readTextFile(join(rootDir, ".ci", "run"));
  const calls = ci.split("\n").map((l) => l.trim()).filter((l) => !l.startsWith("#"));
  assert(calls.includes(test), `.ci/run does not run "${test}"`);
});
