/**
 * Byte arrays joined, for the simulator's hand-built files (JPEG, EXIF, MP4, GIF).
 *
 * Tested by src/simulator/media_test.ts, src/archive/download_test.ts and src/files/sniff_test.ts.
 * @module
 */

/** `parts` joined into one new array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
