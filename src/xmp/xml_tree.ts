/**
 * A small XML reader for XMP packets: elements with their attributes, namespace declarations in
 * scope and their place in the source text, so that a property can be carried into another
 * packet byte for byte. It reads what XMP packets hold (elements, attributes, text, comments,
 * CDATA, processing instructions) and refuses a DOCTYPE or anything malformed.
 * @module
 */

/** A packet that is not well-formed XML (or holds what an XMP packet may not). */
export class XmlFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlFormatError";
  }
}

/** One element of the tree. */
export interface XmlElement {
  /** The name as written (`rdf:Description`). */
  qname: string;
  prefix: string;
  local: string;
  /** Its namespace URI ("" when none). */
  uri: string;
  /** Attributes as written, values raw (entities not decoded), declarations included. */
  attrs: { qname: string; value: string }[];
  /** Every namespace declaration in scope here (prefix → URI; "" for the default namespace). */
  scope: Map<string, string>;
  children: XmlElement[];
  /** Where the element starts (its `<`) and ends (after its end tag) in the source. */
  start: number;
  end: number;
}

const NAME = /^[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?/;

function splitName(qname: string): [string, string] {
  const colon = qname.indexOf(":");
  return colon < 0 ? ["", qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

/**
 * The root element of an XML text (an XMP packet with its `<?xpacket?>` wrapper, or an
 * `x:xmpmeta` or `rdf:RDF` alone). Throws an {@link XmlFormatError} for anything malformed.
 */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let pos = 0;
  const fail = (why: string): never => {
    throw new XmlFormatError(`${why} at character ${pos}`);
  };
  while (pos < text.length) {
    const lt = text.indexOf("<", pos);
    if (lt < 0) {
      if (stack.length > 0) fail("unclosed element");
      if (text.slice(pos).trim()) fail("text outside the root element");
      break;
    }
    if (stack.length === 0 && text.slice(pos, lt).replace(/^\uFEFF/, "").trim()) {
      fail("text outside the root element");
    }
    pos = lt;
    if (text.startsWith("<!--", pos)) {
      const end = text.indexOf("-->", pos + 4);
      if (end < 0) fail("unclosed comment");
      pos = end + 3;
    } else if (text.startsWith("<![CDATA[", pos)) {
      if (stack.length === 0) fail("CDATA outside the root element");
      const end = text.indexOf("]]>", pos + 9);
      if (end < 0) fail("unclosed CDATA section");
      pos = end + 3;
    } else if (text.startsWith("<?", pos)) {
      const end = text.indexOf("?>", pos + 2);
      if (end < 0) fail("unclosed processing instruction");
      pos = end + 2;
    } else if (text.startsWith("<!", pos)) {
      fail("a DOCTYPE or declaration (not allowed in XMP)");
    } else if (text.startsWith("</", pos)) {
      const m = NAME.exec(text.slice(pos + 2));
      if (!m) fail("bad end tag");
      const close = text.indexOf(">", pos);
      if (close < 0 || text.slice(pos + 2 + m![0].length, close).trim()) fail("bad end tag");
      const open = stack.pop();
      if (!open || open.qname !== m![0]) fail(`end tag </${m![0]}> does not match`);
      open!.end = close + 1;
      pos = close + 1;
      if (stack.length === 0) root ??= open!;
    } else {
      const element = readStartTag(text, pos, stack[stack.length - 1]?.scope, fail);
      pos = element.end;
      if (stack.length === 0 && root) fail("a second root element");
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      if (text[pos - 2] === "/") {
        if (stack.length === 0) root = element;
      } else {
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) fail("unclosed element");
  if (!root) fail("no element");
  return root!;
}

function readStartTag(
  text: string,
  at: number,
  outer: Map<string, string> | undefined,
  fail: (why: string) => never,
): XmlElement {
  let pos = at + 1;
  const m = NAME.exec(text.slice(pos));
  if (!m) fail("bad start tag");
  const qname = m![0];
  pos += qname.length;
  const attrs: { qname: string; value: string }[] = [];
  while (true) {
    const ws = /^\s*/.exec(text.slice(pos))![0].length;
    pos += ws;
    if (text.startsWith("/>", pos)) {
      pos += 2;
      break;
    }
    if (text[pos] === ">") {
      pos += 1;
      break;
    }
    if (ws === 0) fail("bad attribute");
    const a = /^([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)\s*=\s*("[^"<]*"|'[^'<]*')/.exec(
      text.slice(pos),
    );
    if (!a) fail("bad attribute");
    attrs.push({ qname: a![1], value: a![2].slice(1, -1) });
    pos += a![0].length;
  }
  const scope = new Map(outer ?? []);
  for (const a of attrs) {
    if (a.qname === "xmlns") scope.set("", a.value);
    else if (a.qname.startsWith("xmlns:")) scope.set(a.qname.slice(6), a.value);
  }
  const [prefix, local] = splitName(qname);
  const uri = scope.get(prefix);
  if (uri === undefined && prefix !== "" && prefix !== "xml") fail(`undeclared prefix ${prefix}`);
  return {
    qname,
    prefix,
    local,
    uri: uri ?? "",
    attrs,
    scope,
    children: [],
    start: at,
    end: pos,
  };
}

/** The namespace URI of an attribute's prefix in an element's scope ("" when none). */
export function attributeUri(element: XmlElement, qname: string): string {
  const [prefix] = splitName(qname);
  if (prefix === "") return "";
  if (prefix === "xml") return "http://www.w3.org/XML/1998/namespace";
  return element.scope.get(prefix) ?? "";
}

/** The local part of a qualified name. */
export function localName(qname: string): string {
  return splitName(qname)[1];
}
