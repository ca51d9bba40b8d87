// Long on purpose: one class whose rules (whose file is whose, manifest and journal) read together.
/**
 * Writes the site's files so that a re-run touches only what changed, an interrupted run leaves a
 * working site, and no file the site did not write is ever overwritten or removed.
 *
 * A manifest beside the pages (`.flickrvault-site`, one `hash<TAB>key<TAB>bytes<TAB>path` line per
 * file) remembers what the last complete run wrote: its pages, assets and search shards, and the
 * media it copied or linked. A file whose new content hashes the same, and that is still on disk,
 * is left alone (same bytes, same mtime, same inode); others are written to a temporary name and
 * renamed over the old one, so a reader never sees half a page. Files the last run wrote and this
 * one did not are removed at the end. A page may also carry a key, a digest of everything it is
 * rendered from: when the key is the last run's, the page is not even rendered again
 * ({@link SiteWriter.reuse}).
 *
 * The folder is the site's only when it is new, empty or marked as a site (`output_folder.ts`).
 * Inside it, a file the manifest does not list, or one changed since the site wrote it (another
 * size, other bytes), is the person's: never overwritten nor removed, only counted
 * ({@link WriteCounts.leftAlone}). While a run writes, its journal (`.flickrvault-site-running`)
 * names each file before it is put in place and records it once it is: after a kill, the next run
 * knows the files the killed run wrote as the site's own, keeps those already right, and removes
 * only its temporary files.
 * @module
 */
import { SITE_JOURNAL, SITE_MANIFEST } from "../files/output_markers.ts";
import { Journal, refuseForeignFolder } from "../files/output_folder.ts";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { releaseBody } from "../files/buffers.ts";
import { removeStaleTempFiles, tempName } from "../files/temp_files.ts";
import { canSyncFilesystems, syncFilesystems } from "../files/filesystem_sync.ts";

/** The manifest's file name in the site folder. */
export const MANIFEST = SITE_MANIFEST;
const ENC = new TextEncoder();
/** Paths of files left alone kept for the report; the rest are only counted. */
const LEFT_ALONE_NAMED = 20;

/** What a run did to the files. */
export interface WriteCounts {
  /** Files produced in all (written or unchanged); media copies are counted apart. */
  files: number;
  written: number;
  unchanged: number;
  removed: number;
  bytesWritten: number;
  /** Bytes of every file produced. */
  bytes: number;
  /**
   * Files the site would have written or removed that are not its own (put there by someone, or
   * changed since the site wrote them): left as they are.
   */
  leftAlone: number;
}

/** How a media file reaches the site. */
export interface MediaSource {
  /** The archive file. */
  from: string;
  info: Deno.FileInfo;
  /** Its SHA-256 as the catalog records it, or null. */
  sha256: string | null;
  /** A hard link rather than a copy (a copy where the disk refuses). */
  link: boolean;
}

/** Writes site files under `root`; see the module doc. */
/** What {@link SiteWriter.put} did: wrote the file, found it there already, or found another's. */
export type PutOutcome = "written" | "same" | "left alone";

export class SiteWriter {
  readonly counts: WriteCounts = {
    files: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    bytesWritten: 0,
    bytes: 0,
    leftAlone: 0,
  };
  /** The first few files left alone, relative to the site. */
  readonly leftAlone: string[] = [];
  /** The site's files before this run: the manifest's, and those a killed run's journal names. */
  private previous = new Map<string, Entry>();
  private current = new Map<string, Entry>();
  private dirs = new Set<string>();
  /** Journal lines of files written, appended with the next line that must be written first. */
  private done = "";
  /**
   * The folder was new or empty: nothing stands where a file goes unless this run put it there,
   * so files are not looked for first (a failed stat costs an exception: seconds over a site of
   * a hundred thousand pages).
   */
  private fresh = false;
  /** After an interrupted run that left no record: a file holding what is written is the site's. */
  private adoptSame = false;

