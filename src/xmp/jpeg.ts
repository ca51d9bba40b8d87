/**
 * Rewrites the metadata of a copy of a JPEG: the XMP packet goes into an APP1 segment
 * (`http://ns.adobe.com/xap/1.0/\0` + packet, as the XMP specification part 3 says), and the
 * EXIF and Photoshop (IPTC) segments may be replaced; every other byte is copied as it is, and a
 * multi-picture file keeps every picture (see {@link rewriteJpeg}).
 * @module
 */
import { concatBytes } from "./bytes.ts";
import { PHOTOSHOP_HEADER } from "./iptc.ts";
import { mergeXmp } from "./merge.ts";
import { MPF_HEADER, shiftMpfOffsets } from "./mpf.ts";

const XMP_HEADER = new TextEncoder().encode("http://ns.adobe.com/xap/1.0/\0");
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

/** The TIFF block of a JPEG's Exif segment, or null when it has none (or cannot be parsed). */
export function jpegExif(bytes: Uint8Array): Uint8Array | null {
  try {
    const exif = segments(bytes).list.find((s) =>
      s.marker === 0xe1 && startsWith(bytes, s.start + 4, EXIF_HEADER)
    );
    return exif ? bytes.subarray(exif.start + 4 + EXIF_HEADER.length, exif.end) : null;
  } catch (e) {
    if (e instanceof JpegFormatError) return null;
    throw e;
  }
}

/** A copy's changes to a JPEG's metadata segments (see {@link rewriteJpeg}). */
export interface JpegRewrite {
  /** The whole XMP packet to write, given the file's own standard packet (null when none). */
  xmp(own: string | null): string;
  /**
   * A new EXIF (TIFF) block given the file's (null when it has none, and then a new one may be
   * added); null leaves the file's as it is.
   */
  exif?(own: Uint8Array | null): Uint8Array | null;
  /** A new Photoshop (APP13) payload given the file's; null leaves it as it is. */
  photoshop?(own: Uint8Array): Uint8Array | null;
  /** Leave the XMP segment (or its absence) as it is; `xmp` is not called. */
  keepXmp?: boolean;
}

function payloadOf(bytes: Uint8Array, s: Segment): Uint8Array {
  return bytes.subarray(s.start + 4, s.end);
}

