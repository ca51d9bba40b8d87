/**
 * The release workflow's smoke test, run here as the workflow runs it, with `deno run -A main.ts`
 * in place of the compiled binary (which cannot be built here): it passes on a working program
 * and stops at the first step a broken one fails.
 */
import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import { rootDir } from "../tests/fixtures.ts";
import { firstPhotoLink, formatStep, parseProgram } from "./smoke.ts";

async function smokeScript(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/smoke.ts", ...args],
    cwd: rootDir,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test({
  name: "smoke: flickrvault passes --version, demo, status, serve (/ and a photo page) and site",
  sanitizeResources: false,
  async fn() {
    const work = await Deno.makeTempDir({ prefix: "fv-smoke-test-" });
    try {
      const { code, text } = await smokeScript([
        "--binary",
        `${Deno.execPath()} run -A main.ts`,
        "--work",
        work,
      ]);
      assertEquals(code, 0, text);
      for (
        const step of [
          /^ok {3}--version .*flickrvault \d/m,
          /^ok {3}demo --no-serve /m,
          /^ok {3}status --json .*12 photos, 2 videos/m,
          /^ok {3}serve: \/ and a photo page .*GET \/ 200, GET \/photos\/\d+\S* 200/m,
          /^ok {3}site .*index\.html/m,
          /^smoke test passed: 5 steps$/m,
        ]
      ) {
        assert(step.test(text), `${step} not in:\n${text}`);
      }
      const index = await Deno.readTextFile(`${work}/site/index.html`);
      assertStringIncludes(index, "<html");
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});

Deno.test("smoke: a program that does not run fails at the first step, and nothing after runs", async () => {
  const { code, text } = await smokeScript([
    "--binary",
    `${Deno.execPath()} run -A scripts/no_such_flickrvault.ts`,
  ]);
  assertEquals(code, 1, text);
  assert(/^FAIL --version /m.test(text), text);
  assert(!/demo --no-serve/.test(text), text);
  assertStringIncludes(text, "smoke test FAILED");
});

Deno.test("smoke: without --binary it is a usage error", async () => {
  const { code, text } = await smokeScript([]);
  assertEquals(code, 2);
  assertStringIncludes(text, "Usage: deno run -A scripts/smoke.ts --binary PROGRAM");
});

Deno.test("smoke: a relative binary path is made absolute; a command line is split", () => {
  assertEquals(parseProgram("./dist/flickrvault"), [`${Deno.cwd()}/dist/flickrvault`]);
  assertEquals(parseProgram("deno run -A main.ts"), ["deno", "run", "-A", "main.ts"]);
  assertEquals(parseProgram("/opt/fv/flickrvault"), ["/opt/fv/flickrvault"]);
});

Deno.test("smoke: the photo page is found among the photostream's links", () => {
  const html = '<a href="/albums">x</a><a href="/photos/5100?in=taken&amp;o=1"><img></a>';
  assertEquals(firstPhotoLink(html), "/photos/5100?in=taken&o=1");
  assertEquals(firstPhotoLink('<a href="/photos/">'), undefined);
  assertEquals(
    formatStep({ name: "site", ok: false, detail: "exit 1\nCannot write", ms: 1500 }),
    "FAIL site (1.5 s): exit 1\n       Cannot write",
  );
});