  private constructor(
    readonly root: string,
    private journal: Journal,
    /** What every page's key also holds (see {@link SiteWriter.open}). */
    private readonly variant: string,
  ) {}

  /**
   * A writer for the site at `root`: refuses (UsageError) a folder that holds other files and is
   * not a site; reads the last run's manifest, and the journal of a run killed since. `variant`
   * is part of every page's key (`site --privacy`: a page of a narrower site is never the wider
   * one's); "" for the whole archive, whose keys it leaves as they were.
   */
  static async open(root: string, variant = ""): Promise<SiteWriter> {
    await refuseForeignFolder(root, "site", [SITE_MANIFEST, SITE_JOURNAL]);
    await Deno.mkdir(root, { recursive: true });
    const previous = new Map<string, Entry>();
    try {
      const text = await Deno.readTextFile(join(root, MANIFEST));
      for (const line of text.split("\n")) {
        const [hash, key, bytes, path] = line.split("\t", 4);
        if (path) previous.set(path, { hash, key, bytes: Number(bytes) });
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    const { journal, left, interrupted } = Journal.open(join(root, SITE_JOURNAL));
    for (const line of left) {
      if (line.startsWith("+\t")) previous.set(line.slice(2), UNKNOWN);
      else if (line.startsWith("=\t")) {
        const [, hash, bytes, path] = line.split("\t", 4);
        if (path) previous.set(path, { hash, key: "", bytes: Number(bytes) });
      }
    }
    // An empty journal: a run of an earlier version (whose marker said no more than "running")
    // was interrupted, Ctrl-C included, or one of this version before it wrote anything. What it
    // wrote is not known: the files the manifest lists may have been rewritten (their bytes are
    // read before they are trusted, and pages are rendered again), and a file it does not list is
    // taken as the site's when it holds the very bytes this run writes there.
    const unknown = interrupted && left.length === 0;
    if (unknown) {
      for (const [path, e] of previous) previous.set(path, { ...e, key: "", bytes: -1 });
    }
    // The last run was interrupted: the temporary files (`*.part-*`) of what it was writing are of
    // no use. Only the site's own, where the journal says which, and the manifest's: a person's
    // `notes.part-2` stays.
    if (interrupted) {
      await removeStaleTempFiles(
        root,
        unknown ? undefined : (path) => previous.has(path) || path === MANIFEST,
      );
    }
    const w = new SiteWriter(root, journal, variant);
    w.previous = previous;
    w.fresh = previous.size === 0 && !interrupted;
    w.adoptSame = unknown;
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
  reuseAll(paths: string[], key: string | PageKey): boolean {
    const first = this.previous.get(paths[0]);
    if (!first || first.key !== this.#digestOf(key)) return false;
    for (const path of paths) {
      if (!this.previous.has(path) || !existsSync(join(this.root, path))) return false;
    }
    for (const path of paths) {
      const before = this.previous.get(path)!;
      this.#track(path, before);
      this.counts.files++;
      this.counts.unchanged++;
      this.counts.bytes += before.bytes;
    }
    return true;
  }

  /**
   * A page's key, digested now: a page queued until its media are placed keeps the digest, not
   * its inputs (a list page's inputs, its tiles as JSON, are as large as the page itself).
   */
  pageKey(key: string): PageKey {
    return { digest: this.#keyDigest(key) };
  }

  /**
   * Writes `content` at `path` (relative, `/`-separated) unless it is there already, or a file
   * that is not the site's is there; `key` as in {@link reuse}, or digested ({@link pageKey}).
   * Answers what it did.
   */
  put(path: string, content: string | Uint8Array, key: string | PageKey = ""): PutOutcome {
    const bytes = typeof content === "string" ? ENC.encode(content) : content;
    try {
      return this.#put(path, bytes, key);
    } finally {
      // The page's bytes live outside the JS heap: left to the collector, a hundred thousand
      // pages' worth piled up as tens of MB of peak memory before a collection freed them.
      if (bytes !== content) releaseBody(bytes);
    }
  }

  #put(path: string, bytes: Uint8Array, key: string | PageKey): PutOutcome {
    const hash = createHash("sha1").update(bytes).digest("base64url");
    const entry = { hash, key: this.#digestOf(key), bytes: bytes.length };
    const full = join(this.root, path);
    const before = this.previous.get(path);
    const there = this.#lookUp(full, before);
    if (there) {
      if (there.isFile && this.#holds(full, there, before, entry)) {
        this.#unchanged(path, entry);
        return "same";
      }
      if (!this.#replaceable(full, there, before)) {
        this.#leaveAlone(path);
        return "left alone";
      }
    }
    this.#mkdirFor(full);
    this.#intend(path);
    const tmp = tempName(full);
    Deno.writeFileSync(tmp, bytes);
    Deno.renameSync(tmp, full);
    this.#written(path, entry);
    return "written";
  }

  /**
   * Writes a file given as a sequence of chunks (a search shard, a few MB), hashing as it goes so
   * that it is never whole in memory; left as it was when it hashes the same as the last run's.
   * A chunk may be reused once the next is asked for.
   */
  putChunks(path: string, chunks: Iterable<Uint8Array>, key = ""): void {
    const full = join(this.root, path);
    const before = this.previous.get(path);
    const there = this.#lookUp(full, before);
    if (there && !before && this.adoptSame && there.isFile) {
      // Not listed: the site's only if it holds these very bytes. Hashed, not written.
      const hasher = createHash("sha1");
      let size = 0;
      for (const chunk of chunks) {
        hasher.update(chunk);
        size += chunk.length;
      }
      const entry = {
        hash: hasher.digest("base64url"),
        key: key ? this.#keyDigest(key) : "",
        bytes: size,
      };
      if (this.#holds(full, there, before, entry)) return this.#unchanged(path, entry);
      return this.#leaveAlone(path);
    }
    if (there && !this.#replaceable(full, there, before)) return this.#leaveAlone(path);
    this.#mkdirFor(full);
    this.#intend(path);
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
      const entry = {
        hash: hasher.digest("base64url"),
        key: key ? this.#keyDigest(key) : "",
        bytes: size,
      };
      if (there && this.#holds(full, there, before, entry)) {
        Deno.removeSync(tmp);
        this.done += doneLine(path, entry);
        return this.#unchanged(path, entry);
      }
      Deno.renameSync(tmp, full);
      this.#written(path, entry);
    } catch (e) {
      try {
        Deno.removeSync(tmp);
      } catch {
        // renamed, or never made
      }
      throw e;
    }
  }

  /**
   * Puts a copy (or a hard link) of an archive file at `path`, unless the same file is there
   * already: the site's copy, or a file of the same size (a link: the same file) whose SHA-256 is
   * the archive file's. Answers what it did; "left alone" when a file that is not the site's is
   * there.
   */
  placeMedia(path: string, source: MediaSource): "placed" | "same" | "left alone" {
    const full = join(this.root, path);
    const entry = {
      hash: source.sha256 ? `${SHA256}${source.sha256}` : "",
      key: "",
      bytes: source.info.size,
    };
    const before = this.previous.get(path);
    const there = this.#lookUp(full, before);
    if (there) {
      const linked = there.ino !== null && there.ino === source.info.ino &&
        there.dev === source.info.dev;
      // The site's copy of the same bytes: same size, and the same SHA-256 in the catalog then
      // and now where both are known (a hard link: the very file).
      const same = there.isFile && there.size === source.info.size &&
        (source.link ? linked : !before?.hash || !entry.hash || before.hash === entry.hash);
      // A copy the manifest does not list (a site made before media were listed, or one a killed
      // run made before its journal said so) is adopted only when it is that very file.
      if (
        same && (before || linked || (source.sha256 !== null && sha256Of(full) === source.sha256))
      ) {
        this.#track(path, entry);
        return "same";
      }
      if (!this.#replaceable(full, there, before)) {
        this.#leaveAlone(path);
        return "left alone";
      }
    }
    this.#mkdirFor(full);
    this.#intend(path);
    const tmp = tempName(full);
    let linked = false;
    if (source.link) {
      try {
        Deno.linkSync(source.from, tmp);
        linked = true;
      } catch {
        // another disk, or a file system without hard links: copy instead
      }
    }
    if (!linked) Deno.copyFileSync(source.from, tmp);
    Deno.renameSync(tmp, full);
    this.#track(path, entry);
    this.done += doneLine(path, entry);
    return "placed";
  }

  /**
   * Keeps `path` in the site as the last run left it (a media copy still in the archive whose
   * source cannot be read now); false when the last run did not write it.
   */
  keep(path: string): boolean {
    const before = this.previous.get(path);
    if (!before) return false;
    this.#track(path, before);
    return true;
  }

  /**
   * The files under `prefix` (e.g. "media/") that the last run wrote and this one has neither
   * written nor kept so far.
   */
  leftOver(prefix: string): string[] {
    return [...this.previous.keys()].filter((p) => p.startsWith(prefix));
  }

  /**
   * Removes a file the last run wrote, unless it changed since (then it is the person's now and is
   * left alone). Answers whether a file was removed.
   */
  remove(path: string): boolean {
    const before = this.previous.get(path);
    if (!before) return false;
    this.previous.delete(path);
    const full = join(this.root, path);
    const there = lstatOrNull(full);
    if (!there) return false;
    if (!this.#replaceable(full, there, before)) {
      this.#leaveAlone(path);
      return false;
    }
    try {
      Deno.removeSync(full);
      return true;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw e;
    }
  }

  /**
   * Whether the file found at `full` may be replaced or removed: the site wrote it (the manifest
   * or a killed run's journal lists it) and it is as the site left it (same size; same bytes when
   * the manifest knows their hash).
   */
  #replaceable(full: string, there: Deno.FileInfo, before: Entry | undefined): boolean {
    if (!before || !there.isFile) return false;
    if (before.bytes < 0) return true; // a killed run wrote it: what, its journal did not say
    if (there.size !== before.bytes) return false;
    if (before.hash === "") return true;
    return hashOf(full, before.hash) === before.hash;
  }

  /**
   * Whether the file at `full` already holds `entry`'s bytes and is the site's: by the manifest's
   * hash, or (a file a killed run wrote, or one after a run that left no record) by reading it.
   */
  #holds(full: string, there: Deno.FileInfo, before: Entry | undefined, entry: Entry): boolean {
    if (before && before.bytes >= 0) {
      return before.hash === entry.hash && there.size === entry.bytes;
    }
    if (!before && !this.adoptSame) return false;
    return there.size === entry.bytes && hashOf(full, entry.hash) === entry.hash;
  }

  /** What stands at `full` (a file of the last run's, or anything in a folder not fresh). */
  #lookUp(full: string, before: Entry | undefined): Deno.FileInfo | null {
    return before || !this.fresh ? lstatOrNull(full) : null;
  }

  #keyDigest(key: string): string {
    return createHash("sha1").update(this.variant).update(key).digest("base64url");
  }

  /** The digest a file's entry holds: "" for no key. */
  #digestOf(key: string | PageKey): string {
    if (typeof key !== "string") return key.digest;
    return key ? this.#keyDigest(key) : "";
  }

  #leaveAlone(path: string): void {
    this.previous.delete(path);
    this.counts.leftAlone++;
    if (this.leftAlone.length < LEFT_ALONE_NAMED) this.leftAlone.push(path);
  }

