/**
 * Puts an XMP packet into a copy of a PNG: an uncompressed `iTXt` chunk with the keyword
 * `XML:com.adobe.xmp` (XMP specification part 3), right after IHDR so that readers find it before
 * the image data; any such chunk the file had is dropped. Every other chunk is copied as it is.
 * @module
 */
import { concatBytes } from "./bytes.ts";

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

/**
 * A copy of the PNG `bytes` holding `xmp` (a whole packet). Throws a {@link PngFormatError} for
 * a damaged file.
 *
 * @example
 * ```ts
 * const copy = embedXmpInPng(await Deno.readFile("a.png"), buildXmp(item));
 * ```
 */
export function embedXmpInPng(bytes: Uint8Array, xmp: string): Uint8Array {
  if (!isPng(bytes)) throw new PngFormatError("not a PNG (no signature)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const enc = new TextEncoder();
  const text = enc.encode(xmp);
  const head = enc.encode(`${KEYWORD}\0\0\0\0\0`); // keyword, not compressed, method, lang, translated
  const data = new Uint8Array(head.length + text.length);
  data.set(head);
  data.set(text, head.length);
  const chunk = new Uint8Array(12 + data.length);
  const cv = new DataView(chunk.buffer);
  cv.setUint32(0, data.length);
  chunk.set(enc.encode("iTXt"), 4);
  chunk.set(data, 8);
  cv.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));

  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  let inserted = false;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw new PngFormatError(`chunk at byte ${pos} is cut short`);
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const end = pos + 12 + length;
    if (end > bytes.length) throw new PngFormatError(`chunk ${type} runs past the end`);
    if (!(type === "iTXt" && isXmpChunk(bytes, pos + 8, length))) {
      parts.push(bytes.subarray(pos, end));
    }
    if (type === "IHDR" && !inserted) {
      parts.push(chunk);
      inserted = true;
    }
    pos = end;
    if (type === "IEND") break;
  }
  if (!inserted) throw new PngFormatError("no IHDR chunk");
  if (pos < bytes.length) parts.push(bytes.subarray(pos));
  return concatBytes(parts);
}
