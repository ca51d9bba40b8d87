import { assertEquals } from "../../tests/assert.ts";
import { MPF_HEADER, mpfImages, shiftMpfOffsets } from "./mpf.ts";

/**
 * An MPF APP2 payload (`MPF\0`, then a TIFF-like block) whose MP Entry list holds `images`
 * (size, offset), in either byte order, with a version tag before it as cameras write.
 */
function mpf(images: { size: number; offset: number }[], little = false): Uint8Array {
  const entries = 2;
  const ifdSize = 2 + entries * 12 + 4;
  const out = new Uint8Array(MPF_HEADER.length + 8 + ifdSize + images.length * 16);
  out.set(MPF_HEADER);
  const v = new DataView(out.buffer, MPF_HEADER.length);
  out.set(little ? [0x49, 0x49] : [0x4d, 0x4d], MPF_HEADER.length);
  v.setUint16(2, 42, little);
  v.setUint32(4, 8, little);
  v.setUint16(8, entries, little);
  // MPFVersion "0100", UNDEFINED[4], inline.
  v.setUint16(10, 0xb000, little);
  v.setUint16(12, 7, little);
  v.setUint32(14, 4, little);
  out.set([0x30, 0x31, 0x30, 0x30], MPF_HEADER.length + 18);
  // MPEntry: 16 bytes per image, stored after the IFD.
  v.setUint16(22, 0xb002, little);
  v.setUint16(24, 7, little);
  v.setUint32(26, images.length * 16, little);
  v.setUint32(30, 8 + ifdSize, little);
  images.forEach((img, k) => {
    const at = 8 + ifdSize + k * 16;
    v.setUint32(at, 0x030000, little); // attributes: baseline primary
    v.setUint32(at + 4, img.size, little);
    v.setUint32(at + 8, img.offset, little);
  });
  return out;
}

Deno.test("shiftMpfOffsets: every image's offset moves but the first image's (always 0)", () => {
  for (const little of [false, true]) {
    const payload = mpf([{ size: 5000, offset: 0 }, { size: 800, offset: 4900 }, {
      size: 300,
      offset: 5700,
    }], little);
    const moved = shiftMpfOffsets(payload, 120)!;
    assertEquals(mpfImages(moved), [
      { size: 5000, offset: 0 },
      { size: 800, offset: 5020 },
      { size: 300, offset: 5820 },
    ]);
    assertEquals(mpfImages(payload)[1].offset, 4900, "the payload given is not changed");
    assertEquals(mpfImages(shiftMpfOffsets(payload, -100)!)[1].offset, 4800);
    assertEquals(moved.length, payload.length);
  }
});

Deno.test("shiftMpfOffsets: null when the block cannot be followed or an offset would leave the file", () => {
  const payload = mpf([{ size: 5000, offset: 0 }, { size: 800, offset: 100 }]);
  assertEquals(shiftMpfOffsets(payload, -100), null, "an offset of 0 would be the first image");
  assertEquals(shiftMpfOffsets(payload.subarray(0, 10), 5), null, "cut short");
  const badOrder = payload.slice();
  badOrder[MPF_HEADER.length] = 0x58;
  assertEquals(shiftMpfOffsets(badOrder, 5), null);
  const notTiff = payload.slice();
  notTiff[MPF_HEADER.length + 3] = 43;
  assertEquals(shiftMpfOffsets(notTiff, 5), null);
  // An entry list pointing past the end.
  const past = payload.slice();
  new DataView(past.buffer, MPF_HEADER.length).setUint32(30, 10_000);
  assertEquals(shiftMpfOffsets(past, 5), null);
  // No MP Entry tag at all.
  const none = payload.slice();
  new DataView(none.buffer, MPF_HEADER.length).setUint16(22, 0xb001);
  assertEquals(shiftMpfOffsets(none, 5), null);
  assertEquals(mpfImages(none), []);
});
