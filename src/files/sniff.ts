/**
 * What a file is, from its first bytes (magic numbers; `ftyp` brands for MP4/MOV/HEIC), and
 * whether that is what a caller expects: an image where Flickr sent a photo, never an HTML page.
 * @module
 */
import { contentTypeOfKind } from "./content_types.ts";
import { sha256File } from "./hash.ts";

/** What a file's first bytes say it is. Needs at least 12 bytes for the ISO-BMFF kinds. */
export type MediaKind =
  | "jpeg"
  | "png"
  | "gif"
  | "heic"
  | "tiff"
  | "webp"
  | "mp4"
  | "mov"
  | "html"
  | "unknown";

/** What kind of file the caller expects; the first bytes must agree ({@link matchesExpected}). */
export type ExpectedMedia = "image" | "video" | "any";

/** The kinds {@link sniffMedia} knows as images (EXIF may be read); other media is video. */
export const IMAGE_KINDS: ReadonlySet<MediaKind> = new Set([
  "jpeg",
  "png",
  "gif",
  "heic",
  "tiff",
  "webp",
]);

/** How many first bytes {@link sniffMedia} looks at. */
export const SNIFF_BYTES = 32;

const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);
/** Top-level atoms that open QuickTime files written before `ftyp` existed. */
const QUICKTIME_ATOMS = new Set(["moov", "mdat", "wide", "free", "skip", "pnot"]);

/**
 * Identifies a file from its first bytes (magic numbers; `ftyp` brands for MP4/MOV/HEIC).
 *
 * @example
 * ```ts
 * sniffMedia(new Uint8Array([0xff, 0xd8, 0xff, 0xe1])); // "jpeg"
 * ```
 */
export function sniffMedia(head: Uint8Array): MediaKind {
  const ascii = (start: number, end: number) =>
    String.fromCharCode(...head.subarray(start, Math.min(end, head.length)));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return "gif";
  if (ascii(0, 4) === "II*\0" || ascii(0, 4) === "MM\0*") return "tiff";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  const box = ascii(4, 8);
  if (box === "ftyp") {
    const brand = ascii(8, 12);
    if (HEIF_BRANDS.has(brand)) return "heic";
    return brand === "qt  " ? "mov" : "mp4";
  }
  if (QUICKTIME_ATOMS.has(box)) return "mov";
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < head.length && (head[i] === 0x20 || (head[i] >= 0x09 && head[i] <= 0x0d))) i++;
  if (head[i] === 0x3c) return "html"; // "<": HTML or XML error pages
  return "unknown";
}

/**
 * Whether a file of `kind` is what `expect` asks for. "image": JPEG, PNG, GIF, HEIC, TIFF or
 * WebP. "video": anything but HTML or an image (video originals come in many containers: MP4,
 * MOV, AVI, WMV...). "any": anything.
 */
export function matchesExpected(expect: ExpectedMedia, kind: MediaKind): boolean {
  if (expect === "any") return true;
  if (expect === "image") return IMAGE_KINDS.has(kind);
  return kind !== "html" && !IMAGE_KINDS.has(kind);
}

/**
 * A file already under its final name with no catalog row is complete (files appear only complete,
 * after their fsync) and was written by a run killed before recording it: its size, hash and
 * content type, when its first bytes are of the expected kind, so that it is recorded rather than
 * fetched again. Undefined when there is no such file or it is of another kind.
 */
export async function findCompleteFile(
  dest: string,
  expect: ExpectedMedia,
): Promise<{ bytes: number; sha256: string; contentType: string | null } | undefined> {
  let head: Uint8Array;
  try {
    using file = await Deno.open(dest, { read: true });
    head = new Uint8Array(SNIFF_BYTES);
    const n = await file.read(head);
    head = head.subarray(0, n ?? 0);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  const kind = sniffMedia(head);
  if (!matchesExpected(expect, kind) || kind === "unknown") return undefined;
  const { bytes, sha256 } = await sha256File(dest);
  return { bytes, sha256, contentType: contentTypeOfKind(kind) };
}
