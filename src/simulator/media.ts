/**
 * Real media bytes for the simulator: decodable JPEGs of any size with hand-built EXIF, a small
 * playable MP4, buddy icons and a GIF stand-in for Flickr's default buddy icon.
 *
 * Speed matters (the simulator serves thousands of files at hundreds of MB/s), so image data is
 * encoded once per (width, height, colour variant) and cached; each call only splices a fresh
 * header (EXIF in APP1, a COM segment carrying the key so the bytes are unique) before the cached
 * body. The encoder is a tiny baseline JPEG writer: every 8x8 block is one flat colour (only DC
 * coefficients, AC all zero), which draws smooth gradients at block resolution and encodes a 24 MP
 * image in tens of milliseconds with no dependency.
 * @module
 */
import { concat } from "./bytes.ts";
import { buildTiff, type ExifSpec } from "./media_exif.ts";
import { MP4_BASE64 } from "./media_assets.ts";

/** Options of {@link jpegFile}. */
export interface JpegOptions {
  width: number;
  height: number;
  /** Makes the bytes unique, e.g. `"<photoid>_<secret>_o"`. */
  key: string;
  exif?: ExifSpec;
  /**
   * Grow the file to about this many bytes with comment segments (which decoders skip), for
   * originals of a realistic size: a camera JPEG is megabytes where the drawn image is kilobytes.
   */
  padTo?: number;
}

const encoder = new TextEncoder();
/** Payload of a full comment segment (a segment's length field counts itself, up to 65,535). */
const MAX_COMMENT = 0xffff - 2;

/**
 * A real baseline JPEG of the given size. Deterministic: the same options give the same bytes; the
 * key makes them unique (it is carried in a COM segment and picks one of a few colour variants).
 *
 * @example
 * ```ts
 * const bytes = jpegFile({ width: 1024, height: 768, key: "123_abc_b" });
 * ```
 */
export function jpegFile(opts: JpegOptions): Uint8Array {
  const { width, height, key, exif } = opts;
  if (!isDimension(width) || !isDimension(height)) {
    throw new RangeError(`Cannot make a JPEG of ${width}x${height}: sizes must be 1..65535`);
  }
  const body = cachedBody(width, height, fnv1a(key) % PALETTES.length);
  const head: Uint8Array[] = [new Uint8Array([0xff, 0xd8])];
  if (exif) {
    head.push(segment(0xe1, concat([encoder.encode("Exif\0\0"), buildTiff(exif, width, height)])));
  } else {
    head.push(JFIF_APP0);
  }
  head.push(segment(0xfe, encoder.encode(`flickrvault-simulator key=${key}`)));
  let size = head.reduce((n, h) => n + h.length, body.length);
  while (opts.padTo !== undefined && size + 4 < opts.padTo) {
    const filler = segment(0xfe, new Uint8Array(Math.min(MAX_COMMENT, opts.padTo - size - 4)));
    head.push(filler);
    size += filler.length;
  }
  return concat([...head, body]);
}

/** A 48x48 JPEG buddy icon, unique per key. */
export function buddyIcon(key: string): Uint8Array {
  return jpegFile({ width: 48, height: 48, key: `buddyicon:${key}` });
}

let defaultIcon: Uint8Array | undefined;

/** A 48x48 GIF, the stand-in for Flickr's `images/buddyicon.gif` (grey head and shoulders). */
export function defaultBuddyIcon(): Uint8Array {
  defaultIcon ??= buildDefaultIconGif();
  return defaultIcon.slice();
}

let mp4Base: Uint8Array | undefined;

/**
 * A small real MP4 (H.264, 2 s, 160x120, faststart) followed by a top-level `free` box carrying the
 * key: players ignore `free` boxes, so every key gives unique bytes that still play.
 */
