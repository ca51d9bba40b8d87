/**
 * How the archive fetches files (photos, videos, buddy icons) from Flickr's hosts: a
 * {@link FileClient}. Two implement it: `Http1Client` (`http1_client.ts`), the default, and
 * `FetchFileClient` (`fetch_file_client.ts`) over `fetch`, used where fetch must do the work:
 * behind an HTTP proxy (fetch honours `HTTPS_PROXY` and the like), and in tests that wrap fetch to
 * watch the traffic. `defaultFileClient` (`default_file_client.ts`) chooses.
 *
 * An archive run's API calls with small answers (getInfo, comments, faves, contexts) go through the
 * run's file client too (`FlickrClientOptions.http`); pages of up to 500 items, and every call
 * outside a run (sign-in, setup), through fetch.
 *
 * Tested by src/flickr/http1_client_test.ts and tests/archive_under_faults_test.ts.
 * @module
 */
/** A response to a file request, its body read once, by {@link bytes} or by {@link read}. */
export interface FileResponse {
  readonly status: number;
  readonly statusText: string;
  /** The URL after redirects. */
  readonly url: string;
  /** A response header (case-insensitive name), or null. */
  header(name: string): string | null;
  /** The whole body. */
  bytes(): Promise<Uint8Array>;
  /**
   * The next bytes of the body, or null at its end. The view is valid only until the next call:
   * use or copy it before.
   */
  read(): Promise<Uint8Array | null>;
  /** Abandons the rest of the body (and the connection it came on). */
  cancel(): Promise<void>;
}

/** Fetches files by URL, following redirects. */
export interface FileClient {
  /** Aborting `signal` rejects the request or the body's next read with the signal's reason. */
  get(url: string, signal?: AbortSignal): Promise<FileResponse>;
  /**
   * Closes idle connections; those of requests still in flight close when their answer ends.
   * Requests made afterwards still work, on connections of their own.
   */
  close(): void;
}
