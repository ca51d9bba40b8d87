/**
 * `deno compile` cannot download its runtime here, so this runs the packaging step with
 * `DENORT_BIN` pointing at a stand-in executable: it proves that the module graph, the lazily
 * imported commands, the embedded views and htmx, and the npm packages (with libsql's native addon)
 * all resolve and embed, and that the tests' and benchmarks' npm packages do not. The release
 * workflow builds and runs real binaries.
 */
import { assert, assertStringIncludes } from "./assert.ts";
import { rootDir } from "./fixtures.ts";
import { V8_FLAGS } from "../scripts/v8_flags.ts";

Deno.test({
  name: "deno compile embeds every command, the views, htmx and the libsql addon",
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fv-compile-" });
    try {
      // Any ELF file will do as the stand-in runtime; the output is not meant to run.
      const standIn = `${dir}/denort`;
      await Deno.copyFile("/usr/bin/true", standIn);
      // Through the task's script, as the release workflow builds.
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "scripts/compile.ts", "--output", `${dir}/flickrvault`],
        cwd: rootDir,
        env: { DENORT_BIN: standIn, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert(out.success, `deno compile failed:\n${text.slice(-3000)}`);
      assertStringIncludes(text, `--v8-flags=${V8_FLAGS}`, "the V8 flags are not baked in");
      assert(
        (await Deno.stat(`${dir}/flickrvault`)).size > 10_000_000,
        "binary unexpectedly small",
      );
      for (
        const embedded of [
          "htmx.org",
          "minisearch",
          "site_search.js",
          "@libsql",
          "hono",
          "simulator",
          "server",
          "archive",
          "catalog",
        ]
      ) {
        assertStringIncludes(text, embedded, `${embedded} is not embedded`);
      }
      // The tests' browser driver and the benchmarks' load generator stay out (deno.product.lock).
      for (const devOnly of ["playwright-core", "autocannon"]) {
        assert(!text.includes(devOnly), `${devOnly} is embedded`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("deno task flickrvault runs main.ts with the V8 flags the binary carries", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${rootDir}/deno.json`));
  assertStringIncludes(config.tasks.flickrvault, `--v8-flags=${V8_FLAGS} main.ts`);
  assertStringIncludes(config.tasks.compile, "scripts/compile.ts");
});