export function mp4File(opts: { key: string }): Uint8Array {
  mp4Base ??= Uint8Array.from(atob(MP4_BASE64), (c) => c.charCodeAt(0));
  const payload = encoder.encode(`flickrvault-simulator key=${opts.key}`);
  const box = new Uint8Array(8 + payload.length);
  new DataView(box.buffer).setUint32(0, box.length);
  box.set(encoder.encode("free"), 4);
  box.set(payload, 8);
  return concat([mp4Base, box]);
}

// ---------------------------------------------------------------------------------------------
// JPEG body cache

/** Cached bodies (DQT..EOI) by `${w}x${h}:${variant}`, least recently used first. */
const bodyCache = new Map<string, Uint8Array>();
let bodyCacheBytes = 0;
const BODY_CACHE_LIMIT = 256 * 1024 * 1024;

function cachedBody(width: number, height: number, variant: number): Uint8Array {
  const cacheKey = `${width}x${height}:${variant}`;
  let body = bodyCache.get(cacheKey);
  if (body) {
    bodyCache.delete(cacheKey);
    bodyCache.set(cacheKey, body);
    return body;
  }
  body = encodeBody(width, height, PALETTES[variant]);
  bodyCache.set(cacheKey, body);
  bodyCacheBytes += body.length;
  for (const [k, v] of bodyCache) {
    if (bodyCacheBytes <= BODY_CACHE_LIMIT || k === cacheKey) break;
    bodyCache.delete(k);
    bodyCacheBytes -= v.length;
  }
  return body;
}

/**
 * A little landscape: a sky gradient between two colours, a sun (or moon) disc placed per palette,
 * and hills in a ground colour along the bottom. Enough variety that a photostream of simulated
 * photos reads as photos rather than as one repeated tile.
 */
type Palette = { from: Rgb; to: Rgb; sun: Rgb; ground: Rgb; sunX: number; sunY: number };
type Rgb = [number, number, number];

const PALETTES: Palette[] = [
  {
    from: [32, 72, 160],
    to: [240, 170, 90],
    sun: [255, 236, 180],
    ground: [40, 50, 70],
    sunX: 0.7,
    sunY: 0.3,
  }, // dusk
  {
    from: [70, 150, 220],
    to: [200, 230, 250],
    sun: [255, 250, 220],
    ground: [40, 120, 60],
    sunX: 0.25,
    sunY: 0.22,
  }, // meadow
  {
    from: [90, 40, 120],
    to: [250, 120, 140],
    sun: [255, 220, 120],
    ground: [60, 30, 60],
    sunX: 0.5,
    sunY: 0.45,
  }, // sunset
  {
    from: [60, 60, 70],
    to: [170, 200, 220],
    sun: [240, 240, 250],
    ground: [80, 90, 100],
    sunX: 0.8,
    sunY: 0.2,
  }, // overcast
  {
    from: [10, 20, 50],
    to: [40, 60, 120],
    sun: [235, 235, 210],
    ground: [15, 20, 30],
    sunX: 0.3,
    sunY: 0.25,
  }, // night
  {
    from: [250, 200, 120],
    to: [250, 120, 60],
    sun: [255, 250, 230],
    ground: [120, 70, 40],
    sunX: 0.6,
    sunY: 0.5,
  }, // desert
  {
    from: [120, 200, 230],
    to: [20, 110, 170],
    sun: [255, 255, 240],
    ground: [230, 210, 160],
    sunX: 0.15,
    sunY: 0.3,
  }, // beach
  {
    from: [200, 220, 240],
    to: [255, 255, 255],
    sun: [250, 250, 200],
    ground: [235, 240, 245],
    sunX: 0.45,
    sunY: 0.18,
  }, // snow
  {
    from: [255, 180, 200],
    to: [160, 120, 200],
    sun: [255, 240, 200],
    ground: [70, 90, 60],
    sunX: 0.75,
    sunY: 0.4,
  }, // spring
  {
    from: [30, 80, 60],
    to: [150, 190, 120],
    sun: [240, 250, 200],
    ground: [20, 60, 30],
    sunX: 0.35,
    sunY: 0.15,
  }, // forest
  {
    from: [250, 140, 60],
    to: [120, 40, 40],
    sun: [255, 210, 120],
    ground: [50, 25, 20],
    sunX: 0.55,
    sunY: 0.35,
  }, // autumn
  {
    from: [100, 130, 160],
    to: [60, 80, 110],
    sun: [210, 220, 230],
    ground: [50, 60, 70],
    sunX: 0.2,
    sunY: 0.35,
  }, // rain
];

