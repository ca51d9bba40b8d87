/**
 * A {@link FileClient} over `fetch`: for downloads behind an HTTP proxy, for an origin that
 * `Http1Client` cannot connect to, and for tests that wrap fetch.
 *
 * Tested by src/flickr/default_file_client_test.ts and src/flickr/http1_client_test.ts.
 * @module
 */
import type { FileClient, FileResponse } from "./file_client.ts";

/** A {@link FileClient} over `fetch` (or a function like it). */
export class FetchFileClient implements FileClient {
  readonly #fetch: typeof fetch;

  constructor(fetchFn: typeof fetch = fetch) {
    this.#fetch = fetchFn;
  }

  async get(url: string, signal?: AbortSignal): Promise<FileResponse> {
    return new FetchedFile(await this.#fetch(url, { signal, redirect: "follow" }), url);
  }

  close(): void {}
}

class FetchedFile implements FileResponse {
  readonly #response: Response;
  readonly url: string;
  #reader?: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>;
  #byob = false;
  #buffer?: ArrayBuffer;

  constructor(response: Response, requested: string) {
    this.#response = response;
    this.url = response.url || requested;
  }

  get status(): number {
    return this.#response.status;
  }

  get statusText(): string {
    return this.#response.statusText;
  }

  header(name: string): string | null {
    return this.#response.headers.get(name);
  }

  bytes(): Promise<Uint8Array> {
    return this.#response.bytes();
  }

  async read(): Promise<Uint8Array | null> {
    const body = this.#response.body;
    if (!body) return null;
    if (!this.#reader) {
      // Into a buffer of our own, reused from read to read: default reads hand out a new buffer
      // per chunk, outside the JS heap, which V8 collects late (up to 90 MB of an archive run's
      // memory). A body that is not a byte stream (a Response built from a plain stream) cannot.
      try {
        this.#reader = body.getReader({ mode: "byob" });
        this.#byob = true;
      } catch {
        this.#reader = body.getReader();
      }
    }
    let chunk: ReadableStreamReadResult<Uint8Array>;
    if (this.#byob) {
      const buffer = this.#buffer ?? takeBuffer();
      this.#buffer = undefined; // detached by the read; its bytes come back in chunk.value
      chunk = await (this.#reader as ReadableStreamBYOBReader).read(new Uint8Array(buffer));
      if (chunk.value) this.#buffer = chunk.value.buffer as ArrayBuffer;
    } else {
      chunk = await (this.#reader as ReadableStreamDefaultReader<Uint8Array>).read();
    }
    if (chunk.done) {
      this.#finish();
      return null;
    }
    return chunk.value;
  }

  async cancel(): Promise<void> {
    const reader = this.#reader;
    this.#finish();
    if (reader) await reader.cancel().catch(() => {});
    else await this.#response.body?.cancel().catch(() => {});
  }

  #finish(): void {
    if (this.#buffer) giveBuffer(this.#buffer);
    this.#buffer = undefined;
  }
}

/** Read buffers of finished downloads, for the next ones. */
const freeBuffers: ArrayBuffer[] = [];
const READ_BUFFER_BYTES = 64 * 1024;

function takeBuffer(): ArrayBuffer {
  return freeBuffers.pop() ?? new ArrayBuffer(READ_BUFFER_BYTES);
}

function giveBuffer(buffer: ArrayBuffer): void {
  // A few more than the downloads that run at once; the rest are left to the collector.
  if (buffer.byteLength === READ_BUFFER_BYTES && freeBuffers.length < 32) freeBuffers.push(buffer);
}
