/**
 * Writes the site's files so that a re-run touches only what changed and an interrupted run leaves
 * a working site. A manifest beside the pages (`.flickrvault-site`, one
 * `hash<TAB>key<TAB>bytes<TAB>path` line per file) remembers what the last run wrote: a file
 * whose new content hashes the same, and that is still on disk, is left alone (same bytes, same
 * mtime, same inode); others are written to a temporary name and renamed over the old one, so a
 * reader never sees half a page. Files the last run wrote and this one did not are removed at the
 * end. A page may also carry a key, a digest of everything it is rendered from: when the key is
 * the last run's, the page is not even rendered again ({@link SiteWriter.reuse}).
 * @module
 */
import { SITE_MANIFEST } from "../output_markers.ts";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { releaseBody, removeStaleTempFiles, tempName } from "../archive/file_writer.ts";

/** The manifest's file name in the site folder. */
export const MANIFEST = SITE_MANIFEST;
/** Present while a run writes the site: found at the start, the last run was interrupted. */
const RUNNING = ".flickrvault-site-running";
const ENC = new TextEncoder();

/** What a run did to the files. */
export interface WriteCounts {
  /** Files produced in all (written or unchanged). */
  files: number;
  written: number;
  unchanged: number;
  removed: number;
  bytesWritten: number;
  /** Bytes of every file produced. */
  bytes: number;
}

/** Writes site files under `root`; see the module doc. */
export class SiteWriter {
  readonly counts: WriteCounts = {
    files: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    bytesWritten: 0,
    bytes: 0,
  };
  private previous = new Map<string, Entry>();
  private current = new Map<string, Entry>();
  private dirs = new Set<string>();

  private constructor(readonly root: string) {}

