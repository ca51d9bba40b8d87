/**
 * The simulator's file server: photo sizes and originals, buddy icons, and videos through
 * Flickr's page-style `play/` URLs that redirect (302) to short-lived signed URLs. Sends `ETag`,
 * `Last-Modified`, `Content-Length`, answers `Range` (206/416), `If-None-Match` (304) and `HEAD`;
 * 404 for unknown files (and, on a free account, for the sizes above Large 1024 of a limited
 * photo), 403 for a stale secret or an expired signature.
 * @module
 */
import { type Account, FREE_ACCOUNT_MAX_EDGE, type Item } from "./account.ts";
import type { FileStore } from "./files.ts";
import { hash32 } from "./prng.ts";
import { sizeBySuffix, sizesOf, videoStreams } from "./sizes.ts";

/** How long a signed video URL stays valid, as on Flickr (about 3 minutes). */
export const VIDEO_URL_TTL_SECONDS = 180;

/** A fault to apply to a file body. */
export type BodyFault = "truncate" | "stall" | undefined;

/** Options of {@link sendBytes}. */
export interface SendOptions {
  contentType: string;
  etag: string;
  lastModified?: number;
  fault?: BodyFault;
  /** Called with the number of body bytes handed to the connection. */
  onBytes?: (n: number) => void;
  /** Streams that stall register here so that closing the server can end them. */
  stalled?: Set<ReadableStreamDefaultController<Uint8Array>>;
}

/** Answers a file request with Range, ETag, 304 and HEAD support, and optional body faults. */
export function sendBytes(req: Request, bytes: Uint8Array, opts: SendOptions): Response {
  // A plain object is much cheaper than Headers on this hot path (thousands of files a second).
  const headers: Record<string, string> = {
    "content-type": opts.contentType,
    "etag": opts.etag,
    "accept-ranges": "bytes",
    "cache-control": "max-age=31536000",
  };
  if (opts.lastModified) headers["last-modified"] = httpDate(opts.lastModified);
  const inm = req.headers.get("if-none-match");
  if (inm && inm.split(",").some((t) => t.trim() === opts.etag)) {
    return new Response(null, { status: 304, headers });
  }
  let status = 200;
  let body = bytes;
  const range = req.headers.get("range");
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    const size = bytes.length;
    let start = -1;
    let end = -1;
    if (m && (m[1] !== "" || m[2] !== "")) {
      if (m[1] === "") {
        start = Math.max(0, size - Number(m[2]));
        end = size - 1;
      } else {
        start = Number(m[1]);
        end = m[2] === "" ? size - 1 : Math.min(size - 1, Number(m[2]));
      }
    }
    if (m && (start > end || start >= size || start < 0)) {
      headers["content-range"] = `bytes */${size}`;
      return new Response(null, { status: 416, headers });
    }
    if (m) {
      status = 206;
      body = bytes.subarray(start, end + 1);
      headers["content-range"] = `bytes ${start}-${end}/${size}`;
    }
  }
  if (req.method === "HEAD") {
    headers["content-length"] = String(body.length);
    return new Response(null, { status, headers });
  }
  if (opts.fault && body.length > 1) {
    // Declare the full length, so that a body cut short is visibly short.
    headers["content-length"] = String(body.length);
    return new Response(faultyStream(body, opts.fault, opts), { status, headers });
  }
  opts.onBytes?.(body.length);
  // Deno sets Content-Length itself for a byte body.
  return new Response(body as Uint8Array<ArrayBuffer>, { status, headers });
}

const httpDates = new Map<number, string>();

/** An HTTP date for a unix time, memoised (the same few thousand values recur). */
function httpDate(unix: number): string {
  let s = httpDates.get(unix);
  if (s === undefined) {
    if (httpDates.size > 50_000) httpDates.clear();
    s = new Date(unix * 1000).toUTCString();
    httpDates.set(unix, s);
  }
  return s;
}

