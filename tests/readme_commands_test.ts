/**
 * The two commands at the top of README.md, run as a newcomer with only Node.js and npm runs them:
 * in a shell whose PATH has no `deno`. The commands are read from the README itself, so this test
 * follows the README when it changes. (npx keeps the Deno it fetched in npm's cache: only the first
 * run on a machine downloads it, and CI has fetched it already by running the test command.)
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { rootDir } from "./fixtures.ts";

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

/**
 * PATH as on a machine that never installed Deno: each folder that holds a `deno` is replaced by a
 * folder of links to everything else in it. (Dropping such folders whole is not enough: on Debian
 * `npm install -g deno` puts `deno` in /usr/bin, beside `sh`, `node` and `npx`.)
 */
function pathWithoutDeno(): Promise<string> {
  return denoLessPath ??= buildPathWithoutDeno();
}
let denoLessPath: Promise<string> | undefined;
const linkFolders: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const dir of linkFolders) Deno.removeSync(dir, { recursive: true });
});

async function buildPathWithoutDeno(): Promise<string> {
  const dirs: string[] = [];
  for (const dir of (Deno.env.get("PATH") ?? "").split(":").filter(Boolean)) {
    if (!await exists(join(dir, "deno"))) {
      dirs.push(dir);
      continue;
    }
    const links = await Deno.makeTempDir({ prefix: "fv-path-without-deno-" });
    linkFolders.push(links);
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name !== "deno") await Deno.symlink(join(dir, entry.name), join(links, entry.name));
    }
    dirs.push(links);
  }
  return dirs.join(":");
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
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
          /proxy|^npm_config_|^(DENO_DIR|CHROMIUM_PATH|TMPDIR)$/i.test(k)
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
    const { code, output } = await runInFreshShell(`${test} src/progress_test.ts`);
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
