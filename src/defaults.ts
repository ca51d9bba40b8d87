/**
 * The defaults a person can change with an option, in one place: the commands read them, their
 * `--help` texts print them, and the library functions fall back on them.
 *
 * Tested by src/cli/command_test.ts.
 * @module
 */

/** Every option's default value. */
export const DEFAULTS = {
  /** The archive folder when neither `--archive` nor `$FLICKRVAULT_ARCHIVE` names one. */
  archiveDir: "./flickr-archive",
  /** API calls an hour (`archive --rate`): Flickr's limit for one API key. */
  callsPerHour: 3600,
  /** Files downloaded at once (`archive --concurrency`). */
  downloadConcurrency: 4,
  /** Where the viewer listens (`serve --host`): this machine only. */
  host: "127.0.0.1",
  /** The viewer's port (`serve --port`, `demo --port`). */
  port: 8080,
  /** `flickrvault demo`: where its archive goes and what its account holds. */
  demo: { archiveDir: "./demo-archive", photos: 240, videos: 16, seed: 7 },
  /** `flickrvault simulate`: its port (0: a free one) and the account it makes. */
  simulate: { port: 0, photos: 1000, videos: 30, seed: 1 },
} as const;