function segmentBytes(marker: number, payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_SEGMENT) {
    throw new RangeError(`a segment of ${payload.length} bytes does not fit in a JPEG segment`);
  }
  const out = new Uint8Array(4 + payload.length);
  out.set([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  out.set(payload, 4);
  return out;
}

/**
 * A copy of the JPEG `bytes` with its metadata rewritten as `r` says: the standard XMP segment
 * replaced where it was (or added after the leading JFIF and Exif segments), the EXIF and
 * Photoshop segments replaced when `r` changes them. Every other byte is copied as it is: the
 * other segments (Extended XMP, ICC, maker notes), the image data and anything after it, such as
 * the second image of a multi-picture file, whose offsets in the MPF index are moved by the bytes
 * the rewrite added or removed between that index and the first image's end (see mpf.ts).
 *
 * Throws a {@link JpegFormatError} for a damaged file or an MPF index that cannot be followed
 * while it would need moving, and a RangeError when the packet is larger than one segment can
 * hold ({@link MAX_JPEG_XMP}): callers then keep the XMP in a sidecar.
 */
export function rewriteJpeg(bytes: Uint8Array, r: JpegRewrite): Uint8Array {
  const { list, rest } = segments(bytes);
  const isStandardXmp = (s: Segment) =>
    s.marker === 0xe1 && startsWith(bytes, s.start + 4, XMP_HEADER);
  const isExif = (s: Segment) => s.marker === 0xe1 && startsWith(bytes, s.start + 4, EXIF_HEADER);
  const isPhotoshop = (s: Segment) =>
    s.marker === 0xed && startsWith(bytes, s.start + 4, PHOTOSHOP_HEADER);
  const isMpf = (s: Segment) => s.marker === 0xe2 && startsWith(bytes, s.start + 4, MPF_HEADER);

  const xmpSeg = r.keepXmp ? undefined : list.find(isStandardXmp);
  let xmpBytes: Uint8Array | null = null;
  if (!r.keepXmp) {
    const own = xmpSeg
      ? new TextDecoder().decode(payloadOf(bytes, xmpSeg).subarray(XMP_HEADER.length))
      : null;
    const packet = new TextEncoder().encode(r.xmp(own));
    if (packet.length > MAX_JPEG_XMP) {
      throw new RangeError(`XMP of ${packet.length} bytes does not fit in one JPEG segment`);
    }
    xmpBytes = segmentBytes(0xe1, concatBytes([XMP_HEADER, packet]));
  }

  const exifSeg = list.find(isExif);
  const newTiff = r.exif?.(exifSeg ? payloadOf(bytes, exifSeg).subarray(EXIF_HEADER.length) : null);
  let exifBytes: Uint8Array | null = null;
  if (newTiff && EXIF_HEADER.length + newTiff.length <= MAX_SEGMENT) {
    exifBytes = segmentBytes(0xe1, concatBytes([EXIF_HEADER, newTiff]));
  }
  const psSeg = list.find(isPhotoshop);
  const newPs = psSeg ? r.photoshop?.(payloadOf(bytes, psSeg)) : null;
  const psBytes = newPs && newPs.length <= MAX_SEGMENT ? segmentBytes(0xed, newPs) : null;

  // The leading JFIF and Exif segments, where readers look first: a new XMP goes after them.
  let lead = 0;
  while (lead < list.length && (list[lead].marker === 0xe0 || isExif(list[lead]))) lead++;
  let leadApp0 = 0;
  while (leadApp0 < list.length && list[leadApp0].marker === 0xe0) leadApp0++;

  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  let mpf: { oldStart: number; newStart: number; part: number } | null = null;
  const push = (b: Uint8Array) => {
    parts.push(b);
    at += b.length;
  };
  list.forEach((s, i) => {
    if (i === leadApp0 && !exifSeg && exifBytes) push(exifBytes);
    if (i === lead && !xmpSeg && xmpBytes) push(xmpBytes);
    if (s === xmpSeg && xmpBytes) push(xmpBytes);
    else if (s === exifSeg && exifBytes) push(exifBytes);
    else if (s === psSeg && psBytes) push(psBytes);
    else {
      if (isMpf(s) && !mpf) mpf = { oldStart: s.start, newStart: at, part: parts.length };
      push(bytes.subarray(s.start, s.end));
    }
  });
  if (leadApp0 === list.length && !exifSeg && exifBytes) push(exifBytes);
  if (lead === list.length && !xmpSeg && xmpBytes) push(xmpBytes);
  const found = mpf as { oldStart: number; newStart: number; part: number } | null;
  if (found) {
    // Offsets count from the byte-order mark, 8 bytes into the segment; the image data starts at
    // `rest` in the file and at `at` in the copy.
    const delta = (at - found.newStart) - (rest - found.oldStart);
    if (delta !== 0) {
      const old = parts[found.part];
      const moved = shiftMpfOffsets(old.subarray(4), delta);
      if (!moved) throw new JpegFormatError("its multi-picture (MPF) index cannot be followed");
      parts[found.part] = concatBytes([old.subarray(0, 4), moved]);
    }
  }
  parts.push(bytes.subarray(rest));
  return concatBytes(parts);
}

/**
 * A copy of the JPEG `bytes` holding `xmp` (a whole packet): the file's own XMP properties that
 * `xmp` does not set are kept (see merge.ts). See {@link rewriteJpeg} for what else is kept and
 * what it throws.
 *
 * @example
 * ```ts
 * const copy = embedXmpInJpeg(await Deno.readFile("a.jpg"), buildXmp(item));
 * ```
 */
export function embedXmpInJpeg(bytes: Uint8Array, xmp: string): Uint8Array {
  return rewriteJpeg(bytes, { xmp: (own) => own ? mergeXmp(xmp, own) : xmp });
}
