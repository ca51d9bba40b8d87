import { assertEquals } from "../../tests/assert.ts";
import {
  exportTime,
  int,
  isNsid,
  isVideoExtension,
  list,
  parseOriginalUrl,
  personSegment,
  photoIdOfPage,
  text,
} from "./records.ts";

Deno.test("text and int: counts arrive as strings; anything else is unknown, never 0", () => {
  assertEquals([text("12"), text(12), text(""), text(null), text(NaN), text({})], [
    "12",
    "12",
    "",
    undefined,
    undefined,
    undefined,
  ]);
  assertEquals([int("12"), int(" 7 "), int(-3), int("007")], [12, 7, -3, 7]);
  // Missing, empty, fractional, exponent or too large to be exact: unknown.
  for (const v of [undefined, null, "", "  ", "3.5", 3.5, "1e3", "12abc", "9007199254740993", []]) {
    assertEquals(int(v), null, JSON.stringify(v));
  }
});

Deno.test("list: a missing or odd value is an empty list; entries that are not objects are dropped", () => {
  assertEquals(list(undefined), []);
  assertEquals(list({ a: 1 }), [], "the export writes [] or {} for nothing");
  assertEquals(list([{ a: 1 }, null, "x", 3, { b: 2 }]), [{ a: 1 }, { b: 2 }]);
});

Deno.test("exportTime: the export's UTC times as unix seconds; the zero date and other text are unknown", () => {
  assertEquals(exportTime("2009-06-21 17:04:05"), Date.UTC(2009, 5, 21, 17, 4, 5) / 1000);
  assertEquals(exportTime(" 1970-01-01T00:00:01 "), 1);
  for (
    const v of ["0000-00-00 00:00:00", "2009-06-21", "21/06/2009 17:04:05", "", null, 1245603845]
  ) {
    assertEquals(exportTime(v), null, JSON.stringify(v));
  }
});

Deno.test("isNsid, personSegment and photoIdOfPage: people and photos from the URLs the export writes", () => {
  assertEquals(
    [isNsid("12345678@N01"), isNsid("35034350743@N01"), isNsid("jane"), isNsid("1@n01")],
    [
      true,
      true,
      false,
      false,
    ],
  );
  assertEquals(personSegment("12345678@N01"), "12345678@N01");
  assertEquals(personSegment("https://www.flickr.com/people/jane_doe/"), "jane_doe");
  assertEquals(
    personSegment("https://www.flickr.com/photos/12345678@N01/2634391576/"),
    "12345678@N01",
  );
  assertEquals(personSegment("https://www.flickr.com/photos/j%C3%B6rg/"), "jörg");
  assertEquals(
    personSegment("https://www.flickr.com/photos/50%/"),
    "50%",
    "kept when not decodable",
  );
  assertEquals([personSegment(""), personSegment("someone"), personSegment(undefined)], [
    undefined,
    undefined,
    undefined,
  ]);
  assertEquals(photoIdOfPage("https://www.flickr.com/photos/jane/2634391576/"), "2634391576");
  assertEquals(photoIdOfPage("https://www.flickr.com/photos/jane/2634391576"), "2634391576");
  assertEquals(photoIdOfPage("https://www.flickr.com/photos/jane/albums/721577"), undefined);
  assertEquals(photoIdOfPage(null), undefined);
});

Deno.test("parseOriginalUrl: server, secret and format of a photo's original; a video's play page", () => {
  assertEquals(parseOriginalUrl("https://live.staticflickr.com/3284/2634391576_5e0e0d3c4f_o.jpg"), {
    server: "3284",
    secret: "5e0e0d3c4f",
    format: "jpg",
    isVideo: false,
  });
  assertEquals(parseOriginalUrl("https://live.staticflickr.com/65535/5301_ab12_o.MOV?s=1"), {
    server: "65535",
    secret: "ab12",
    format: "mov",
    isVideo: true,
  });
  assertEquals(parseOriginalUrl("https://www.flickr.com/photos/jane/5301/play/orig/0a1b2c3d/"), {
    secret: "0a1b2c3d",
    isVideo: true,
  });
  assertEquals(parseOriginalUrl("https://www.flickr.com/photos/jane/5301/"), { isVideo: false });
  assertEquals(parseOriginalUrl(undefined), { isVideo: false });
  assertEquals([isVideoExtension("MP4"), isVideoExtension("webm"), isVideoExtension("heic")], [
    true,
    true,
    false,
  ]);
});