/** A body that sends part of the bytes, then either closes early (truncate) or hangs (stall). */
function faultyStream(
  body: Uint8Array,
  fault: "truncate" | "stall",
  opts: SendOptions,
): ReadableStream<Uint8Array> {
  const part = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
  let sent = false;
  let ctrl: ReadableStreamDefaultController<Uint8Array> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>({
    start(c) {
      ctrl = c;
    },
    pull(c) {
      if (!sent) {
        sent = true;
        c.enqueue(part.slice());
        opts.onBytes?.(part.length);
        return;
      }
      if (fault === "truncate") {
        // Erroring the body makes the server drop the connection short of Content-Length.
        c.error(new Error("simulated truncated download"));
        return;
      }
      opts.stalled?.add(c);
      // Hang: never enqueue again. A long safety timer ends it if nobody closes the server.
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          opts.stalled?.delete(c);
          try {
            c.error(new Error("simulated stall ended"));
          } catch { /* already closed */ }
          resolve();
        }, 10 * 60_000);
      });
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      if (ctrl) opts.stalled?.delete(ctrl);
    },
  }, { highWaterMark: 0 });
}

/** A weak ETag-like tag for bytes identified by a key (cheap: no hashing of the bytes). */
export function etagFor(key: string, length: number): string {
  return `"${hash32(length, key.length).toString(16)}${hashString(key).toString(16)}"`;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Signs a video file path with an expiry. */
export function signVideoPath(secret: string, path: string, expires: number): string {
  return (hashString(`${secret}|${path}|${expires}`).toString(16) +
    hashString(`${expires}|${path}|${secret}`).toString(16));
}

/** The outcome of routing a file request. */
export type FileRoute =
  | { kind: "bytes"; bytes: Uint8Array; contentType: string; etag: string; lastModified?: number }
  | { kind: "response"; response: Response };

/** Bytes to send, with the ETag of `key` (see {@link etagFor}). */
function bytesRoute(
  bytes: Uint8Array,
  contentType: string,
  key: string,
  lastModified?: number,
): FileRoute {
  return { kind: "bytes", bytes, contentType, etag: etagFor(key, bytes.length), lastModified };
}

const notFound = () =>
  ({ kind: "response", response: new Response("Not Found", { status: 404 }) }) as const;
const forbidden = () =>
  ({ kind: "response", response: new Response("Forbidden", { status: 403 }) }) as const;

/** Resolves file paths on the simulator's CDN to bytes. */
export class Cdn {
  constructor(
    readonly account: Account,
    readonly files: FileStore,
    readonly origin: () => string,
    /** Secret for signing video URLs. */
    readonly signingSecret: string,
  ) {}

  /** Whether `path` is a file path this CDN serves. */
  static handles(path: string): boolean {
    return path.startsWith("/cdn/") || path.startsWith("/cdn-farm") ||
      path === "/images/buddyicon.gif" ||
      path.startsWith("/video-cdn/") || /^\/photos\/[^/]+\/\d+\/play\//.test(path);
  }

  /** Routes a file request. */
  route(url: URL, now = Date.now()): FileRoute {
    const path = url.pathname;
    let m = /^\/cdn\/(\d+)\/(\d+)_([0-9a-f]+)(?:_([a-z]))?\.(jpg|png|gif|mp4|mov)$/.exec(path);
    if (m) return this.#image(m[1], m[2], m[3], m[4] ?? "", m[5]);
    m = /^\/cdn-farm(\d+)\/(\d+)\/buddyicons\/([^/]+)\.jpg$/.exec(path);
    if (m) {
      const person = this.account.personByNsid(decodeURIComponent(m[3]));
      if (
        !person || person.iconserver !== m[2] || String(person.iconfarm) !== m[1] ||
        person.iconserver === "0"
      ) {
        return notFound();
      }
      return bytesRoute(this.files.buddyIcon(person.nsid), "image/jpeg", `buddy:${person.nsid}`);
    }
    if (path === "/images/buddyicon.gif") {
      return bytesRoute(this.files.defaultBuddyIcon(), "image/gif", "buddy:default");
    }
    m = /^\/photos\/([^/]+)\/(\d+)\/play\/([a-z0-9_]+)\/([0-9a-f]+)\/?$/.exec(path);
    if (m) return this.#play(m[2], m[3], m[4], now);
    m = /^\/video-cdn\/(\d+)_([0-9a-f]+)_([a-z0-9_]+)\.mp4$/.exec(path);
    if (m) return this.#video(path, m[1], m[2], m[3], url, now);
    return notFound();
  }

  #live(id: string): Item | undefined {
    const ref = this.account.locate(id);
    if (!ref || this.account.isDeleted(ref.kind, ref.index)) return undefined;
    return this.account.item(ref.kind, ref.index);
  }

  #image(server: string, id: string, secret: string, suffix: string, ext: string): FileRoute {
    const item = this.#live(id);
    if (!item || item.server !== server) return notFound();
    const spec = sizeBySuffix(suffix);
    if (!spec) return notFound();
    const isOriginal = spec.suffix === "o";
    if (isOriginal && ext !== item.originalformat) return notFound();
    if (!isOriginal && ext !== "jpg") return notFound();
    const expected = isOriginal
      ? item.originalsecret
      : spec.suffix === "h"
      ? item.hsecret
      : spec.suffix === "k"
      ? item.ksecret
      : item.secret;
    if (secret !== expected) return forbidden();
    // A free account's limited photo has no file above Large 1024, not even for its owner: the
    // CDN answers as for a size that does not exist.
    const maxEdge = this.account.limitedTo1024(item) ? FREE_ACCOUNT_MAX_EDGE : Infinity;
    if (isOriginal && maxEdge !== Infinity) return notFound();
    if (isOriginal && !item.canDownload) return forbidden();
    if (!sizesOf(item, true, maxEdge).some((s) => s.spec === spec)) return notFound();
    return bytesRoute(
      this.files.image(item, spec),
      "image/jpeg",
      `${id}_${secret}_${suffix}`,
      item.lastupdate,
    );
  }

  #play(id: string, label: string, secret: string, now: number): FileRoute {
    const item = this.#live(id);
    if (!item || !item.video) return notFound();
    const stream = videoStreams(item, true).find((s) => s.name === label);
    if (!stream) return notFound();
    const expected = stream.original ? item.originalsecret : item.secret;
    if (secret !== expected) return forbidden();
    // Fetching the original from a script fails on Flickr for some videos: simulate it.
    if (stream.original && !item.video.originalFetchable) return notFound();
    const expires = Math.floor(now / 1000) + VIDEO_URL_TTL_SECONDS;
    const path = `/video-cdn/${item.id}_${secret}_${label}.mp4`;
    const sig = signVideoPath(this.signingSecret, path, expires);
    return {
      kind: "response",
      response: new Response(null, {
        status: 302,
        headers: { location: `${this.origin()}${path}?expires=${expires}&sig=${sig}` },
      }),
    };
  }

  #video(
    path: string,
    id: string,
    secret: string,
    label: string,
    url: URL,
    now: number,
  ): FileRoute {
    const expires = Number(url.searchParams.get("expires"));
    const sig = url.searchParams.get("sig") ?? "";
    if (!Number.isInteger(expires) || sig !== signVideoPath(this.signingSecret, path, expires)) {
      return forbidden();
    }
    if (expires < Math.floor(now / 1000)) return forbidden();
    const item = this.#live(id);
    if (!item || !item.video) return notFound();
    const expected = label === "orig" ? item.originalsecret : item.secret;
    if (secret !== expected) return forbidden();
    return bytesRoute(
      this.files.video(item, label),
      "video/mp4",
      `${id}_${secret}_${label}`,
      item.lastupdate,
    );
  }
}
