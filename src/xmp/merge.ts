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
 *
 * One namespace has one prefix in the result, and one prefix one namespace: Adobe's XMP toolkit
 * (behind exiv2, so digiKam and darktable) rejects a whole packet that binds a namespace to two
 * prefixes ("xap:" in older Adobe files, "xmp:" in flickrvault's). The file's properties are
 * renamed to flickrvault's prefix for a namespace both use, and to a fresh one where the file
 * used one of flickrvault's prefixes for another namespace.
 */
export function mergeXmp(ours: string, theirs: string): string {
  const mine = propertiesOf(ours);
  const ourRoot = parseXml(ours);
  const ourDescription = descriptions(ourRoot)[0];
  /** Namespace URI → prefix in the result; prefix → URI, to keep both one to one. */
  const prefixOf = new Map<string, string>();
  const uriOf = new Map<string, string>();
  const bind = (prefix: string, uri: string) => {
    prefixOf.set(uri, prefix);
    uriOf.set(prefix, uri);
  };
  for (const [prefix, uri] of ourDescription?.scope ?? []) if (prefix) bind(prefix, uri);
  const prefixFor = (uri: string, wanted: string): string => {
    const known = prefixOf.get(uri);
    if (known !== undefined) return known;
    let prefix = wanted || "ns";
    for (let n = 1; uriOf.has(prefix) || prefix === "xml"; n++) prefix = `ns${n}`;
    bind(prefix, uri);
    return prefix;
  };

  const kept: string[] = [];
  for (const d of descriptions(parseXml(theirs))) {
    // Every declaration in the description and below it, renamed where it must be.
    const rename = new Map<string, string>();
    const declare = (e: XmlElement) => {
      for (const [prefix, uri] of e.scope) {
        if (prefix && prefix !== "xml") rename.set(prefix, prefixFor(uri, prefix));
      }
      e.children.forEach(declare);
    };
    declare(d);
    const renamed = (qname: string) => {
      const colon = qname.indexOf(":");
      if (colon < 0) return qname;
      const to = rename.get(qname.slice(0, colon));
      return to === undefined ? qname : `${to}${qname.slice(colon)}`;
    };
    const attributes: string[] = [];
    let properties = 0;
    for (const a of d.attrs) {
      if (isSyntaxAttribute(d, a.qname)) continue;
      const local = a.qname.slice(a.qname.indexOf(":") + 1);
      if (mine.has(key(attributeUri(d, a.qname), local))) continue;
      attributes.push(`${renamed(a.qname)}="${a.value.replaceAll('"', "&quot;")}"`);
      properties++;
    }
    const children: string[] = [];
    for (const c of d.children) {
      if (mine.has(key(c.uri, c.local))) continue;
      children.push(`   ${renameMarkup(theirs.slice(c.start, c.end), rename)}`);
      properties++;
    }
    if (properties === 0) continue;
    const used = new Set([...rename.values(), "rdf"]);
    const declarations = [...used].sort().map((p) =>
      `xmlns:${p}="${escapeAttr(uriOf.get(p) ?? (p === "rdf" ? RDF : ""))}"`
    );
    // Every rdf:Description of a packet must have the same rdf:about: flickrvault's is "".
    const head = `  <rdf:Description rdf:about=""\n    ${
      [...declarations, ...attributes].join("\n    ")
    }`;
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

/**
 * XML markup with its prefixes renamed: element names, attribute names and namespace
 * declarations (markup only: text cannot hold a raw `<`, and the renaming is confined to tags).
 */
function renameMarkup(xml: string, rename: Map<string, string>): string {
  if ([...rename].every(([from, to]) => from === to)) return xml;
  const name = (qname: string) => {
    const colon = qname.indexOf(":");
    const to = colon < 0 ? undefined : rename.get(qname.slice(0, colon));
    return to === undefined ? qname : `${to}${qname.slice(colon)}`;
  };
  return xml.replace(/<(\/?)([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)([^<>]*)>/g, (
    _m,
    slash: string,
    qname: string,
    rest: string,
  ) => {
    const attrs = rest.replace(
      /(\s)([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)(\s*=\s*)("[^"]*"|'[^']*')/g,
      (_a, ws: string, aname: string, eq: string, value: string) => {
        if (aname.startsWith("xmlns:")) {
          const to = rename.get(aname.slice(6));
          return `${ws}xmlns:${to ?? aname.slice(6)}${eq}${value}`;
        }
        return `${ws}${name(aname)}${eq}${value}`;
      },
    );
    return `<${slash}${name(qname)}${attrs}>`;
  });
}

function escapeAttr(s: string): string {
  return s.replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, "&amp;").replace(/"/g, "&quot;")
    .replace(/</g, "&lt;");
}
