/**
 * The media files of an import's inputs, held as columns (one string of names, typed arrays of
 * sizes and zip offsets) rather than as an object per file: at 100,000 items the 83,000 entries
 * and their wrappers were 17 MB of the live heap from the moment the zips were opened to the end
 * of the media step; as columns they are about 5 MB. A {@link MediaEntry} is made when asked.
 * @module
 */
import type { ZipEntry } from "./zip_reader.ts";
import { readMediaName } from "./media_match.ts";
import type { ExportSource, MediaEntry, SourceEntry } from "./sources.ts";

/** What the media step reads of the inputs' media files: an array of entries will do. */
export interface MediaEntries {
  readonly length: number;
  at(index: number): MediaEntry | undefined;
}

/** Media files added one by one, then {@link MediaListBuilder.done} into a {@link MediaList}. */
export class MediaListBuilder {
  #sources: ExportSource[] = [];
  #sourceOf: number[] = [];
  #names: string[] = [];
  #sizes: number[] = [];
  /** Zip entries only (NaN for a folder's file): where the entry lies and how it is stored. */
  #offsets: number[] = [];
  #compressed: number[] = [];
  #crc32s: number[] = [];
  #methods: number[] = [];

  add(source: ExportSource, entry: SourceEntry): void {
    if (this.#sources.at(-1) !== source) this.#sources.push(source);
    const zip = source.kind === "zip" ? entry as ZipEntry : undefined;
    this.#sourceOf.push(this.#sources.length - 1);
    this.#names.push(entry.name);
    this.#sizes.push(entry.size);
    this.#offsets.push(zip?.localOffset ?? NaN);
    this.#compressed.push(zip?.compressedSize ?? NaN);
    this.#crc32s.push(zip?.crc32 ?? 0);
    this.#methods.push(zip?.method ?? 0);
  }

  done(): MediaList {
    const starts = new Uint32Array(this.#names.length + 1);
    for (let i = 0; i < this.#names.length; i++) {
      starts[i + 1] = starts[i] + this.#names[i].length;
    }
    return new MediaList({
      sources: this.#sources,
      sourceOf: Uint32Array.from(this.#sourceOf),
      names: this.#names.join(""),
      starts,
      sizes: Float64Array.from(this.#sizes),
      offsets: Float64Array.from(this.#offsets),
      compressed: Float64Array.from(this.#compressed),
      crc32s: Uint32Array.from(this.#crc32s),
      methods: Uint16Array.from(this.#methods),
    });
  }
}

interface Columns {
  sources: ExportSource[];
  sourceOf: Uint32Array;
  /** Every name, one after the other; name `i` runs from `starts[i]` to `starts[i + 1]`. */
  names: string;
  starts: Uint32Array;
  sizes: Float64Array;
  offsets: Float64Array;
  compressed: Float64Array;
  crc32s: Uint32Array;
  methods: Uint16Array;
}

/** The inputs' media files, in the order they were found; each entry made when asked. */
export class MediaList implements MediaEntries, Iterable<MediaEntry> {
  #c: Columns;
  constructor(columns: Columns) {
    this.#c = columns;
  }

  get length(): number {
    return this.#c.sizes.length;
  }

  /** The file's name inside its source, without making its entry. */
  nameAt(i: number): string {
    return this.#c.names.slice(this.#c.starts[i], this.#c.starts[i + 1]);
  }

  at(i: number): MediaEntry | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const c = this.#c;
    const source = c.sources[c.sourceOf[i]];
    const name = this.nameAt(i);
    const entry: SourceEntry | ZipEntry = source.kind === "zip"
      ? {
        name,
        size: c.sizes[i],
        compressedSize: c.compressed[i],
        method: c.methods[i],
        crc32: c.crc32s[i],
        localOffset: c.offsets[i],
        isDirectory: false,
      }
      : { name, size: c.sizes[i] };
    return { source, entry, name: readMediaName(name)! };
  }

  *[Symbol.iterator](): Iterator<MediaEntry> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}
