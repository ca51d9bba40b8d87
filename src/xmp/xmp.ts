// Long on purpose: one XMP packet written in one deterministic pass, property by property.
/**
 * An item's metadata as an XMP packet, in the standard properties photo apps read (Lightroom,
 * digiKam, darktable, Immich, Apple Photos through embedded copies): see `docs/sidecars.md` for why
 * each property was chosen. The same packet goes into the archive's sidecars and
 * into the copies `export` writes.
 *
 * The output is deterministic (same input, same bytes), so that a hash of it says whether a
 * sidecar must be rewritten.
 * @module
 */
import { htmlToText } from "./plain_text.ts";
import { isOrientation, shownOrientation, shownToStored, swapsAxes } from "./orientation.ts";

/** Flickr's `date_taken_granularity` values. */
export const GRANULARITY = { exact: 0, month: 4, year: 6, circa: 8 } as const;

/** A box on Flickr's 500px-wide image (notes, tagged people). */
export interface Box500 {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Everything about one item that goes into its XMP. */
export interface XmpItem {
  id: string;
  media: "photo" | "video" | string;
  /** Flickr's title (plain text) and description (Flickr HTML) as stored. */
  title: string;
  description: string;
  /** 'YYYY-MM-DD HH:MM:SS' local time, as Flickr gives it. */
  dateTaken: string | null;
  dateTakenGranularity: number;
  dateTakenUnknown: boolean;
  /** Unix seconds. */
  dateUploaded: number | null;
  /** Unix seconds; only for a favourite of someone else's photo. */
  favedAt: number | null;
  isFavoriteOfMine: boolean;
  ownerNsid: string;
  /** The owner's name (real name, else user name); null when unknown. */
  creator: string | null;
  license: { id: number; name: string; url: string | null } | null;
  photoPage: string | null;
  /** Raw tags (as typed, with capitals and spaces), machine tags apart. */
  tags: string[];
  machineTags: string[];
  albums: string[];
  /** Each collection the item is in through an album, as its path of titles from the top. */
  collections: string[][];
  galleries: string[];
  groups: string[];
  geo: { latitude: number; longitude: number; accuracy: number | null } | null;
  place: {
    neighbourhood: string | null;
    locality: string | null;
    county: string | null;
    region: string | null;
    country: string | null;
  };
  people: { name: string; nsid: string; box: Box500 | null }[];
  notes: { text: string; author: string | null; box: Box500 }[];
  /** Pixel size of the original as stored (before any orientation); null when unknown. */
  size: { width: number; height: number } | null;
  /**
   * Width / height of Flickr's display copy (Flickr's sized copies are turned as Flickr shows the
   * photo); null when none is archived. Places Flickr's boxes whatever Flickr says of the size.
   */
  shownAspect: number | null;
  /** Flickr's rotation (0, 90, 180, 270: see orientation.ts); null when unknown. */
  rotation: number | null;
  /** The EXIF orientation of the file the XMP describes; null when it has none or is unknown. */
  fileOrientation: number | null;
  /** Who may see it on Flickr; null when unknown (counted as not public). */
  privacy: Privacy | null;
}

/** Flickr's privacy of an item. The data export merges friends-only and family-only. */
export type Privacy = "public" | "friends" | "family" | "friends & family" | "private";

/** The privacy of an item from its `is_public`, `is_friend`, `is_family` (null: unknown). */
export function privacyOf(
  isPublic: number | null,
  isFriend: number | null,
  isFamily: number | null,
): Privacy | null {
  if (isPublic === 1) return "public";
  if (isPublic !== 0 || isFriend === null || isFamily === null) return null;
  if (isFriend === 1 && isFamily === 1) return "friends & family";
  if (isFriend === 1) return "friends";
  if (isFamily === 1) return "family";
  return "private";
}

/** Namespace of flickrvault's own properties (those no standard schema has). */
export const FLICKRVAULT_NS = "https://flickrvault.org/ns/xmp/1.0/";

const NAMESPACES: [string, string][] = [
  ["dc", "http://purl.org/dc/elements/1.1/"],
  ["xmp", "http://ns.adobe.com/xap/1.0/"],
  ["xmpRights", "http://ns.adobe.com/xap/1.0/rights/"],
  ["exif", "http://ns.adobe.com/exif/1.0/"],
  ["tiff", "http://ns.adobe.com/tiff/1.0/"],
  ["photoshop", "http://ns.adobe.com/photoshop/1.0/"],
  ["Iptc4xmpCore", "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"],
  ["Iptc4xmpExt", "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"],
  ["lr", "http://ns.adobe.com/lightroom/1.0/"],
  ["cc", "http://creativecommons.org/ns#"],
  ["mwg-rs", "http://www.metadataworkinggroup.com/schemas/regions/"],
  ["stDim", "http://ns.adobe.com/xap/1.0/sType/Dimensions#"],
  ["stArea", "http://ns.adobe.com/xmp/sType/Area#"],
  ["flickrvault", FLICKRVAULT_NS],
];

const NAMESPACE_ATTRIBUTES = NAMESPACES.map(([p, uri]) => `\n    xmlns:${p}="${uri}"`).join("");

/** Licences under which nobody claims copyright (no "©" in dc:rights). */
const NO_COPYRIGHT = new Set([7, 8, 9, 10]);

/**
 * Characters XML 1.0 cannot carry at all, even escaped (C0 controls but tab, LF and CR; U+FFFE,
 * U+FFFF): removed. Lone surrogates become U+FFFD.
 */
// deno-lint-ignore no-control-regex -- these are exactly the characters to remove
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Anything {@link xmlText} has to change; most text has none (one test instead of three). */
// deno-lint-ignore no-control-regex -- the same characters as NOT_XML, and those to escape
const NEEDS_WORK = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Text as XML character data: escaped, what XML 1.0 cannot hold removed (docs/sidecars.md). */
export function xmlText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s.replace(NOT_XML, "").replace(LONE_SURROGATE, "\uFFFD").replace(
    /[&<>"\r]/g,
    (c) =>
      c === "&"
        ? "&amp;"
        : c === "<"
        ? "&lt;"
        : c === ">"
        ? "&gt;"
        : c === '"'
        ? "&quot;"
        : "&#xD;",
  );
}

/** The text a value has once {@link xmlText} removed what XML cannot carry (for tests and export). */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML, "").replace(LONE_SURROGATE, "\uFFFD");
}

