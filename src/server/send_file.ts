/**
 * A small file sender: ETag from size and mtime, 304 on `If-None-Match`, one byte range → 206,
 * unsatisfiable ranges → 416, HEAD without a body. Hono's `serveStatic` has none of this.
 * @module
 */

/** What the caller knows about the file beyond its path. */
export interface SendFileOptions {
  contentType?: string | null;
  /** Content-addressed or never rewritten in place: cache for a year. */
  immutable?: boolean;
  /** Suggested download name (sent as `inline` so that browsers still show images and videos). */
  filename?: string;
}

/** Error thrown when the file cannot be opened; the caller turns it into a 404. */
export class FileMissingError extends Error {
  constructor(path: string, cause: unknown) {
    super(`Cannot read ${path}: ${(cause as Error).message ?? cause}`);
    this.name = "FileMissingError";
  }
}

/** Parses a `Range` header against the size; null when absent or not a single bytes range. */
export function parseRange(
  header: string | null,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null; // several ranges or junk: whole file
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

function etagOf(info: Deno.FileInfo): string {
  const mtime = info.mtime ? info.mtime.getTime() : 0;
  return `"${info.size.toString(36)}-${mtime.toString(36)}"`;
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const v = t.trim().replace(/^W\//, "");
    return v === "*" || v === etag;
  });
}

/** A stream of `length` bytes of `file` from its current position; closes the file when done. */
function limitedStream(file: Deno.FsFile, length: number): ReadableStream<Uint8Array> {
  let left = length;
  return new ReadableStream<Uint8Array>({
    type: "bytes",
    async pull(controller) {
      if (left <= 0) {
        file.close();
        controller.close();
        return;
      }
      const buf = new Uint8Array(Math.min(64 * 1024, left));
      const n = await file.read(buf);
      if (n === null || n === 0) {
        file.close();
        controller.close();
        return;
      }
      left -= n;
      controller.enqueue(buf.subarray(0, n));
    },
    cancel() {
      file.close();
    },
  });
}

/**
 * Answers `request` with the file at `path` (an absolute path the caller resolved from the catalog,
 * never from the request). Throws {@link FileMissingError} when it cannot be opened.
 *
 * @example
 * ```ts
 * app.get("/media/:id", (c) => sendFile(c.req.raw, "/archive/photos/1.jpg", { immutable: true }));
 * ```
 */
export async function sendFile(
  request: Request,
  path: string,
  options: SendFileOptions = {},
): Promise<Response> {
  let file: Deno.FsFile;
  let info: Deno.FileInfo;
  try {
    file = await Deno.open(path, { read: true });
    info = await file.stat();
  } catch (e) {
    throw new FileMissingError(path, e);
  }
  if (!info.isFile) {
    file.close();
    throw new FileMissingError(path, new Error("not a file"));
  }
  const etag = etagOf(info);
  const headers = new Headers({
    "ETag": etag,
    "Accept-Ranges": "bytes",
    "Content-Type": options.contentType || "application/octet-stream",
    "Cache-Control": options.immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  if (info.mtime) headers.set("Last-Modified", info.mtime.toUTCString());
  if (options.filename) {
    headers.set(
      "Content-Disposition",
      `inline; filename*=UTF-8''${encodeURIComponent(options.filename)}`,
    );
  }

  if (matchesEtag(request.headers.get("If-None-Match"), etag)) {
    file.close();
    return new Response(null, { status: 304, headers });
  }

  const size = info.size;
  let range = parseRange(request.headers.get("Range"), size);
  // If-Range with a different validator: send the whole file.
  const ifRange = request.headers.get("If-Range");
  if (range && ifRange && ifRange !== etag) range = null;

  if (range === "unsatisfiable") {
    file.close();
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }

  const head = request.method === "HEAD";
  if (range) {
    const length = range.end - range.start + 1;
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
    headers.set("Content-Length", String(length));
    if (head) {
      file.close();
      return new Response(null, { status: 206, headers });
    }
    await file.seek(range.start, Deno.SeekMode.Start);
    return new Response(limitedStream(file, length), { status: 206, headers });
  }

  headers.set("Content-Length", String(size));
  if (head) {
    file.close();
    return new Response(null, { status: 200, headers });
  }
  return new Response(limitedStream(file, size), { status: 200, headers });
}
