import { assertEquals } from "../../tests/assert.ts";
import { shownOrientation, shownToStored, swapsAxes } from "./orientation.ts";

Deno.test("shownOrientation: Flickr's rotation is the whole turn; only the file's mirroring is kept", () => {
  // The G12 photo of janko/flickrie's recordings: EXIF "Rotate 90 CW", rotation 90.
  assertEquals(shownOrientation(6, 90), 6);
  assertEquals(shownOrientation(1, 90), 6);
  assertEquals(shownOrientation(null, 270), 8);
  assertEquals(shownOrientation(6, 0), 1, "turned back on Flickr");
  assertEquals(shownOrientation(3, 180), 3);
  assertEquals(shownOrientation(2, 90), 7, "mirrored files stay mirrored");
  assertEquals(shownOrientation(4, 0), 2);
  assertEquals(shownOrientation(6, null), null, "unknown rotation: the file's own stands");
  assertEquals(shownOrientation(1, 45), null);
});

Deno.test("shownToStored: a point on the image as shown, on the image as stored", () => {
  // Turned 90° clockwise: the shown top-left corner is the stored bottom-left one.
  assertEquals(shownToStored(6, 0, 0), { x: 0, y: 1 });
  assertEquals(shownToStored(6, 1, 0), { x: 0, y: 0 });
  assertEquals(shownToStored(8, 0, 0), { x: 1, y: 0 });
  assertEquals(shownToStored(3, 0.25, 0.1), { x: 0.75, y: 0.9 });
  assertEquals(shownToStored(2, 0.25, 0.1), { x: 0.75, y: 0.1 });
  assertEquals(shownToStored(1, 0.25, 0.1), { x: 0.25, y: 0.1 });
  assertEquals([5, 6, 7, 8].map(swapsAxes), [true, true, true, true]);
  assertEquals([1, 2, 3, 4, null].map(swapsAxes), [false, false, false, false, false]);
});
