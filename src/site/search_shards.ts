/**
 * The site's search index: each item's words (title, description, tags, comments, place) and
 * what a result shows, in shards of a few thousand documents, each a script that hands its
 * documents to the page (`fvSearchAdd([...])`): browsers load scripts from `file://` but refuse
 * fetch(). An item's shard follows from its id alone, so an edit changes one shard, not all.
 * Documents go to a scratch file per shard as they come (memory stays flat), and each shard is
 * assembled at the end.
 * @module
 */
import { join } from "node:path";

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

  private constructor(dir: string, files: Deno.FsFile[]) {
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
    return new SearchShards(dir, []).init(n);
  }

  private init(n: number): SearchShards {
    Deno.mkdirSync(this.dir, { recursive: true });
    for (let i = 0; i < n; i++) {
      this.files.push(
        Deno.openSync(join(this.dir, `${i}.part`), { create: true, truncate: true, write: true }),
      );
    }
    return this;
  }

  /** Adds one item's document (`i` is its id). */
  add(doc: { i: unknown } & Record<string, unknown>): void {
    const shard = fnv1a(String(doc.i)) % this.files.length;
    // Escape `<` so that no text in a document can end a script element if it is ever inlined.
    const line = JSON.stringify(doc).replace(/</g, "\\u003c") + "\n";
    const bytes = ENC.encode(line);
    let off = 0;
    while (off < bytes.length) off += this.files[shard].writeSync(bytes.subarray(off));
  }

  /** Hands each shard script (`search/shard-N.js`) to `put`, then removes the scratch files. */
  finish(put: (path: string, body: string) => void): number {
    const n = this.files.length;
    for (let i = 0; i < n; i++) {
      this.files[i].close();
      const docs = Deno.readTextFileSync(join(this.dir, `${i}.part`)).split("\n")
        .filter(Boolean).sort();
      put(`search/shard-${i}.js`, `fvSearchAdd([\n${docs.join(",\n")}\n]);\n`);
    }
    Deno.removeSync(this.dir, { recursive: true });
    return n;
  }
}