/**
 * The XMP date of Flickr's date taken: "2019-07-14T15:30:00" (local time, no zone: Flickr has
 * none); null when Flickr says the date is unknown. A month, year or "circa" date is written as
 * the first moment of its period ("2019-07-01T00:00:00", "2019-01-01T00:00:00"): XMP allows
 * "2019-07", but exiv2 (under digiKam, gThumb, Shotwell) reads the missing day as 0 and rolls
 * back to 30 June, and Immich's date parser rejects it. The granularity goes beside it in
 * `flickrvault:DateTakenGranularity`, so nothing is claimed that Flickr did not say.
 */
export function xmpDateTaken(
  dateTaken: string | null,
  granularity: number,
  unknown: boolean,
): string | null {
  if (unknown || !dateTaken) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(dateTaken) ??
    /^(\d{4})-(\d{2})-(\d{2})()()()$/.exec(dateTaken);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  if (y === "0000") return null;
  if (granularity === GRANULARITY.year || granularity === GRANULARITY.circa) {
    return `${y}-01-01T00:00:00`;
  }
  if (granularity === GRANULARITY.month) return `${y}-${mo === "00" ? "01" : mo}-01T00:00:00`;
  return `${y}-${mo}-${d}T${h || "00"}:${mi || "00"}:${s || "00"}`;
}

/** Flickr's granularity as a word, for flickrvault:DateTakenGranularity. */
function granularityName(g: number): string {
  return g === GRANULARITY.month
    ? "month"
    : g === GRANULARITY.year
    ? "year"
    : g === GRANULARITY.circa
    ? "circa"
    : "second";
}

