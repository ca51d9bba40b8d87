/**
 * Copies with metadata, read back by independent readers: ExifTool (with and without its MWG
 * rules) and exiv2, the library under digiKam. Multi-picture files are built in the layouts
 * phones write (tests/multi_picture.ts); the camera files are the fixtures'.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { type ExifToolTags, readTags } from "../../tests/exiftool.ts";
import { exiv2Values } from "../../tests/exiv2.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { type MpfLayout, multiPicture, splitJpeg } from "../../tests/multi_picture.ts";
import { sampleItem } from "../../tests/xmp_item.ts";
import { concatBytes } from "./bytes.ts";
import { copyWithMetadata } from "./copy.ts";
import { buildXmp, type XmpItem } from "./xmp.ts";

const DESCRIPTION = "Flickr's words, with <b>bold</b> & a link";
const DESCRIPTION_TEXT = "Flickr's words, with bold & a link";

/** Writes each file into a fresh folder, reads them all with one ExifTool run. */
async function tagsOfFiles(
  files: Record<string, Uint8Array | string>,
  extra: string[] = [],
): Promise<Record<string, ExifToolTags>> {
  const dir = await Deno.makeTempDir({ prefix: "fv_copy_" });
  try {
    const names = Object.keys(files);
    for (const n of names) {
      const v = files[n];
      if (typeof v === "string") await Deno.writeTextFile(`${dir}/${n}`, v);
      else await Deno.writeFile(`${dir}/${n}`, v);
    }
    const tags = await readTags(names.map((n) => `${dir}/${n}`), { extra });
    return Object.fromEntries(tags.map((t) => [String(t.SourceFile).split("/").pop()!, t]));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function exiftoolBinary(bytes: Uint8Array, tag: string): Promise<Uint8Array> {
  const dir = await Deno.makeTempDir({ prefix: "fv_copy_" });
  try {
    await Deno.writeFile(`${dir}/f.jpg`, bytes);
    const out = await new Deno.Command("exiftool", {
      args: ["-b", `-${tag}`, `${dir}/f.jpg`],
      stderr: "piped",
    }).output();
    return out.stdout;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function item(over: Partial<XmpItem> = {}): XmpItem {
  return sampleItem({ description: DESCRIPTION, ...over });
}

/** ExifTool's validation beside every tag ("errors warnings minor" with -n). */
const VALIDATE = ["-api", "validate=1"];

/** ExifTool's count of errors and warnings in a file. */
function problems(t: ExifToolTags): number[] {
  return String(t["ExifTool:Validate"] ?? "0 0 0").split(" ").slice(0, 2).map(Number);
}

const LAYOUTS: MpfLayout[] = ["xmp-before-mpf", "xmp-after-mpf", "extended-xmp"];

Deno.test("copyWithMetadata: a multi-picture JPEG keeps every picture byte for byte, and its gain-map XMP, in each layout", async () => {
  const base = await Deno.readFile(fixturePath("media", "Canon_40D.jpg"));
  const second = await Deno.readFile(fixturePath("media", "noexif.jpg"));
  for (const layout of LAYOUTS) {
    const original = multiPicture(base, second, layout);
    // Turned on Flickr: the EXIF segment before the MPF index grows too.
    for (const rotation of [0, 90]) {
      const copy = copyWithMetadata(original, item({ rotation, fileOrientation: null }));
      const label = `${layout}, rotation ${rotation}`;
      assertEquals(await exiftoolBinary(copy, "MPImage2"), second, `${label}: second picture`);
      // The first picture's data and everything after it: the very bytes.
      assertEquals(splitJpeg(copy).image, splitJpeg(original).image, `${label}: image data`);
      const t = await tagsOfFiles({ "c.jpg": copy, "o.jpg": original }, VALIDATE);
      assertEquals(
        problems(t["c.jpg"]),
        problems(t["o.jpg"]),
        `${label}: ${t["c.jpg"]["ExifTool:Warning"]}`,
      );
      assertEquals(t["c.jpg"]["MPF0:NumberOfImages"], 2);
      const c = t["c.jpg"];
      // The file's own XMP: the gain map's description and container directory, its tool.
      assertEquals(c["XMP-hdrgm:Version"], 1, label);
      assertEquals(c["XMP-xmp:CreatorTool"], "Phone Camera 1.0", label);
      assertEquals(
        c["XMP-Container:Directory"]?.map((d: ExifToolTags) => d.Item.Semantic),
        ["Primary", "GainMap"],
        label,
      );
      // Flickr's value wins for what flickrvault writes.
      assertEquals(c["XMP-dc:Title"], item().title, label);
      if (layout === "extended-xmp") {
        assertEquals(c["XMP-GDepth:Format"], "RangeInverse", `${label}: extended XMP`);
        assert(c["XMP-xmpNote:HasExtendedXMP"], label);
      }
      if (rotation === 90) assertEquals(c["IFD0:Orientation"], 6, label);
    }
  }
});

Deno.test("copyWithMetadata: the file's own XMP survives; Flickr's values win only for the properties flickrvault writes", async () => {
  const names = [
    "BlueSquare.jpg",
    "Canon EOS 7D.jpg",
    "DSCN0010.jpg",
    "Photoshop (3).jpg",
    "Nikon D5000.jpg",
  ];
  const files: Record<string, Uint8Array | string> = {};
  const it = item({ rotation: 0, fileOrientation: null });
  for (const [i, n] of names.entries()) {
    const original = await Deno.readFile(fixturePath("media", n));
    files[`o${i}.jpg`] = original;
    files[`c${i}.jpg`] = copyWithMetadata(original, it);
  }
  files["ours.xmp"] = buildXmp({ ...it, fileOrientation: 1 });
  const t = await tagsOfFiles(files);
  const ours = new Set(Object.keys(t["ours.xmp"]).filter((k) => k.startsWith("XMP-")));
  let kept = 0;
  for (const [i, n] of names.entries()) {
    const before = t[`o${i}.jpg`];
    const after = t[`c${i}.jpg`];
    for (const [k, v] of Object.entries(before)) {
      if (!k.startsWith("XMP-") || k === "XMP-x:XMPToolkit") continue;
      if (ours.has(k)) assertEquals(after[k], t["ours.xmp"][k], `${n}: ${k} is Flickr's`);
      else {
        assertEquals(after[k], v, `${n}: ${k} kept`);
        kept++;
      }
    }
    for (const k of ours) assertEquals(after[k], t["ours.xmp"][k], `${n}: ${k}`);
  }
  assert(kept > 20, `the files' own properties were compared (${kept})`);
  // exiv2 (Adobe's XMP toolkit inside) rejects a whole packet that binds one namespace to two
  // prefixes, as a file's "xap:" beside flickrvault's "xmp:" would.
  const dir = await Deno.makeTempDir({ prefix: "fv_copy_" });
  try {
    for (const [i, n] of names.entries()) {
      await Deno.writeFile(`${dir}/c${i}.jpg`, files[`c${i}.jpg`] as Uint8Array);
      const x = await exiv2Values(`${dir}/c${i}.jpg`);
      assertEquals(x.get("Xmp.dc.title"), [`lang="x-default" ${it.title}`], `${n}: exiv2`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Groups and tags a copy may change, by design; everything else must read the same. */
function meantToChange(key: string): boolean {
  return key.startsWith("XMP") || key.startsWith("File:") || key.startsWith("System:") ||
    key.startsWith("Composite:") || key === "SourceFile" || key.startsWith("ExifTool:") ||
    [
      "IFD0:ImageDescription",
      "IFD1:ImageDescription",
      "ExifIFD:DateTimeOriginal",
      "IFD0:Orientation",
      "IPTC:Caption-Abstract",
      "IPTC:ObjectName",
      "IPTC:Keywords",
      "IPTC:CodedCharacterSet",
      "Photoshop:IPTCDigest",
    ].includes(key);
}

Deno.test("copyWithMetadata: camera files keep their EXIF, maker notes, IPTC and pixels; only Flickr's fields change", async () => {
  const names = [...Deno.readDirSync(fixturePath("media"))].map((e) => e.name)
    .filter((n) => /\.(jpe?g|png)$/i.test(n) && n !== "broken1.jpg" && !n.startsWith("DERIVED"))
    .sort();
  assert(names.length >= 25, names.join());
  const it = item({ dateTaken: "2001-02-03 04:05:06", rotation: null, fileOrientation: null });
  const files: Record<string, Uint8Array> = {};
  const copies: Record<string, Uint8Array> = {};
  for (const [i, n] of names.entries()) {
    const ext = n.slice(n.lastIndexOf("."));
    const original = await Deno.readFile(fixturePath("media", n));
    files[`o${i}${ext}`] = original;
    copies[`c${i}${ext}`] = files[`c${i}${ext}`] = copyWithMetadata(original, it);
  }
  const t = await tagsOfFiles({ ...files }, VALIDATE);
  let makerNotes = 0;
  for (const [i, n] of names.entries()) {
    const ext = n.slice(n.lastIndexOf("."));
    const before = t[`o${i}${ext}`];
    const after = t[`c${i}${ext}`];
    for (const [k, v] of Object.entries(before)) {
      if (meantToChange(k)) continue;
      assertEquals(after[k], v, `${n}: ${k}`);
      if (/^(Canon|Nikon|Olympus|Panasonic|Samsung|Sony|Apple|FujiFilm|MakerNotes)/.test(k)) {
        makerNotes++;
      }
    }
    // What was meant to change, changed to Flickr's.
    assertEquals(after["XMP-dc:Description"], DESCRIPTION_TEXT, n);
    for (const ifd of ["IFD0", "IFD1"]) {
      if (before[`${ifd}:ImageDescription`] === undefined) continue;
      assertEquals(after[`${ifd}:ImageDescription`], DESCRIPTION_TEXT, `${n}: ${ifd} description`);
    }
    if (before["ExifIFD:DateTimeOriginal"] !== undefined) {
      assertEquals(after["ExifIFD:DateTimeOriginal"], "2001:02:03 04:05:06", `${n}: EXIF date`);
    }
    if (before["IPTC:Caption-Abstract"] !== undefined || before["IPTC:Keywords"] !== undefined) {
      assertEquals(after["IPTC:Caption-Abstract"], DESCRIPTION_TEXT, `${n}: IPTC caption`);
      assertEquals(after["IPTC:ObjectName"], it.title, `${n}: IPTC title`);
      assertEquals(after["IPTC:Keywords"], it.tags, `${n}: IPTC keywords`);
    }
    if (before["Photoshop:IPTCDigest"] !== undefined) {
      // The digest says the IPTC and the XMP agree again.
      assertEquals(after["Photoshop:IPTCDigest"], after["File:CurrentIPTCDigest"], n);
    }
    assertEquals(problems(after), problems(before), `${n}: ${after["ExifTool:Warning"]}`);
  }
  assert(makerNotes > 100, `maker notes compared (${makerNotes})`);
  // Pixels: the image data, byte for byte.
  for (const [i, n] of names.entries()) {
    const ext = n.slice(n.lastIndexOf("."));
    assertEquals(
      imageData(copies[`c${i}${ext}`]),
      imageData(files[`o${i}${ext}`]),
      `${n}: image data`,
    );
  }
});

/**
 * The image itself, byte for byte: for a JPEG every segment but the APPn and comment ones (the
 * tables and frame header) and all from the first scan to the end; for a PNG every chunk but the
 * metadata ones (iTXt, tEXt, zTXt, eXIf).
 */
function imageData(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0xff) {
    const { segments, image } = splitJpeg(bytes);
    const tables = segments.filter((s) => !(s[1] >= 0xe0 && s[1] <= 0xef) && s[1] !== 0xfe);
    return concatBytes([...tables, image]);
  }
  const parts: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 8; pos + 12 <= bytes.length;) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (!["iTXt", "tEXt", "zTXt", "eXIf"].includes(type)) {
      parts.push(bytes.subarray(pos, pos + 12 + length));
    }
    pos += 12 + length;
  }
  return concatBytes(parts);
}

Deno.test("copies and sidecars: readers following the MWG rules show Flickr's description, keywords and date, not the camera's", async () => {
  // OLYMPUS DIGITAL CAMERA, SAMSUNG and spaces, an agency caption in EXIF and IPTC with digest.
  const names = [
    "Olympus C4040Z.jpg",
    "Samsung GT-I9000 (Galaxy S).jpg",
    "Bush-dog.jpg",
    "Canon EOS 7D.jpg",
    "Nikon D1X.jpg",
    "no_exif.jpg",
  ];
  const it = item({ dateTaken: "2023-04-01 00:00:00", dateTakenGranularity: 4 });
  const files: Record<string, Uint8Array | string> = {};
  for (const [i, n] of names.entries()) {
    const bytes = await Deno.readFile(fixturePath("media", n));
    files[`c${i}.jpg`] = copyWithMetadata(bytes, it);
    files[`o${i}.jpg`] = bytes;
    files[`o${i}.jpg.xmp`] = buildXmp(it);
  }
  const t = await tagsOfFiles(files, ["-use", "MWG"]);
  // ExifTool files its MWG tags under the group "MWG" (-G1).
  for (const [i, n] of names.entries()) {
    for (const f of [`c${i}.jpg`, `o${i}.jpg.xmp`]) {
      assertEquals(t[f]["MWG:Description"], DESCRIPTION_TEXT, `${n} ${f}: MWG description`);
      assertEquals(t[f]["MWG:Keywords"], it.tags, `${n} ${f}: MWG keywords`);
      assertEquals(
        String(t[f]["MWG:DateTimeOriginal"]).slice(0, 19),
        "2023:04:01 00:00:00",
        `${n} ${f}: MWG date`,
      );
    }
    // The camera's text was what such readers showed before.
    assert(t[`o${i}.jpg`]["MWG:Description"] !== DESCRIPTION_TEXT, n);
  }
});

Deno.test("exiv2 (digiKam's library) derives the first day of a month, year or circa date from sidecars and copies", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_exiv2_" });
  try {
    const base = await Deno.readFile(fixturePath("media", "Canon_40D.jpg"));
    const cases: [number, string, string][] = [
      [4, "2023-04-01 00:00:00", "2023:04:01 00:00:00"],
      [6, "2022-01-01 00:00:00", "2022:01:01 00:00:00"],
      [8, "1975-01-01 00:00:00", "1975:01:01 00:00:00"],
      [0, "2019-07-14 15:30:05", "2019:07:14 15:30:05"],
    ];
    for (const [g, taken, want] of cases) {
      const it = item({ dateTaken: taken, dateTakenGranularity: g });
      await Deno.writeTextFile(`${dir}/s${g}.xmp`, buildXmp(it));
      await Deno.writeFile(`${dir}/c${g}.jpg`, copyWithMetadata(base, it));
      const side = await exiv2Values(`${dir}/s${g}.xmp`);
      assertEquals(side.get("Exif.Photo.DateTimeOriginal"), [want], `sidecar, granularity ${g}`);
      assertEquals(side.get("Xmp.photoshop.DateCreated"), [
        want.replace(/^(\d+):(\d+):/, "$1-$2-").replace(" ", "T"),
      ]);
      const copy = await exiv2Values(`${dir}/c${g}.jpg`);
      assertEquals(copy.get("Exif.Photo.DateTimeOriginal"), [want], `copy, granularity ${g}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("copyWithMetadata: turned as Flickr shows it, pixels untouched, with or without EXIF before", async () => {
  const cases: { file: string; rotation: number; want: number }[] = [
    // The file's own turn is already in Flickr's rotation.
    { file: "portrait_6.jpg", rotation: 90, want: 6 },
    { file: "portrait_6.jpg", rotation: 0, want: 1 },
    { file: "portrait_6.jpg", rotation: 180, want: 3 },
    // EXIF without an orientation tag (IFD0 written anew), and no EXIF at all.
    { file: "32d08f4a5eb10332506ebedbb9bc7257.jpg", rotation: 90, want: 6 },
    { file: "noexif.jpg", rotation: 270, want: 8 },
    { file: "png_with_exif_and_gps.png", rotation: 90, want: 6 },
  ];
  const files: Record<string, Uint8Array> = {};
  for (const [i, c] of cases.entries()) {
    const ext = c.file.slice(c.file.lastIndexOf("."));
    const bytes = await Deno.readFile(fixturePath("media", c.file));
    files[`o${i}${ext}`] = bytes;
    files[`c${i}${ext}`] = copyWithMetadata(bytes, item({ rotation: c.rotation }));
  }
  const t = await tagsOfFiles(files, VALIDATE);
  for (const [i, c] of cases.entries()) {
    const ext = c.file.slice(c.file.lastIndexOf("."));
    const before = t[`o${i}${ext}`];
    const after = t[`c${i}${ext}`];
    const label = `${c.file} rotation ${c.rotation}`;
    assertEquals(after["IFD0:Orientation"], c.want, label);
    const xmpOrientation = after["XMP-tiff:Orientation"];
    if (c.want !== (before["IFD0:Orientation"] ?? 1)) assertEquals(xmpOrientation, c.want, label);
    else assertEquals(xmpOrientation, undefined, `${label}: nothing to say`);
    for (const [k, v] of Object.entries(before)) {
      if (meantToChange(k) || k.startsWith("ExifTool:")) continue;
      assertEquals(after[k], v, `${label}: ${k}`);
    }
    // A file without EXIF gets an Exif segment holding the orientation alone.
    if (before["IFD0:Orientation"] === undefined && c.file === "noexif.jpg") {
      assertEquals(problems(after)[0], 0, `${label}: no error`);
    } else {assertEquals(
        problems(after),
        problems(before),
        `${label}: ${after["ExifTool:Warning"]}`,
      );}
    assertEquals(imageData(files[`c${i}${ext}`]), imageData(files[`o${i}${ext}`]), label);
  }
});
