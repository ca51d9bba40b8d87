/**
 * `deno task compile [--target T] [--output PATH]`: builds the single flickrvault executable with
 * `deno compile`, with the V8 flags of `scripts/v8_flags.ts` baked in (default output
 * `dist/flickrvault`, for this machine). The release workflow runs it once per target.
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { V8_FLAGS } from "./v8_flags.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const { values } = parseArgs({
  args: Deno.args,
  options: {
    target: { type: "string" },
    output: { type: "string", default: "dist/flickrvault" },
  },
});

const args = ["compile", "-A", `--v8-flags=${V8_FLAGS}`];
if (values.target) args.push("--target", values.target);
args.push("--output", values.output, "main.ts");
console.error(`deno ${args.join(" ")}`);
const { code } = await new Deno.Command(Deno.execPath(), { args, cwd: ROOT }).spawn().status;
Deno.exit(code);