/** Unix seconds as an XMP date in UTC. */
function utc(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  // "2019-07-14T15:30:00.000Z"; years past 9999 are longer ("+010000-01-01T00:00:00.000Z").
  return `${iso.slice(0, -5)}Z`;
}

/** A coordinate in XMP's GPS form: "DDD,MM.mmmmmmK" (exif namespace, XMP spec part 2). */
export function xmpGps(value: number, axis: "lat" | "lon"): string {
  const ref = axis === "lat" ? (value < 0 ? "S" : "N") : (value < 0 ? "W" : "E");
  const abs = Math.abs(value);
  let deg = Math.floor(abs);
  let min = Number(((abs - deg) * 60).toFixed(6));
  if (min >= 60) {
    deg += 1;
    min = 0;
  }
  return `${deg},${min.toFixed(6)}${ref}`;
}

/** A keyword as one level of lr:hierarchicalSubject ('|' separates levels there). */
function level(name: string): string {
  return name.replaceAll("|", "/").trim();
}

/** The hierarchical keywords (Lightroom's form) of an item. */
export function hierarchicalKeywords(
  item:
    & Pick<XmpItem, "tags" | "albums" | "collections" | "galleries" | "groups">
    & Partial<Pick<XmpItem, "people" | "privacy">>,
): string[] {
  const out: string[] = [];
  for (const t of item.tags) out.push(level(t));
  for (const a of item.albums) out.push(`Flickr|Albums|${level(a)}`);
  for (const c of item.collections) out.push(["Flickr", "Collections", ...c.map(level)].join("|"));
  for (const g of item.galleries) out.push(`Flickr|Galleries|${level(g)}`);
  for (const g of item.groups) out.push(`Flickr|Groups|${level(g)}`);
  // digiKam files face names under "People" too, so a person tagged without a box (never a
  // region) lands where the boxed ones do.
  for (const p of item.people ?? []) out.push(`People|${level(p.name)}`);
  if (item.privacy) out.push(`Flickr|Privacy|${PRIVACY_KEYWORD[item.privacy]}`);
  return unique(out.filter((k) => k && !k.endsWith("|")));
}

const PRIVACY_KEYWORD: Record<Privacy, string> = {
  public: "Public",
  friends: "Friends",
  family: "Family",
  "friends & family": "Friends and family",
  private: "Private",
};

function unique(list: string[]): string[] {
  return list.length < 2 ? list : [...new Set(list)];
}

const INDENT = Array.from({ length: 16 }, (_, i) => "  ".repeat(i));

/** Builds XML with two-space indentation. */
class Xml {
  lines: string[] = [];
  #depth = 2;

  open(tag: string): void {
    this.lines.push(`${INDENT[this.#depth]}<${tag}>`);
    this.#depth++;
  }
  close(tag: string): void {
    this.#depth--;
    const space = tag.indexOf(" ");
    this.lines.push(`${INDENT[this.#depth]}</${space < 0 ? tag : tag.slice(0, space)}>`);
  }
  text(tag: string, value: string): void {
    const space = tag.indexOf(" ");
    const name = space < 0 ? tag : tag.slice(0, space);
    this.lines.push(`${INDENT[this.#depth]}<${tag}>${xmlText(value)}</${name}>`);
  }
  /** An rdf:Alt with one x-default value (dc:title, dc:description, dc:rights). */
  alt(tag: string, value: string): void {
    this.open(tag);
    this.open("rdf:Alt");
    this.text('rdf:li xml:lang="x-default"', value);
    this.close("rdf:Alt");
    this.close(tag);
  }
  /** An rdf:Bag or rdf:Seq of texts; nothing when empty. */
  list(tag: string, kind: "rdf:Bag" | "rdf:Seq", values: string[]): void {
    if (values.length === 0) return;
    this.open(tag);
    this.open(kind);
    for (const v of values) this.text("rdf:li", v);
    this.close(kind);
    this.close(tag);
  }
  /** A text property unless the value is empty. */
  maybe(tag: string, value: string | null | undefined): void {
    if (value !== null && value !== undefined && value.trim() !== "") this.text(tag, value.trim());
  }
}

