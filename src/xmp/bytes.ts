/**
 * Byte helpers shared by the JPEG and PNG writers.
 *
 * Tested by src/xmp/copy_test.ts, src/xmp/iptc_test.ts and src/xmp/jpeg_test.ts.
 * @module
 */

/** The parts one after another in a new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
