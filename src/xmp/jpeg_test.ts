import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { concatBytes } from "./bytes.ts";
import { PHOTOSHOP_HEADER } from "./iptc.ts";
import { isJpeg, jpegExif, JpegFormatError, MAX_JPEG_XMP, rewriteJpeg } from "./jpeg.ts";

const text = (s: string) => new TextEncoder().encode(s);
const XMP_HEADER = text("http://ns.adobe.com/xap/1.0/\0");
const EXIF_HEADER = text("Exif\0\0");

/** A marker segment: FF, marker, 16-bit length counting itself, payload. */
function seg(marker: number, payload: Uint8Array): Uint8Array {
  const n = payload.length + 2;
  return concatBytes([new Uint8Array([0xff, marker, n >> 8, n & 0xff]), payload]);
}

const SOI = new Uint8Array([0xff, 0xd8]);
const JFIF = seg(0xe0, text("JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
const EXIF = seg(0xe1, concatBytes([EXIF_HEADER, text("II*\0\x08\0\0\0tiff")]));
const ICC = seg(0xe2, text("ICC_PROFILE\0\x01\x01profile"));
const DQT = seg(0xdb, new Uint8Array(65).fill(7));
/** The image data from SOS to EOI, and a second picture after it, as a multi-picture file has. */
const SCAN = concatBytes([
  seg(0xda, new Uint8Array([1, 1, 0, 0, 63, 0])),
  new Uint8Array([0x12, 0xff, 0x00, 0x34, 0xff, 0xd9]),
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 2, 0xff, 0xd9]),
]);

function jpeg(...segments: Uint8Array[]): Uint8Array {
  return concatBytes([SOI, ...segments, SCAN]);
}

