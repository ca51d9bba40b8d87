import { createHash } from "node:crypto";
import { assert, assertEquals } from "../../tests/assert.ts";
import { concatBytes } from "./bytes.ts";
import { editPhotoshopBlock, PHOTOSHOP_HEADER } from "./iptc.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

/** An IPTC dataset: 0x1C, record, number, 16-bit length, data. */
function ds(record: number, number: number, data: Uint8Array | string): Uint8Array {
  const d = typeof data === "string" ? utf8(data) : data;
  return concatBytes([bytes(0x1c, record, number, d.length >> 8, d.length & 0xff), d]);
}

/** A Photoshop image resource: `8BIM`, id, empty Pascal name, size, data padded to even. */
function resource(id: number, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(12);
  const v = new DataView(head.buffer);
  head.set(utf8("8BIM"));
  v.setUint16(4, id);
  v.setUint32(8, data.length);
  return concatBytes([head, data, new Uint8Array(data.length % 2)]);
}

function block(...resources: Uint8Array[]): Uint8Array {
  return concatBytes([PHOTOSHOP_HEADER, ...resources]);
}

/** The resources of a block: id and data (the test's own reader, independent of the module's). */
function readResources(b: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = PHOTOSHOP_HEADER.length;
  while (pos < b.length) {
    const id = v.getUint16(pos + 4);
    const size = v.getUint32(pos + 8);
    out.set(id, b.subarray(pos + 12, pos + 12 + size));
    pos += 12 + size + (size % 2);
  }
  return out;
}

/** The datasets of an IPTC block as `record:number=text`. */
function readDatasets(iptc: Uint8Array): string[] {
  const out: string[] = [];
  for (let pos = 0; pos < iptc.length;) {
    const len = (iptc[pos + 3] << 8) | iptc[pos + 4];
    const data = iptc.subarray(pos + 5, pos + 5 + len);
    out.push(`${iptc[pos + 1]}:${iptc[pos + 2]}=${new TextDecoder().decode(data)}`);
    pos += 5 + len;
  }
  return out;
}

const UTF8_MARK = bytes(0x1b, 0x25, 0x47);
const THUMB = resource(0x040c, bytes(1, 2, 3));

Deno.test("editPhotoshopBlock: title, caption and keywords replaced in dataset order, the rest kept, the digest renewed", () => {
  const iptc = concatBytes([
    ds(1, 90, UTF8_MARK),
    ds(2, 0, bytes(0, 4)),
    ds(2, 5, "Camera title"),
    ds(2, 25, "old"),
    ds(2, 25, "older"),
    ds(2, 80, "Ansel"),
    ds(2, 120, "Camera caption"),
  ]);
  const file = block(THUMB, resource(0x0404, iptc), resource(0x0425, new Uint8Array(16)));
  const out = editPhotoshopBlock(file, {
    title: "  Flickr title ",
    caption: "Über den Wolken 雲",
    keywords: ["sky", "雲"],
  })!;
  const res = readResources(out);
  const newIptc = res.get(0x0404)!;
  assertEquals(readDatasets(newIptc), [
    "1:90=\x1b%G",
    "2:0=\0\x04",
    "2:5=Flickr title",
    "2:25=sky",
    "2:25=雲",
    "2:80=Ansel",
    "2:120=Über den Wolken 雲",
  ]);
  // The digest tells MWG readers the IPTC and the XMP agree: it is the new block's MD5.
  assertEquals([...res.get(0x0425)!], [...createHash("md5").update(newIptc).digest()]);
  assertEquals([...res.get(0x040c)!], [1, 2, 3], "other resources copied as they are");
});

