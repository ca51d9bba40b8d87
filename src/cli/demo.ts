/**
 * `flickrvault demo`: the first minute of flickrvault without a Flickr account. It starts the
 * built-in Flickr simulator in this process with a demo account of a few hundred items (photos,
 * videos, some needing a manual download, albums, comments, faves, favourites, notes), archives it
 * with the normal progress display, and serves the archive.
 *
 * Tested by tests/demo_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import { resolve } from "node:path";
import {
  archiveOption,
  type Command,
  parseCommandArgs,
  untilInterrupted,
  UsageError,
  wholeNumber,
} from "./command.ts";
import { formatSummary } from "./archive.ts";
import { startSimulator } from "../simulator/server.ts";
import { runArchive } from "../archive/pipeline.ts";
import { consoleSink } from "../progress.ts";
import { startServer } from "../server/app.ts";

const HELP = `flickrvault demo: archive a simulated Flickr account and browse it

Usage: flickrvault demo [options]

Starts flickrvault's Flickr simulator with a demo account, archives the account into a demo
folder exactly as 'flickrvault archive' would archive yours, and serves it. Running it again
brings the same demo archive up to date.

Options:
  --archive DIR     Where the demo archive goes (default ${DEFAULTS.demo.archiveDir})
  --photos N        Photos in the demo account (default ${DEFAULTS.demo.photos})
  --videos N        Videos in the demo account (default ${DEFAULTS.demo.videos})
  --seed N          Which demo account (default ${DEFAULTS.demo.seed})
  --account KIND    pro (default) or free: a free account under Flickr's 2025 rules, whose
                    photos come through the API at most 1,024 px wide
  --port N          Port for the viewer (default ${DEFAULTS.port}; another free one if busy)
  --no-serve        Archive only, then exit
  -h, --help        Show this help`;

/** `flickrvault demo`. */
export const demoCommand: Command = {
  name: "demo",
  summary: "Archive a simulated demo account and browse it",
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs("demo", argv, {
      ...archiveOption,
      photos: { type: "string" },
      videos: { type: "string" },
      seed: { type: "string" },
      account: { type: "string" },
      port: { type: "string" },
      "no-serve": { type: "boolean" },
    });
    const dir = resolve(values.archive ?? DEFAULTS.demo.archiveDir);
    const photos = wholeNumber("demo", "photos", values.photos, DEFAULTS.demo.photos);
    const videos = wholeNumber("demo", "videos", values.videos, DEFAULTS.demo.videos);
    const seed = wholeNumber("demo", "seed", values.seed, DEFAULTS.demo.seed);
    const port = wholeNumber("demo", "port", values.port, DEFAULTS.port);
    if (photos + videos === 0) throw new UsageError("the demo account needs at least one item");
    const account = values.account ?? "pro";
    if (account !== "pro" && account !== "free") {
      throw new UsageError(
        `--account takes pro or free, not '${values.account}'`,
        "see 'flickrvault demo --help'",
      );
    }

    const started = Date.now();
    const simulator = await startSimulator({
      photos,
      videos,
      seed,
      favorites: Math.max(10, Math.round((photos + videos) / 8)),
      autoApprove: true,
      account,
    });
    console.log(
      `Flickr simulator running at ${simulator.origin} (a synthetic ${
        account === "free" ? "free " : ""
      }account, seed ${seed})`,
    );
    console.log(`Archiving it into ${dir}\n`);
    let exitCode = 0;
    try {
      const summary = await runArchive({
        archiveDir: dir,
        credentials: {
          apiKey: simulator.apiKey,
          apiSecret: simulator.apiSecret,
          oauthToken: simulator.oauthToken,
          oauthTokenSecret: simulator.oauthTokenSecret,
          userNsid: simulator.userNsid,
        },
        origin: simulator.origin,
        // The simulator has no rate limit of its own here; spend calls as fast as it answers.
        rate: 0,
        concurrency: DEFAULTS.downloadConcurrency,
        sink: consoleSink(),
      });
      console.log(formatSummary(summary, 0));
      // Videos that need a manual download are part of the demo, not a failure of it.
      exitCode = summary.status === "done" ? 0 : 130;
    } finally {
      await simulator.close();
    }
    console.log(`\nArchived in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (values["no-serve"] || exitCode !== 0) return exitCode;

    let server;
    try {
      server = await startServer({ archiveDir: dir, port });
    } catch (e) {
      if (!(e instanceof Deno.errors.AddrInUse)) throw e;
      console.log(`Port ${port} is busy; using another.`);
      server = await startServer({ archiveDir: dir, port: 0 });
    }
    console.log(`\nBrowse the demo archive at ${server.url}`);
    console.log("Press Ctrl+C to stop.");
    await untilInterrupted();
    await server.close();
    return 0;
  },
};