/** Rounds a normalised coordinate: enough for any image, and stable text. */
function norm(n: number): string {
  const v = Math.min(1, Math.max(0, n));
  return String(Number(v.toFixed(6)));
}

/**
 * The EXIF orientation that shows the file as Flickr shows it (see orientation.ts), or null when
 * Flickr's rotation is unknown.
 */
export function orientationOf(item: Pick<XmpItem, "fileOrientation" | "rotation">): number | null {
  return shownOrientation(item.fileOrientation, item.rotation);
}

/** Where Flickr's boxes (on its 500 px image, as shown) fall on the stored image. */
interface Frame {
  /** The orientation under which the stored image is shown as Flickr shows it. */
  orientation: number;
  /** The image as shown, scaled to Flickr's 500 px image. */
  w500: number;
  h500: number;
  /** The stored image's pixel size, for `mwg-rs:AppliedToDimensions`. */
  stored: { width: number; height: number };
}

function frameOf(item: XmpItem): Frame | null {
  const size = item.size;
  if (!size || size.width <= 0 || size.height <= 0) return null;
  const orientation = orientationOf(item) ??
    (isOrientation(item.fileOrientation) ? item.fileOrientation : 1);
  const long = Math.max(size.width, size.height);
  const aspect = item.shownAspect && item.shownAspect > 0
    ? item.shownAspect
    : swapsAxes(orientation)
    ? size.height / size.width
    : size.width / size.height;
  const shownW = aspect >= 1 ? long : long * aspect;
  const shownH = aspect >= 1 ? long / aspect : long;
  // Flickr draws notes and people on its "Medium 500" image: the longer side 500 px (never
  // enlarged).
  const scale = Math.min(1, 500 / long);
  const [sw, sh] = swapsAxes(orientation) ? [shownH, shownW] : [shownW, shownH];
  return {
    orientation,
    w500: shownW * scale,
    h500: shownH * scale,
    stored: { width: Math.round(sw), height: Math.round(sh) },
  };
}

/** A Flickr box as an MWG area (centre and size, normalised) on the stored image. */
function area(frame: Frame, box: Box500): { x: number; y: number; w: number; h: number } {
  const c = shownToStored(
    frame.orientation,
    (box.x + box.w / 2) / frame.w500,
    (box.y + box.h / 2) / frame.h500,
  );
  const [w, h] = [box.w / frame.w500, box.h / frame.h500];
  return { x: c.x, y: c.y, ...(swapsAxes(frame.orientation) ? { w: h, h: w } : { w, h }) };
}

function writeArea(x: Xml, tag: string, a: { x: number; y: number; w: number; h: number }) {
  x.open(`${tag} rdf:parseType="Resource"`);
  x.text("stArea:x", norm(a.x));
  x.text("stArea:y", norm(a.y));
  x.text("stArea:w", norm(a.w));
  x.text("stArea:h", norm(a.h));
  x.text("stArea:unit", "normalized");
  x.close(tag);
}

/**
 * MWG regions for the people tagged with a box, scaled from Flickr's 500 px image to normalised
 * coordinates on the stored image (MWG's x and y are the centre of the box; Immich turns them by
 * the orientation, so they are relative to the image before it). Empty without the image size.
 * Notes are not regions: digiKam makes every region a face ("Unknown" when unnamed, whatever its
 * type), so they go to {@link notes}.
 */
function regions(x: Xml, item: XmpItem, frame: Frame | null): void {
  const faces = item.people.filter((p) => p.box);
  if (!frame || faces.length === 0) return;
  x.open('mwg-rs:Regions rdf:parseType="Resource"');
  x.open('mwg-rs:AppliedToDimensions rdf:parseType="Resource"');
  x.text("stDim:w", String(frame.stored.width));
  x.text("stDim:h", String(frame.stored.height));
  x.text("stDim:unit", "pixel");
  x.close("mwg-rs:AppliedToDimensions");
  x.open("mwg-rs:RegionList");
  x.open("rdf:Bag");
  for (const p of faces) {
    x.open('rdf:li rdf:parseType="Resource"');
    writeArea(x, "mwg-rs:Area", area(frame, p.box!));
    x.text("mwg-rs:Type", "Face");
    x.maybe("mwg-rs:Name", p.name);
    x.close("rdf:li");
  }
  x.close("rdf:Bag");
  x.close("mwg-rs:RegionList");
  x.close("mwg-rs:Regions");
}

