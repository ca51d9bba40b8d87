/**
 * Reads zip files the way an export import needs: the central directory first (so a truncated or
 * foreign file is refused before anything is written), then each entry as a stream of decompressed
 * chunks read straight from the zip (no extraction to a temporary copy), with its CRC-32 and size
 * checked at the end. Deflate is decoded with fflate's streaming `Inflate`, and a whole JSON entry
 * with its one-shot `inflateSync` into a buffer of the entry's size; Zip64 (media zips over 4 GB) is
 * understood.
 *
 * @example
 * ```ts
 * await using zip = await openZip("data-download-1.zip");
 * for (const entry of zip.entries) {
 *   for await (const chunk of zip.read(entry)) console.log(entry.name, chunk.length);
 * }
 * ```
 * @module
 */
import { Inflate, inflateSync } from "fflate";

/** One file inside a zip. */
export interface ZipEntry {
  /** The full name inside the zip (`/` separated). */
  name: string;
  /** Uncompressed size. */
  size: number;
  compressedSize: number;
  /** 0 stored, 8 deflate. */
  method: number;
  crc32: number;
  /** Offset of the entry's local header. */
  localOffset: number;
  isDirectory: boolean;
}

/** The file is not a readable zip, or an entry is damaged. */
export class ZipError extends Error {
  /**
   * @param broken true when the file is a zip that is cut short or damaged (a broken download, worth
   *   downloading again), false when it is not a zip this reader can use at all.
   */
  constructor(message: string, readonly broken = false) {
    super(message);
    this.name = "ZipError";
  }
}