  /** A writer for the site at `root`, reading the last run's manifest if there is one. */
  static async open(root: string): Promise<SiteWriter> {
    const w = new SiteWriter(root);
    await Deno.mkdir(root, { recursive: true });
    try {
      await Deno.stat(join(root, RUNNING));
      // The last run was interrupted: its temporary files (`*.part-*`) are of no use.
      await removeStaleTempFiles(root);
    } catch {
      // it finished
    }
    await Deno.writeTextFile(join(root, RUNNING), "");
    try {
      const text = await Deno.readTextFile(join(root, MANIFEST));
      for (const line of text.split("\n")) {
        const [hash, key, bytes, path] = line.split("\t", 4);
        if (path) w.previous.set(path, { hash, key, bytes: Number(bytes) });
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return w;
  }

  /**
   * Keeps the file at `path` as the last run wrote it when it was made from the same inputs
   * (`key`, any string: it is hashed) and is still there; false when it must be rendered again.
   */
  reuse(path: string, key: string): boolean {
    return this.reuseAll([path], key);
  }

  /**
   * Keeps a group of files as the last run wrote them (a list's pages, a person's pages) when the
   * first was made from the same inputs (`key`, which covers the whole group) and all are still
   * there; false, keeping none, otherwise.
   */
  reuseAll(paths: string[], key: string): boolean {
    const first = this.previous.get(paths[0]);
    if (!first || first.key !== keyDigest(key)) return false;
    for (const path of paths) {
      if (!this.previous.has(path) || !existsSync(join(this.root, path))) return false;
    }
    for (const path of paths) {
      const before = this.previous.get(path)!;
      // What is left in `previous` at the end is what this run did not write: to be removed.
      this.previous.delete(path);
      this.current.set(path, before);
      this.counts.files++;
      this.counts.unchanged++;
      this.counts.bytes += before.bytes;
    }
    return true;
  }

  /**
   * Writes `content` at `path` (relative, `/`-separated) unless it is there already; `key` as in
   * {@link reuse}.
   */
  put(path: string, content: string | Uint8Array, key = ""): void {
    const bytes = typeof content === "string" ? ENC.encode(content) : content;
    try {
      this.#put(path, bytes, key);
    } finally {
      // The page's bytes live outside the JS heap: left to the collector, a hundred thousand
      // pages' worth piled up as tens of MB of peak memory before a collection freed them.
      if (bytes !== content) releaseBody(bytes);
    }
  }

  #put(path: string, bytes: Uint8Array, key: string): void {
    const hash = createHash("sha1").update(bytes).digest("base64url");
    const full = join(this.root, path);
    if (this.#record(path, hash, bytes.length, key)) return;
    this.#mkdirFor(full);
    const tmp = tempName(full);
    Deno.writeFileSync(tmp, bytes);
    Deno.renameSync(tmp, full);
    this.counts.written++;
    this.counts.bytesWritten += bytes.length;
  }

  /**
   * Writes a file given as a sequence of chunks (a search shard, a few MB), hashing as it goes so
   * that it is never whole in memory; left as it was when it hashes the same as the last run's.
   * A chunk may be reused once the next is asked for.
   */
  putChunks(path: string, chunks: Iterable<Uint8Array>, key = ""): void {
    const full = join(this.root, path);
    this.#mkdirFor(full);
    const tmp = tempName(full);
    const hasher = createHash("sha1");
    let size = 0;
    try {
      const file = Deno.openSync(tmp, { create: true, write: true, truncate: true });
      try {
        for (const chunk of chunks) {
          hasher.update(chunk);
          size += chunk.length;
          for (let off = 0; off < chunk.length;) off += file.writeSync(chunk.subarray(off));
        }
      } finally {
        file.close();
      }
      if (this.#record(path, hasher.digest("base64url"), size, key)) {
        Deno.removeSync(tmp);
        return;
      }
      Deno.renameSync(tmp, full);
    } catch (e) {
      try {
        Deno.removeSync(tmp);
      } catch {
        // renamed, or never made
      }
      throw e;
    }
    this.counts.written++;
    this.counts.bytesWritten += size;
  }

  /** Counts a file produced; true when it is on disk as the last run wrote it (nothing to write). */
  #record(path: string, hash: string, size: number, key: string): boolean {
    this.current.set(path, { hash, key: key ? keyDigest(key) : "", bytes: size });
    this.counts.files++;
    this.counts.bytes += size;
    const before = this.previous.get(path);
    this.previous.delete(path);
    if (before?.hash === hash && existsSync(join(this.root, path))) {
      this.counts.unchanged++;
      return true;
    }
    return false;
  }

  #mkdirFor(full: string): void {
    const dir = dirname(full);
    if (!this.dirs.has(dir)) {
      Deno.mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
  }

  /**
   * Removes the files the last run wrote that this one did not (pages of items gone from the
   * archive), then saves the manifest. Call once, after every `put`.
   */
  async finish(): Promise<void> {
    for (const path of this.previous.keys()) {
      if (this.current.has(path)) continue;
      try {
        await Deno.remove(join(this.root, path));
        this.counts.removed++;
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
    // Written a thousand lines at a time: the whole manifest as one string would be tens of MB.
    const full = join(this.root, MANIFEST);
    const tmp = tempName(full);
    const file = await Deno.open(tmp, { create: true, write: true, truncate: true });
    try {
      let chunk = "";
      let n = 0;
      for (const [path, e] of this.current) {
        chunk += `${e.hash}\t${e.key}\t${e.bytes}\t${path}\n`;
        if (++n % 1000 === 0) {
          await writeAll(file, ENC.encode(chunk));
          chunk = "";
        }
      }
      await writeAll(file, ENC.encode(chunk));
    } finally {
      file.close();
    }
    await Deno.rename(tmp, full);
    await Deno.remove(join(this.root, RUNNING)).catch(() => {});
    this.previous = this.current;
    this.current = new Map();
  }
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) written += await file.write(data.subarray(written));
}

interface Entry {
  hash: string;
  /** Digest of the page's inputs, or "". */
  key: string;
  bytes: number;
}

function keyDigest(key: string): string {
  return createHash("sha1").update(key).digest("base64url");
}

function existsSync(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
