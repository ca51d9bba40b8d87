/**
 * EXIF from originals, with exifr 7.1.3 (its quirks under Deno are in stack-notes: pass bytes,
 * keep raw dates, expect undefined, throws and error-only results).
 * @module
 */
// @ts-types="./exifr_types.d.ts"
import exifr from "exifr";

/** What {@link readExif} found in a file. Every field is absent when the file does not say it. */
export interface ExifResult {
  make?: string;
  model?: string;
  /** Raw `YYYY:MM:DD HH:MM:SS`, local time of the camera (no zone; see offsetTimeOriginal). */
  dateTimeOriginal?: string;
  /** `±HH:MM` when the camera recorded it. */
  offsetTimeOriginal?: string;
  /** Signed decimal degrees (south and west negative). */
  latitude?: number;
  longitude?: number;
  /** EXIF orientation 1..8. */
  orientation?: number;
  /** Every tag exifr read, made JSON-safe (short binary values as hex, long ones left out). */
  tags: Record<string, unknown>;
  /** Why the file could not be read (a video, a damaged header); the other fields are then empty. */
  error?: string;
}

/** Binary tag values up to this many bytes are kept as hex; longer ones (thumbnails, maker notes) are dropped. */
const MAX_HEX_BYTES = 64;

/**
 * One options object for every call: exifr caches its parsed `Options` in a module-level Map keyed
 * by the object passed, so a fresh literal per file kept one entry (33 Sets, ~6 KB) per original
 * forever (about 600 MB at 100,000 photos).
 */
export const EXIFR_OPTIONS = Object.freeze({ reviveValues: false, translateValues: false });

/**
 * Reads EXIF from a file's bytes. Never throws: files exifr cannot read give `error`, files without
 * EXIF give empty `tags`.
 *
 * @example
 * ```ts
 * const exif = await readExif(await Deno.readFile("photos/2019/07/123_beach.jpg"));
 * if (exif.latitude !== undefined) console.log(exif.latitude, exif.longitude);
 * ```
 */
export async function readExif(bytes: Uint8Array): Promise<ExifResult> {
  let raw;
  try {
    raw = await exifr.parse(bytes, EXIFR_OPTIONS);
  } catch (e) {
    return { tags: {}, error: `Cannot read EXIF: ${errorMessage(e)}` };
  }
  if (raw === undefined) return { tags: {} };
  const { errors, ...rest } = raw;
  const tags = jsonSafe(rest) as Record<string, unknown>;
  if (Object.keys(tags).length === 0 && errors?.length) {
    return { tags, error: `Cannot read EXIF: ${errors.map(errorMessage).join("; ")}` };
  }
  const result: ExifResult = { tags };
  const make = text(rest.Make);
  if (make) result.make = make;
  const model = text(rest.Model);
  if (model) result.model = model;
  const date = exifDate(rest.DateTimeOriginal);
  if (date) result.dateTimeOriginal = date;
  const offset = text(rest.OffsetTimeOriginal);
  if (offset && /^[+-]\d{2}:\d{2}$/.test(offset)) result.offsetTimeOriginal = offset;
  const latitude = coordinate(rest.GPSLatitude, rest.GPSLatitudeRef, "S", 90);
  const longitude = coordinate(rest.GPSLongitude, rest.GPSLongitudeRef, "W", 180);
  if (latitude !== undefined && longitude !== undefined) {
    result.latitude = latitude;
    result.longitude = longitude;
  }
  if (Number.isInteger(rest.Orientation)) {
    const orientation = rest.Orientation as number;
    if (orientation >= 1 && orientation <= 8) result.orientation = orientation;
  }
  return result;
}

function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  // Cameras pad fixed-width fields with spaces or NULs ("SAMSUNG  ", "E-P3 ").
  const trimmed = value.replace(/[\0\s]+$/, "").trim();
  return trimmed || undefined;
}

/** A real `YYYY:MM:DD HH:MM:SS`; cameras without a clock write `0000:00:00 00:00:00`, which is none. */
function exifDate(value: unknown): string | undefined {
  const raw = text(value);
  const m = raw?.match(/^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/);
  if (!m || m[1] === "0000" || m[2] === "00" || m[3] === "00") return undefined;
  return m[0];
}

/**
 * Degrees from the raw `[degrees, minutes, seconds]` rationals. exifr can give a null seconds
 * value (a 0/0 rational, seen from a Nikon D5000 edited in Adobe Bridge): it counts as 0.
 */
function coordinate(value: unknown, ref: unknown, negative: string, max: number) {
  let degrees: number;
  if (Array.isArray(value)) {
    const [d, m, s] = value.map((part) => (typeof part === "number" && isFinite(part) ? part : 0));
    if (typeof value[0] !== "number" || !isFinite(value[0])) return undefined;
    degrees = d + (m ?? 0) / 60 + (s ?? 0) / 3600;
  } else if (typeof value === "number" && isFinite(value)) {
    degrees = value;
  } else {
    return undefined;
  }
  if (typeof ref === "string" && ref.trim().toUpperCase() === negative) degrees = -degrees;
  return Math.abs(degrees) <= max ? degrees : undefined;
}

/** Converts exifr's output to plain JSON: typed arrays, NaN, nested objects, no cycles. */
function jsonSafe(value: unknown, seen = new Set<object>()): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) {
    return value.length <= MAX_HEX_BYTES
      ? Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("")
      : undefined;
  }
  if (ArrayBuffer.isView(value)) {
    const numbers = Array.from(value as unknown as ArrayLike<number>);
    return numbers.length <= MAX_HEX_BYTES ? numbers : undefined;
  }
  if (value instanceof Date) return isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== "object" || value === undefined || seen.has(value)) return undefined;
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((item) => jsonSafe(item, seen) ?? null);
  } else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const safe = jsonSafe(v, seen);
      if (safe !== undefined) obj[k] = safe;
    }
    out = obj;
  }
  seen.delete(value);
  return out;
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === "object" && "message" in e) return String(e.message);
  return String(e);
}