/** An open zip. */
export interface ZipReader extends AsyncDisposable {
  path: string;
  entries: ZipEntry[];
  /** The decompressed bytes of an entry, chunk by chunk; throws {@link ZipError} when damaged. */
  read(entry: ZipEntry): AsyncGenerator<Uint8Array>;
  /** The whole entry in memory (for JSON files); refuses entries over `maxBytes`. */
  bytes(entry: ZipEntry, maxBytes?: number): Promise<Uint8Array>;
  close(): void;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 1 << 20;
const MAX_JSON = 256 * 1024 * 1024;

/**
 * Opens a zip and reads its central directory. Throws {@link ZipError} for a file that is not a
 * zip, is cut short, or uses what this reader does not handle (encryption, multi-disk archives).
 */
export async function openZip(path: string): Promise<ZipReader> {
  const file = await Deno.open(path, { read: true });
  try {
    const { size } = await file.stat();
    const entries = await readDirectory(file, size, path);
    return reader(path, file, size, entries);
  } catch (e) {
    file.close();
    throw e;
  }
}

async function readAt(file: Deno.FsFile, position: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  await file.seek(position, Deno.SeekMode.Start);
  let got = 0;
  while (got < length) {
    const n = await file.read(out.subarray(got));
    if (n === null) break;
    got += n;
  }
  return got === length ? out : out.subarray(0, got);
}

/**
 * {@link readAt} without awaiting: a JSON entry is two small reads, and two asynchronous seeks and
 * reads per record were most of the time a re-import spent reading 100,000 records.
 */
function readAtSync(file: Deno.FsFile, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  file.seekSync(position, Deno.SeekMode.Start);
  let got = 0;
  while (got < length) {
    const n = file.readSync(out.subarray(got));
    if (n === null || n === 0) break;
    got += n;
  }
  return got === length ? out : out.subarray(0, got);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(v: DataView, at: number): number {
  const n = v.getBigUint64(at, true);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError("a Zip64 size is out of range");
  return Number(n);
}

async function readDirectory(file: Deno.FsFile, size: number, path: string): Promise<ZipEntry[]> {
  const name = path.split(/[\\/]/).pop();
  if (size < 22) throw new ZipError(`${name} is not a zip file (${size} bytes)`);
  const head = await readAt(file, 0, 4);
  const startsLikeZip = head.length === 4 && view(head).getUint32(0, true) === LOCAL;
  const emptyZip = head.length === 4 && view(head).getUint32(0, true) === EOCD;
  const tailLength = Math.min(size, 22 + 65535);
  const tail = await readAt(file, size - tailLength, tailLength);
  const tv = view(tail);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD && i + 22 + tv.getUint16(i + 20, true) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    throw new ZipError(
      startsLikeZip
        ? `${name} is truncated: its end (the zip's central directory) is missing; download it again`
        : `${name} is not a zip file`,
      startsLikeZip,
    );
  }
  if (!startsLikeZip && !emptyZip) throw new ZipError(`${name} is not a zip file`);
  let count = tv.getUint16(at + 10, true);
  let cdSize = tv.getUint32(at + 12, true);
  let cdOffset = tv.getUint32(at + 16, true);
  if (tv.getUint16(at + 4, true) !== 0 || tv.getUint16(at + 6, true) !== 0) {
    throw new ZipError(`${name} is one part of a multi-disk zip, which is not supported`);
  }
  const eocdPos = size - tailLength + at;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = await readAt(file, eocdPos - 20, 20);
    if (loc.length !== 20 || view(loc).getUint32(0, true) !== EOCD64_LOCATOR) {
      throw new ZipError(`${name} is damaged: its Zip64 end record is missing`, true);
    }
    const rec = await readAt(file, u64(view(loc), 8), 56);
    const rv = view(rec);
    if (rec.length !== 56 || rv.getUint32(0, true) !== EOCD64) {
      throw new ZipError(`${name} is damaged: its Zip64 end record is unreadable`, true);
    }
    count = u64(rv, 32);
    cdSize = u64(rv, 40);
    cdOffset = u64(rv, 48);
  }
  if (cdOffset + cdSize > eocdPos) {
    throw new ZipError(
      `${name} is truncated or damaged: its central directory lies past its end`,
      true,
    );
  }
  const cd = await readAt(file, cdOffset, cdSize);
  const cv = view(cd);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cv.getUint32(p, true) !== CENTRAL) {
      throw new ZipError(
        `${name} is damaged: entry ${k + 1} of its central directory is unreadable`,
        true,
      );
    }
    const flags = cv.getUint16(p + 8, true);
    const method = cv.getUint16(p + 10, true);
    const crc32 = cv.getUint32(p + 16, true);
    let compressedSize = cv.getUint32(p + 20, true);
    let entrySize = cv.getUint32(p + 24, true);
    const nameLength = cv.getUint16(p + 28, true);
    const extraLength = cv.getUint16(p + 30, true);
    const commentLength = cv.getUint16(p + 32, true);
    let localOffset = cv.getUint32(p + 42, true);
    const entryName = decoder.decode(cd.subarray(p + 46, p + 46 + nameLength));
    // Zip64 extra field: the 8-byte values replace those stored as 0xFFFFFFFF, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cv.getUint16(e, true);
      const len = cv.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (entrySize === 0xffffffff) (entrySize = u64(cv, q), q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(cv, q), q += 8);
        if (localOffset === 0xffffffff) localOffset = u64(cv, q);
      }
      e += 4 + len;
    }
    if (flags & 1) {
      throw new ZipError(`${name} is encrypted (${entryName}), which is not supported`);
    }
    entries.push({
      name: entryName,
      size: entrySize,
      compressedSize,
      method,
      crc32,
      localOffset,
      isDirectory: entryName.endsWith("/"),
    });
    p = extraEnd + commentLength;
  }
  return entries;
}

