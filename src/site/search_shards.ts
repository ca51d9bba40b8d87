/**
 * The site's search index: each item's words (title, description, tags, comments, place) and
 * what a result shows, in shards of a few thousand documents, each a script that hands its
 * documents to the page (`fvSearchAdd([...])`): browsers load scripts from `file://` but refuse
 * fetch(). An item's shard follows from its id alone, so an edit changes one shard, not all.
 * Documents go to a scratch file per shard as they come, one per line, so memory stays flat; each
 * shard is assembled at the end, one at a time, its documents in the order of their ids, and
 * streamed into place: no shard is ever a whole string. Each document line ends with a comma (an
 * array literal allows a trailing one). On a re-run, items whose page was kept unread are only named
 * ({@link SearchShards.keep}): a shard none of whose items changed, and that holds the same items,
 * is kept as it is; another takes the kept items' documents from its last version on disk.
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { releaseBody } from "../files/buffers.ts";

/** Documents per shard, about: small enough to index in a blink, few enough files. */
export const DOCS_PER_SHARD = 4000;
/** The scratch folder under the site, removed once the shards are written. */
const SCRATCH = ".search-building";
const ENC = new TextEncoder();

/** FNV-1a of a string: a cheap, stable spread of ids over shards. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Collects the documents and writes the shard scripts. */
export class SearchShards {
  private readonly files: Deno.FsFile[];
  private readonly dir: string;
  /** Per shard: the ids of items whose document is to be taken from the shard's last version. */
  private kept: Set<string>[] = [];
  /** Per shard: whether a document was added (the shard must be assembled again). */
  private dirty: boolean[] = [];
  /** Per shard: an order-free digest of the ids it holds (XOR of their hashes) and their count. */
  private members: { xor: Uint32Array; n: number }[] = [];
  /** Set while missing documents are added in `finish`: they are members already. */
  private late = false;

  private constructor(private readonly siteDir: string, dir: string, files: Deno.FsFile[]) {
    this.dir = dir;
    this.files = files;
  }

  /** Shards for about `expected` items, with scratch files under `siteDir`. */
  static open(siteDir: string, expected: number): SearchShards {
    const n = Math.max(1, Math.ceil(expected / DOCS_PER_SHARD));
    const dir = join(siteDir, SCRATCH);
    try {
      Deno.removeSync(dir, { recursive: true }); // left by an interrupted run
    } catch {
      // none
    }
    return new SearchShards(siteDir, dir, []).init(n);
  }

  /** How many shards there are (items move between shards when it changes). */
  get count(): number {
    return this.files.length;
  }

  private init(n: number): SearchShards {
    Deno.mkdirSync(this.dir, { recursive: true });
    for (let i = 0; i < n; i++) {
      this.files.push(
        Deno.openSync(join(this.dir, `${i}.part`), { create: true, truncate: true, write: true }),
      );
      this.kept.push(new Set());
      this.dirty.push(false);
      this.members.push({ xor: new Uint32Array(4), n: 0 });
    }
    return this;
  }

  private shardOf(id: string): number {
    return fnv1a(id) % this.files.length;
  }

  private member(shard: number, id: string): void {
    const m = this.members[shard];
    const h = createHash("sha1").update(id).digest();
    for (let k = 0; k < 4; k++) m.xor[k] ^= h.readUInt32LE(k * 4);
    m.n++;
  }

  /** Adds one item's document (`i` is its id). */
  add(doc: { i: unknown } & Record<string, unknown>): void {
    const id = String(doc.i);
    const shard = this.shardOf(id);
    if (!this.late) this.member(shard, id);
    this.dirty[shard] = true;
    // Escape `<` so that no text in a document can end a script element if it is ever inlined.
    const line = JSON.stringify(doc).replace(/</g, "\\u003c") + ",\n";
    const bytes = ENC.encode(line);
    let off = 0;
    while (off < bytes.length) off += this.files[shard].writeSync(bytes.subarray(off));
    releaseBody(bytes); // outside the JS heap: freed now, not when the collector comes by
  }

  /** Names an unchanged item: its document is the one the last run wrote. */
  keep(id: string): void {
    const shard = this.shardOf(id);
    this.member(shard, id);
    this.kept[shard].add(id);
  }

  /**
   * Writes each shard script (`search/shard-N.js`): kept as it is when `reuse` allows (no document
   * added, same items), else streamed to `put`: the kept items' documents from the shard's last
   * version, then the added ones. `missing` adds (with {@link add}) the documents of kept items
   * that the last version lacks. Removes the scratch files.
   */
  async finish(
    reuse: (path: string, key: string) => boolean,
    put: (path: string, chunks: Iterable<Uint8Array>, key: string) => void,
    missing: (ids: string[]) => Promise<void>,
  ): Promise<number> {
    const n = this.files.length;
    for (let i = 0; i < n; i++) {
      const path = `search/shard-${i}.js`;
      const m = this.members[i];
      const key = `${n}:${m.n}:${[...m.xor].join(",")}`;
      const kept = this.kept[i];
      this.kept[i] = new Set();
      if (!this.dirty[i] && reuse(path, key)) {
        this.files[i].close();
        continue;
      }
      const lines: string[] = [];
      if (kept.size) {
        let old = "";
        try {
          old = Deno.readTextFileSync(join(this.siteDir, path));
        } catch {
          // lost: the documents are read again below
        }
        for (const line of old.split("\n")) {
          const id = docId(line);
          if (id === null || !kept.has(id)) continue;
          kept.delete(id);
          lines.push(line.endsWith(",") ? line : line + ",");
        }
        if (kept.size) {
          this.late = true;
          await missing([...kept]);
          this.late = false;
        }
      }
      this.files[i].close();
      for (const line of Deno.readTextFileSync(join(this.dir, `${i}.part`)).split("\n")) {
        if (line) lines.push(line);
      }
      // In the order of their ids: a shard's bytes are the same whichever documents were kept
      // and in whatever order they came (a run resumed after a kill keeps what the killed run
      // wrote), so a site's files depend on the archive alone.
      lines.sort();
      put(path, shardChunks(lines), key);
      // A turn of the event loop lets V8 finish its collections between shards (see site.tsx).
      await new Promise((r) => setTimeout(r, 0));
    }
    Deno.removeSync(this.dir, { recursive: true });
    return n;
  }
}

/**
 * A shard script's bytes: its opening, its document lines (each ending with a comma), its end;
 * encoded a few hundred KB at a time, never as one string.
 */
function* shardChunks(lines: string[]): Generator<Uint8Array> {
  yield ENC.encode("fvSearchAdd([\n");
  let chunk = "";
  for (const line of lines) {
    chunk += line + "\n";
    if (chunk.length >= 256 * 1024) {
      yield ENC.encode(chunk);
      chunk = "";
    }
  }
  yield ENC.encode(chunk + "]);\n");
}

/** The id of a document line of a shard (`{"i":"123",...}`), or null for other lines. */
function docId(line: string): string | null {
  if (!line.startsWith('{"i":')) return null;
  try {
    const doc = JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line);
    return typeof doc.i === "string" ? doc.i : null;
  } catch {
    return null;
  }
}
