/**
 * The IPTC caption, title and keywords of a copy's Photoshop resource block (JPEG APP13), kept
 * in step with its XMP as the Metadata Working Group's guidelines say: where a file has an IPTC
 * block, a reader following them (ExifTool's `-use MWG`, Lightroom) otherwise shows the
 * camera's or an older tool's text. The IPTC digest (resource 0x0425), where the block has one,
 * is set to the new IPTC's MD5, which tells those readers the XMP and the IPTC agree. Every other
 * resource and dataset is copied as it is.
 * @module
 */
import { createHash } from "node:crypto";
import { concatBytes } from "./bytes.ts";

/** What to write; a field left out (or an empty list) leaves the datasets as they are. */
export interface IptcEdits {
  /** 2:05 Object Name (64 bytes at most). */
  title?: string;
  /** 2:120 Caption/Abstract (2,000 bytes at most). */
  caption?: string;
  /** 2:25 Keywords (64 bytes each at most). */
  keywords?: string[];
}

export const PHOTOSHOP_HEADER = new TextEncoder().encode("Photoshop 3.0\0");
const IPTC_RESOURCE = 0x0404;
const DIGEST_RESOURCE = 0x0425;
/** IPTC's "ESC % G": the text is UTF-8 (dataset 1:90). */
const UTF8_MARK = new Uint8Array([0x1b, 0x25, 0x47]);

interface Resource {
  /** The whole resource as found (signature to padded data). */
  raw: Uint8Array;
  id: number;
  /** Offset of the data inside `raw`, and its size. */
  dataAt: number;
  size: number;
}

