import { assertEquals } from "../../tests/assert.ts";
import { fileOrientationOf, originalTurn } from "./turn.ts";

const photo = (rotation: number | null, exif: Record<string, unknown> | null, source = "file") => ({
  media: "photo",
  rotation,
  exif_source: exif === null ? null : source,
  exif_json: exif === null ? null : JSON.stringify(exif),
});

Deno.test("fileOrientationOf: the original's own EXIF orientation, 1 when it has none, unknown when not read from the file", () => {
  assertEquals(fileOrientationOf(photo(0, { Orientation: 6 })), 6);
  assertEquals(fileOrientationOf(photo(0, { Make: "Canon" })), 1);
  assertEquals(fileOrientationOf(photo(0, { Orientation: 9 })), 1, "not an orientation");
  assertEquals(fileOrientationOf({ exif_source: "file", exif_json: "{not json" }), 1);
  // EXIF from Flickr's answer (or none read yet) says nothing of the file's own bytes.
  assertEquals(fileOrientationOf(photo(0, { Orientation: 6 }, "api")), null);
  assertEquals(fileOrientationOf(photo(0, null)), null);
});

Deno.test("originalTurn: a turn only where the browser, applying the file's EXIF, would not show it as Flickr does", () => {
  // The camera's turn is Flickr's: the browser already shows it right.
  assertEquals(originalTurn(photo(90, { Orientation: 6 })), null);
  assertEquals(originalTurn(photo(0, {})), null);
  // Turned on Flickr after upload, or turned back there.
  assertEquals(originalTurn(photo(90, {})), 6);
  assertEquals(originalTurn(photo(0, { Orientation: 6 })), 1);
  assertEquals(originalTurn(photo(180, { Orientation: 8 })), 3);
  // A mirrored file keeps its mirroring.
  assertEquals(originalTurn(photo(90, { Orientation: 2 })), 7);
  // Flickr's rotation unknown, or a video: nothing to change.
  assertEquals(originalTurn(photo(null, { Orientation: 6 })), null);
  assertEquals(originalTurn({ ...photo(90, {}), media: "video" }), null);
});
