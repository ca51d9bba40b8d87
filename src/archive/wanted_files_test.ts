import { assertEquals } from "../../tests/assert.ts";
import { displayUrl, largestUrl, secretOfUrl } from "./wanted_files.ts";

Deno.test("wanted files: the display copy is url_l, else the largest at most 1024 px; never a square", () => {
  const u = (url: string, width: number, height: number) => ({ url, width, height });
  assertEquals(displayUrl({ l: u("l", 1024, 768), z: u("z", 640, 480) })?.url, "l");
  assertEquals(
    displayUrl({ c: u("c", 800, 600), z: u("z", 640, 480), q: u("q", 150, 150) })?.url,
    "c",
  );
  assertEquals(displayUrl({ q: u("q", 150, 150), sq: u("sq", 75, 75) }), undefined);
  assertEquals(displayUrl({ c: u("c", 1200, 900), z: u("z", 640, 480) })?.url, "z");
});

Deno.test("wanted files: the largest permitted size ranks by pixels, else by size name", () => {
  const u = (url: string, width?: number, height?: number) => ({ url, width, height });
  assertEquals(
    largestUrl({ k: u("k", 2048, 1365), l: u("l", 1024, 683), q: u("q", 150, 150) })?.url,
    "k",
  );
  assertEquals(largestUrl({ z: u("z"), c: u("c"), q: u("q") })?.url, "c");
  assertEquals(largestUrl({ o: u("o", 4000, 3000), h: u("h", 1600, 1067) })?.url, "h");
  assertEquals(largestUrl({}), undefined);
});

Deno.test("wanted files: the secret of a file URL", () => {
  assertEquals(secretOfUrl("https://live.staticflickr.com/65535/123_abc9f_o.jpg", "123"), "abc9f");
  assertEquals(secretOfUrl("https://live.staticflickr.com/65535/123_abc9f.jpg", "123"), "abc9f");
  assertEquals(secretOfUrl("http://127.0.0.1:1/cdn/7/123_0fa1_b.jpg?x=1", "123"), "0fa1");
  assertEquals(secretOfUrl("https://live.staticflickr.com/65535/124_abc_o.jpg", "123"), undefined);
});
