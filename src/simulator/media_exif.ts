/**
 * EXIF for the simulator's JPEGs: a TIFF structure with IFD0, the Exif IFD and the GPS IFD,
 * big-endian, built by hand (no dependency) so that the archive's EXIF reader meets what cameras
 * write.
 *
 * Tested by src/simulator/media_test.ts.
 * @module
 */
import { concat } from "./bytes.ts";

const encoder = new TextEncoder();

/** EXIF written into a simulated original. */
export interface ExifSpec {
  make: string;
  model: string;
  /** `YYYY:MM:DD HH:MM:SS`, as cameras write it (no time zone). */
  dateTimeOriginal: string;
  gps?: { latitude: number; longitude: number };
  /** EXIF orientation 1..8. */
  orientation?: number;
}

const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const BYTE = 1;

interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  value: Uint8Array;
}

function asciiEntry(tag: number, text: string): IfdEntry {
  const value = encoder.encode(`${text}\0`);
  return { tag, type: ASCII, count: value.length, value };
}

function shortEntry(tag: number, n: number): IfdEntry {
  return { tag, type: SHORT, count: 1, value: new Uint8Array([n >> 8, n & 0xff]) };
}

function longEntry(tag: number, n: number): IfdEntry {
  const value = new Uint8Array(4);
  new DataView(value.buffer).setUint32(0, n);
  return { tag, type: LONG, count: 1, value };
}

function rationalsEntry(tag: number, pairs: [number, number][]): IfdEntry {
  const value = new Uint8Array(pairs.length * 8);
  const view = new DataView(value.buffer);
  pairs.forEach(([num, den], i) => {
    view.setUint32(i * 8, num);
    view.setUint32(i * 8 + 4, den);
  });
  return { tag, type: RATIONAL, count: pairs.length, value };
}

function dms(decimal: number): [number, number][] {
  const abs = Math.abs(decimal);
  const deg = Math.floor(abs);
  const minutes = Math.floor((abs - deg) * 60);
  const seconds = Math.round(((abs - deg) * 60 - minutes) * 60 * 10000);
  return [[deg, 1], [minutes, 1], [seconds, 10000]];
}

/** Serialises an IFD at `offset` (from the TIFF header); returns its bytes, large values after it. */
function ifdBytes(entries: IfdEntry[], offset: number): Uint8Array {
  entries.sort((a, b) => a.tag - b.tag);
  const tableSize = 2 + entries.length * 12 + 4;
  let dataSize = 0;
  for (const e of entries) {
    if (e.value.length > 4) dataSize += e.value.length + (e.value.length & 1);
  }
  const out = new Uint8Array(tableSize + dataSize);
  const view = new DataView(out.buffer);
  view.setUint16(0, entries.length);
  let dataPos = tableSize;
  entries.forEach((e, i) => {
    const p = 2 + i * 12;
    view.setUint16(p, e.tag);
    view.setUint16(p + 2, e.type);
    view.setUint32(p + 4, e.count);
    if (e.value.length <= 4) {
      out.set(e.value, p + 8);
    } else {
      view.setUint32(p + 8, offset + dataPos);
      out.set(e.value, dataPos);
      dataPos += e.value.length + (e.value.length & 1);
    }
  });
  view.setUint32(tableSize - 4, 0); // no next IFD
  return out;
}

function ifdSize(entries: IfdEntry[]): number {
  let size = 2 + entries.length * 12 + 4;
  for (const e of entries) if (e.value.length > 4) size += e.value.length + (e.value.length & 1);
  return size;
}

/** The EXIF of a simulated original, as the TIFF structure an APP1 segment carries. */
export function buildTiff(exif: ExifSpec, width: number, height: number): Uint8Array {
  const exifIfd = [
    { tag: 0x9000, type: 7, count: 4, value: encoder.encode("0232") }, // ExifVersion, UNDEFINED
    asciiEntry(0x9003, exif.dateTimeOriginal),
    asciiEntry(0x9004, exif.dateTimeOriginal), // DateTimeDigitized
    longEntry(0xa002, width),
    longEntry(0xa003, height),
  ];
  const gpsIfd = exif.gps
    ? [
      { tag: 0x0000, type: BYTE, count: 4, value: new Uint8Array([2, 3, 0, 0]) },
      asciiEntry(0x0001, exif.gps.latitude < 0 ? "S" : "N"),
      rationalsEntry(0x0002, dms(exif.gps.latitude)),
      asciiEntry(0x0003, exif.gps.longitude < 0 ? "W" : "E"),
      rationalsEntry(0x0004, dms(exif.gps.longitude)),
    ]
    : undefined;
  const ifd0 = [
    asciiEntry(0x010f, exif.make),
    asciiEntry(0x0110, exif.model),
    asciiEntry(0x0132, exif.dateTimeOriginal), // DateTime
    longEntry(0x8769, 0), // Exif IFD pointer, patched below
  ];
  if (exif.orientation !== undefined) ifd0.push(shortEntry(0x0112, exif.orientation));
  if (gpsIfd) ifd0.push(longEntry(0x8825, 0));
  ifd0.sort((a, b) => a.tag - b.tag); // TIFF wants ascending tags
  const ifd0Offset = 8;
  const exifOffset = ifd0Offset + ifdSize(ifd0);
  const gpsOffset = exifOffset + ifdSize(exifIfd);
  ifd0.find((e) => e.tag === 0x8769)!.value = longEntry(0, exifOffset).value;
  if (gpsIfd) ifd0.find((e) => e.tag === 0x8825)!.value = longEntry(0, gpsOffset).value;
  const header = new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]); // "MM", 42, IFD0 at 8
  const parts = [header, ifdBytes(ifd0, ifd0Offset), ifdBytes(exifIfd, exifOffset)];
  if (gpsIfd) parts.push(ifdBytes(gpsIfd, gpsOffset));
  return concat(parts);
}

// ---------------------------------------------------------------------------------------------
// GIF for the default buddy icon