/**
 * Flickr's notes in flickrvault's namespace: each note's text, author, its box as Flickr gives it
 * (`x,y,w,h` on the 500 px image as shown) and, when the image size is known, the same area as
 * an MWG region would give it.
 */
function notes(x: Xml, item: XmpItem, frame: Frame | null): void {
  if (item.notes.length === 0) return;
  x.open("flickrvault:Notes");
  x.open("rdf:Seq");
  for (const n of item.notes) {
    x.open('rdf:li rdf:parseType="Resource"');
    x.text("flickrvault:Text", htmlToText(n.text));
    x.maybe("flickrvault:Author", n.author);
    x.text("flickrvault:Box500", [n.box.x, n.box.y, n.box.w, n.box.h].join(","));
    if (frame) writeArea(x, "flickrvault:Area", area(frame, n.box));
    x.close("rdf:li");
  }
  x.close("rdf:Seq");
  x.close("flickrvault:Notes");
}

/** An item's packet after its first line (see {@link PACKET_HEAD}). */
function packetAfterHead(item: XmpItem): string {
  const x = new Xml();
  // Titles are plain text on Flickr (no HTML); descriptions are HTML.
  const title = item.title.trim();
  const description = htmlToText(item.description);
  if (title) x.alt("dc:title", title);
  if (description) {
    x.alt("dc:description", description);
    // What EXIF readers take first (Immich: ImageDescription before Description); a sidecar
    // saying it wins over the camera's "OLYMPUS DIGITAL CAMERA" in the file beside it.
    x.alt("tiff:ImageDescription", description);
  }
  if (item.creator?.trim()) x.list("dc:creator", "rdf:Seq", [item.creator.trim()]);

  const tags = unique(item.tags.map((t) => t.trim()).filter(Boolean));
  x.list("dc:subject", "rdf:Bag", tags);
  x.list("lr:hierarchicalSubject", "rdf:Bag", hierarchicalKeywords(item));

  const taken = xmpDateTaken(item.dateTaken, item.dateTakenGranularity, item.dateTakenUnknown);
  if (taken) {
    x.text("exif:DateTimeOriginal", taken);
    x.text("xmp:CreateDate", taken);
    x.text("photoshop:DateCreated", taken);
  }

  if (item.geo) {
    x.text("exif:GPSVersionID", "2.3.0.0");
    x.text("exif:GPSLatitude", xmpGps(item.geo.latitude, "lat"));
    x.text("exif:GPSLongitude", xmpGps(item.geo.longitude, "lon"));
    x.text("exif:GPSMapDatum", "WGS-84");
  }
  const place = item.place;
  x.maybe("Iptc4xmpCore:Location", place.neighbourhood);
  x.maybe("photoshop:City", place.locality);
  x.maybe("photoshop:State", place.region);
  x.maybe("photoshop:Country", place.country);
  if (place.neighbourhood || place.locality || place.region || place.country) {
    x.open("Iptc4xmpExt:LocationShown");
    x.open("rdf:Bag");
    x.open('rdf:li rdf:parseType="Resource"');
    x.maybe("Iptc4xmpExt:Sublocation", place.neighbourhood);
    x.maybe("Iptc4xmpExt:City", place.locality);
    x.maybe("Iptc4xmpExt:ProvinceState", place.region);
    x.maybe("Iptc4xmpExt:CountryName", place.country);
    x.close("rdf:li");
    x.close("rdf:Bag");
    x.close("Iptc4xmpExt:LocationShown");
  }

  const license = item.license;
  if (license) {
    const name = license.name.trim();
    const rights = NO_COPYRIGHT.has(license.id)
      ? name
      : `© ${item.creator?.trim() || item.ownerNsid}${name ? `. ${name}` : ""}`;
    if (rights) x.alt("dc:rights", license.url ? `${rights} (${license.url})` : rights);
    if (license.url) {
      x.text("xmpRights:WebStatement", license.url);
      if (/creativecommons\.org\/licenses\//.test(license.url)) {
        x.lines.push(`${"  ".repeat(2)}<cc:license rdf:resource="${xmlText(license.url)}"/>`);
      }
    }
  }

  x.list("Iptc4xmpExt:PersonInImage", "rdf:Bag", unique(item.people.map((p) => p.name.trim())));
  const frame = frameOf(item);
  regions(x, item, frame);
  const orientation = orientationOf(item);
  if (orientation !== null && orientation !== item.fileOrientation) {
    x.text("tiff:Orientation", String(orientation));
  }

  x.text("flickrvault:Id", item.id);
  x.maybe("flickrvault:PhotoPage", item.photoPage);
  x.text("flickrvault:Owner", item.ownerNsid);
  if (item.isFavoriteOfMine) x.text("flickrvault:IsFavoriteOfMine", "True");
  if (item.favedAt !== null) x.text("flickrvault:DateFaved", utc(item.favedAt));
  if (item.dateUploaded !== null) x.text("flickrvault:DateUploaded", utc(item.dateUploaded));
  if (taken) {
    x.text("flickrvault:DateTakenGranularity", granularityName(item.dateTakenGranularity));
  }
  if (license) x.text("flickrvault:License", String(license.id));
  x.list("flickrvault:MachineTags", "rdf:Bag", unique(item.machineTags));
  if (item.geo?.accuracy !== null && item.geo?.accuracy !== undefined) {
    x.text("flickrvault:GeoAccuracy", String(item.geo.accuracy));
  }
  x.maybe("flickrvault:County", place.county);
  if (item.privacy) x.text("flickrvault:Privacy", item.privacy);
  if (item.rotation !== null) x.text("flickrvault:Rotation", String(item.rotation));
  notes(x, item, frame);

  return [
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="flickrvault">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about=""${NAMESPACE_ATTRIBUTES}>`,
    ...x.lines,
    "  </rdf:Description>",
    " </rdf:RDF>",
    "</x:xmpmeta>",
    '<?xpacket end="w"?>',
    "",
  ].join("\n");
}

/**
 * The packet's first line. Its byte order mark (U+FEFF) is kept apart from the rest: in the same
 * string it made V8 store every packet with two bytes per character, and UTF-8 encoding those cost
 * more than building them (`XmpEncoder`).
 */
const PACKET_HEAD = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n';

/**
 * The XMP packet (UTF-8 text, with the `<?xpacket?>` wrapper) of one item.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("photos/2019/07/123_beach.jpg.xmp", buildXmp(item));
 * ```
 */
export function buildXmp(item: XmpItem): string {
  return PACKET_HEAD + packetAfterHead(item);
}

/**
 * Packets as UTF-8 bytes, for writers of many (the sidecars phase): {@link buildXmp}'s bytes,
 * encoded into one buffer used again for every packet, so that the bytes returned are valid only
 * until the next call.
 *
 * @example
 * ```ts
 * const encoder = new XmpEncoder();
 * for (const item of items) Deno.writeFileSync(`${item.id}.xmp`, encoder.encode(item));
 * ```
 */
export class XmpEncoder {
  static #head = new TextEncoder().encode(PACKET_HEAD);
  #text = new TextEncoder();
  #buffer = new Uint8Array(64 * 1024);

  encode(item: XmpItem): Uint8Array {
    const rest = packetAfterHead(item);
    const head = XmpEncoder.#head;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.#buffer.length < head.length + rest.length * 3) {
      this.#buffer = new Uint8Array(head.length + rest.length * 3);
    }
    this.#buffer.set(head);
    const { written } = this.#text.encodeInto(rest, this.#buffer.subarray(head.length));
    return this.#buffer.subarray(0, head.length + written);
  }
}
