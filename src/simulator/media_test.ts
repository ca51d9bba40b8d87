/// <reference lib="dom" />
// @ts-types="../xmp/exifr_types.d.ts"
import exifr from "exifr";
import { assert, assertEquals, assertNotEquals } from "../../tests/assert.ts";
import { launchChromiumContext } from "../../tests/chromium.ts";
import { buddyIcon, defaultBuddyIcon, jpegFile, mp4File } from "./media.ts";
import type { ExifSpec } from "./media_exif.ts";

const spec: ExifSpec = {
  make: "Canon",
  model: "Canon EOS 5D Mark IV",
  dateTimeOriginal: "2019:07:04 12:30:05",
  gps: { latitude: -33.8568, longitude: 151.2153 },
  orientation: 6,
};

/** Walks JPEG segments up to SOS; returns them by marker, and the SOF0 dimensions. */
function jpegSegments(bytes: Uint8Array) {
  assertEquals([bytes[0], bytes[1]], [0xff, 0xd8], "starts with SOI");
  assertEquals([bytes.at(-2), bytes.at(-1)], [0xff, 0xd9], "ends with EOI");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const markers: number[] = [];
  let sof: { width: number; height: number } | undefined;
  let com = "";
  let pos = 2;
  while (pos < bytes.length) {
    assertEquals(bytes[pos], 0xff, `marker at ${pos}`);
    const marker = bytes[pos + 1];
    const len = view.getUint16(pos + 2);
    markers.push(marker);
    if (marker === 0xc0) sof = { height: view.getUint16(pos + 5), width: view.getUint16(pos + 7) };
    if (marker === 0xfe) com = new TextDecoder().decode(bytes.subarray(pos + 4, pos + 2 + len));
    if (marker === 0xda) break;
    pos += 2 + len;
  }
  return { markers, sof, com };
}

Deno.test("jpegFile is deterministic, unique per key, and has the requested size", () => {
  const a = jpegFile({ width: 1023, height: 677, key: "1_a_o", exif: spec });
  assertEquals(jpegFile({ width: 1023, height: 677, key: "1_a_o", exif: spec }), a);
  assertNotEquals(jpegFile({ width: 1023, height: 677, key: "2_a_o", exif: spec }), a);
  const { markers, sof, com } = jpegSegments(a);
  assertEquals(sof, { width: 1023, height: 677 });
  assertEquals(markers, [0xe1, 0xfe, 0xdb, 0xc0, 0xc4, 0xda]);
  assertEquals(com, "flickrvault-simulator key=1_a_o");
  const plain = jpegSegments(jpegFile({ width: 1, height: 1, key: "k" }));
  assertEquals(plain.sof, { width: 1, height: 1 });
  assertEquals(plain.markers[0], 0xe0, "JFIF APP0 when there is no EXIF");
});

Deno.test("jpegFile grows to a camera's size with comment segments, EXIF still readable", async () => {
  for (const padTo of [200_000, 2_000_000, 2_000_003]) {
    const bytes = jpegFile({ width: 640, height: 480, key: "k", exif: spec, padTo });
    assert(bytes.length <= padTo && bytes.length >= padTo - 4, `${bytes.length} for ${padTo}`);
    const { markers, sof } = jpegSegments(bytes);
    assertEquals(sof, { width: 640, height: 480 });
    assertEquals(markers.slice(0, 2), [0xe1, 0xfe]);
    assert(markers.filter((m) => m === 0xfe).length >= 1 + Math.floor(padTo / 0xffff));
    const tags = (await exifr.parse(bytes, { reviveValues: false, translateValues: false }))!;
    assertEquals(tags.Make, spec.make);
  }
  // Smaller than the image itself: nothing added.
  const plain = jpegFile({ width: 640, height: 480, key: "k" });
  assertEquals(jpegFile({ width: 640, height: 480, key: "k", padTo: 10 }), plain);
});

Deno.test("jpegFile writes EXIF that exifr reads back", async () => {
  const bytes = jpegFile({ width: 640, height: 480, key: "k", exif: spec });
  const tags = (await exifr.parse(bytes, { reviveValues: false, translateValues: false }))!;
  assertEquals(tags.Make, spec.make);
  assertEquals(tags.Model, spec.model);
  assertEquals(tags.DateTimeOriginal, spec.dateTimeOriginal);
  assertEquals(tags.Orientation, 6);
  assertEquals(tags.GPSLatitudeRef, "S");
  assertEquals(tags.GPSLongitudeRef, "E");
  assertEquals(tags.ExifImageWidth, 640);
  assert(
    Math.abs(tags.latitude as number - spec.gps!.latitude) < 1e-6,
    `latitude ${tags.latitude}`,
  );
  assert(
    Math.abs(tags.longitude as number - spec.gps!.longitude) < 1e-6,
    `longitude ${tags.longitude}`,
  );

  const west = jpegFile({
    width: 8,
    height: 8,
    key: "w",
    exif: {
      make: "X",
      model: "Y",
      dateTimeOriginal: "2001:01:01 00:00:00",
      gps: { latitude: 51.5, longitude: -0.1275 },
    },
  });
  const gps = (await exifr.gps(west))!;
  assert(Math.abs(gps.latitude - 51.5) < 1e-6 && Math.abs(gps.longitude + 0.1275) < 1e-6);
  assertEquals((await exifr.parse(west, { reviveValues: false }))!.Orientation, undefined);
});

