import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { readTagsOf } from "../../tests/exiftool.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { embedXmpInJpeg, JpegFormatError, MAX_JPEG_XMP } from "./jpeg.ts";
import { crc32, embedXmpInPng } from "./png.ts";
import { buildXmp } from "./xmp.ts";
import { sampleItem as item, TITLE } from "../../tests/xmp_item.ts";

/** The file with all metadata removed by ExifTool: what is left is the image itself. */
async function imageOnly(bytes: Uint8Array): Promise<Uint8Array> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/in`, bytes);
    const out = await new Deno.Command("exiftool", {
      args: ["-all=", "-o", "-", `${dir}/in`],
      stderr: "piped",
    }).output();
    assert(out.success, new TextDecoder().decode(out.stderr));
    return out.stdout;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function tagsOfBytes(bytes: Uint8Array, ext: string) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/f.${ext}`, bytes);
    return await readTagsOf(`${dir}/f.${ext}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const JPEGS = [
  "Canon_40D.jpg",
  "Photoshop (3).jpg",
  "Apple iPhone 4.jpg",
  "Nikon D5000.jpg",
  "IMG_20180725_163423-tiny.jpg",
];

Deno.test("embedXmpInJpeg: ExifTool reads the XMP; EXIF and image data are unchanged", async () => {
  for (const name of JPEGS) {
    const original = await Deno.readFile(fixturePath("media", name));
    const copy = embedXmpInJpeg(original, buildXmp(item()));
    const before = await tagsOfBytes(original, "jpg");
    const after = await tagsOfBytes(copy, "jpg");
    assertEquals(after["XMP-dc:Title"], TITLE, name);
    assertEquals(after["XMP-dc:Description"], "Line one\nline two (https://example.org/)", name);
    assertEquals(after["XMP-dc:Subject"], ["New York", "Café"], name);
    assertEquals(after["XMP-dc:Creator"], ["Ann Owner"], name);
    assertEquals(after["XMP-lr:HierarchicalSubject"], ["New York", "Café", "Flickr|Albums|Summer"]);
    assertEquals(after["XMP-photoshop:City"], "Paris");
    assert(Math.abs(after["XMP-exif:GPSLatitude"] - 48.85837) < 1e-6);
    assertEquals(
      after["XMP-xmpRights:WebStatement"],
      "https://creativecommons.org/licenses/by/2.0/",
    );
    // Everything outside XMP is as it was: EXIF, maker notes, ICC, the image.
    for (const [k, v] of Object.entries(before)) {
      if (k.startsWith("XMP") || k.startsWith("System:") || k === "SourceFile") continue;
      if (k === "File:FileSize" || k.startsWith("Composite:")) continue;
      assertEquals(after[k], v, `${name}: ${k}`);
    }
    assertEquals(await imageOnly(copy), await imageOnly(original), `${name}: image data`);
    // Embedding again replaces the packet rather than adding one.
    const twice = embedXmpInJpeg(copy, buildXmp(item({ title: "Second" })));
    assertEquals((await tagsOfBytes(twice, "jpg"))["XMP-dc:Title"], "Second");
    assertEquals(
      twice.length - copy.length,
      "Second".length -
        new TextEncoder().encode(
          TITLE.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll('"', "&quot;"),
        ).length,
    );
  }
});

Deno.test("embedXmpInJpeg: refuses what is not a JPEG, and a packet too large for one segment", () => {
  const bad = (() => {
    try {
      embedXmpInJpeg(new Uint8Array([1, 2, 3, 4]), "x");
    } catch (e) {
      return e;
    }
  })();
  assert(bad instanceof JpegFormatError);
  const jpeg = new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x04,
    0,
    0,
    0xff,
    0xda,
    0,
    2,
    0xff,
    0xd9,
  ]);
  assertThrows(() => embedXmpInJpeg(jpeg, "x".repeat(MAX_JPEG_XMP + 1)), "does not fit");
  const ok = embedXmpInJpeg(jpeg, "x".repeat(MAX_JPEG_XMP));
  assertEquals(ok.length, jpeg.length + 4 + 29 + MAX_JPEG_XMP);
});

Deno.test("embedXmpInPng: ExifTool reads the XMP; the image data is unchanged", async () => {
  const original = await Deno.readFile(
    fixturePath("media", "exifr_IMG_20180725_163423-2.png"),
  );
  const copy = embedXmpInPng(original, buildXmp(item()));
  const after = await tagsOfBytes(copy, "png");
  assertEquals(after["XMP-dc:Title"], TITLE);
  assertEquals(after["XMP-dc:Subject"], ["New York", "Café"]);
  assertEquals(after["ExifTool:Warning"], undefined, "no CRC or structure warning");
  assertEquals(await imageOnly(copy), await imageOnly(original));
  const twice = embedXmpInPng(copy, buildXmp(item({ title: "Second" })));
  assertEquals((await tagsOfBytes(twice, "png"))["XMP-dc:Title"], "Second");
});

Deno.test("crc32 matches the PNG specification's check value", () => {
  assertEquals(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});
