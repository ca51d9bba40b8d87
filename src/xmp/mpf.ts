/**
 * The Multi-Picture Format index (CIPA DC-007) of a JPEG: an APP2 segment `MPF\0` followed by a
 * TIFF-like block whose MP Entry list gives each image's size and offset. The HDR gain maps of
 * recent iPhones, Android's Ultra HDR photos and Samsung and Pixel depth images are such second
 * images, stored after the first image's end. Their offsets count from the MPF block's byte-order
 * mark, so when a copy adds or resizes a segment between that mark and the first image's end,
 * every offset but the first image's (always 0) must move by the same number of bytes, or the
 * second image is lost to every reader.
 * @module
 */

export const MPF_HEADER = new TextEncoder().encode("MPF\0");
const TAG_MP_ENTRY = 0xb002;

/**
 * A copy of an MPF APP2 payload (`MPF\0` and its block) with every non-zero image offset moved by
 * `delta` bytes; null when the block cannot be followed (the caller then refuses to change the
 * file's layout).
 */
export function shiftMpfOffsets(payload: Uint8Array, delta: number): Uint8Array | null {
  const out = payload.slice();
  const base = MPF_HEADER.length;
  if (out.length < base + 8) return null;
  const view = new DataView(out.buffer, out.byteOffset + base, out.byteLength - base);
  const order = String.fromCharCode(out[base], out[base + 1]);
  if (order !== "II" && order !== "MM") return null;
  const little = order === "II";
  try {
    if (view.getUint16(2, little) !== 42) return null;
    const ifd = view.getUint32(4, little);
    const n = view.getUint16(ifd, little);
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + i * 12;
      if (view.getUint16(e, little) !== TAG_MP_ENTRY) continue;
      const count = view.getUint32(e + 4, little);
      const at = count <= 4 ? e + 8 : view.getUint32(e + 8, little);
      const images = Math.floor(count / 16);
      for (let k = 0; k < images; k++) {
        const offsetAt = at + k * 16 + 8;
        const offset = view.getUint32(offsetAt, little);
        if (offset === 0) continue;
        const moved = offset + delta;
        if (moved <= 0 || moved > 0xffffffff) return null;
        view.setUint32(offsetAt, moved, little);
      }
      return out;
    }
    return null;
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** The images an MPF payload lists: each one's size and offset (from the block's start). */
export function mpfImages(payload: Uint8Array): { size: number; offset: number }[] {
  const base = MPF_HEADER.length;
  const view = new DataView(payload.buffer, payload.byteOffset + base, payload.byteLength - base);
  const little = payload[base] === 0x49;
  const ifd = view.getUint32(4, little);
  const n = view.getUint16(ifd, little);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (view.getUint16(e, little) !== TAG_MP_ENTRY) continue;
    const count = view.getUint32(e + 4, little);
    const at = count <= 4 ? e + 8 : view.getUint32(e + 8, little);
    return Array.from({ length: Math.floor(count / 16) }, (_, k) => ({
      size: view.getUint32(at + k * 16 + 4, little),
      offset: view.getUint32(at + k * 16 + 8, little),
    }));
  }
  return [];
}
