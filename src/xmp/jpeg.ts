/**
 * Puts an XMP packet into a copy of a JPEG: the packet goes into an APP1 segment
 * (`http://ns.adobe.com/xap/1.0/\0` + packet, as the XMP specification part 3 says), after the
 * JFIF and Exif segments; any XMP segment the file had (standard or extended) is dropped. Every
 * other byte (the other segments, the entropy-coded image data, anything after EOI such as an
 * MPF secondary image) is copied as it is.
 * @module
 */
import { concatBytes } from "./bytes.ts";

const XMP_HEADER = new TextEncoder().encode("http://ns.adobe.com/xap/1.0/\0");
const EXTENDED_HEADER = new TextEncoder().encode("http://ns.adobe.com/xmp/extension/\0");
const EXIF_HEADER = new TextEncoder().encode("Exif\0\0");
/** An APP1 segment's length field counts itself (2 bytes) and is 16-bit. */
const MAX_SEGMENT = 0xffff - 2;

/** The largest XMP packet (UTF-8 bytes) one APP1 segment can hold. */
export const MAX_JPEG_XMP = MAX_SEGMENT - XMP_HEADER.length;

/** A JPEG that cannot be parsed up to its image data. */
export class JpegFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JpegFormatError";
  }
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Whether `bytes` start like a JPEG. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

interface Segment {
  start: number;
  end: number;
  marker: number;
}

/** The marker segments before the image data (SOS), and where the image data starts. */
function segments(bytes: Uint8Array): { list: Segment[]; rest: number } {
  if (!isJpeg(bytes)) throw new JpegFormatError("not a JPEG (no SOI marker)");
  const list: Segment[] = [];
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) throw new JpegFormatError(`no marker at byte ${pos}`);
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return { list, rest: pos };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      list.push({ start: pos, end: pos + 2, marker });
      pos += 2;
      continue;
    }
    if (pos + 4 > bytes.length) break;
    const len = (bytes[pos + 2] << 8) | bytes[pos + 3];
    if (len < 2 || pos + 2 + len > bytes.length) {
      throw new JpegFormatError(`segment at byte ${pos} runs past the end`);
    }
    list.push({ start: pos, end: pos + 2 + len, marker });
    pos += 2 + len;
  }
  throw new JpegFormatError("no image data (SOS) found");
}

function isXmpSegment(bytes: Uint8Array, s: Segment): boolean {
  return s.marker === 0xe1 &&
    (startsWith(bytes, s.start + 4, XMP_HEADER) || startsWith(bytes, s.start + 4, EXTENDED_HEADER));
}

/**
 * A copy of the JPEG `bytes` holding `xmp` (a whole packet) instead of any XMP it had. Throws a
 * {@link JpegFormatError} for a damaged file, and a RangeError when the packet is larger than one
 * segment can hold ({@link MAX_JPEG_XMP}): callers then keep the XMP in a sidecar.
 *
 * @example
 * ```ts
 * const copy = embedXmpInJpeg(await Deno.readFile("a.jpg"), buildXmp(item));
 * ```
 */
export function embedXmpInJpeg(bytes: Uint8Array, xmp: string): Uint8Array {
  const packet = new TextEncoder().encode(xmp);
  if (packet.length > MAX_JPEG_XMP) {
    throw new RangeError(`XMP of ${packet.length} bytes does not fit in one JPEG segment`);
  }
  const { list, rest } = segments(bytes);
  // After the JFIF (APP0) and Exif (APP1) segments that lead the file, where readers look first.
  let insertAt = 0;
  while (
    insertAt < list.length &&
    (list[insertAt].marker === 0xe0 ||
      (list[insertAt].marker === 0xe1 && startsWith(bytes, list[insertAt].start + 4, EXIF_HEADER)))
  ) insertAt++;
  const kept = list.filter((s) => !isXmpSegment(bytes, s));
  const keptBefore = list.slice(0, insertAt).filter((s) => !isXmpSegment(bytes, s)).length;
  const segLen = 2 + XMP_HEADER.length + packet.length;
  const app1 = new Uint8Array(2 + segLen);
  app1.set([0xff, 0xe1, segLen >> 8, segLen & 0xff]);
  app1.set(XMP_HEADER, 4);
  app1.set(packet, 4 + XMP_HEADER.length);

  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  kept.forEach((s, i) => {
    if (i === keptBefore) parts.push(app1);
    parts.push(bytes.subarray(s.start, s.end));
  });
  if (keptBefore === kept.length) parts.push(app1);
  parts.push(bytes.subarray(rest));
  return concatBytes(parts);
}