  /** Records that this run produced `path` (written or kept); what is left in `previous` goes. */
  #track(path: string, entry: Entry): void {
    this.previous.delete(path);
    this.current.set(path, entry);
  }

  #unchanged(path: string, entry: Entry): void {
    this.#track(path, entry);
    this.counts.files++;
    this.counts.unchanged++;
    this.counts.bytes += entry.bytes;
  }

  #written(path: string, entry: Entry): void {
    this.#track(path, entry);
    this.done += doneLine(path, entry);
    this.counts.files++;
    this.counts.bytes += entry.bytes;
    this.counts.written++;
    this.counts.bytesWritten += entry.bytes;
  }

  /** Journals that `path` is about to be written, with the files written since the last line. */
  #intend(path: string): void {
    this.journal.append(`${this.done}+\t${path}\n`);
    this.done = "";
  }

  #mkdirFor(full: string): void {
    const dir = dirname(full);
    if (!this.dirs.has(dir)) {
      Deno.mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
  }

  /** Stops without finishing (the run failed): the journal stays for the next run to read. */
  abandon(): void {
    this.journal.close();
  }

  /**
   * Removes the files the last run wrote that this one did not (pages of items gone from the
   * archive), then saves the manifest and drops the journal. Call once, after every `put`.
   */
  async finish(): Promise<void> {
    for (const path of [...this.previous.keys()]) {
      if (this.current.has(path)) continue;
      if (this.remove(path)) this.counts.removed++;
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
    // The manifest must not name a file whose bytes a power cut could still lose: one flush of
    // the file system for the whole run, where the system has it.
    if (canSyncFilesystems()) await syncFilesystems([this.root]);
    await Deno.rename(tmp, full);
    await this.journal.finish();
    this.previous = this.current;
    this.current = new Map();
  }
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let written = 0;
  while (written < data.length) written += await file.write(data.subarray(written));
}

