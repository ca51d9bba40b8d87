import { assert, assertEquals } from "../../tests/assert.ts";
import { editTiff, orientationOnlyTiff, tiffOrientation } from "./exif_edit.ts";

const ORIENTATION = 0x0112;
const DESCRIPTION = 0x010e;
const MAKE = 0x010f;
const EXIF_IFD = 0x8769;
const DATE_TAKEN = 0x9003;
const ascii = (s: string) => new TextEncoder().encode(`${s}\0`);

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The value's bytes (in the block's byte order); over 4 bytes they go to the data area. */
  value: Uint8Array;
}

const text = (tag: number, s: string): Entry => {
  const value = ascii(s);
  return { tag, type: 2, count: value.length, value };
};

/**
 * A TIFF block: header, IFD0, then IFD1 (the thumbnail's) and the Exif IFD when given, then the
 * values over 4 bytes. `exif` adds an Exif IFD pointer to IFD0 (and to IFD1, as Olympus writes).
 */
function tiff(
  little: boolean,
  ifd0: Entry[],
  opts: { exif?: Entry[]; ifd1?: Entry[]; orientation?: { type: number; value: number } } = {},
): Uint8Array {
  const size = (entries: Entry[]) => 2 + entries.length * 12 + 4;
  const long = (v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, little);
    return b;
  };
  const zero: Entry = { tag: EXIF_IFD, type: 4, count: 1, value: long(0) };
  const i0 = [...ifd0];
  if (opts.orientation) {
    const b = new Uint8Array(4);
    const v = new DataView(b.buffer);
    if (opts.orientation.type === 3) v.setUint16(0, opts.orientation.value, little);
    else v.setUint32(0, opts.orientation.value, little);
    i0.push({ tag: ORIENTATION, type: opts.orientation.type, count: 1, value: b });
  }
  if (opts.exif) i0.push({ ...zero });
  const i1 = opts.ifd1 ? [...opts.ifd1, ...(opts.exif ? [{ ...zero }] : [])] : null;
  const ifds: Entry[][] = [i0.sort((a, b) => a.tag - b.tag)];
  if (i1) ifds.push(i1.sort((a, b) => a.tag - b.tag));
  if (opts.exif) ifds.push(opts.exif);
  const at: number[] = [];
  let pos = 8;
  for (const ifd of ifds) {
    at.push(pos);
    pos += size(ifd);
  }
  // Point the Exif IFD entries at the last IFD.
  if (opts.exif) {
    for (const ifd of ifds.slice(0, -1)) {
      for (const e of ifd) if (e.tag === EXIF_IFD) e.value = long(at[at.length - 1]);
    }
  }
  const out = new Uint8Array(
    pos + ifds.flat().reduce((n, e) => n + (e.value.length > 4 ? e.value.length + 1 : 0), 0),
  );
  const v = new DataView(out.buffer);
  out.set(little ? [0x49, 0x49] : [0x4d, 0x4d]);
  v.setUint16(2, 42, little);
  v.setUint32(4, 8, little);
  let dataAt = pos;
  ifds.forEach((ifd, k) => {
    const base = at[k];
    v.setUint16(base, ifd.length, little);
    ifd.forEach((e, i) => {
      const p = base + 2 + i * 12;
      v.setUint16(p, e.tag, little);
      v.setUint16(p + 2, e.type, little);
      v.setUint32(p + 4, e.count, little);
      if (e.value.length <= 4) out.set(e.value, p + 8);
      else {
        if (dataAt % 2) dataAt++;
        v.setUint32(p + 8, dataAt, little);
        out.set(e.value, dataAt);
        dataAt += e.value.length;
      }
    });
    // IFD0 links to IFD1 when there is one; the rest end the chain.
    v.setUint32(base + 2 + ifd.length * 12, k === 0 && i1 ? at[1] : 0, little);
  });
  return out.slice(0, Math.max(dataAt, pos));
}