/** The resources of a Photoshop block (after its header), or null when they cannot be followed. */
function resources(body: Uint8Array): Resource[] | null {
  const out: Resource[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let pos = 0;
  while (pos < body.length) {
    if (pos + 12 > body.length) return null;
    const sig = String.fromCharCode(...body.subarray(pos, pos + 4));
    if (!/^(8BIM|MeSa|PHUT|AgHg|DCSR)$/.test(sig)) return null;
    const id = view.getUint16(pos + 4);
    const nameLen = body[pos + 6];
    const nameSize = (1 + nameLen) % 2 === 0 ? 1 + nameLen : 2 + nameLen;
    const sizeAt = pos + 6 + nameSize;
    if (sizeAt + 4 > body.length) return null;
    const size = view.getUint32(sizeAt);
    const dataAt = sizeAt + 4;
    const end = dataAt + size + (size % 2);
    if (dataAt + size > body.length) return null;
    out.push({
      raw: body.subarray(pos, Math.min(end, body.length)),
      id,
      dataAt: dataAt - pos,
      size,
    });
    pos = end;
  }
  return out;
}

interface Dataset {
  record: number;
  number: number;
  /** The whole dataset as found (tag marker to data). */
  raw: Uint8Array;
  data: Uint8Array;
}

function datasets(iptc: Uint8Array): Dataset[] | null {
  const out: Dataset[] = [];
  let pos = 0;
  while (pos < iptc.length) {
    if (iptc[pos] === 0 && iptc.subarray(pos).every((b) => b === 0)) break; // padding
    if (iptc[pos] !== 0x1c || pos + 5 > iptc.length) return null;
    const record = iptc[pos + 1];
    const number = iptc[pos + 2];
    let len = (iptc[pos + 3] << 8) | iptc[pos + 4];
    let dataAt = pos + 5;
    if (len & 0x8000) {
      const n = len & 0x7fff;
      if (n > 4 || dataAt + n > iptc.length) return null;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + iptc[dataAt + i];
      dataAt += n;
    }
    if (dataAt + len > iptc.length) return null;
    out.push({
      record,
      number,
      raw: iptc.subarray(pos, dataAt + len),
      data: iptc.subarray(dataAt, dataAt + len),
    });
    pos = dataAt + len;
  }
  return out;
}

function dataset(record: number, number: number, data: Uint8Array): Dataset {
  const raw = new Uint8Array(5 + data.length);
  raw.set([0x1c, record, number, data.length >> 8, data.length & 0xff]);
  raw.set(data, 5);
  return { record, number, raw, data };
}

/** `text` encoded in at most `max` bytes, cut at a character boundary. */
function limited(text: string, max: number, encode: (s: string) => Uint8Array): Uint8Array {
  let bytes = encode(text);
  if (bytes.length <= max) return bytes;
  const chars = [...text];
  while (chars.length > 0 && bytes.length > max) {
    chars.length = Math.max(0, chars.length - Math.max(1, Math.ceil((bytes.length - max) / 4)));
    bytes = encode(chars.join(""));
  }
  return bytes;
}

/** Record-2 datasets that are not text (record version, rasterised caption, preview). */
const BINARY = new Set([0, 125, 200, 201, 202]);
const CP1252 = new TextDecoder("windows-1252");

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Latin-1, for blocks that declare no UTF-8 and already hold other 8-bit text. */
const latin1 = (s: string) =>
  Uint8Array.from([...s.normalize("NFC")].map((c) => {
    const code = c.codePointAt(0)!;
    return code < 256 ? code : 0x3f;
  }));

/**
 * A copy of an APP13 payload (`Photoshop 3.0\0` and its resources) with the IPTC datasets of
 * `edits` replaced, or null when the block has no IPTC, nothing is to change, or it cannot be
 * followed (the caller keeps it as it is).
 */
export function editPhotoshopBlock(payload: Uint8Array, edits: IptcEdits): Uint8Array | null {
  if (!startsWith(payload, PHOTOSHOP_HEADER)) return null;
  const list = resources(payload.subarray(PHOTOSHOP_HEADER.length));
  const iptcAt = list?.findIndex((r) => r.id === IPTC_RESOURCE) ?? -1;
  if (!list || iptcAt < 0) return null;
  const iptc = list[iptcAt];
  const sets = datasets(iptc.raw.subarray(iptc.dataAt, iptc.dataAt + iptc.size));
  if (!sets) return null;
  const replace = new Map<number, Uint8Array[]>();
  const hasUtf8 = sets.some((d) =>
    d.record === 1 && d.number === 90 && d.data.length === 3 &&
    d.data.every((b, i) => b === UTF8_MARK[i])
  );
  const hasCharset = sets.some((d) => d.record === 1 && d.number === 90);
  // A block that declares no character set holds Latin text (cp1252, as ExifTool reads it):
  // declared UTF-8, its 8-bit text re-encoded so that it reads the same. A block declaring
  // another set keeps it, and Flickr's text goes in as Latin-1 as far as it can.
  const useUtf8 = hasUtf8 || !hasCharset;
  const encode = useUtf8 ? utf8 : latin1;
  if (edits.title?.trim()) replace.set(5, [limited(edits.title.trim(), 64, encode)]);
  if (edits.caption?.trim()) replace.set(120, [limited(edits.caption.trim(), 2000, encode)]);
  if (edits.keywords && edits.keywords.length > 0) {
    replace.set(25, edits.keywords.map((k) => limited(k, 64, encode)));
  }
  if (replace.size === 0) return null;

  let kept = sets.filter((d) => !(d.record === 2 && replace.has(d.number)));
  if (useUtf8 && !hasUtf8) {
    kept = kept.map((d) =>
      d.record === 2 && !BINARY.has(d.number) && d.data.some((b) => b >= 0x80)
        ? dataset(2, d.number, utf8(CP1252.decode(d.data)))
        : d
    );
    const mark = dataset(1, 90, UTF8_MARK);
    const at = kept.findIndex((d) => d.record > 1 || (d.record === 1 && d.number > 90));
    kept.splice(at < 0 ? kept.length : at, 0, mark);
  }
  // Each new dataset goes before the first record-2 dataset with a higher number.
  for (const [number, values] of [...replace].sort((a, b) => a[0] - b[0])) {
    const fresh = values.map((v) => dataset(2, number, v));
    let at = kept.findIndex((d) => d.record > 2 || (d.record === 2 && d.number > number));
    if (at < 0) at = kept.length;
    kept = [...kept.slice(0, at), ...fresh, ...kept.slice(at)];
  }
  const newIptc = concatBytes(kept.map((d) => d.raw));
  const digest = createHash("md5").update(newIptc).digest();
  const parts: Uint8Array[] = [PHOTOSHOP_HEADER];
  for (const [i, r] of list.entries()) {
    if (i === iptcAt) parts.push(withData(r, newIptc));
    else if (r.id === DIGEST_RESOURCE && r.size === 16) parts.push(withData(r, digest));
    else parts.push(r.raw);
  }
  return concatBytes(parts);
}

/** A resource with new data (its signature, id and name kept). */
function withData(r: Resource, data: Uint8Array): Uint8Array {
  const head = r.raw.subarray(0, r.dataAt);
  const out = new Uint8Array(head.length + data.length + (data.length % 2));
  out.set(head);
  new DataView(out.buffer).setUint32(head.length - 4, data.length);
  out.set(data, head.length);
  return out;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