function toYcc([r, g, b]: Rgb): Rgb {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ];
}

// Annex K luminance DC table (categories 0..11). One tiny AC table is enough: blocks only ever
// hold EOB, and a table whose only other code is "10" keeps clear of the all-ones code.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALS = [0x00, 0x01];
const EOB_CODE = 0; // "0", length 1

/** Canonical Huffman codes for the DC table, indexed by category. */
const DC_CODES = (() => {
  const codes: { code: number; len: number }[] = [];
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < DC_BITS[len - 1]; i++) codes[DC_VALS[k++]] = { code: code++, len };
    code <<= 1;
  }
  return codes;
})();

/** Everything after the APPn/COM segments: DQT, SOF0, DHT, SOS, entropy-coded data, EOI. */
function encodeBody(width: number, height: number, palette: Palette): Uint8Array {
  // Quantiser 8 everywhere: a DC-only block decodes to exactly 128 + quantised DC.
  const dqt = segment(0xdb, new Uint8Array([0x00, ...new Array(64).fill(8)]));
  const sof = segment(
    0xc0,
    new Uint8Array([
      8,
      height >> 8,
      height & 0xff,
      width >> 8,
      width & 0xff,
      3,
      ...[1, 0x11, 0],
      ...[2, 0x11, 0],
      ...[3, 0x11, 0],
    ]),
  );
  const dht = segment(
    0xc4,
    new Uint8Array([0x00, ...DC_BITS, ...DC_VALS, 0x10, ...AC_BITS, ...AC_VALS]),
  );
  const sos = segment(0xda, new Uint8Array([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]));
  const data = encodeScan(width, height, palette);
  return concat([dqt, sof, dht, sos, data, new Uint8Array([0xff, 0xd9])]);
}

function encodeScan(width: number, height: number, palette: Palette): Uint8Array {
  const bw = Math.ceil(width / 8);
  const bh = Math.ceil(height / 8);
  const from = toYcc(palette.from);
  const to = toYcc(palette.to);
  const sun = toYcc(palette.sun);
  const ground = toYcc(palette.ground);
  const sunX = bw * palette.sunX;
  const sunY = bh * palette.sunY;
  const sunR2 = (Math.min(bw, bh) * 0.12) ** 2;
  // Two overlapping hills: the ground starts where the higher of two sine waves is.
  const hill = (bx: number) =>
    bh * (0.72 - 0.08 * Math.sin((bx / bw) * Math.PI * 1.3 + palette.sunX * 4) -
      0.05 * Math.sin((bx / bw) * Math.PI * 3.1 + palette.sunY * 7));
  // Worst case per block: 9-bit DC code + 11 extra bits + 1-bit EOB, doubled for 0xFF stuffing.
  const out = new Uint8Array(Math.ceil(bw * bh * 3 * 21 / 8) * 2 + 16);
  let pos = 0;
  let acc = 0; // pending bits (fewer than 8 between calls, so `acc << len` stays in 32 bits)
  let nbits = 0;
  const put = (code: number, len: number) => {
    acc = (acc << len) | code;
    nbits += len;
    while (nbits >= 8) {
      nbits -= 8;
      const byte = (acc >>> nbits) & 0xff;
      out[pos++] = byte;
      if (byte === 0xff) out[pos++] = 0;
    }
    acc &= (1 << nbits) - 1;
  };
  const pred = [0, 0, 0];
  const ycc = [0, 0, 0];
  const diagonal = Math.max(1, bw + bh - 2);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const t = (bx + by) / diagonal;
      const inSun = (bx - sunX) ** 2 + (by - sunY) ** 2 <= sunR2;
      const groundTop = hill(bx);
      const shade = by >= groundTop
        ? 1 - 0.25 * ((by - groundTop) / Math.max(1, bh - groundTop))
        : 0;
      for (let c = 0; c < 3; c++) {
        ycc[c] = shade > 0
          ? (c === 0 ? ground[c] * shade : ground[c])
          : inSun
          ? sun[c]
          : from[c] + (to[c] - from[c]) * t;
      }
      for (let c = 0; c < 3; c++) {
        const dc = Math.max(-128, Math.min(127, Math.round(ycc[c]) - 128));
        const diff = dc - pred[c];
        pred[c] = dc;
        const mag = Math.abs(diff);
        const cat = mag === 0 ? 0 : 32 - Math.clz32(mag);
        const h = DC_CODES[cat];
        put(h.code, h.len);
        if (cat > 0) put(diff < 0 ? diff + (1 << cat) - 1 : diff, cat);
        put(EOB_CODE, 1);
      }
    }
  }
  if (nbits > 0) put((1 << (8 - nbits)) - 1, 8 - nbits); // pad with 1-bits
  return out.slice(0, pos);
}

