import { deflateSync } from "node:zlib";
import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { concatBytes } from "./bytes.ts";
import { crc32, isPng, pngExif, PngFormatError, rewritePng } from "./png.ts";

const text = (s: string) => new TextEncoder().encode(s);
const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(text(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const IHDR = chunk("IHDR", new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
const GAMA = chunk("gAMA", new Uint8Array([0, 0, 0xb1, 0x8f]));
const IDAT = chunk("IDAT", new Uint8Array([0x78, 0x9c, 1, 2, 3]));
const IEND = chunk("IEND", new Uint8Array());
const EXIF = chunk("eXIf", text("MM\0*\0\0\0\x08old"));

function png(...chunks: Uint8Array[]): Uint8Array {
  return concatBytes([SIGNATURE, ...chunks]);
}

/** An `XML:com.adobe.xmp` iTXt chunk, compressed or not. */
function xmpChunk(packet: string, compressed = false): Uint8Array {
  const body = compressed ? deflateSync(text(packet)) : text(packet);
  return chunk(
    "iTXt",
    concatBytes([text(`XML:com.adobe.xmp\0${compressed ? "\x01" : "\0"}\0\0\0`), body]),
  );
}

const PACKET = '<x:xmpmeta xmlns:x="adobe:ns:meta/">Ünïcode 写真</x:xmpmeta>';

Deno.test("crc32: the check value of the PNG specification's CRC", () => {
  assertEquals(crc32(text("123456789")), 0xcbf43926);
  assertEquals(crc32(new Uint8Array()), 0);
});

Deno.test("rewritePng: the XMP goes in an uncompressed iTXt chunk right after IHDR; other chunks are kept", () => {
  const file = png(IHDR, GAMA, IDAT, IEND);
  let own: string | null = "not called";
  const copy = rewritePng(file, {
    xmp: (o) => {
      own = o;
      return PACKET;
    },
  });
  assertEquals(own, null);
  assertEquals([...copy], [...png(IHDR, xmpChunk(PACKET), GAMA, IDAT, IEND)]);
});

Deno.test("rewritePng: the file's own packet, compressed or not, is handed over and its chunk replaced", () => {
  for (const compressed of [false, true]) {
    const file = png(IHDR, GAMA, xmpChunk("<own>é</own>", compressed), IDAT, IEND);
    let own: string | null = null;
    const copy = rewritePng(file, {
      xmp: (o) => {
        own = o;
        return PACKET;
      },
    });
    assertEquals(own, "<own>é</own>", compressed ? "compressed" : "uncompressed");
    // One XMP chunk, moved up after IHDR: readers find it before the image data.
    assertEquals([...copy], [...png(IHDR, xmpChunk(PACKET), GAMA, IDAT, IEND)]);
  }
  // Another iTXt chunk (a comment) is not taken for XMP.
  const comment = chunk("iTXt", text("Comment\0\0\0\0\0hello"));
  const copy = rewritePng(png(IHDR, comment, IDAT, IEND), { xmp: () => "<p/>" });
  assertEquals([...copy], [...png(IHDR, xmpChunk("<p/>"), comment, IDAT, IEND)]);
  // A packet that is not UTF-8 counts as none.
  let own: string | null = "x";
  const bad = chunk(
    "iTXt",
    concatBytes([text("XML:com.adobe.xmp\0\0\0\0\0"), new Uint8Array([0xff])]),
  );
  rewritePng(png(IHDR, bad, IDAT, IEND), {
    xmp: (o) => {
      own = o;
      return "";
    },
  });
  assertEquals(own, null);
});

Deno.test("rewritePng: keepXmp copies the file; eXIf is replaced only when the writer gives a block", () => {
  const file = png(IHDR, EXIF, xmpChunk("<own/>"), IDAT, IEND);
  const same = rewritePng(file, {
    keepXmp: true,
    xmp: () => {
      throw new Error("xmp() called with keepXmp");
    },
  });
  assertEquals([...same], [...file]);
  let seen = "";
  const turned = rewritePng(file, {
    keepXmp: true,
    xmp: () => "",
    exif: (o) => {
      seen = new TextDecoder().decode(o);
      return text("II*\0\x08\0\0\0new");
    },
  });
  assertEquals(seen, "MM\0*\0\0\0\x08old");
  const newExif = chunk("eXIf", text("II*\0\x08\0\0\0new"));
  assertEquals([...turned], [...png(IHDR, newExif, xmpChunk("<own/>"), IDAT, IEND)]);
  const kept = rewritePng(file, { keepXmp: true, xmp: () => "", exif: () => null });
  assertEquals([...kept], [...file]);
});

Deno.test("rewritePng: bytes after IEND are kept; a damaged file is refused", () => {
  const trailer = text("trailing data");
  const copy = rewritePng(concatBytes([png(IHDR, IDAT, IEND), trailer]), { xmp: () => "<p/>" });
  assertEquals([...copy.subarray(copy.length - trailer.length)], [...trailer]);
  const refused = (bytes: Uint8Array, says: string) => {
    const e = assertThrows(() => rewritePng(bytes, { xmp: () => "" }), says);
    assert(e instanceof PngFormatError, String(e));
  };
  refused(text("GIF89a-------"), "not a PNG");
  refused(png(IHDR, IDAT.subarray(0, 10)), "cut short");
  refused(png(IHDR, IDAT.subarray(0, IDAT.length - 1)), "runs past the end");
  refused(png(GAMA, IDAT, IEND), "no IHDR");
});

Deno.test("pngExif: the eXIf chunk's block before the image data, else null", () => {
  assertEquals(
    new TextDecoder().decode(pngExif(png(IHDR, EXIF, IDAT, IEND))!),
    "MM\0*\0\0\0\x08old",
  );
  assertEquals(pngExif(png(IHDR, IDAT, IEND)), null);
  // Past IDAT a reader has stopped looking (PNG 1.3: eXIf comes before the image data).
  assertEquals(pngExif(png(IHDR, IDAT, EXIF, IEND)), null);
  assertEquals(pngExif(text("not a png at all")), null);
});

Deno.test("isPng: the eight-byte signature", () => {
  assertEquals(isPng(png(IHDR)), true);
  assertEquals(isPng(SIGNATURE.subarray(0, 7)), false);
  assertEquals(isPng(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0])), false);
});
