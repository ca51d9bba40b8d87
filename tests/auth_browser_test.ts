/**
 * `flickrvault auth` end to end in a real browser: the command runs as a subprocess against the
 * simulator, Debian's Chromium opens the printed authorise page and clicks Allow, the simulator
 * redirects to the command's 127.0.0.1 callback, and the command stores the tokens (mode 0600)
 * without printing any secret.
 */
import { launchChromiumContext } from "./chromium.ts";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { rootDir } from "./fixtures.ts";

/** What the simulator's server module is expected to export (see design.md, "Simulator"). */
interface RunningSimulator {
  origin: string;
  apiKey: string;
  apiSecret: string;
  close?: () => Promise<void> | void;
  stop?: () => Promise<void> | void;
  shutdown?: () => Promise<void> | void;
}
interface SimulatorModule {
  startSimulator(
    opts: { photos: number; videos: number; seed: number; port: number },
  ): Promise<RunningSimulator>;
}

/** Reads lines from a stream until one matches; returns it with everything read so far. */
async function readUntil(
  reader: ReadableStreamDefaultReader<string>,
  seen: string[],
  re: RegExp,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let buffer = "";
  while (Date.now() < deadline) {
    const hit = seen.join("").split("\n").find((l) => re.test(l));
    if (hit) return hit;
    const { value, done } = await Promise.race([
      reader.read(),
      new Promise<{ value: undefined; done: true }>((r) =>
        setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now())
      ),
    ]);
    if (done) break;
    buffer += value;
    seen.push(value);
  }
  throw new Error(`no line matching ${re} in: ${seen.join("") || buffer}`);
}

Deno.test({
  name: "auth: Chromium approves on the simulator's authorise page; the tokens are stored 0600",
  sanitizeResources: false, // playwright keeps internal pipes until the browser process is reaped
  async fn() {
    // The specifier is a variable so that this file type-checks while the simulator is written.
    const serverModule = "../src/simulator/server.ts";
    const { startSimulator } = await import(serverModule) as SimulatorModule;
    const sim = await startSimulator({ photos: 3, videos: 0, seed: 7, port: 0 });
    const dir = await Deno.makeTempDir({ prefix: "flickrvault-auth-" });
    const archive = `${dir}/archive`;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${rootDir}/main.ts`,
        "auth",
        "--archive",
        archive,
        "--flickr-origin",
        sim.origin,
        "--no-browser",
      ],
      env: { FLICKR_API_KEY: sim.apiKey, FLICKR_API_SECRET: sim.apiSecret, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdout = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const stderrText = new Response(child.stderr).text();
    const out: string[] = [];
    const browser = await launchChromiumContext(`${dir}/chromium`);
    try {
      const line = await readUntil(stdout, out, /\/services\/oauth\/authorize\?/, 30_000);
      const url = line.trim();
      assert(url.startsWith(`${sim.origin}/services/oauth/authorize?oauth_token=`), url);
      assertEquals(new URL(url).searchParams.get("perms"), "read");

      const page = await browser.newPage();
      await page.goto(url);
      await page.locator("#allow, button:has-text('Allow')").first().click();
      await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/, { timeout: 15_000 });
      assert((await page.textContent("body"))?.includes("You can close this tab"));

      const status = await child.status;
      for (;;) {
        const { value, done } = await stdout.read();
        if (done) break;
        out.push(value);
      }
      const printed = out.join("");
      const errors = await stderrText;
      assertEquals(status.code, 0, `auth failed: ${errors}`);
      assertMatch(printed, /Signed in as .+ \(\d+@N\d+\)/);

      const file = `${archive}/credentials.json`;
      assertEquals((await Deno.stat(file)).mode! & 0o777, 0o600);
      const stored = JSON.parse(await Deno.readTextFile(file));
      assertEquals([stored.api_key, stored.api_secret], [sim.apiKey, sim.apiSecret]);
      assertMatch(stored.user_nsid, /^\d+@N\d+$/);
      for (const secret of [sim.apiSecret, stored.oauth_token, stored.oauth_token_secret]) {
        assert(typeof secret === "string" && secret.length > 0);
        assert(!printed.includes(secret) && !errors.includes(secret), "a secret was printed");
      }
    } finally {
      await browser.close();
      try {
        child.kill();
      } catch {
        // already exited
      }
      await child.status;
      await (sim.close ?? sim.stop ?? sim.shutdown)?.call(sim);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
