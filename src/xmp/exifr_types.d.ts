/**
 * The part of exifr 7.1.3's API flickrvault uses. exifr's own `index.d.ts` starts with
 * `/// <reference types="node" />`, which pulls npm's `@types/node` over Deno's built-in node types
 * and breaks type checking elsewhere (node:assert overloads), so imports of exifr use these instead.
 *
 * Types only.
 * @module
 */

/** Options of `exifr.parse` (only the ones used here). */
export interface ExifrOptions {
  tiff?: boolean;
  ifd0?: boolean;
  exif?: boolean;
  gps?: boolean;
  xmp?: boolean;
  iptc?: boolean;
  icc?: boolean;
  reviveValues?: boolean;
  translateValues?: boolean;
  translateKeys?: boolean;
  mergeOutput?: boolean;
}

/** What `exifr.parse` returns: tag names to values, or undefined when the file has no metadata. */
export type ExifrOutput = Record<string, unknown> & { errors?: unknown[] };

declare const exifr: {
  parse(input: Uint8Array | ArrayBuffer, options?: ExifrOptions): Promise<ExifrOutput | undefined>;
  gps(
    input: Uint8Array | ArrayBuffer,
  ): Promise<{ latitude: number; longitude: number } | undefined>;
};
export default exifr;
