/**
 * The first run in the browser, end to end (issue 31): `flickrvault` with no command serves an
 * empty archive; Chromium goes through the export door with the simulator's export zips of a free
 * account (found in the Downloads folder), then through the API door on the same archive (a wrong
 * secret first, then the simulator's authorise page, where the test clicks Allow); it browses the
 * photostream and a photo page while each run goes (the import, then the archive run, which it
 * pauses and resumes). The archive it ends with equals one made by `import` and `archive` from the
 * command line.
 */
/// <reference lib="dom" />
import { join } from "node:path";
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "./assert.ts";
import { diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { launchChromiumContext } from "./chromium.ts";
import { runMain, simulatorEnv, spawnMain, type WatchedProcess } from "./cli_process.ts";
import { listFiles } from "./simulator_fixture.ts";
import { startSimulator } from "../src/simulator/server.ts";
import { openCatalog } from "../src/catalog/db.ts";

/** A small free account: CI-sized, with favourites and a video. */
const ACCOUNT = { photos: 6, videos: 1, favorites: 2, seed: 31, port: 0, account: "free" } as const;

/** The Deno cache the child uses although its HOME is a test folder. */
function denoDir(): string {
  return Deno.env.get("DENO_DIR") ??
    join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
}

/** `flickrvault` with no command, its HOME in `home`; resolves with the address it prints. */
async function startFlickrvault(
  archive: string,
  home: string,
  origin: string,
  extra: string[] = [],
): Promise<{ proc: WatchedProcess; base: string }> {
  const proc = spawnMain(
    ["--archive", archive, "--no-browser", "--port", "0", "--flickr-origin", origin, ...extra],
    {
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      DENO_DIR: denoDir(),
      NO_COLOR: "1",
      FLICKR_API_KEY: "",
      FLICKR_API_SECRET: "",
      FLICKR_OAUTH_TOKEN: "",
      FLICKR_OAUTH_TOKEN_SECRET: "",
    },
  );
  const line = await proc.waitForLine(/is serving .* at http:\/\/127\.0\.0\.1:\d+\//);
  if (!line) {
    throw new Error(`flickrvault did not start: ${proc.lines.map((l) => l.text).join("\n")}`);
  }
  return { proc, base: line.text.match(/(http:\/\/127\.0\.0\.1:\d+)\//)![1] };
}

/** Stops it as Ctrl-C does and waits for the end. */
async function stop(proc: WatchedProcess): Promise<number> {
  try {
    proc.child.kill("SIGINT");
  } catch {
    // already ended
  }
  return (await proc.finished).code;
}

/** Whether the server's run of `kind` is going at this moment (its JSON, not the page's poll). */
async function going(base: string, kind: string): Promise<boolean> {
  const run = (await (await fetch(`${base}/setup/run.json`)).json()).run;
  return run?.kind === kind && run.state === "running";
}

/** Waits until the start page shows a finished run (the live panel gone). */
async function waitForRunEnd(page: Page, timeout = 120_000): Promise<string> {
  await page.locator("#run-result").waitFor({ timeout });
  return (await page.locator("#run-result").getAttribute("data-state")) ?? "";
}

/**
 * Opens the photostream, then a photo page from it, in `page`; returns the photo's title. Each
 * page counts as shown once its document is in (its pictures may still be loading).
 */
async function browseAPhoto(page: Page, base: string): Promise<string> {
  const shown = { waitUntil: "domcontentloaded" } as const;
  assertEquals((await page.goto(`${base}/`, shown))?.status(), 200);
  const href = await page.locator('a[href^="/photos/"]').first().getAttribute("href");
  assert(href, "the photostream links a photo");
  const response = await page.goto(`${base}${href}`, shown);
  assertEquals(response?.status(), 200);
  return (await page.locator("h1").first().textContent())?.trim() ?? "";
}

Deno.test({
  name:
    "first run: through the export door, then the API door, in Chromium; equals import + archive",
  sanitizeResources: false, // playwright keeps internal pipes until the browser process is reaped
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "flickrvault-first-run-" });
    const home = join(dir, "home");
    const downloads = join(home, "Downloads");
    await Deno.mkdir(downloads, { recursive: true });
    const sim = await startSimulator({ ...ACCOUNT, exportDir: downloads });
    const archive = join(dir, "archive");
    // One call every 200 ms: the archive run lasts long enough to be paused and browsed.
    const { proc, base } = await startFlickrvault(archive, home, sim.origin, ["--rate", "18000"]);
    const browser = await launchChromiumContext(join(dir, "chromium"));
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/`);
      // An empty archive: the start page, with its two doors.
      assertEquals(new URL(page.url()).pathname, "/setup");
      assertEquals(await page.locator("h1").textContent(), "Which way in?");

      // ---- the export door: the zips are found in Downloads ----
      await page.click("#door-export");
      const found = page.locator("ul.found li", { hasText: downloads });
      await found.waitFor();
      const viewer = await browser.newPage(); // a second tab, to browse in while runs go
      await found.locator("button", { hasText: "Import from this folder" }).click();
      // Browse while the import goes: once its records are in the catalog (its second line),
      // while it still copies the originals and makes each photo's pictures from its original.
      await page.locator("#run-panel").waitFor();
      assert(await proc.waitForLine(/^ {2}Metadata: \d+ photos and videos/), "the import goes");
      assert((await browseAPhoto(viewer, base)).length > 0, "a photo page while importing");
      assert(await going(base, "import"), "the import was still going");
      assertEquals(await waitForRunEnd(page), "done");
      const imported = await page.locator("#run-result").textContent() ?? "";
      assertMatch(imported, /Imported 7 photos and videos, 2 favourites/);
      // The summary, and the photostream holds the photos.
      await page.locator("#summary").waitFor();
      assert((await browseAPhoto(viewer, base)).length > 0);

      // ---- the API door: a wrong secret first, then the right pair ----
      await page.goto(`${base}/setup/api-key`);
      await page.fill('input[name="api_key"]', sim.apiKey);
      await page.fill('input[name="api_secret"]', "0000000000000000");
      await page.click("button:has-text('Check the key')");
      const problem = await page.locator(".problem").textContent() ?? "";
      assertMatch(problem, /secret/i);
      assert(!(await page.content()).includes(sim.apiSecret), "the secret is never shown");
      await page.fill('input[name="api_key"]', sim.apiKey);
      await page.fill('input[name="api_secret"]', sim.apiSecret);
      await page.click("button:has-text('Check the key')");
      await page.click("#sign-in-button");
      // The simulator's authorise page (auto-approve off). "No thanks" first: Flickr then never
      // sends the browser back, and the key page, opened again, says what that means.
      await page.waitForURL((u) => u.href.startsWith(sim.origin));
      await page.click("#deny");
      await page.goto(`${base}/setup/api-key`);
      assertMatch(
        await page.locator("#pending").textContent() ?? "",
        /No thanks.*nothing was stored/s,
      );
      await page.click("button:has-text('Start the sign-in again')");
      // Now the test clicks Allow.
      await page.waitForURL((u) => u.href.startsWith(sim.origin));
      await page.locator("#allow, button:has-text('Allow')").first().click();
      await page.waitForURL(`${base}/setup/api-key`);
      await page.locator("#signed-in").waitFor();
      // A free account is recognised and the export door offered.
      await page.locator("#free-account").waitFor();
      const creds = join(archive, "credentials.json");
      assertEquals((await Deno.stat(creds)).mode! & 0o777, 0o600);
      const stored = JSON.parse(await Deno.readTextFile(creds));
      assert(!(await page.content()).includes(stored.oauth_token_secret), "tokens never shown");

      // ---- the archive run: pause it, resume it, browse while it goes ----
      await page.click("#start-archive");
      await page.locator("#run-panel").waitFor();
      await page.locator("#pause").click();
      assertEquals(await waitForRunEnd(page), "interrupted");
      await page.locator("#resume").click();
      await page.locator("#run-panel").waitFor();
      // Live, without reloading: the API calls against the hour's budget.
      assertMatch(
        await page.locator("#run-panel .calls").textContent({ timeout: 15_000 }) ?? "",
        /\d+ in this run, at most 18,000 an hour/,
      );
      assert((await browseAPhoto(viewer, base)).length > 0, "a photo page while archiving");
      assert(await going(base, "archive"), "the archive run was still going");
      const ended = await waitForRunEnd(page);
      assert(ended === "done" || ended === "attention", ended);

      // The setup pages refuse to change the sign-in now.
      await page.goto(`${base}/setup/api-key`);
      assertEquals(await page.locator('input[name="api_secret"]').count(), 0);

      // ---- copies for others: a folder of the person's is refused; a new one is filled ----
      const theirs = join(home, "Documents");
      await Deno.mkdir(theirs);
      await Deno.writeTextFile(join(theirs, "letter.txt"), "theirs");
      await page.goto(`${base}/setup/family-copy`);
      await page.fill('input[name="folder"]', theirs);
      await page.click("#start-copy");
      assertMatch(await page.locator(".problem").textContent() ?? "", /Documents/);
      assertEquals(await Deno.readTextFile(join(theirs, "letter.txt")), "theirs");
      const family = join(home, "Desktop", "For family");
      await page.fill('input[name="folder"]', family);
      await page.check('input[name="privacy"][value="public"]');
      await page.click("#start-copy");
      assertEquals(await waitForRunEnd(page), "done");
      await Deno.stat(join(family, "index.html"));
      assertMatch(await page.locator("main").textContent() ?? "", /0 not public \(/);
      // A public copy: the pages of public photos, none of the others.
      const catalog = await openCatalog(archive, { readonly: true });
      const privacy = await catalog.db.selectFrom("items").select(["id", "is_public"]).execute()
        .finally(() => catalog.close());
      const pages = new Set(await listFiles(join(family, "photos")));
      assert(privacy.some((i) => i.is_public !== 1), "the account has a photo not public");
      for (const { id, is_public } of privacy) {
        assertEquals(pages.has(`${id}.html`), is_public === 1, `photos/${id}.html`);
      }

      await page.goto(`${base}/setup/photos-copy`);
      await page.check('input[name="privacy"][value="public"]');
      const forApps = join(home, "Desktop", "For apps");
      await page.fill('input[name="folder"]', forApps);
      await page.click("#start-copy");
      const exported = await waitForRunEnd(page);
      assert(exported === "done" || exported === "attention", exported);
      const publicOnly = await runMain(
        ["export", "--archive", archive, "--privacy", "public", join(dir, "cli-export")],
        { NO_COLOR: "1" },
      );
      assertEquals(publicOnly.code, exported === "done" ? 0 : 1, publicOnly.stderr);
      const names = async (root: string) =>
        (await listFiles(root)).filter((f) => !f.startsWith(".flickrvault")).sort();
      assertEquals(await names(forApps), await names(join(dir, "cli-export")));

      assertEquals(await stop(proc), 0);

      // ---- the same from the command line ----
      const cli = join(dir, "cli");
      const env = simulatorEnv(sim, { FLICKR_API_KEY: stored.api_key });
      const zips = [...Deno.readDirSync(downloads)].map((e) => join(downloads, e.name)).sort();
      const imp = await runMain(["import", "--archive", cli, ...zips], env);
      assert(imp.code <= 1, imp.stderr);
      const arc = await runMain(
        ["archive", "--archive", cli, "--flickr-origin", sim.origin, "--rate", "0"],
        env,
      );
      assert(arc.code <= 1, arc.stderr);
      const browserMade = await snapshotArchive(archive, sim.origin);
      const cliMade = await snapshotArchive(cli, sim.origin);
      // The browser's sign-in stored its tokens; the command line's came from the environment.
      browserMade.files.delete("credentials.json");
      assertEquals(diffSnapshots(browserMade, cliMade), []);
    } catch (e) {
      // Where the browser was, for the failure's reader.
      console.error(
        `at ${page.url()}: ${(await page.locator("main").textContent().catch(() => ""))}`,
      );
      throw e;
    } finally {
      await browser.close();
      await stop(proc);
      await sim.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
