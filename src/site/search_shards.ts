/**
 * The site's search index: each item's words (title, description, tags, comments, place) and
 * what a result shows, in shards of a few thousand documents, each a script that hands its
 * documents to the page (`fvSearchAdd([...])`): browsers load scripts from `file://` but refuse
 * fetch(). An item's shard follows from its id alone, so an edit rewrites one shard, not all.
 * Documents are kept as JSON text until written (about 300 bytes an item).
 * @module
 */

/** Documents per shard, about: small enough to index in a blink, few enough files. */
export const DOCS_PER_SHARD = 4000;

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
  private readonly shards: string[][];

  /** `expected`: how many items the archive holds (decides the number of shards). */
  constructor(expected: number) {
    const n = Math.max(1, Math.ceil(expected / DOCS_PER_SHARD));
    this.shards = Array.from({ length: n }, () => []);
  }

  /** Adds one item's document (`i` is its id). */
  add(doc: { i: unknown } & Record<string, unknown>): void {
    const shard = fnv1a(String(doc.i)) % this.shards.length;
    // Escape `<` so that no text in a document can end a script element if it is ever inlined.
    this.shards[shard].push(JSON.stringify(doc).replace(/</g, "\\u003c"));
  }

  /** The shard scripts: `search/shard-N.js`. */
  files(): { path: string; body: string }[] {
    return this.shards.map((docs, n) => ({
      path: `search/shard-${n}.js`,
      body: `fvSearchAdd([\n${docs.sort().join(",\n")}\n]);\n`,
    }));
  }
}
