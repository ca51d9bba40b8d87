/**
 * The first-run app (`flickrvault` with no command) driven over `app.request`, as its pages' forms
 * do, with a session cookie and each form's CSRF token: for the tests of its pages without a
 * browser (`src/setup/routes_setup_test.ts` and the `tests/first_run_*` suites).
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { diagnoseFailure } from "../src/cli/failure.ts";
import { BrowserSignIn } from "../src/setup/browser_sign_in.ts";
import { RememberedChoices } from "../src/setup/remembered.ts";
import { RunManager, type RunSnapshot } from "../src/setup/run_manager.ts";
import type { TaskSettings } from "../src/setup/run_tasks.ts";
import { CSRF_FIELD } from "../src/server/csrf.ts";
import { createFirstRunApp } from "../src/setup/first_run_app.tsx";

const HOST = "127.0.0.1:8080";

/**
 * A first-run app on the archive `dir/archive` (or `settings.archiveDir`), its home folder
 * `dir/home`, its remembered choices in `dir/settings`.
 */
export function setupApp(
  dir: string,
  origin?: string,
  settings: Partial<Omit<TaskSettings, "origin">> = {},
) {
  const archiveDir = settings.archiveDir ?? join(dir, "archive");
  const runs = new RunManager({
    describe: (e) => diagnoseFailure(e, { archiveDir, writes: true }),
  });
  const { app, viewer } = createFirstRunApp({
    archiveDir,
    runs,
    signIn: new BrowserSignIn({ archiveDir, origin }),
    remembered: new RememberedChoices(join(dir, "settings")),
    settings: { rate: 0, concurrency: 2, ...settings, archiveDir, origin },
    home: join(dir, "home"),
  }, ["127.0.0.1"]);
  let cookie = "";
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { host: HOST, cookie } });
    cookie ||= res.headers.get("set-cookie")?.split(";")[0] ?? "";
    return res;
  };
  /** Posts `fields` with the token of the page at `from`. */
  const post = async (path: string, fields: Record<string, string>, from = "/setup/api-key") => {
    const html = await (await get(from)).text();
    const token = html.match(/name="_csrf" value="([0-9a-f]+)"/)?.[1] ?? "";
    return await app.request(path, {
      method: "POST",
      headers: {
        host: HOST,
        cookie,
        origin: `http://${HOST}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ [CSRF_FIELD]: token, ...fields }).toString(),
    });
  };
  /** Polls the run going now until `ok` holds for it; throws after `timeoutMs`. */
  const until = async (
    ok: (run: RunSnapshot | undefined) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<RunSnapshot | undefined> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const run = runs.latest();
      if (ok(run)) return run;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(
      `${what}: not within ${timeoutMs} ms; the run: ${JSON.stringify(runs.latest())}`,
    );
  };
  return { app, runs, viewer, archiveDir, get, post, until };
}

/** A page that speaks: its text names `message`, and no stack trace shows. */
export async function says(res: Response, status: number, message: RegExp): Promise<string> {
  const html = await res.text();
  assertEquals(res.status, status, html.slice(0, 400));
  assertMatch(html, message);
  assert(!/\bat .*\.ts:\d+/.test(html) && !html.includes("    at "), "no stack trace");
  return html;
}

/** A fresh folder with `home/` in it for `fn`, removed after. */
export async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fv_setup_routes_" });
  await Deno.mkdir(join(dir, "home"), { recursive: true });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
