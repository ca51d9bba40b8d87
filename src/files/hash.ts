/**
 * Streaming SHA-256 of a file already on disk, for `verify` and for files an archive run adopts
 * (src/archive/file_writer.ts re-exports it).
 *
 * `src/archive/file_writer.ts` hashes while it writes; this reads a file back without holding it in
 * memory, so a 4 GB video costs 256 KiB of buffer.
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
