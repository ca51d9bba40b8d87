/**
 * Entries of an import's inputs held as columns (one string of names, typed arrays of sizes and
 * zip offsets) rather than as objects: at 100,000 items the 83,000 media files, and the 83,700
 * `photo_<id>.json` records, were each 17–18 MB of the live heap as the zip reader's objects with
 * their wrappers, and are about 6 MB each as columns. An entry's object is made when asked.
 * @module
 */
import type { ZipEntry } from "./zip_reader.ts";
import { readMediaName } from "./media_match.ts";
import type { ExportSource, Located, MediaEntry, SourceEntry } from "./source_types.ts";

/** A list read by index, as an array is. */
export interface ByIndex<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** What the media step reads of the inputs' media files: an array of entries will do. */
export type MediaEntries = ByIndex<MediaEntry>;

/** Entries added one by one, then {@link EntryListBuilder.done} into columns. */
export class EntryListBuilder {
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
    let s = this.#sources.lastIndexOf(source);
    if (s < 0) s = this.#sources.push(source) - 1;
    const zip = source.kind === "zip" ? entry as ZipEntry : undefined;
    this.#sourceOf.push(s);
    this.#names.push(entry.name);
    this.#sizes.push(entry.size);
    this.#offsets.push(zip?.localOffset ?? NaN);
    this.#compressed.push(zip?.compressedSize ?? NaN);
    this.#crc32s.push(zip?.crc32 ?? 0);
    this.#methods.push(zip?.method ?? 0);
  }

  #columns(): Columns {
    const starts = new Uint32Array(this.#names.length + 1);
    for (let i = 0; i < this.#names.length; i++) {
      starts[i + 1] = starts[i] + this.#names[i].length;
    }
    return {
      sources: this.#sources,
      sourceOf: Uint32Array.from(this.#sourceOf),
      names: this.#names.join(""),
      starts,
      sizes: Float64Array.from(this.#sizes),
      offsets: Float64Array.from(this.#offsets),
      compressed: Float64Array.from(this.#compressed),
      crc32s: Uint32Array.from(this.#crc32s),
      methods: Uint16Array.from(this.#methods),
    };
  }

  done(): EntryList {
    return new EntryList(this.#columns());
  }

  /** The entries as media files, each with what its name says. */
  doneAsMedia(): MediaList {
    return new MediaList(this.#columns());
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

const NO_COLUMNS: Columns = {
  sources: [],
  sourceOf: new Uint32Array(0),
  names: "",
  starts: new Uint32Array(1),
  sizes: new Float64Array(0),
  offsets: new Float64Array(0),
  compressed: new Float64Array(0),
  crc32s: new Uint32Array(0),
  methods: new Uint16Array(0),
};

/** Entries in the order they were added; each one's object made when asked. */
export class EntryList implements ByIndex<Located>, Iterable<Located> {
  #c: Columns;
  constructor(columns: Columns) {
    this.#c = columns;
  }

  get length(): number {
    return this.#c.sizes.length;
  }

  /** The entry's name inside its source, without making its object. */
  nameAt(i: number): string {
    return this.#c.names.slice(this.#c.starts[i], this.#c.starts[i + 1]);
  }

  at(i: number): Located | undefined {
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
    return { source, entry };
  }

  /** Lets go of every entry (the list is empty from then on). */
  clear(): void {
    this.#c = NO_COLUMNS;
  }

  *[Symbol.iterator](): Iterator<Located> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}

/** The inputs' media files, each with what its name says. */
export class MediaList extends EntryList implements ByIndex<MediaEntry>, Iterable<MediaEntry> {
  override at(i: number): MediaEntry | undefined {
    const at = super.at(i);
    return at && { ...at, name: readMediaName(at.entry.name)! };
  }

  override *[Symbol.iterator](): Iterator<MediaEntry> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}
