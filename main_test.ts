import { assert, assertEquals, assertMatch, assertStringIncludes } from "./tests/assert.ts";
import denoJson from "./deno.json" with { type: "json" };
import { commands } from "./main.ts";

/** Every command, from the CLI's own table: a command added there is tested here too. */
const commandNames = Object.keys(commands);

async function run(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: new URL(".", import.meta.url),
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("--help lists every command with its summary", async () => {
  const { code, stdout } = await run("--help");
  assertEquals(code, 0);
  for (const [name, { summary }] of Object.entries(commands)) {
    assertMatch(stdout, new RegExp(`^  ${name} +${escapeRegExp(summary)}$`, "m"));
  }
});

Deno.test("--version prints the version", async () => {
  const { code, stdout } = await run("--version");
  assertEquals(code, 0);
  assertEquals(stdout.trim(), `flickrvault ${denoJson.version}`);
});

Deno.test("every command answers --help with its own usage", async () => {
  for (const c of commandNames) {
    const { code, stdout } = await run(c, "--help");
    assertEquals(code, 0, c);
    assertStringIncludes(stdout, `flickrvault ${c}`);
    assertStringIncludes(stdout, "Usage:");
  }
});

Deno.test("an unknown command or option exits 2 with one line and a hint, no stack trace", async () => {
  const unknownCommand = await run("archvie");
  assertEquals(unknownCommand.code, 2);
  assertEquals(unknownCommand.stderr.trim().split("\n"), [
    "flickrvault: unknown command 'archvie'",
    "hint: run 'flickrvault --help' to see the commands",
  ]);

  const unknownOption = await run("status", "--jsn");
  assertEquals(unknownOption.code, 2);
  const lines = unknownOption.stderr.trim().split("\n");
  assertEquals(lines.length, 2, unknownOption.stderr);
  assertStringIncludes(lines[0], "--jsn");
  assertEquals(lines[1], "hint: see 'flickrvault status --help'");
  assert(!unknownOption.stderr.includes("    at "), "no stack trace");
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
