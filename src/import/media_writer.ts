/**
 * Streams one media file out of the export into the archive: written to `<dest>.part-<random>`,
 * hashed while writing, flushed, renamed into place, so a file appears only complete (design: "The
 * archive on disk"). The first bytes are kept for identifying the file and reading its EXIF.
 * @module
 */
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { type MediaKind, type PendingFile, sniffMedia } from "../archive/file_writer.ts";
import { canSyncFilesystems } from "../archive/filesystem_sync.ts";

/** What {@link writeStreamToFile} wrote. */
export interface WrittenMedia {
  bytes: number;
  sha256: string;
  /** What the first bytes say the file is. */
  kind: MediaKind;
  /** The first bytes (up to `headBytes`), where EXIF lives in JPEGs. */
  head: Uint8Array;
  /** With `deferCommit`: the file under its temporary name, for `commitFiles`. */
  pending?: PendingFile;
}

export { IMAGE_KINDS } from "../archive/file_writer.ts";

/**
 * Writes `chunks` to `dest` atomically. Refuses (before renaming) content that is neither an image
 * nor a video, e.g. an HTML page or a text file named like a photo. Any failure removes the
 * temporary file and leaves an existing `dest` untouched.
 *
 * With `deferCommit`, the file is left complete under its temporary name in `pending`, for
 * `commitFiles` to flush and rename with the rest of its batch (one `syncfs` for the batch where
 * it can, not an fsync per file and per folder).
 */
export async function writeStreamToFile(
  chunks: AsyncIterable<Uint8Array>,
  dest: string,
  headBytes = 256 * 1024,
  opts: { deferCommit?: boolean } = {},
): Promise<WrittenMedia> {
  await Deno.mkdir(dirname(dest), { recursive: true });
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(36))
    .join("");
  const tmp = join(dirname(dest), `${basename(dest)}.part-${random}`);
  const hash = createHash("sha256");
  const headParts: Uint8Array[] = [];
  let headLength = 0;
  let bytes = 0;
  let file: Deno.FsFile | undefined;
  let handedOver = false;
  try {
    file = await Deno.open(tmp, { write: true, createNew: true });
    for await (const chunk of chunks) {
      if (headLength < headBytes) {
        const part = chunk.subarray(0, headBytes - headLength);
        headParts.push(part.slice());
        headLength += part.length;
      }
      hash.update(chunk);
      let written = 0;
      while (written < chunk.length) written += await file.write(chunk.subarray(written));
      bytes += chunk.length;
    }
    const head = new Uint8Array(headLength);
    let at = 0;
    for (const p of headParts) (head.set(p, at), at += p.length);
    const kind = sniffMedia(head.subarray(0, 32));
    if (kind === "html" || kind === "unknown") {
      throw new Error(`${basename(dest)} is not an image or a video (${kind} content)`);
    }
    const written = { bytes, sha256: hash.digest("hex"), kind, head };
    if (opts.deferCommit) {
      if (!canSyncFilesystems()) await file.sync();
      file.close();
      file = undefined;
      handedOver = true;
      return {
        ...written,
        pending: canSyncFilesystems() ? { tmp, dest } : { tmp, dest, flushed: Promise.resolve() },
      };
    }
    await file.sync();
    file.close();
    file = undefined;
    await Deno.rename(tmp, dest);
    if (Deno.build.os !== "windows") {
      using dir = await Deno.open(dirname(dest), { read: true });
      await dir.sync();
    }
    return written;
  } finally {
    if (file) {
      try {
        file.close();
      } catch { /* already closed */ }
    }
    if (!handedOver) await Deno.remove(tmp).catch(() => {});
  }
}