/** The test's own reader: an entry of the IFD at `ifd` as type, count and value bytes. */
function read(t: Uint8Array, ifd: number, tag: number) {
  const little = t[0] === 0x49;
  const v = new DataView(t.buffer, t.byteOffset, t.byteLength);
  const n = v.getUint16(ifd, little);
  for (let i = 0; i < n; i++) {
    const p = ifd + 2 + i * 12;
    if (v.getUint16(p, little) !== tag) continue;
    const type = v.getUint16(p + 2, little);
    const count = v.getUint32(p + 4, little);
    const bytes = type === 3 ? 2 * count : type === 4 ? 4 * count : count;
    const at = bytes <= 4 ? p + 8 : v.getUint32(p + 8, little);
    return { type, count, at, value: t.slice(at, at + bytes) };
  }
  return null;
}

const ifd0Of = (t: Uint8Array) => new DataView(t.buffer, t.byteOffset).getUint32(4, t[0] === 0x49);
const textOf = (b: Uint8Array) => new TextDecoder().decode(b).replace(/\0+$/, "");
const tagsOf = (t: Uint8Array, ifd: number) => {
  const little = t[0] === 0x49;
  const v = new DataView(t.buffer, t.byteOffset, t.byteLength);
  return Array.from(
    { length: v.getUint16(ifd, little) },
    (_, i) => v.getUint16(ifd + 2 + i * 12, little),
  );
};

Deno.test("tiffOrientation: the IFD0 orientation, SHORT or LONG, null when absent, out of range or unreadable", () => {
  for (const little of [true, false]) {
    assertEquals(tiffOrientation(tiff(little, [], { orientation: { type: 3, value: 6 } })), 6);
    assertEquals(tiffOrientation(tiff(little, [], { orientation: { type: 4, value: 8 } })), 8);
  }
  assertEquals(tiffOrientation(tiff(true, [text(MAKE, "Canon")])), null);
  assertEquals(tiffOrientation(tiff(true, [], { orientation: { type: 3, value: 9 } })), null);
  assertEquals(tiffOrientation(tiff(true, [], { orientation: { type: 3, value: 0 } })), null);
  assertEquals(tiffOrientation(new TextEncoder().encode("not a tiff block")), null);
  assertEquals(tiffOrientation(new Uint8Array([0x49, 0x49, 42, 0, 0xff, 0, 0, 0])), null);
});

Deno.test("orientationOnlyTiff: a block a reader takes for that orientation alone", () => {
  const t = orientationOnlyTiff(3);
  assertEquals(tiffOrientation(t), 3);
  assertEquals(tagsOf(t, ifd0Of(t)), [ORIENTATION]);
});

Deno.test("editTiff: an orientation is set in place; a missing one is added in a new IFD0 at the end, nothing moved", () => {
  for (const little of [true, false]) {
    const withLong = tiff(little, [text(MAKE, "Olympus Corp")], {
      orientation: { type: 4, value: 1 },
    });
    const turned = editTiff(withLong, { orientation: 6 })!;
    assertEquals(turned.length, withLong.length, "set where it is");
    assertEquals(read(turned, 8, ORIENTATION)!.type, 3, "written as the SHORT the spec says");
    assertEquals(tiffOrientation(turned), 6);

    const without = tiff(little, [text(DESCRIPTION, "camera text"), text(MAKE, "Canon")], {
      exif: [text(DATE_TAKEN, "2019:07:01 12:00:00")],
    });
    const added = editTiff(without, { orientation: 8 })!;
    assertEquals(tiffOrientation(added), 8);
    const ifd0 = ifd0Of(added);
    assert(ifd0 >= without.length, "the new IFD0 is past the old block's end");
    assertEquals(ifd0 % 2, 0, "word-aligned");
    assertEquals(tagsOf(added, ifd0), [DESCRIPTION, MAKE, ORIENTATION, EXIF_IFD], "in tag order");
    // Every byte of the old block but the header's IFD0 pointer is where it was, so offsets
    // (the Exif IFD, maker notes) stay right.
    assertEquals([...added.subarray(8, without.length)], [...without.subarray(8)]);
    assertEquals(textOf(read(added, ifd0, MAKE)!.value), "Canon");
    const exif = read(added, ifd0, EXIF_IFD)!;
    const exifAt = new DataView(exif.value.buffer).getUint32(0, little);
    assertEquals(textOf(read(added, exifAt, DATE_TAKEN)!.value), "2019:07:01 12:00:00");
  }
});

