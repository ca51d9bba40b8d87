/**
 * `flickrvault simulate`: runs the Flickr simulator on its own and prints one JSON line with the
 * origin and credentials when it is ready.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import { type Command, parseCommandArgs, positiveInt, UsageError, wholeNumber } from "./command.ts";
import { parseFaults } from "../simulator/faults.ts";

const HELP =
  `flickrvault simulate: run the Flickr simulator (for tests, benchmarks and trying things)

Usage: flickrvault simulate [options]

Options:
  --port P                  port to listen on (default ${DEFAULTS.simulate.port}: a free port)
  --host H                  address to listen on (default ${DEFAULTS.host})
  --photos N                photos in the account (default ${DEFAULTS.simulate.photos})
  --videos V                videos in the account (default ${DEFAULTS.simulate.videos})
  --favorites F             others' photos the person faved (default: a tenth of the items)
  --comment-share F         share of items (own and favourites) with at least one comment,
                            from 0 to 1 (default about 0.38)
  --fave-share F            share of items with at least one fave, from 0 to 1 (default about
                            0.45); one photo keeps more than 500 faves whatever the share
  --albums N                number of albums, none empty (default about one per 50 items)
  --seed S                  seed of the synthetic account (default ${DEFAULTS.simulate.seed}); same seed, same account
  --rate-limit CALLS        API calls allowed per hour (429 beyond); default unlimited
  --faults SPEC             inject faults, e.g. 500:0.05,429:0.05,201:0.02,malformed:0.01,
                            short-page:0.05,truncate:0.02,stall:0.01 (omit:F drops some
                            extras from a share F of listing entries, as real listings do)
  --sparse F                share of items whose listings never carry count_comments,
                            count_faves and count_views, as on older accounts (default 0)
  --auto-approve            approve OAuth authorisation without clicking Allow
  --export DIR              also write the account as Flickr's data export zips into DIR
                            (metadata <digits>_<hex>_partN.zip, media data-download-N.zip)
  --account pro|free        pro (default), or a free account under Flickr's 2025 rules: its
                            photos (and favourites of free members) at most 1,024 px through
                            the API and the CDN unless public and Creative Commons; the export
                            still holds every original
  --export-zips NAMING      'data-download' (data-download-N.zip, the default) or '2025'
                            (data_<digits>_<hex>_N.zip) for the export's media zips
  --original-bytes N        photo originals of about N bytes, as a camera's are (default: the
                            drawn image alone, about 20 KB)
  -h, --help                show this help

Prints {"origin","api_key","api_secret","oauth_token","oauth_token_secret","user_nsid"} on one
line when ready, then serves until interrupted. Control endpoints: {origin}/__simulator/truth,
{origin}/__simulator/stats, POST {origin}/__simulator/mutate, and with --export
POST {origin}/__simulator/export (a newer export of the account as it is now, into DIR).`;

/** Parses a share option (a number from 0 to 1), or throws a {@link UsageError}. */
function share(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(
      `--${name} takes a number from 0 to 1, not '${value}'`,
      "see 'flickrvault simulate --help'",
    );
  }
  return n;
}

/** The `simulate` command. */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "Run the Flickr simulator on its own",
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs("simulate", argv, {
      port: { type: "string" },
      host: { type: "string" },
      photos: { type: "string" },
      videos: { type: "string" },
      favorites: { type: "string" },
      "comment-share": { type: "string" },
      "fave-share": { type: "string" },
      albums: { type: "string" },
      seed: { type: "string" },
      "rate-limit": { type: "string" },
      faults: { type: "string" },
      "auto-approve": { type: "boolean" },
      export: { type: "string" },
      "export-zips": { type: "string" },
      "original-bytes": { type: "string" },
      sparse: { type: "string" },
      account: { type: "string" },
    });
    const account = values.account ?? "pro";
    if (account !== "pro" && account !== "free") {
      throw new UsageError(
        `--account takes pro or free, not '${values.account}'`,
        "see 'flickrvault simulate --help'",
      );
    }
    if (values.export === "") {
      throw new UsageError("--export takes a directory", "see 'flickrvault simulate --help'");
    }
    const exportZips = values["export-zips"] ?? "data-download";
    if (exportZips !== "data-download" && exportZips !== "2025") {
      throw new UsageError(
        `--export-zips takes 'data-download' or '2025', not '${exportZips}'`,
        "see 'flickrvault simulate --help'",
      );
    }
    const port = wholeNumber("simulate", "port", values.port, DEFAULTS.simulate.port);
    const rateLimit = values["rate-limit"] === undefined
      ? undefined
      : positiveInt("simulate", "rate-limit", values["rate-limit"], 0);
    if (rateLimit === 0) {
      throw new UsageError(
        "--rate-limit takes a positive number of calls per hour",
        "see 'flickrvault simulate --help'",
      );
    }
    const commentShare = share("comment-share", values["comment-share"]);
    const faveShare = share("fave-share", values["fave-share"]);
    const sparse = share("sparse", values.sparse);
    const albums = values.albums === undefined
      ? undefined
      : wholeNumber("simulate", "albums", values.albums, 0);
    try {
      parseFaults(values.faults);
    } catch (e) {
      throw new UsageError((e as Error).message, "see 'flickrvault simulate --help'");
    }
    const { startSimulator } = await import("../simulator/server.ts");
    const sim = await startSimulator({
      port,
      hostname: values.host ?? DEFAULTS.host,
      photos: wholeNumber("simulate", "photos", values.photos, DEFAULTS.simulate.photos),
      videos: wholeNumber("simulate", "videos", values.videos, DEFAULTS.simulate.videos),
      favorites: values.favorites === undefined
        ? undefined
        : wholeNumber("simulate", "favorites", values.favorites, 0),
      commentShare,
      faveShare,
      albums,
      seed: wholeNumber("simulate", "seed", values.seed, DEFAULTS.simulate.seed),
      rateLimit,
      faults: values.faults,
      sparse,
      autoApprove: values["auto-approve"] ?? false,
      exportDir: values.export,
      account,
      exportZipNames: exportZips,
      originalBytes: values["original-bytes"] === undefined
        ? undefined
        : wholeNumber("simulate", "original-bytes", values["original-bytes"], 0),
    });
    console.log(JSON.stringify({
      origin: sim.origin,
      api_key: sim.apiKey,
      api_secret: sim.apiSecret,
      oauth_token: sim.oauthToken,
      oauth_token_secret: sim.oauthTokenSecret,
      user_nsid: sim.userNsid,
    }));
    const { promise, resolve } = Promise.withResolvers<void>();
    const stop = () => resolve();
    Deno.addSignalListener("SIGINT", stop);
    if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
    await promise;
    await sim.close();
    return 0;
  },
};
