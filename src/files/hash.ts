/**
 * The archive's hashes in one place: SHA-256 of bytes in memory (a sidecar, a picture, an export
 * copy) and of files already on disk (for `verify`, files a run adopts, an export's re-run), MD5
 * for `checksum:md5=` tags. A download hashes while it writes (`src/archive/download.ts`); the file
 * readers here read a file back without holding it in memory, so a 4 GB video costs a small buffer.
 * @module
 */
import { createHash } from "node:crypto";

/** Lowercase hex SHA-256 of bytes in memory. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Size and lowercase hex SHA-256 of a file, read in chunks. */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/**
 * Hashes the file at `path`. Throws `Deno.errors.NotFound` when it does not exist.
 *
 * @example
 * ```ts
 * const { bytes, sha256 } = await sha256File("photos/2019/07/123_dawn.jpg");
 * ```
 */
export async function sha256File(path: string): Promise<FileDigest> {
  using file = await Deno.open(path, { read: true });
  const hash = createHash("sha256");
  const buffer = new Uint8Array(256 * 1024);
  let bytes = 0;
  while (true) {
    const n = await file.read(buffer);
    if (n === null) break;
    hash.update(buffer.subarray(0, n));
    bytes += n;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/**
 * {@link sha256File}'s hex digest, read synchronously a megabyte at a time: for loops that compare
 * thousands of small files, where an asynchronous read per file costs more than the hashing.
 * Throws `Deno.errors.NotFound` when the file does not exist.
 */
export function sha256FileSync(path: string): string {
  const hasher = createHash("sha256");
  using file = Deno.openSync(path, { read: true });
  const buf = new Uint8Array(1 << 20);
  for (let n = file.readSync(buf); n !== null; n = file.readSync(buf)) {
    hasher.update(buf.subarray(0, n));
  }
  return hasher.digest("hex");
}

/** Lowercase hex MD5 of a file, read in chunks. Throws `Deno.errors.NotFound` when absent. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash("md5");
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}