function reader(
  path: string,
  file: Deno.FsFile,
  fileSize: number,
  entries: ZipEntry[],
): ZipReader {
  const zipName = path.split(/[\\/]/).pop();
  let closed = false;
  const damaged = (entry: ZipEntry, why: string) =>
    new ZipError(`${zipName} is damaged: ${entry.name} ${why}`, true);

  /** Where an entry's compressed data lies, from its local header. */
  async function dataOf(entry: ZipEntry, sync = false): Promise<{ pos: number; end: number }> {
    if (entry.method !== 0 && entry.method !== 8) {
      throw damaged(entry, `uses compression method ${entry.method}, which is not supported`);
    }
    const local = sync
      ? readAtSync(file, entry.localOffset, 30)
      : await readAt(file, entry.localOffset, 30);
    if (local.length < 30 || view(local).getUint32(0, true) !== LOCAL) {
      throw damaged(entry, "has no local header where the directory says");
    }
    const lv = view(local);
    const pos = entry.localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
    const end = pos + entry.compressedSize;
    if (end > fileSize) throw damaged(entry, "runs past the end of the file (truncated?)");
    return { pos, end };
  }

  async function* read(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    let { pos, end } = await dataOf(entry);
    let crc = 0xffffffff;
    let produced = 0;
    const out: Uint8Array[] = [];
    let ended = entry.method === 0;
    const inflate = entry.method === 8
      ? new Inflate((chunk, final) => {
        out.push(chunk);
        if (final) ended = true;
      })
      : undefined;
    while (pos < end) {
      const raw = await readAt(file, pos, Math.min(CHUNK, end - pos));
      if (raw.length === 0) throw damaged(entry, "is cut short");
      pos += raw.length;
      if (inflate) {
        try {
          inflate.push(raw, pos >= end);
        } catch (e) {
          throw damaged(entry, `cannot be decompressed (${(e as Error).message})`);
        }
      } else out.push(raw);
      for (const chunk of out.splice(0)) {
        crc = crcUpdate(crc, chunk);
        produced += chunk.length;
        yield chunk;
      }
    }
    if (inflate && entry.compressedSize === 0) {
      throw damaged(entry, "has no compressed data");
    }
    if (!ended) throw damaged(entry, "ends before its compressed data does");
    if (produced !== entry.size) {
      throw damaged(entry, `has ${produced} bytes where the directory says ${entry.size}`);
    }
    if (((crc ^ 0xffffffff) >>> 0) !== entry.crc32) throw damaged(entry, "fails its CRC-32 check");
  }

  return {
    path,
    entries,
    read,
    async bytes(entry, maxBytes = MAX_JSON) {
      if (entry.size > maxBytes) {
        throw damaged(
          entry,
          `is ${entry.size} bytes, more than the ${maxBytes} this file may have`,
        );
      }
      // In one piece: the streaming inflater left about 300 KB of buffers per entry for the
      // garbage collector, 30 MB per hundred photo records, which fragmented the native heap.
      const { pos, end } = await dataOf(entry, true);
      const data = readAtSync(file, pos, end - pos);
      if (data.length < end - pos) throw damaged(entry, "is cut short");
      let out: Uint8Array;
      if (entry.method === 0) out = data;
      else {
        if (entry.compressedSize === 0) throw damaged(entry, "has no compressed data");
        try {
          // One byte more than the directory says, to notice an entry that is longer.
          out = inflateSync(data, { out: new Uint8Array(entry.size + 1) });
        } catch (e) {
          throw damaged(entry, `cannot be decompressed (${(e as Error).message})`);
        }
      }
      if (out.length !== entry.size) {
        throw damaged(entry, `has ${out.length} bytes where the directory says ${entry.size}`);
      }
      if (((crcUpdate(0xffffffff, out) ^ 0xffffffff) >>> 0) !== entry.crc32) {
        throw damaged(entry, "fails its CRC-32 check");
      }
      return out;
    },
    close() {
      if (closed) return;
      closed = true;
      file.close();
    },
    [Symbol.asyncDispose]() {
      this.close();
      return Promise.resolve();
    },
  };
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Continues a CRC-32 (start with 0xffffffff, finish with `^ 0xffffffff`). */
function crcUpdate(crc: number, data: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return c;
}