/** A page's key as {@link SiteWriter.pageKey} digested it. */
export interface PageKey {
  readonly digest: string;
}

/** What the site knows of a file it wrote. */
interface Entry {
  /**
   * Pages, assets, shards: the SHA-1 of the bytes (base64url). Media: `sha256:` and the archive
   * file's SHA-256, or "" when the catalog has none. "" too for a file a killed run wrote.
   */
  hash: string;
  /** Digest of the page's inputs, or "". */
  key: string;
  /** -1: written by a run killed before its journal said what. */
  bytes: number;
}

/** A file the journal of a killed run names as about to be written. */
const UNKNOWN: Entry = { hash: "", key: "", bytes: -1 };
const SHA256 = "sha256:";

/**
 * The journal's record of a file written: its hash and size, not its key. A page kept by its key
 * takes its search document from the last search shard, which a killed run may not have written:
 * the pages a killed run wrote are rendered again (and kept, unwritten, when their bytes match).
 */
function doneLine(path: string, e: Entry): string {
  return `=\t${e.hash}\t${e.bytes}\t${path}\n`;
}

/** The hash of the file at `path` in the form of `like` (a page's SHA-1, or `sha256:` media). */
function hashOf(path: string, like: string): string {
  return like.startsWith(SHA256)
    ? `${SHA256}${sha256Of(path)}`
    : digestOf(path, "sha1", "base64url");
}

function sha256Of(path: string): string {
  return digestOf(path, "sha256", "hex");
}

/**
 * The one buffer files are hashed through (reads are synchronous): a megabyte allocated per file
 * hashed piled up outside the JS heap when a re-run replaced or removed thousands of files.
 */
const HASH_BUFFER = new Uint8Array(1 << 20);

/** A file's digest, read a megabyte at a time (media copies may be large). */
function digestOf(path: string, algorithm: string, encoding: "hex" | "base64url"): string {
  const hasher = createHash(algorithm);
  const file = Deno.openSync(path, { read: true });
  try {
    for (let n = file.readSync(HASH_BUFFER); n !== null; n = file.readSync(HASH_BUFFER)) {
      hasher.update(HASH_BUFFER.subarray(0, n));
    }
  } finally {
    file.close();
  }
  return hasher.digest(encoding);
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch {
    return null;
  }
}

function existsSync(path: string): boolean {
  return lstatOrNull(path) !== null;
}