/**
 * Builds a 48x48 GIF without an LZW compressor: with a 128-colour code space every code is 8 bits
 * wide until the decoder's table reaches 256 entries, so emitting only literal codes, with a clear
 * code every 100 pixels (before the table can grow that far), gives valid byte-aligned LZW data.
 */
function buildDefaultIconGif(): Uint8Array {
  const size = 48;
  const palette = [[0xd6, 0xd6, 0xd6], [0x9a, 0x9a, 0x9a], [0xff, 0xff, 0xff]];
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const head = (x - 24) ** 2 + (y - 18) ** 2 <= 9 ** 2;
      const shoulders = y >= 32 && (x - 24) ** 2 / 18 ** 2 + (y - 48) ** 2 / 16 ** 2 <= 1;
      pixels[y * size + x] = head || shoulders ? 1 : 0;
    }
  }
  const minCodeSize = 7; // 128-entry code space: codes are 8 bits wide until entry 256
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const codes: number[] = [];
  for (let i = 0; i < pixels.length; i++) {
    // Each literal after the first adds a table entry; clear well before it reaches 256.
    if (i % 100 === 0) codes.push(clear);
    codes.push(pixels[i]);
  }
  codes.push(eoi);
  const subBlocks: number[] = [];
  for (let i = 0; i < codes.length; i += 255) {
    const chunk = codes.slice(i, i + 255);
    subBlocks.push(chunk.length, ...chunk);
  }
  const colourTable = new Array(128 * 3).fill(0);
  palette.forEach((rgb, i) => colourTable.splice(i * 3, 3, ...rgb));
  return new Uint8Array([
    ...encoder.encode("GIF89a"),
    size,
    0,
    size,
    0,
    0xf6, // global colour table, 8-bit colour resolution, 128 entries (2^(6+1))
    0,
    0,
    ...colourTable,
    0x2c, // image descriptor
    0,
    0,
    0,
    0,
    size,
    0,
    size,
    0,
    0,
    minCodeSize,
    ...subBlocks,
    0,
    0x3b, // trailer
  ]);
}

// ---------------------------------------------------------------------------------------------
// helpers

const JFIF_APP0 = segment(
  0xe0,
  new Uint8Array([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
);

function segment(marker: number, payload: Uint8Array): Uint8Array {
  const len = payload.length + 2;
  if (len > 0xffff) throw new RangeError(`JPEG segment too large (${len} bytes)`);
  const out = new Uint8Array(len + 2);
  out.set([0xff, marker, len >> 8, len & 0xff]);
  out.set(payload, 4);
  return out;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) h = Math.imul(h ^ byte, 0x01000193);
  return h >>> 0;
}

function isDimension(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}
