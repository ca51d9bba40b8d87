import { assert, assertEquals } from "../../tests/assert.ts";
import { linkedMedia, rewriteJson, rewritePage } from "./rewrite.ts";

const targets = {
  page: (
    u: string,
  ) => (u.startsWith("/photos/") ? `photos/${u.slice(8).split("?")[0]}.html` : null),
  file: (id: number) => (id === 7 ? "../thumbs/07/7_q.jpg" : null),
  avatar: (nsid: string) => `media/avatars/${nsid}.jpg`,
  asset: (u: string) => u.slice(1),
};

const page = `<html><head><meta name="htmx-config" content="{}"/>` +
  `<script src="/assets/htmx.1.js" defer></script><script src="/assets/app.2.js" defer></script>` +
  `</head><body><a href="/photos/5?in=taken&amp;x=1" hx-get="/?after=x" hx-trigger="revealed">n</a>` +
  `<img src="/files/7?v=abc"/><img src="/files/8?v=abc"/><img src="/avatars/1%40N0"/>` +
  `<a href="https://flickr.com/x">f</a><p>say href="/photos/9" in text</p></body></html>`;

Deno.test("rewritePage: relative links, no htmx, a CSP first in the head", () => {
  const out = rewritePage(page, { path: "photos/1.html", targets, scripts: ["assets/s.js"] });
  assert(out.startsWith(`<html><head><meta http-equiv="Content-Security-Policy"`));
  assert(!out.includes("htmx"), out);
  assert(!out.includes("hx-"), out);
  assert(out.includes(`<script src="../assets/app.2.js" defer></script>`));
  assert(out.includes(`<script src="../assets/s.js" defer></script></head>`));
  assert(out.includes(`<a href="5.html">n</a>`), out);
  assert(out.includes(`<img src="../../thumbs/07/7_q.jpg"/>`), out);
  assert(out.includes(`<img src="#"/>`), "a file the site lacks links nowhere");
  assert(out.includes(`<img src="../media/avatars/1%40N0.jpg"/>`), out);
  assert(out.includes(`href="https://flickr.com/x"`), "Flickr's links stay absolute");
});

Deno.test("linkedMedia: the files and avatars a page needs", () => {
  assertEquals(linkedMedia(page), { files: [7, 8], avatars: ["1@N0"] });
});

Deno.test("rewriteJson: a JSON twin's URL fields become relative links, text stays", () => {
  const twin = JSON.stringify({
    title: `"url":"/photos/9" in a title`,
    items: [{ id: "5", url: "/photos/5?in=taken", thumbUrl: "/files/7?v=abc" }],
    nextUrl: "/photos/6",
    ownerUrl: "/nowhere",
    originalUrl: "https://flickr.com/x",
  });
  const out = JSON.parse(rewriteJson(twin, { path: "photos/1.json", targets }));
  assertEquals(out.title, `"url":"/photos/9" in a title`);
  assertEquals(out.items[0].url, "5.html");
  assertEquals(out.items[0].thumbUrl, "../../thumbs/07/7_q.jpg");
  assertEquals(out.nextUrl, "6.html");
  assertEquals(out.ownerUrl, null, "a page the site lacks is null, not a link to nowhere");
  assertEquals(out.originalUrl, "https://flickr.com/x");
  assertEquals(linkedMedia(twin), { files: [7], avatars: [] });
});
