import { assert, assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { jpegFile } from "../simulator/media.ts";
// @ts-types="./exifr_types.d.ts"
import exifr from "exifr";
import { EXIFR_OPTIONS, readExif } from "./exif_read.ts";

type Row = Record<string, string>;

function readManifest(): Row[] {
  const [header, ...lines] = Deno.readTextFileSync(fixturePath("media/MANIFEST.tsv"))
    .split("\n").filter((line) => line.trim());
  const names = header.split("\t");
  return lines.map((line) => {
    const cells = line.split("\t");
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ""]));
  });
}

/** Files exifr 7.1.3 cannot read (exifr-7.1.3-observed.tsv): videos throw, the Sony gives only errors. */
const UNREADABLE = new Set(["with-gps.mov", "with-gps.mp4", "sample.3gp", "Sony DSC-HX5V (2).jpg"]);

const leadingNumber = (cell: string) => cell.trim() ? parseFloat(cell) : undefined;

Deno.test("readExif matches MANIFEST.tsv for every real camera file", async () => {
  const rows = readManifest();
  assertEquals(rows.length, 43);
  let checked = 0;
  for (const row of rows) {
    const file = row.file;
    const result = await readExif(await Deno.readFile(fixturePath("media", file)));
    assertEquals(JSON.parse(JSON.stringify(result.tags)), result.tags, `${file}: tags JSON-safe`);
    if (UNREADABLE.has(file)) {
      assert(result.error?.startsWith("Cannot read EXIF: "), `${file}: expected an error`);
      assertEquals(result.make, undefined);
      continue;
    }
    assertEquals(result.error, undefined, `${file}: ${result.error}`);
    if (row.make) assertEquals(result.make, row.make.trim(), `${file}: make`);
    if (row.model) assertEquals(result.model, row.model.trim(), `${file}: model`);
    if (row.datetime_original) {
      // A camera without a set clock writes zeros: not a date.
      const expected = row.datetime_original.startsWith("0000") ? undefined : row.datetime_original;
      assertEquals(result.dateTimeOriginal, expected, `${file}: date`);
    }
    if (row.offset_time_original) {
      assertEquals(result.offsetTimeOriginal, row.offset_time_original, `${file}: offset`);
    }
    const lat = leadingNumber(row.gps_lat_dec);
    const lon = leadingNumber(row.gps_lon_dec);
    if (lat !== undefined && lon !== undefined) {
      assert(
        Math.abs(result.latitude! - lat) < 1e-5 && Math.abs(result.longitude! - lon) < 1e-5,
        `${file}: GPS ${result.latitude},${result.longitude} vs ${lat},${lon}`,
      );
    } else if (!row.category.includes("gps")) {
      // Canon_40D has a GPS IFD holding only GPSVersionID: no position.
      assertEquals(result.latitude, undefined, `${file}: no GPS expected`);
    }
    const orientation = leadingNumber(row.orientation_num);
    if (orientation !== undefined) {
      assertEquals(result.orientation, orientation, `${file}: orient.`);
    }
    checked++;
  }
  assertEquals(checked, rows.length - UNREADABLE.size);
});

Deno.test("readExif handles files without EXIF, garbage and the simulator's JPEGs", async () => {
  assertEquals(await readExif(await Deno.readFile(fixturePath("media/noexif.jpg"))), {
    tags: {},
  });
  const garbage = await readExif(new TextEncoder().encode("<html>not an image</html>"));
  assert(garbage.error, "garbage gives an error");
  assert((await readExif(new Uint8Array())).error, "empty input gives an error");

  const bytes = jpegFile({
    width: 64,
    height: 48,
    key: "k",
    exif: {
      make: "FUJIFILM",
      model: "X-T4",
      dateTimeOriginal: "2022:12:31 23:59:58",
      gps: { latitude: -12.5, longitude: -77.25 },
      orientation: 8,
    },
  });
  const result = await readExif(bytes);
  assertEquals(
    [result.make, result.model, result.dateTimeOriginal, result.orientation, result.error],
    ["FUJIFILM", "X-T4", "2022:12:31 23:59:58", 8, undefined],
  );
  assert(Math.abs(result.latitude! + 12.5) < 1e-6 && Math.abs(result.longitude! + 77.25) < 1e-6);
  assertEquals(result.tags.ExifVersion, "30323332", "short binary values become hex");
});

Deno.test("readExif hands exifr the same options object every time (exifr caches per object)", async () => {
  const seen = new Set<unknown>();
  const parse = exifr.parse;
  exifr.parse = ((input: unknown, options: unknown) => {
    seen.add(options);
    return parse(input as Uint8Array, options as typeof EXIFR_OPTIONS);
  }) as typeof exifr.parse;
  try {
    const bytes = jpegFile({ width: 64, height: 48, key: "options" });
    for (let k = 0; k < 3; k++) await readExif(bytes);
  } finally {
    exifr.parse = parse;
  }
  assertEquals([...seen], [EXIFR_OPTIONS]);
});