Deno.test("jpegFile makes camera-size originals of one size per key, each a distinct file", () => {
  // Their speed (bodies cached per size and colour) is measured by scripts/simulator_throughput.ts,
  // not here: a timed assertion fails on a loaded machine.
  const a = jpegFile({ width: 4000, height: 3000, key: "k1", exif: spec });
  const b = jpegFile({ width: 4000, height: 3000, key: "k2", exif: spec });
  assertEquals(jpegSegments(a).sof, { width: 4000, height: 3000 });
  assertEquals(jpegSegments(b).sof, { width: 4000, height: 3000 });
  assertNotEquals(a, b);
  assertEquals(jpegFile({ width: 4000, height: 3000, key: "k1", exif: spec }), a);
});

Deno.test("mp4File is an MP4 with a per-key free box after the media", () => {
  const a = mp4File({ key: "9_v" });
  assertEquals(mp4File({ key: "9_v" }), a);
  assertNotEquals(mp4File({ key: "10_v" }), a);
  const view = new DataView(a.buffer, a.byteOffset, a.byteLength);
  const boxes: string[] = [];
  let pos = 0;
  while (pos < a.length) {
    const size = view.getUint32(pos);
    assert(size >= 8 && pos + size <= a.length, `box at ${pos} has size ${size}`);
    boxes.push(new TextDecoder().decode(a.subarray(pos + 4, pos + 8)));
    pos += size;
  }
  assertEquals(boxes.slice(0, 2), ["ftyp", "moov"], "faststart: moov before mdat");
  assert(boxes.includes("mdat"));
  assertEquals(boxes.at(-1), "free");
  assert(new TextDecoder().decode(a).endsWith("key=9_v"));
});

Deno.test("buddy icons: 48x48 JPEG per key, GIF default", () => {
  const icon = buddyIcon("12345@N01");
  assertEquals(jpegSegments(icon).sof, { width: 48, height: 48 });
  assertNotEquals(buddyIcon("678@N02"), icon);
  const gif = defaultBuddyIcon();
  assertEquals(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
  assertEquals([gif[6], gif[8]], [48, 48]);
  assertEquals(gif.at(-1), 0x3b);
});

Deno.test({
  name: "Chromium decodes the JPEGs and GIF and plays the MP4",
  async fn() {
    const dir = await Deno.makeTempDir();
    const userData = await Deno.makeTempDir();
    await Deno.writeFile(
      `${dir}/a.jpg`,
      jpegFile({ width: 1023, height: 677, key: "a", exif: spec }),
    );
    await Deno.writeFile(
      `${dir}/b.jpg`,
      jpegFile({ width: 3000, height: 2000, key: "b", padTo: 3_000_000 }),
    );
    await Deno.writeFile(`${dir}/i.gif`, defaultBuddyIcon());
    await Deno.writeFile(`${dir}/v.mp4`, mp4File({ key: "v" }));
    await Deno.writeTextFile(
      `${dir}/p.html`,
      `<img id=a src=a.jpg><img id=b src=b.jpg><img id=i src=i.gif><video id=v src=v.mp4 muted></video>`,
    );
    const browser = await launchChromiumContext(userData);
    try {
      const page = await browser.newPage();
      await page.goto(`file://${dir}/p.html`);
      const result = await page.evaluate(async () => {
        const sizes: Record<string, number[]> = {};
        for (const id of ["a", "b", "i"]) {
          const img = document.getElementById(id) as HTMLImageElement;
          await img.decode();
          sizes[id] = [img.naturalWidth, img.naturalHeight];
        }
        const video = document.getElementById("v") as HTMLVideoElement;
        await video.play();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return {
          sizes,
          readyState: video.readyState,
          duration: video.duration,
          width: video.videoWidth,
          playing: video.currentTime > 0,
        };
      });
      // EXIF orientation 6 (rotate 90° CW) is applied by Chromium: width and height swap.
      assertEquals(result.sizes, { a: [677, 1023], b: [3000, 2000], i: [48, 48] });
      assert(result.readyState >= 2, `readyState ${result.readyState}`);
      assertEquals([result.duration, result.width, result.playing], [2, 160, true]);
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(userData, { recursive: true });
    }
  },
});
