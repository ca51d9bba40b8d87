import { join } from "node:path";
import { assertEquals } from "../../tests/assert.ts";
import { openInBrowser } from "./open_browser.ts";

/** Runs `fn` with these environment variables (undefined removes one), then puts them back. */
async function withEnv(vars: Record<string, string | undefined>, fn: () => Promise<void>) {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      x === undefined ? Deno.env.delete(k) : Deno.env.set(k, x);
    }
  };
  set(vars);
  try {
    await fn();
  } finally {
    set(before);
  }
}

Deno.test({
  name:
    "openInBrowser: the desktop's opener gets the URL; without a display, or without an opener, nothing happens and nothing throws",
  ignore: Deno.build.os !== "linux",
  // The opener is started and let go (openInBrowser never waits for it): it may still be exiting
  // when the test ends.
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "fv_open_" });
    try {
      const opened = join(dir, "opened.txt");
      const opener = join(dir, "xdg-open");
      await Deno.writeTextFile(opener, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
      await Deno.chmod(opener, 0o755);
      const url = "http://127.0.0.1:8080/?a=1&b=2";
      // A server without a display: no browser to open.
      await withEnv({ PATH: dir, DISPLAY: undefined, WAYLAND_DISPLAY: undefined }, async () => {
        openInBrowser(url);
        await new Promise((r) => setTimeout(r, 300));
      });
      assertEquals(await Deno.stat(opened).catch(() => null), null);
      await withEnv({ PATH: dir, DISPLAY: ":0", WAYLAND_DISPLAY: undefined }, async () => {
        openInBrowser(url);
        // The shell creates the file before printf fills it: wait for its content.
        for (let i = 0; i < 50 && !(await Deno.readTextFile(opened).catch(() => "")); i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      assertEquals(await Deno.readTextFile(opened), url, "the URL as one argument");
      // No opener installed: the printed address is enough.
      await withEnv({ PATH: join(dir, "empty"), DISPLAY: ":0" }, () => {
        openInBrowser(url);
        return Promise.resolve();
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
