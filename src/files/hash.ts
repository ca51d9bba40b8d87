/**
 * Hashes of files already on disk: SHA-256 for `verify` and for files a run adopts, MD5 for
 * `checksum:md5=` tags. A download hashes while it writes (`src/archive/download.ts`); these read
 * a file back without holding it in memory, so a 4 GB video costs 256 KiB of buffer.
 * @module
 */
import { createHash } from "node:crypto";

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

/** Lower-case hex MD5 of a file, read in chunks. Throws `Deno.errors.NotFound` when absent. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash("md5");
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}