Deno.test("editPhotoshopBlock: a field left out keeps its datasets; nothing to change is null", () => {
  const iptc = concatBytes([ds(1, 90, UTF8_MARK), ds(2, 5, "Title"), ds(2, 25, "kw")]);
  const file = block(resource(0x0404, iptc));
  const out = editPhotoshopBlock(file, { caption: "New" })!;
  assertEquals(readDatasets(readResources(out).get(0x0404)!), [
    "1:90=\x1b%G",
    "2:5=Title",
    "2:25=kw",
    "2:120=New",
  ]);
  assertEquals(editPhotoshopBlock(file, {}), null);
  assertEquals(editPhotoshopBlock(file, { title: "   ", caption: "", keywords: [] }), null);
  // No digest resource in the block: none is added.
  assertEquals(readResources(out).has(0x0425), false);
});

Deno.test("editPhotoshopBlock: a block that declares no character set is declared UTF-8, its Latin text re-encoded", () => {
  // cp1252 bytes, as older tools wrote them: "Café" and a right single quote.
  const byline = bytes(0x43, 0x61, 0x66, 0xe9, 0x92, 0x73);
  const file = block(resource(0x0404, concatBytes([ds(2, 0, bytes(0, 4)), ds(2, 80, byline)])));
  const out = editPhotoshopBlock(file, { title: "写真" })!;
  assertEquals(readDatasets(readResources(out).get(0x0404)!), [
    "1:90=\x1b%G",
    "2:0=\0\x04",
    "2:5=写真",
    "2:80=Café\u2019s",
  ]);
});

Deno.test("editPhotoshopBlock: a block declaring another character set keeps it; Flickr's text goes in as Latin-1", () => {
  const latin1Mark = bytes(0x1b, 0x2e, 0x41);
  const file = block(resource(0x0404, concatBytes([ds(1, 90, latin1Mark), ds(2, 0, bytes(0, 4))])));
  const out = editPhotoshopBlock(file, { title: "Café 写真" })!;
  const iptc = readResources(out).get(0x0404)!;
  const title = iptc.subarray(iptc.length - "Café ??".length);
  assertEquals([...title], [0x43, 0x61, 0x66, 0xe9, 0x20, 0x3f, 0x3f], "é as one byte, CJK as ?");
  assertEquals([...iptc.subarray(5, 8)], [...latin1Mark]);
});

Deno.test("editPhotoshopBlock: values are cut to IPTC's limits at a character boundary", () => {
  const file = block(resource(0x0404, ds(1, 90, UTF8_MARK)));
  const title = "é".repeat(40); // 80 bytes in UTF-8; the limit is 64
  const caption = "ab".repeat(1500); // 3,000 bytes; the limit is 2,000
  const out = editPhotoshopBlock(file, { title, caption, keywords: ["k".repeat(70)] })!;
  const sets = readDatasets(readResources(out).get(0x0404)!);
  const of = (prefix: string) => sets.find((s) => s.startsWith(prefix))!.slice(prefix.length);
  assertEquals(of("2:5="), "é".repeat(32));
  assertEquals(of("2:120=").length, 2000);
  assertEquals(of("2:25=").length, 64);
  assert(!of("2:5=").includes("\ufffd"), "no character cut in half");
});

Deno.test("editPhotoshopBlock: null for what is not a Photoshop block, has no IPTC, or cannot be followed", () => {
  const edits = { title: "t" };
  assertEquals(editPhotoshopBlock(utf8("Adobe_CM\0"), edits), null);
  assertEquals(editPhotoshopBlock(block(THUMB), edits), null, "no IPTC resource");
  assertEquals(editPhotoshopBlock(block(utf8("XXXX\x04\x04\0\0\0\0\0\0")), edits), null);
  const cut = resource(0x0404, ds(2, 5, "Title"));
  assertEquals(editPhotoshopBlock(block(cut.subarray(0, cut.length - 4)), edits), null);
  // A dataset whose length runs past its resource.
  const bad = concatBytes([bytes(0x1c, 2, 5, 0, 50), utf8("short")]);
  assertEquals(editPhotoshopBlock(block(resource(0x0404, bad)), edits), null);
});
