import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import { flickrHtmlToText, sanitizeFlickrHtml } from "./sanitize.ts";

Deno.test("sanitizeFlickrHtml keeps the allow-list and drops script", () => {
  const out = sanitizeFlickrHtml(
    `<b>Bold</b> <i>it</i> <script>alert(1)</script><img src=x onerror="alert(2)">` +
      `<a href="javascript:alert(3)">js</a> <a href="https://example.com/x" onclick="x()">ok</a>` +
      `<iframe src="https://evil"></iframe><svg onload=alert(4)></svg><p style="color:red">p</p>`,
  );
  assertStringIncludes(out, "<b>Bold</b>");
  assertStringIncludes(out, "<i>it</i>");
  assertStringIncludes(
    out,
    '<a href="https://example.com/x" rel="nofollow noopener noreferrer">ok</a>',
  );
  assertStringIncludes(out, "<p>p</p>");
  for (
    const bad of [
      "<script",
      "alert",
      "onerror",
      "onclick",
      "javascript:",
      "<img",
      "<iframe",
      "<svg",
      "style=",
    ]
  ) {
    assert(!out.includes(bad), `${bad} survived in ${out}`);
  }
});

Deno.test("sanitizeFlickrHtml turns newlines into breaks and escapes stray angle brackets", () => {
  assertEquals(sanitizeFlickrHtml("one\ntwo"), "one<br />two");
  assertEquals(sanitizeFlickrHtml("1 < 2 & 3 > 2"), "1 &lt; 2 &amp; 3 &gt; 2");
  assertEquals(sanitizeFlickrHtml(""), "");
});

Deno.test("flickrHtmlToText keeps only the words", () => {
  assertEquals(flickrHtmlToText("<b>Hi</b> &amp; <script>x()</script>bye<br>now"), "Hi & bye\nnow");
});

Deno.test("plain text skips the parser and comes out exactly as the parser would give it", () => {
  // The parser itself, to compare with: the same options through a string that is not plain.
  const viaParser = (text: string) =>
    sanitizeFlickrHtml(`${text}<i></i>`).replace(/<i><\/i>$/, "").trim();
  const viaParserText = (text: string) => flickrHtmlToText(`${text}<i></i>`);
  const alphabet = [
    "a",
    "Z",
    " ",
    "\n",
    "\r\n",
    "\t",
    '"',
    "'",
    "😍",
    "é",
    "\u00a0",
    "=",
    "/",
    ";",
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let k = 0; k < 500; k++) {
    const text = Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length])
      .join("");
    assertEquals(sanitizeFlickrHtml(text), viaParser(text), JSON.stringify(text));
    assertEquals(flickrHtmlToText(text), viaParserText(text), JSON.stringify(text));
  }
});
