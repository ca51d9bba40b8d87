/**
 * The `Content-Type` recorded in `files.content_type` for a file identified by its first bytes
 * (the kinds `sniffMedia` in `sniff.ts` names), when no server said one: for
 * media streamed out of an export, or a file adopted after a crash.
 * @module
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  heic: "image/heic",
  tiff: "image/tiff",
  webp: "image/webp",
  mp4: "video/mp4",
  mov: "video/quicktime",
};

/**
 * The content type of a media kind, or null for a kind with none (`html`, `unknown`).
 *
 * @example
 * ```ts
 * contentTypeOfKind("mov"); // "video/quicktime"
 * ```
 */
export function contentTypeOfKind(kind: string): string | null {
  return Object.hasOwn(CONTENT_TYPES, kind) ? CONTENT_TYPES[kind] : null;
}