Deno.test("editTiff: a description is overwritten where it fits, appended where it does not, never added", () => {
  const block = tiff(true, [text(DESCRIPTION, "OLYMPUS DIGITAL CAMERA"), text(MAKE, "OLYMPUS")]);
  const shorter = editTiff(block, { imageDescription: "Sunset 写真" })!;
  assertEquals(shorter.length, block.length, "fits in the camera's 23 bytes");
  const d = read(shorter, 8, DESCRIPTION)!;
  assertEquals(textOf(d.value), "Sunset 写真");
  assertEquals(d.count, 23, "the old size kept, padded with NULs");
  assertEquals(
    new TextDecoder().decode(shorter).includes("CAMERA"),
    false,
    "no camera text left over",
  );

  const long = "A much longer description than the camera wrote, with é and 雲";
  const grown = editTiff(block, { imageDescription: long })!;
  const g = read(grown, 8, DESCRIPTION)!;
  assert(g.at >= block.length, "appended after the block");
  assertEquals(g.at % 2, 0, "word-aligned");
  assertEquals(textOf(g.value), long);
  assertEquals(textOf(read(grown, 8, MAKE)!.value), "OLYMPUS", "the other values untouched");

  const tiny = editTiff(block, { imageDescription: "abc" })!;
  assertEquals([read(tiny, 8, DESCRIPTION)!.count, textOf(read(tiny, 8, DESCRIPTION)!.value)], [
    4,
    "abc",
  ]);
  // A block with no description gets none: a missing field is left for the XMP to carry.
  const none = tiff(true, [text(MAKE, "Canon")]);
  assertEquals([...editTiff(none, { imageDescription: "x" })!], [...none]);
});

Deno.test("editTiff: the date taken in the Exif IFD, and the description repeated under IFD1, both change", () => {
  const block = tiff(false, [text(DESCRIPTION, "OLYMPUS DIGITAL CAMERA")], {
    ifd1: [text(DESCRIPTION, "OLYMPUS DIGITAL CAMERA")],
    exif: [text(DATE_TAKEN, "2001:01:01 00:00:00")],
  });
  const out = editTiff(block, {
    imageDescription: "Flickr's",
    dateTimeOriginal: "2019:07:04 18:30:00",
  })!;
  const v = new DataView(out.buffer);
  const ifd1 = v.getUint32(8 + 2 + 2 * 12);
  assertEquals(textOf(read(out, 8, DESCRIPTION)!.value), "Flickr's");
  assertEquals(textOf(read(out, ifd1, DESCRIPTION)!.value), "Flickr's");
  const exifAt = v.getUint32(read(out, 8, EXIF_IFD)!.at);
  assertEquals(textOf(read(out, exifAt, DATE_TAKEN)!.value), "2019:07:04 18:30:00");
  // No edits: the block comes back as it was.
  assertEquals([...editTiff(block, {})!], [...block]);
});

Deno.test("editTiff: null for a block that cannot be followed, so the caller keeps it", () => {
  assertEquals(editTiff(new Uint8Array(4), { orientation: 1 }), null);
  assertEquals(editTiff(new TextEncoder().encode("XX*\0\x08\0\0\0"), { orientation: 1 }), null);
  // IFD0 points past the end.
  assertEquals(
    editTiff(new Uint8Array([0x49, 0x49, 42, 0, 0x40, 0, 0, 0]), { orientation: 1 }),
    null,
  );
  // A description whose value points past the end.
  const block = tiff(true, [text(DESCRIPTION, "a long camera description")]);
  const cut = block.subarray(0, block.length - 10);
  assertEquals(editTiff(cut, { imageDescription: "short text here" }), null);
});
