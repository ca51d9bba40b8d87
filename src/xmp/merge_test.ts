import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { sampleItem } from "../../tests/xmp_item.ts";
import { mergeXmp, propertiesOf, XmlFormatError } from "./merge.ts";
import { buildXmp } from "./xmp.ts";

const LIGHTROOM = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.6-c140">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="uuid:faf5bdd5-ba3d-11da-ad31-d33d75182f1b"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmp:Rating="4"
    crs:Exposure2012="+0.35"
    dc:format="image/jpeg">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">DSC_0001 &amp; friends</rdf:li></rdf:Alt></dc:title>
   <crs:ToneCurvePV2012><rdf:Seq><rdf:li>0, 0</rdf:li><rdf:li>255, 255</rdf:li></rdf:Seq></crs:ToneCurvePV2012>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

Deno.test("mergeXmp: the file's properties are kept byte for byte, Flickr's win where both say one", () => {
  const ours = buildXmp(sampleItem());
  const merged = mergeXmp(ours, LIGHTROOM);
  const props = propertiesOf(merged);
  const XMP = "http://ns.adobe.com/xap/1.0/";
  const CRS = "http://ns.adobe.com/camera-raw-settings/1.0/";
  const DC = "http://purl.org/dc/elements/1.1/";
  for (
    const k of [`${XMP} Rating`, `${CRS} Exposure2012`, `${CRS} ToneCurvePV2012`, `${DC} format`]
  ) {
    assert(props.has(k), k);
  }
  assert(merged.includes("<crs:ToneCurvePV2012><rdf:Seq><rdf:li>0, 0</rdf:li>"), "verbatim");
  assert(!merged.includes("DSC_0001"), "Flickr's title replaces the file's");
  // One rdf:about for every description, as XMP requires.
  assertEquals([...merged.matchAll(/rdf:about="([^"]*)"/g)].map((m) => m[1]), ["", ""]);
  assertEquals(mergeXmp(ours, ours), ours, "merging with itself adds nothing");
});

Deno.test("mergeXmp: a packet that is not well-formed XML is refused", () => {
  const ours = buildXmp(sampleItem());
  for (
    const bad of [
      "<x:xmpmeta>",
      "<a><b></a>",
      LIGHTROOM.replace("</dc:title>", ""),
      "<!DOCTYPE x><x/>",
    ]
  ) {
    assert(assertThrows(() => mergeXmp(ours, bad)) instanceof XmlFormatError, bad);
  }
});
