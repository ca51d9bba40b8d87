import { assert, assertEquals } from "../../tests/assert.ts";
import { htmlToText } from "./plain_text.ts";
import {
  buildXmp,
  hierarchicalKeywords,
  xmlText,
  xmpDateTaken,
  XmpEncoder,
  xmpGps,
} from "./xmp.ts";
import { sampleItem } from "../../tests/xmp_item.ts";

Deno.test("xmpDateTaken: a month, year or circa date is the first moment of its period", () => {
  assertEquals(xmpDateTaken("2019-07-14 15:30:05", 0, false), "2019-07-14T15:30:05");
  assertEquals(xmpDateTaken("2019-07-01 00:00:00", 4, false), "2019-07-01T00:00:00");
  assertEquals(xmpDateTaken("2019-07-14 15:30:05", 4, false), "2019-07-01T00:00:00");
  assertEquals(xmpDateTaken("2019-01-01 00:00:00", 6, false), "2019-01-01T00:00:00");
  assertEquals(xmpDateTaken("1975-05-01 00:00:00", 8, false), "1975-01-01T00:00:00");
  assertEquals(xmpDateTaken("2019-07-14", 0, false), "2019-07-14T00:00:00");
  assertEquals(xmpDateTaken("2019-07-14 15:30:05", 0, true), null, "unknown: no date");
  assertEquals(xmpDateTaken(null, 0, false), null);
  assertEquals(xmpDateTaken("0000-00-00 00:00:00", 0, false), null);
});

Deno.test("xmpGps: degrees and decimal minutes with the hemisphere", () => {
  assertEquals(xmpGps(48.85837, "lat"), "48,51.502200N");
  assertEquals(xmpGps(-33.8688, "lat"), "33,52.128000S");
  assertEquals(xmpGps(-0.1276, "lon"), "0,7.656000W");
  assertEquals(xmpGps(151.2093, "lon"), "151,12.558000E");
  assertEquals(xmpGps(10.9999999999, "lat"), "11,0.000000N", "minutes never reach 60");
});

Deno.test("xmlText: escapes markup, removes what XML 1.0 cannot carry, keeps every script", () => {
  assertEquals(xmlText(`a<b>&"c"\r`), "a&lt;b&gt;&amp;&quot;c&quot;&#xD;");
  assertEquals(xmlText("nul\u0000bell\u0007 tab\tline\n"), "nulbell tab\tline\n");
  assertEquals(xmlText("東京 שלום 🎉"), "東京 שלום 🎉");
  assertEquals(xmlText("lone \uD800 surrogate"), "lone \uFFFD surrogate");
});

Deno.test("htmlToText: line breaks kept, links as text with their address, entities decoded", () => {
  assertEquals(
    htmlToText(
      'Shot at <a href="https://x.org/?a=1&amp;b=2" rel="nofollow">the fair</a><br>day two',
    ),
    "Shot at the fair (https://x.org/?a=1&b=2)\nday two",
  );
  assertEquals(htmlToText('<a href="https://x.org/">x.org</a>'), "https://x.org/");
  assertEquals(htmlToText("<p>One</p><p>Two &amp; three</p>"), "One\nTwo & three");
  assertEquals(htmlToText("a < b and 3 > 2"), "a < b and 3 > 2");
  assertEquals(htmlToText("<script>alert(1)</script>kept &#233;&#x1F389;"), "kept é🎉");
  assertEquals(htmlToText("plain\ntext"), "plain\ntext");
});

Deno.test("hierarchicalKeywords: tags on top, sets under Flickr, '|' inside a name kept as '/'", () => {
  const keywords = hierarchicalKeywords(
    {
      tags: ["New York"],
      albums: ["A|B"],
      collections: [["Travel", "Europe"]],
      galleries: ["Best"],
      groups: ["Street"],
    } as Parameters<typeof hierarchicalKeywords>[0],
  );
  assertEquals(keywords, [
    "New York",
    "Flickr|Albums|A/B",
    "Flickr|Collections|Travel|Europe",
    "Flickr|Galleries|Best",
    "Flickr|Groups|Street",
  ]);
  assert(keywords.every((k) => !k.endsWith("|")));
});

Deno.test("XmpEncoder: the very bytes of buildXmp, for every script and for a packet larger than its buffer", () => {
  const packets = new XmpEncoder();
  const texts = [
    "Beach",
    "東京の夜景 — 桜と富士山",
    "Family 👨‍👩‍👧‍👦 at the 🏖️ beach",
    "lone \uD800 surrogate",
    "Λ".repeat(40_000),
    "Beach again",
  ];
  for (const title of texts) {
    const item = sampleItem({ title, description: title, tags: [title, "plain"] });
    const bytes = packets.encode(item);
    assertEquals(bytes, new TextEncoder().encode(buildXmp(item)), title.slice(0, 20));
    assert(new TextDecoder().decode(bytes).startsWith('<?xpacket begin="\uFEFF"'));
  }
});
