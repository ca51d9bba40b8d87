/**
 * Streams one media file out of the export into the archive: written to `<dest>.part-<random>` and
 * hashed while writing, then handed to `commitFiles`, which flushes and renames a batch into place,
 * so a file appears only complete (design: "The archive on disk"). The first bytes are kept for
 * identifying the file and reading its EXIF.
 *
 * Tested by src/import/media_files_test.ts.
 * @module
 */
import { createHash } from "node:crypto";
import { basename, dirname } from "node:path";
import { handOver, type PendingFile } from "../files/batch_commit.ts";
import { type MediaKind, sniffMedia } from "../files/sniff.ts";
import { tempName } from "../files/temp_files.ts";

/** What {@link writeStreamToFile} wrote. */
export interface WrittenMedia {
  bytes: number;
  sha256: string;
  /** What the first bytes say the file is. */
  kind: MediaKind;
  /** The first bytes (up to `headBytes`), where EXIF lives in JPEGs. */
  head: Uint8Array;
  /** The file under its temporary name: nothing is at `dest` until `commitFiles`. */
  pending: PendingFile;
}

/**
 * Writes `chunks` beside `dest` under a temporary name, for `commitFiles` to flush and rename with
 * the rest of its batch. Refuses content that is neither an image nor a video, e.g. an HTML page or
 * a text file named like a photo. Any failure removes the temporary file and leaves an existing
 * `dest` untouched.
 */
export async function writeStreamToFile(
  chunks: AsyncIterable<Uint8Array>,
  dest: string,
  headBytes = 256 * 1024,
): Promise<WrittenMedia> {
  await Deno.mkdir(dirname(dest), { recursive: true });
  const tmp = tempName(dest);
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
    const sha256 = hash.digest("hex");
    const pending = await handOver(file, tmp, dest);
    file = undefined;
    handedOver = true;
    return { bytes, sha256, kind, head, pending };
  } finally {
    if (file) {
      try {
        file.close();
      } catch { /* already closed */ }
    }
    if (!handedOver) await Deno.remove(tmp).catch(() => {});
  }
}
