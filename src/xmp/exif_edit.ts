/**
 * Small edits of an EXIF (TIFF) block in a copy: the orientation, the image description and the
 * date taken. Nothing already in the block moves: a value is overwritten where it is when the
 * new one fits, else appended at the end of the block with its entry pointing there; a missing
 * orientation is added by writing IFD0 anew at the end (its entries as they were, plus one) and
 * pointing the header at it. Every offset in the block (the Exif and GPS IFDs, maker notes, the
 * thumbnail) therefore stays right, maker notes with absolute offsets included.
 * @module
 */

/** What to change; a field left out is not touched. */
export interface TiffEdits {
  /** EXIF orientation 1..8: set, added when the block has none. */
  orientation?: number;
  /** UTF-8 text (as MWG recommends) for IFD0 ImageDescription, only where the block has one. */
  imageDescription?: string;
  /** `YYYY:MM:DD HH:MM:SS` for DateTimeOriginal in the Exif IFD, only where the block has one. */
  dateTimeOriginal?: string;
}

const TAG_ORIENTATION = 0x0112;
const TAG_IMAGE_DESCRIPTION = 0x010e;
const TAG_EXIF_IFD = 0x8769;
const TAG_DATE_TIME_ORIGINAL = 0x9003;
const SHORT = 3;
const ASCII = 2;
const LONG = 4;
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};

/** A TIFF block that cannot be followed. */
class TiffError extends Error {}

class Tiff {
  bytes: Uint8Array;
  view: DataView;
  little: boolean;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 8) throw new TiffError("short");
    const order = String.fromCharCode(bytes[0], bytes[1]);
    if (order !== "II" && order !== "MM") throw new TiffError("no byte order");
    this.little = order === "II";
    if (this.u16(2) !== 42) throw new TiffError("not TIFF");
  }

  u16(at: number): number {
    if (at + 2 > this.bytes.length) throw new TiffError("past the end");
    return this.view.getUint16(at, this.little);
  }
  u32(at: number): number {
    if (at + 4 > this.bytes.length) throw new TiffError("past the end");
    return this.view.getUint32(at, this.little);
  }
  setU16(at: number, v: number): void {
    this.view.setUint16(at, v, this.little);
  }
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v, this.little);
  }

  ifd0(): number {
    return this.u32(4);
  }

  /** The byte position of the entry for `tag` in the IFD at `ifd`, or -1. */
  entry(ifd: number, tag: number): number {
    const n = this.u16(ifd);
    if (ifd + 2 + n * 12 + 4 > this.bytes.length) throw new TiffError("IFD past the end");
    for (let i = 0; i < n; i++) {
      const at = ifd + 2 + i * 12;
      if (this.u16(at) === tag) return at;
    }
    return -1;
  }
}

/** The orientation (1..8) an EXIF block gives, or null when it gives none it could. */
export function tiffOrientation(tiff: Uint8Array): number | null {
  try {
    const t = new Tiff(tiff);
    const e = t.entry(t.ifd0(), TAG_ORIENTATION);
    if (e < 0) return null;
    const type = t.u16(e + 2);
    const v = type === SHORT ? t.u16(e + 8) : type === LONG ? t.u32(e + 8) : 0;
    return v >= 1 && v <= 8 ? v : null;
  } catch {
    return null;
  }
}

/**
 * A copy of the TIFF block with `edits` made (see the module doc), or null when the block cannot
 * be followed (the caller then leaves it as it is).
 *
 * @example
 * ```ts
 * const turned = editTiff(tiff, { orientation: 6 });
 * ```
 */
