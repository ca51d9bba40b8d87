/**
 * Multi-picture JPEGs built for tests, as recent phones write them: a first image with an MPF
 * index (APP2) pointing at a second image stored after the first image's end, in the layouts
 * real files use (XMP before or after the MPF segment; an HDR gain-map description in `hdrgm:`
 * with a Google container directory; Extended XMP). The offsets are computed as CIPA DC-007 says:
 * from the MPF block's byte-order mark to the second image's first byte.
 * @module
 */
import { createHash } from "node:crypto";
import { concatBytes } from "../src/xmp/bytes.ts";

const enc = new TextEncoder();

/** One JPEG marker segment. */
export function segment(marker: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  out.set([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  out.set(payload, 4);
  return out;
}

/** The marker segments of a JPEG up to its image data, and the image data (SOS to the end). */
export function splitJpeg(bytes: Uint8Array): { segments: Uint8Array[]; image: Uint8Array } {
  const segments: Uint8Array[] = [];
  let pos = 2;
  while (bytes[pos] === 0xff && bytes[pos + 1] !== 0xda) {
    const len = (bytes[pos + 2] << 8) | bytes[pos + 3];
    segments.push(bytes.subarray(pos, pos + 2 + len));
    pos += 2 + len;
  }
  return { segments, image: bytes.subarray(pos) };
}

/** The MPF APP2 payload for a first image of `primary` bytes and a second of `secondary`. */
function mpfPayload(primary: number, secondary: number, secondaryOffset: number): Uint8Array {
  const out = new Uint8Array(4 + 8 + 2 + 3 * 12 + 4 + 32);
  out.set(enc.encode("MPF\0"));
  const v = new DataView(out.buffer, 4);
  out.set(enc.encode("II"), 4);
  v.setUint16(2, 42, true);
  v.setUint32(4, 8, true);
  v.setUint16(8, 3, true);
  const entry = (i: number, tag: number, type: number, count: number, value: number) => {
    const at = 10 + i * 12;
    v.setUint16(at, tag, true);
    v.setUint16(at + 2, type, true);
    v.setUint32(at + 4, count, true);
    v.setUint32(at + 8, value, true);
  };
  entry(0, 0xb000, 7, 4, 0x30303130); // MPFVersion "0100"
  entry(1, 0xb001, 4, 1, 2); // NumberOfImages
  const entries = 10 + 3 * 12 + 4;
  entry(2, 0xb002, 7, 32, entries); // MPEntry
  v.setUint32(10 + 3 * 12, 0, true);
  // First image: representative, baseline; second: a dependent image at its offset.
  v.setUint32(entries, 0x20030000, true);
  v.setUint32(entries + 4, primary, true);
  v.setUint32(entries + 8, 0, true);
  v.setUint32(entries + 16, 0x00000000, true);
  v.setUint32(entries + 20, secondary, true);
  v.setUint32(entries + 24, secondaryOffset, true);
  return out;
}

/** An XMP APP1 payload holding `packet`. */
export function xmpPayload(packet: string): Uint8Array {
  return concatBytes([enc.encode("http://ns.adobe.com/xap/1.0/\0"), enc.encode(packet)]);
}

/** The layouts of {@link multiPicture}. */
export type MpfLayout = "xmp-before-mpf" | "xmp-after-mpf" | "extended-xmp";

/** The gain-map description a viewer needs to show the HDR photo (Ultra HDR / Adobe's hdrgm). */
export function gainMapXmp(secondaryLength: number, extendedGuid?: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.1.2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/"
    xmlns:Container="http://ns.google.com/photos/1.0/container/"
    xmlns:Item="http://ns.google.com/photos/1.0/container/item/"
    xmlns:xmpNote="http://ns.adobe.com/xmp/note/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    hdrgm:Version="1.0"
    xmp:CreatorTool="Phone Camera 1.0"${
    extendedGuid ? `\n    xmpNote:HasExtendedXMP="${extendedGuid}"` : ""
  }>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">IMG_1234</rdf:li></rdf:Alt></dc:title>
   <Container:Directory>
    <rdf:Seq>
     <rdf:li rdf:parseType="Resource">
      <Container:Item Item:Semantic="Primary" Item:Mime="image/jpeg"/>
     </rdf:li>
     <rdf:li rdf:parseType="Resource">
      <Container:Item Item:Semantic="GainMap" Item:Mime="image/jpeg" Item:Length="${secondaryLength}"/>
     </rdf:li>
    </rdf:Seq>
   </Container:Directory>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Extended XMP segments (GUID-linked, as the XMP specification part 3 says) holding `packet`. */
export function extendedXmp(packet: string): { guid: string; segments: Uint8Array[] } {
  const body = enc.encode(packet);
  const guid = createHash("md5").update(body).digest("hex").toUpperCase();
  const head = enc.encode("http://ns.adobe.com/xmp/extension/\0");
  const chunk = 60000;
  const segments: Uint8Array[] = [];
  for (let off = 0; off < body.length; off += chunk) {
    const part = body.subarray(off, off + chunk);
    const meta = new Uint8Array(32 + 8);
    meta.set(enc.encode(guid));
    const v = new DataView(meta.buffer);
    v.setUint32(32, body.length);
    v.setUint32(36, off);
    segments.push(segment(0xe1, concatBytes([head, meta, part])));
  }
  return { guid, segments };
}

/**
 * A multi-picture JPEG: `base`'s first image with an MPF index and the given XMP, then
 * `secondary` after its end. The MPF segment goes after the Exif segment, as phones write it.
 */
export function multiPicture(
  base: Uint8Array,
  secondary: Uint8Array,
  layout: MpfLayout,
): Uint8Array {
  const { segments, image } = splitJpeg(base);
  const extended = layout === "extended-xmp"
    ? extendedXmp(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:GDepth="http://ns.google.com/photos/1.0/depthmap/" GDepth:Format="RangeInverse" GDepth:Data="${
        "QUJD".repeat(20000)
      }"/></rdf:RDF></x:xmpmeta>`,
    )
    : null;
  const xmp = segment(0xe1, xmpPayload(gainMapXmp(secondary.length, extended?.guid)));
  const exif = segments.filter((s) => s[1] === 0xe1 && s[4] === 0x45); // "Exif"
  const others = segments.filter((s) => !exif.includes(s) && !(s[1] === 0xe1));
  const build = (mpf: Uint8Array) => {
    const head = layout === "xmp-before-mpf"
      ? [...exif, xmp, mpf]
      : [...exif, mpf, xmp, ...(extended?.segments ?? [])];
    return [new Uint8Array([0xff, 0xd8]), ...head, ...others, image];
  };
  // Sizes first (the MPF payload has a fixed size), then the offsets.
  const dummy = segment(0xe2, mpfPayload(0, 0, 0));
  const parts = build(dummy);
  const primaryLength = parts.reduce((n, p) => n + p.length, 0);
  const mpfStart = 2 + parts.slice(1, parts.indexOf(dummy)).reduce((n, p) => n + p.length, 0);
  const mpf = segment(
    0xe2,
    mpfPayload(primaryLength, secondary.length, primaryLength - (mpfStart + 8)),
  );
  return concatBytes([...build(mpf), secondary]);
}
