/**
 * The first minute of a newcomer: `flickrvault demo` archives the simulated account and serves it.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { rootDir } from "./fixtures.ts";

Deno.test({
  name: "demo archives a varied account and serves it until Ctrl-C",
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fv-demo-" });
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts", "demo", "--archive", dir, "--port", "0", "--photos", "120"],
      cwd: rootDir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(child.stderr).text();
    try {
      // Read stdout until the URL is printed.
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let out = "";
      let url: string | undefined;
      while (!url) {
        const { value, done } = await reader.read();
        if (done) break;
        out += value;
        url = /Browse the demo archive at (http:\/\/\S+)/.exec(out)?.[1];
      }
      assert(url, `demo never printed its URL:\n${out}`);
      assertStringIncludes(out, "Archive is up to date.");

      const page = await fetch(url);
      assertEquals(page.status, 200);
      const html = await page.text();
      assertMatch(html, /<img[^>]+src="\/[^"]+"/);

      const { status } = await (await fetch(new URL("status?format=json", url))).json();
      assert(status.photos >= 100, `photos: ${status.photos}`);
      assert(
        status.videos > 0 && status.favorites > 0 && status.albums > 0,
        JSON.stringify(status),
      );
      assert(status.comments > 0 && status.faves > 0 && status.notes > 0, JSON.stringify(status));
      assert(status.videos_needing_manual_download > 0, "the demo shows the manual-download queue");

      child.kill("SIGINT");
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      const { code } = await child.status;
      assertEquals(code, 0, await stderr);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
      await Deno.remove(dir, { recursive: true });
    }
  },
});