export function editTiff(tiff: Uint8Array, edits: TiffEdits): Uint8Array | null {
  try {
    let t = new Tiff(tiff.slice());
    const appended: Uint8Array[] = [];
    let end = t.bytes.length;
    /** Reserves room at the (word-aligned) end of the block; returns its offset. */
    const append = (data: Uint8Array): number => {
      const pad = end % 2;
      if (pad) {
        appended.push(new Uint8Array(1));
        end += 1;
      }
      const at = end;
      appended.push(data);
      end += data.length;
      return at;
    };
    const ifd0 = t.ifd0();
    // Some cameras (Olympus) repeat the description and an Exif IFD under IFD1, the thumbnail's:
    // both say the same again.
    const ifd1 = t.u32(ifd0 + 2 + t.u16(ifd0) * 12);
    const exifIfds = new Set<number>();
    for (const ifd of ifd1 > 0 && ifd1 < t.bytes.length ? [ifd0, ifd1] : [ifd0]) {
      if (edits.imageDescription !== undefined) {
        setText(t, ifd, TAG_IMAGE_DESCRIPTION, edits.imageDescription, append);
      }
      const exifEntry = t.entry(ifd, TAG_EXIF_IFD);
      if (exifEntry >= 0) exifIfds.add(t.u32(exifEntry + 8));
    }
    if (edits.dateTimeOriginal !== undefined) {
      for (const ifd of exifIfds) {
        setText(t, ifd, TAG_DATE_TIME_ORIGINAL, edits.dateTimeOriginal, append);
      }
    }
    let newIfd0: Uint8Array | null = null;
    if (edits.orientation !== undefined) {
      const e = t.entry(ifd0, TAG_ORIENTATION);
      if (e >= 0) {
        t.setU16(e + 2, SHORT);
        t.setU32(e + 4, 1);
        t.setU32(e + 8, 0);
        t.setU16(e + 8, edits.orientation);
      } else {
        newIfd0 = ifdWith(t, ifd0, TAG_ORIENTATION, edits.orientation);
      }
    }
    if (newIfd0) {
      const at = append(newIfd0);
      // Offsets inside the new IFD's entries point where they pointed: nothing moved.
      t.setU32(4, at);
    }
    if (appended.length === 0) return t.bytes;
    const out = new Uint8Array(end);
    out.set(t.bytes);
    let pos = t.bytes.length;
    for (const a of appended) {
      out.set(a, pos);
      pos += a.length;
    }
    t = new Tiff(out);
    return t.bytes;
  } catch (e) {
    if (e instanceof TiffError || e instanceof RangeError) return null;
    throw e;
  }
}

/** Sets an ASCII entry that exists: in place when it fits, else appended. */
function setText(
  t: Tiff,
  ifd: number,
  tag: number,
  text: string,
  append: (data: Uint8Array) => number,
): void {
  const e = t.entry(ifd, tag);
  if (e < 0) return;
  const value = new TextEncoder().encode(`${text}\0`);
  const type = t.u16(e + 2);
  const count = t.u32(e + 4);
  const oldSize = (TYPE_SIZES[type] ?? 1) * count;
  t.setU16(e + 2, ASCII);
  if (value.length <= 4) {
    t.setU32(e + 4, value.length);
    t.bytes.fill(0, e + 8, e + 12);
    t.bytes.set(value, e + 8);
  } else if (oldSize > 4 && value.length <= oldSize) {
    // Overwritten where it is (the camera's text does not linger), padded with NULs.
    const at = t.u32(e + 8);
    if (at + oldSize > t.bytes.length) throw new TiffError("value past the end");
    t.bytes.fill(0, at, at + oldSize);
    t.bytes.set(value, at);
    t.setU32(e + 4, oldSize);
  } else {
    t.setU32(e + 4, value.length);
    t.setU32(e + 8, append(value));
  }
}

/** The IFD at `ifd` with one more SHORT entry, in tag order, ready to sit anywhere. */
function ifdWith(t: Tiff, ifd: number, tag: number, value: number): Uint8Array {
  const n = t.u16(ifd);
  const entries: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(t.bytes.slice(ifd + 2 + i * 12, ifd + 14 + i * 12));
  }
  const fresh = new Uint8Array(12);
  const fv = new DataView(fresh.buffer);
  fv.setUint16(0, tag, t.little);
  fv.setUint16(2, SHORT, t.little);
  fv.setUint32(4, 1, t.little);
  fv.setUint16(8, value, t.little);
  const tagOf = (e: Uint8Array) => new DataView(e.buffer, e.byteOffset).getUint16(0, t.little);
  const at = entries.findIndex((e) => tagOf(e) > tag);
  entries.splice(at < 0 ? entries.length : at, 0, fresh);
  const out = new Uint8Array(2 + entries.length * 12 + 4);
  const ov = new DataView(out.buffer);
  ov.setUint16(0, entries.length, t.little);
  entries.forEach((e, i) => out.set(e, 2 + i * 12));
  ov.setUint32(2 + entries.length * 12, t.u32(ifd + 2 + n * 12), t.little);
  return out;
}

/** A TIFF block holding only an orientation, for a file that has no EXIF at all. */
export function orientationOnlyTiff(orientation: number): Uint8Array {
  const out = new Uint8Array(8 + 2 + 12 + 4);
  const v = new DataView(out.buffer);
  out.set([0x4d, 0x4d]); // "MM"
  v.setUint16(2, 42);
  v.setUint32(4, 8);
  v.setUint16(8, 1);
  v.setUint16(10, TAG_ORIENTATION);
  v.setUint16(12, SHORT);
  v.setUint32(14, 1);
  v.setUint16(18, orientation);
  v.setUint32(22, 0);
  return out;
}
