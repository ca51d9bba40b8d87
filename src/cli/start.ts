/**
 * `flickrvault` with no command (what a double-click runs): opens the archive, serves the
 * first-run pages and the viewer on 127.0.0.1, prints the address and opens the browser there:
 * at the photostream when the archive is complete, else at the start page (the two doors, a run
 * to resume, or the summary). Runs started from the pages take the same code paths as the
 * commands; stopping the program stops them cleanly, and the next start offers to resume.
 *
 * Tested by tests/first_run_browser_test.ts and tests/first_run_resume_test.ts.
 * @module
 */
import { resolve } from "node:path";
import {
  archiveDir,
  archiveOption,
  type Command,
  parseCommandArgs,
  positiveInt,
  UsageError,
  wholeNumber,
} from "./command.ts";
import { diagnoseFailure } from "./failure.ts";
import { checkOrigin } from "./auth.ts";
import { openInBrowser } from "./open_browser.ts";
import { listenForStop } from "./stop_signals.ts";
import { flickrOrigin } from "../flickr/endpoints.ts";
import { ARCHIVE_FOLDER_HINT } from "../files/file_in_the_way.ts";
import { startFirstRunServer } from "../setup/first_run_app.tsx";
import { readArchiveState } from "../setup/archive_state.ts";
import { BrowserSignIn } from "../setup/browser_sign_in.ts";
import { homeFolder } from "../setup/folders.ts";
import { RememberedChoices, settingsFolder } from "../setup/remembered.ts";
import { RunManager } from "../setup/run_manager.ts";

const HELP = `flickrvault: open your Flickr archive in the browser

Usage: flickrvault [--archive DIR] [--port N] [--no-browser]

With no command, flickrvault serves the archive on this computer (127.0.0.1 only), prints the
address and opens your browser there. An empty archive starts with a guided first run: Flickr's
data export (any account) or an API key (Flickr Pro), with the import or archive run shown live;
a complete archive opens at its photostream. Stop it with Ctrl-C: a run going on stops cleanly,
and the next start offers to resume it.

Options:
  --archive DIR          The archive (default: $FLICKRVAULT_ARCHIVE, else ./flickr-archive)
  --port N               Port (default 8080, else a free one; 0 picks a free one)
  --no-browser           Only print the address
  --rate N               API calls per hour for archive runs (default 3600; 0 = no limit)
  --concurrency N        Parallel downloads for archive runs (default 4)
  --flickr-origin URL    Talk to this Flickr instead of flickr.com (e.g. the simulator)
  -h, --help             Show this help

The commands (flickrvault --help lists them) do the same without a browser.`;

/** `flickrvault` with no command. */
export const startCommand: Command = {
  name: "start",
  summary: "Open the archive in the browser, with a guided first run",
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs("", argv, {
      ...archiveOption,
      port: { type: "string" },
      "no-browser": { type: "boolean" },
      rate: { type: "string" },
      concurrency: { type: "string" },
      "flickr-origin": { type: "string" },
    });
    const dir = resolve(archiveDir(values.archive));
    const port = values.port === undefined ? undefined : wholeNumber("", "port", values.port, 8080);
    if (port !== undefined && port > 65535) {
      throw new UsageError(`--port must be at most 65535, not ${port}`);
    }
    const rate = wholeNumber("", "rate", values.rate, 3600);
    const concurrency = positiveInt("", "concurrency", values.concurrency, 4);
    const origin = checkOrigin(flickrOrigin(values["flickr-origin"]));
    try {
      if (!(await Deno.stat(dir)).isDirectory) {
        throw new UsageError(
          `Cannot open the archive: ${dir} is a file, not a folder`,
          ARCHIVE_FOLDER_HINT,
        );
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      // A new archive: the folder is made by the first run that writes.
    }

    const runs = new RunManager({
      describe: (e) => diagnoseFailure(e, { archiveDir: dir, writes: true }),
      echo: (line) => console.error(line),
    });
    const services = {
      archiveDir: dir,
      runs,
      signIn: new BrowserSignIn({ archiveDir: dir, origin }),
      remembered: new RememberedChoices(settingsFolder()),
      settings: { archiveDir: dir, origin, rate, concurrency },
      home: homeFolder(),
    };
    let server;
    try {
      server = startFirstRunServer({ ...services, port: port ?? 8080 });
    } catch (e) {
      if (!(e instanceof Deno.errors.AddrInUse)) throw e;
      if (port !== undefined) {
        throw new UsageError(
          `port ${port} is already in use`,
          "pick another with --port, or --port 0",
        );
      }
      // 8080 is taken (another program, or flickrvault already running): any free port will do.
      server = startFirstRunServer({ ...services, port: 0 });
    }
    const catalog = await server.viewer.catalog();
    const state = await readArchiveState(dir, catalog?.db);
    const url = state.complete ? server.url : new URL("/setup", server.url).href;
    console.log(`flickrvault is serving ${dir} at ${server.url}`);
    console.log(`Open ${url} in your browser (Ctrl-C here stops flickrvault).`);
    if (!values["no-browser"]) openInBrowser(url);

    using stop = listenForStop({
      resume: "run flickrvault again: its page offers to resume",
      print: (line) => console.error(line),
    });
    await new Promise((r) => stop.signal.addEventListener("abort", r, { once: true }));
    const wasRunning = runs.running() !== undefined;
    runs.stop();
    await runs.settled();
    await server.close();
    if (wasRunning) {
      console.error("Stopped: run flickrvault again, and its page offers to resume.");
      return stop.exitCode ?? 130;
    }
    console.error("Stopped.");
    return 0;
  },
};
