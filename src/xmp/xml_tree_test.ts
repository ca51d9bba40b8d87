import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { attributeUri, localName, parseXml, XmlFormatError } from "./xml_tree.ts";

const RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DC = "http://purl.org/dc/elements/1.1/";

const PACKET = `\uFEFF<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <!-- a comment, <not> an element -->
 <rdf:RDF xmlns:rdf="${RDF}">
  <rdf:Description rdf:about="" xmlns:dc="${DC}" dc:format='image/jpeg' xml:lang="x-default">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Caf&#xE9; &amp; 写真</rdf:li></rdf:Alt></dc:title>
   <dc:source><![CDATA[<raw> & text]]></dc:source>
   <plain xmlns="urn:default"><inner/></plain>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

Deno.test("parseXml: elements with namespaces in scope and their exact place in the text", () => {
  const root = parseXml(PACKET);
  assertEquals([root.qname, root.prefix, root.local, root.uri], [
    "x:xmpmeta",
    "x",
    "xmpmeta",
    "adobe:ns:meta/",
  ]);
  const rdf = root.children[0];
  const desc = rdf.children[0];
  assertEquals(desc.uri, RDF);
  // Declarations are inherited: the description sees x, rdf and its own dc.
  assertEquals(Object.fromEntries(desc.scope), { x: "adobe:ns:meta/", rdf: RDF, dc: DC });
  // Attribute values stay as written (entities undecoded, either quote).
  assertEquals(desc.attrs.map((a) => `${a.qname}=${a.value}`), [
    "rdf:about=",
    `xmlns:dc=${DC}`,
    "dc:format=image/jpeg",
    "xml:lang=x-default",
  ]);
  const [title, source, plain] = desc.children;
  assertEquals(title.uri, DC);
  // start and end cut the element out of the source, so a property can be carried byte for byte.
  assertEquals(
    PACKET.slice(title.start, title.end),
    '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Caf&#xE9; &amp; 写真</rdf:li></rdf:Alt></dc:title>',
  );
  assertEquals(
    PACKET.slice(source.start, source.end),
    "<dc:source><![CDATA[<raw> & text]]></dc:source>",
  );
  assertEquals(source.children, [], "CDATA is text, not elements");
  // A default namespace applies to unprefixed elements below it.
  assertEquals([plain.uri, plain.children[0].uri, plain.children[0].qname], [
    "urn:default",
    "urn:default",
    "inner",
  ]);
  assertEquals(PACKET.slice(plain.children[0].start, plain.children[0].end), "<inner/>");
});

Deno.test("parseXml: a bare element, self-closing or not, is a root", () => {
  assertEquals(parseXml("<a/>").qname, "a");
  const a = parseXml('  <a b="1"  >text</a >\n');
  assertEquals([a.qname, a.attrs, a.start, a.end], ["a", [{ qname: "b", value: "1" }], 2, 22]);
});

Deno.test("parseXml: refuses what is malformed or not allowed in XMP", () => {
  const refused = (text: string, says: string) => {
    const e = assertThrows(() => parseXml(text), says);
    assert(e instanceof XmlFormatError, String(e));
    assert(/at character \d+/.test(e.message), e.message);
  };
  refused('<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', "DOCTYPE");
  refused("<a><b></a></b>", "end tag </a> does not match");
  refused("<a><b/>", "unclosed element");
  refused("<a/><b/>", "a second root element");
  refused("<a></a>tail", "text outside the root element");
  refused("head<a></a>", "text outside the root element");
  refused("<![CDATA[x]]><a/>", "CDATA outside the root element");
  refused("<a><!-- open", "unclosed comment");
  refused("<a><![CDATA[x</a>", "unclosed CDATA section");
  refused("<?xpacket begin", "unclosed processing instruction");
  refused("<a b=1/>", "bad attribute");
  refused('<a b="x<y"/>', "bad attribute");
  refused('<a b="1"c="2"/>', "bad attribute");
  refused("<dc:title/>", "undeclared prefix dc");
  refused("< a/>", "bad start tag");
  refused("<a></ >", "bad end tag");
  refused("", "no element");
  refused("<!-- only a comment -->", "no element");
});

Deno.test("attributeUri and localName: an attribute's namespace from the element's scope", () => {
  const el = parseXml(`<rdf:Description xmlns:rdf="${RDF}" rdf:about="" xml:lang="en" plain="1"/>`);
  assertEquals(attributeUri(el, "rdf:about"), RDF);
  assertEquals(attributeUri(el, "xml:lang"), "http://www.w3.org/XML/1998/namespace");
  // An unprefixed attribute has no namespace, whatever the default namespace is.
  assertEquals(attributeUri(el, "plain"), "");
  assertEquals(attributeUri(el, "zz:unknown"), "");
  assertEquals(localName("rdf:about"), "about");
  assertEquals(localName("about"), "about");
});