/** Where `needle` first occurs in `hay`, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

function endsWith(bytes: Uint8Array, tail: Uint8Array): boolean {
  return indexOf(bytes.subarray(bytes.length - tail.length), tail) === 0;
}

const PACKET = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><t>Café 写真</t></x:xmpmeta>';

Deno.test("rewriteJpeg: a new XMP segment goes after the JFIF and Exif segments; every other byte is kept", () => {
  const file = jpeg(JFIF, EXIF, ICC, DQT);
  let seen: string | null = "not called";
  const copy = rewriteJpeg(file, {
    xmp: (own) => {
      seen = own;
      return PACKET;
    },
  });
  assertEquals(seen, null, "a file without XMP hands the writer no packet of its own");
  const xmp = seg(0xe1, concatBytes([XMP_HEADER, text(PACKET)]));
  assertEquals(copy.length, file.length + xmp.length);
  const lead = SOI.length + JFIF.length + EXIF.length;
  assertEquals([...copy.subarray(0, lead)], [...file.subarray(0, lead)]);
  assertEquals([...copy.subarray(lead, lead + xmp.length)], [...xmp], "UTF-8 packet in one APP1");
  assertEquals([...copy.subarray(lead + xmp.length)], [...file.subarray(lead)]);
  assert(endsWith(copy, SCAN), "image data and the second picture after it are kept");
});

Deno.test("rewriteJpeg: an XMP segment is replaced where it is, and its packet handed to the writer", () => {
  const old = seg(0xe1, concatBytes([XMP_HEADER, text("<old/>")]));
  const file = jpeg(JFIF, ICC, old, DQT);
  let seen: string | null = null;
  const copy = rewriteJpeg(file, {
    xmp: (own) => {
      seen = own;
      return "<new/>";
    },
  });
  assertEquals(seen, "<old/>");
  const xmp = seg(0xe1, concatBytes([XMP_HEADER, text("<new/>")]));
  assertEquals([...copy], [...jpeg(JFIF, ICC, xmp, DQT)], "in the old one's place, not moved up");
  // keepXmp leaves the packet alone and never asks for one.
  const kept = rewriteJpeg(file, {
    keepXmp: true,
    xmp: () => {
      throw new Error("xmp() called with keepXmp");
    },
  });
  assertEquals([...kept], [...file]);
});

Deno.test("rewriteJpeg: a new Exif block goes after the JFIF segment, or replaces the file's own", () => {
  const tiff = text("MM\0*\0\0\0\x08new");
  const newExif = seg(0xe1, concatBytes([EXIF_HEADER, tiff]));
  const added = rewriteJpeg(jpeg(JFIF, DQT), {
    keepXmp: true,
    xmp: () => "",
    exif: (own) => {
      assertEquals(own, null);
      return tiff;
    },
  });
  assertEquals([...added], [...jpeg(JFIF, newExif, DQT)]);
  // With no JFIF segment it opens the file, where readers look first.
  const first = rewriteJpeg(jpeg(DQT), { keepXmp: true, xmp: () => "", exif: () => tiff });
  assertEquals([...first], [...jpeg(newExif, DQT)]);
  // The file's own block is handed over without its header and replaced in place.
  let own = "";
  const replaced = rewriteJpeg(jpeg(JFIF, ICC, EXIF, DQT), {
    keepXmp: true,
    xmp: () => "",
    exif: (o) => {
      own = new TextDecoder().decode(o!);
      return tiff;
    },
  });
  assertEquals(own, "II*\0\x08\0\0\0tiff");
  assertEquals([...replaced], [...jpeg(JFIF, ICC, newExif, DQT)]);
  // null keeps the file's block; one too large for a segment keeps it too.
  const file = jpeg(JFIF, EXIF, DQT);
  assertEquals([...rewriteJpeg(file, { keepXmp: true, xmp: () => "", exif: () => null })], [
    ...file,
  ]);
  const huge = new Uint8Array(0x10000);
  assertEquals([...rewriteJpeg(file, { keepXmp: true, xmp: () => "", exif: () => huge })], [
    ...file,
  ]);
});

Deno.test("rewriteJpeg: the Photoshop (IPTC) segment is replaced only when the file has one", () => {
  const ps = seg(0xed, concatBytes([PHOTOSHOP_HEADER, text("8BIM old")]));
  const payload = concatBytes([PHOTOSHOP_HEADER, text("8BIM new")]);
  const copy = rewriteJpeg(jpeg(JFIF, ps, DQT), {
    keepXmp: true,
    xmp: () => "",
    photoshop: () => payload,
  });
  assertEquals([...copy], [...jpeg(JFIF, seg(0xed, payload), DQT)]);
  let asked = false;
  const none = jpeg(JFIF, DQT);
  const same = rewriteJpeg(none, {
    keepXmp: true,
    xmp: () => "",
    photoshop: () => {
      asked = true;
      return payload;
    },
  });
  assertEquals(asked, false, "no Photoshop segment is added to a file without one");
  assertEquals([...same], [...none]);
});

Deno.test("rewriteJpeg: the largest packet one segment holds fits, one byte more is refused", () => {
  const file = jpeg(JFIF, DQT);
  const fits = rewriteJpeg(file, { xmp: () => "x".repeat(MAX_JPEG_XMP) });
  assertEquals(fits.length, file.length + 4 + XMP_HEADER.length + MAX_JPEG_XMP);
  // A multi-byte character counts in bytes, not in characters.
  const tooLong = "x".repeat(MAX_JPEG_XMP - 1) + "é";
  const e = assertThrows(() => rewriteJpeg(file, { xmp: () => tooLong }));
  assert(e instanceof RangeError, String(e));
});

Deno.test("rewriteJpeg: a fill byte before a marker is read past; a damaged file is refused", () => {
  const filled = concatBytes([SOI, new Uint8Array([0xff]), JFIF, DQT, SCAN]);
  const copy = rewriteJpeg(filled, { xmp: () => "<p/>" });
  assert(endsWith(copy, concatBytes([DQT, SCAN])));
  const refused = (bytes: Uint8Array, says: string) => {
    const e = assertThrows(() => rewriteJpeg(bytes, { xmp: () => "" }), says);
    assert(e instanceof JpegFormatError, String(e));
  };
  refused(text("GIF89a"), "not a JPEG");
  refused(concatBytes([SOI, JFIF, new Uint8Array([0x00, 0x01]), SCAN]), "no marker at byte");
  // A segment whose length runs past the end of a truncated download.
  refused(concatBytes([SOI, JFIF, DQT.subarray(0, 20)]), "runs past the end");
  refused(concatBytes([SOI, JFIF, DQT]), "no image data");
});

Deno.test("jpegExif: the TIFF block of the Exif segment, null when there is none or the file is damaged", () => {
  assertEquals(new TextDecoder().decode(jpegExif(jpeg(JFIF, EXIF, DQT))!), "II*\0\x08\0\0\0tiff");
  assertEquals(jpegExif(jpeg(JFIF, DQT)), null);
  // An APP1 that is XMP, not Exif, is not taken for one.
  assertEquals(jpegExif(jpeg(seg(0xe1, concatBytes([XMP_HEADER, text("<x/>")])))), null);
  assertEquals(jpegExif(text("not a jpeg")), null);
  assertEquals(jpegExif(concatBytes([SOI, EXIF.subarray(0, 10)])), null);
});

Deno.test("isJpeg: the SOI marker and the next marker's first byte", () => {
  assertEquals(isJpeg(jpeg(JFIF)), true);
  assertEquals(isJpeg(new Uint8Array([0xff, 0xd8, 0xff])), false, "too short to be one");
  assertEquals(isJpeg(text("\x89PNG\r\n\x1a\n")), false);
  assertEquals(isJpeg(new Uint8Array()), false);
});
