/**
 * Puts an XMP packet into a copy of a PNG: an uncompressed `iTXt` chunk with the keyword
 * `XML:com.adobe.xmp` (XMP specification part 3), right after IHDR so that readers find it before
 * the image data, in place of any such chunk the file had (its properties merged, see merge.ts).
 * Every other chunk is copied as it is, `eXIf` aside when the copy changes its orientation.
 * @module
 */
import { inflateSync } from "node:zlib";
import { concatBytes } from "./bytes.ts";
import { mergeXmp } from "./merge.ts";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const KEYWORD = "XML:com.adobe.xmp";

/** A PNG whose chunks cannot be followed. */
export class PngFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PngFormatError";
  }
}

/** Whether `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG chunks use it (over the chunk type and data). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function isXmpChunk(bytes: Uint8Array, dataStart: number, length: number): boolean {
  const key = new TextEncoder().encode(KEYWORD + "\0");
  if (length < key.length) return false;
  for (let i = 0; i < key.length; i++) if (bytes[dataStart + i] !== key[i]) return false;
  return true;
}

/** The XMP packet of an `XML:com.adobe.xmp` iTXt chunk's data (compressed or not), or null. */
function xmpOfChunk(data: Uint8Array): string | null {
  const key = KEYWORD.length + 1;
  const compressed = data[key] === 1;
  // Skip the compression flag and method, then the language tag and translated keyword.
  let pos = key + 2;
  for (let nul = 0; nul < 2; nul++) {
    const end = data.indexOf(0, pos);
    if (end < 0) return null;
    pos = end + 1;
  }
  try {
    const text = compressed ? inflateSync(data.subarray(pos)) : data.subarray(pos);
    return new TextDecoder("utf-8", { fatal: true }).decode(text);
  } catch {
    return null;
  }
}

/** A chunk of `type` holding `data`, with its CRC. */
function chunkOf(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const cv = new DataView(chunk.buffer);
  cv.setUint32(0, data.length);
  chunk.set(new TextEncoder().encode(type), 4);
  chunk.set(data, 8);
  cv.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** A copy's changes to a PNG's metadata chunks (see {@link rewritePng}). */
export interface PngRewrite {
  /** The whole XMP packet to write, given the file's own (null when none or unreadable). */
  xmp(own: string | null): string;
  /** A new EXIF (TIFF) block for the file's `eXIf` chunk; null leaves it as it is. */
  exif?(own: Uint8Array): Uint8Array | null;
  /** Leave the XMP chunk (or its absence) as it is; `xmp` is not called. */
  keepXmp?: boolean;
}

/** The TIFF block of a PNG's `eXIf` chunk, or null when it has none. */
export function pngExif(bytes: Uint8Array): Uint8Array | null {
  if (!isPng(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 8; pos + 12 <= bytes.length;) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (type === "eXIf") return bytes.subarray(pos + 8, Math.min(bytes.length, pos + 8 + length));
    if (type === "IDAT" || type === "IEND") return null;
    pos += 12 + length;
  }
  return null;
}

/**
 * A copy of the PNG `bytes` with its metadata rewritten as `r` says: an uncompressed `iTXt`
 * `XML:com.adobe.xmp` chunk right after IHDR replaces any the file had, and the `eXIf` chunk is
 * replaced when `r` changes it. Every other chunk is copied as it is. Throws a
 * {@link PngFormatError} for a damaged file.
 */
export function rewritePng(bytes: Uint8Array, r: PngRewrite): Uint8Array {
  if (!isPng(bytes)) throw new PngFormatError("not a PNG (no signature)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const enc = new TextEncoder();
  const chunks: { type: string; start: number; end: number; dataStart: number; length: number }[] =
    [];
  let pos = 8;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw new PngFormatError(`chunk at byte ${pos} is cut short`);
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const end = pos + 12 + length;
    if (end > bytes.length) throw new PngFormatError(`chunk ${type} runs past the end`);
    chunks.push({ type, start: pos, end, dataStart: pos + 8, length });
    pos = end;
    if (type === "IEND") break;
  }
  if (!chunks.some((c) => c.type === "IHDR")) throw new PngFormatError("no IHDR chunk");
  const isXmp = (c: (typeof chunks)[number]) =>
    c.type === "iTXt" && isXmpChunk(bytes, c.dataStart, c.length);
  const ownChunk = chunks.find(isXmp);
  let xmpChunk: Uint8Array | null = null;
  if (!r.keepXmp) {
    const own = ownChunk
      ? xmpOfChunk(bytes.subarray(ownChunk.dataStart, ownChunk.dataStart + ownChunk.length))
      : null;
    const text = enc.encode(r.xmp(own));
    // Keyword, not compressed, method, no language tag, no translated keyword.
    const head = enc.encode(`${KEYWORD}\0\0\0\0\0`);
    xmpChunk = chunkOf("iTXt", concatBytes([head, text]));
  }

  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let inserted = !xmpChunk;
  for (const c of chunks) {
    if (isXmp(c) && xmpChunk) continue;
    if (c.type === "eXIf" && r.exif) {
      const tiff = r.exif(bytes.subarray(c.dataStart, c.dataStart + c.length));
      parts.push(tiff ? chunkOf("eXIf", tiff) : bytes.subarray(c.start, c.end));
    } else {
      parts.push(bytes.subarray(c.start, c.end));
    }
    if (c.type === "IHDR" && !inserted && xmpChunk) {
      parts.push(xmpChunk);
      inserted = true;
    }
  }
  if (pos < bytes.length) parts.push(bytes.subarray(pos));
  return concatBytes(parts);
}

/**
 * A copy of the PNG `bytes` holding `xmp` (a whole packet), with the file's own XMP properties
 * that `xmp` does not set kept (see merge.ts). Throws a {@link PngFormatError} for a damaged file.
 *
 * @example
 * ```ts
 * const copy = embedXmpInPng(await Deno.readFile("a.png"), buildXmp(item));
 * ```
 */
export function embedXmpInPng(bytes: Uint8Array, xmp: string): Uint8Array {
  return rewritePng(bytes, { xmp: (own) => own ? mergeXmp(xmp, own) : xmp });
}
