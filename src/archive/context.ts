/**
 * What every phase of an archive run shares: the archive, the catalog, the Flickr client (and
 * through it the call budget), the progress display and the download settings.
 *
 * Phases are functions `(ctx: ArchiveContext) => Promise<void>` called in order by the pipeline;
 * each reads what it needs from the catalog and records its own state there, so that a run killed
 * at any moment resumes without repeating completed work.
 *
 * Tested by src/archive/free_account_test.ts, src/archive/listing_test.ts and
 * src/archive/recorder_test.ts.
 * @module
 */
import type { Catalog } from "../catalog/db.ts";
import type { FlickrClient } from "../flickr/client.ts";
import type { FileClient } from "../flickr/file_client.ts";
import type { Progress } from "../progress.ts";
import { DirectoryCache } from "../files/durable.ts";
import type { IdSet } from "./id_set.ts";

/** Shared state of one archive run. */
export interface ArchiveContext {
  /** Absolute path of the archive directory. */
  archiveDir: string;
  catalog: Catalog;
  client: FlickrClient;
  progress: Progress;
  /** The account's NSID (from the credentials or `flickr.test.login`). */
  userNsid: string;
  /** The `runs` row of this run. */
  runId: number;
  /** Parallel file downloads (`--concurrency`). */
  concurrency: number;
  /** For file downloads (CDN), which are not API calls. Tests may inject their own. */
  files: FileClient;
  /** How long a download may go without receiving a byte before it is abandoned and retried. */
  stallTimeoutMs: number;
  /** First delay between download attempts; doubled per attempt. */
  downloadRetryBaseMs: number;
  /** Transient download failures retried so far in this run (reported in the summary). */
  downloadRetries: number;
  /** Aborted on Ctrl-C: phases stop taking new work and let writes in flight finish. */
  signal: AbortSignal;
  /** Problems worth telling the person at the end (exit code 1), e.g. a checksum mismatch. */
  attention: string[];
  /** Directories made or found in this run (see {@link directoriesOf}). */
  dirs?: DirectoryCache;
  /**
   * Items whose search rows the details phase wrote in this run, after everything this run
   * changes in what they index: the run's closing refresh of the search index leaves them out.
   */
  searchIndexed?: IdSet;
}

/** The run's {@link DirectoryCache}, made on first use. */
export function directoriesOf(ctx: ArchiveContext): DirectoryCache {
  return ctx.dirs ??= new DirectoryCache();
}

/**
 * Retry settings for the files a phase downloads: the run's backoff, Ctrl-C ending the waits
 * between attempts, and each retry counted for the summary.
 */
export function downloadRetry(ctx: ArchiveContext, attempts?: number) {
  return {
    attempts,
    baseDelayMs: ctx.downloadRetryBaseMs,
    stop: ctx.signal,
    onRetry: () => {
      ctx.downloadRetries++;
    },
  };
}
