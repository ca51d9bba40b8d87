/**
 * Merging flickrvault's XMP with the XMP a file already carries (Lightroom's edits, a phone's
 * XMP, the `hdrgm:` description of an HDR gain map a viewer needs to show the photo): every
 * property of the file's packet is kept, except those flickrvault's packet holds, where Flickr's
 * value wins. The file's properties are carried byte for byte, each `rdf:Description` of the
 * file becoming one beside flickrvault's with the namespace declarations it relied on.
 * @module
 */
import { attributeUri, parseXml, type XmlElement, XmlFormatError } from "./xml_tree.ts";

const RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XMLNS_ATTR = /^xmlns(:|$)/;

export { XmlFormatError };

/** The `rdf:Description` elements of a packet (the children of its `rdf:RDF`). */
function descriptions(root: XmlElement): XmlElement[] {
  const rdf = findRdf(root);
  if (!rdf) throw new XmlFormatError("no rdf:RDF element");
  return rdf.children.filter((c) => c.uri === RDF && c.local === "Description");
}

function findRdf(e: XmlElement): XmlElement | null {
  if (e.uri === RDF && e.local === "RDF") return e;
  for (const c of e.children) {
    const found = findRdf(c);
    if (found) return found;
  }
  return null;
}

/** A property's identity: its namespace URI and local name. */
function key(uri: string, local: string): string {
  return `${uri} ${local}`;
}

/** Attributes of an rdf:Description that are not properties. */
function isSyntaxAttribute(d: XmlElement, qname: string): boolean {
  if (XMLNS_ATTR.test(qname)) return true;
  const uri = attributeUri(d, qname);
  return uri === RDF || uri === "http://www.w3.org/XML/1998/namespace";
}

/** The properties (namespace URI and local name) a packet sets. */
export function propertiesOf(packet: string): Set<string> {
  const out = new Set<string>();
  for (const d of descriptions(parseXml(packet))) {
    for (const a of d.attrs) {
      if (!isSyntaxAttribute(d, a.qname)) {
        out.add(key(attributeUri(d, a.qname), a.qname.slice(a.qname.indexOf(":") + 1)));
      }
    }
    for (const c of d.children) out.add(key(c.uri, c.local));
  }
  return out;
}

/**
 * `ours` (a whole packet as {@link buildXmp} writes it) with the properties of `theirs` (the
 * file's packet) that `ours` does not set. Throws an {@link XmlFormatError} when `theirs` is not
 * a readable XMP packet: the caller then leaves the file's metadata as it is.
 */
export function mergeXmp(ours: string, theirs: string): string {
  const mine = propertiesOf(ours);
  const kept: string[] = [];
  for (const d of descriptions(parseXml(theirs))) {
    const attributes: string[] = [];
    const declared = new Set<string>();
    for (const [prefix, uri] of d.scope) {
      declared.add(prefix);
      attributes.push(`${prefix ? `xmlns:${prefix}` : "xmlns"}="${escapeAttr(uri)}"`);
    }
    let properties = 0;
    for (const a of d.attrs) {
      if (isSyntaxAttribute(d, a.qname)) continue;
      const local = a.qname.slice(a.qname.indexOf(":") + 1);
      if (mine.has(key(attributeUri(d, a.qname), local))) continue;
      attributes.push(`${a.qname}="${a.value.replaceAll('"', "&quot;")}"`);
      properties++;
    }
    const children: string[] = [];
    for (const c of d.children) {
      if (mine.has(key(c.uri, c.local))) continue;
      children.push(`   ${theirs.slice(c.start, c.end)}`);
      properties++;
    }
    if (properties === 0) continue;
    // Every rdf:Description of a packet must have the same rdf:about: flickrvault's is "".
    const head = `  <rdf:Description rdf:about=""${
      declared.has("rdf") ? "" : ` xmlns:rdf="${RDF}"`
    }\n    ${attributes.join("\n    ")}`;
    kept.push(
      children.length === 0
        ? `${head}/>`
        : `${head}>\n${children.join("\n")}\n  </rdf:Description>`,
    );
  }
  if (kept.length === 0) return ours;
  const end = ours.lastIndexOf(" </rdf:RDF>");
  if (end < 0) throw new Error("not a packet written by buildXmp");
  return `${ours.slice(0, end)}${kept.join("\n")}\n${ours.slice(end)}`;
}

function escapeAttr(s: string): string {
  return s.replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, "&amp;").replace(/"/g, "&quot;")
    .replace(/</g, "&lt;");
}
