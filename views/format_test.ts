import { assertEquals } from "../tests/assert.ts";
import { formatPrivacy, formatSafety, formatTakenDate, plural } from "./format.ts";

Deno.test("formatTakenDate follows Flickr's granularity", () => {
  assertEquals(formatTakenDate("2001-03-04 14:05:09", 0), "4 March 2001, 14:05");
  assertEquals(formatTakenDate("2001-03-01 00:00:00", 4), "March 2001");
  assertEquals(formatTakenDate("2001-01-01 00:00:00", 6), "2001");
  assertEquals(formatTakenDate("1975-01-01 00:00:00", 8), "circa 1975");
  assertEquals(formatTakenDate("2001-03-04 14:05:09", 0, true), "Date taken unknown");
  assertEquals(formatTakenDate(null, 0), "Date taken unknown");
});

Deno.test("privacy and safety read like Flickr; counts carry their noun", () => {
  assertEquals(formatPrivacy(1, 0, 0), "Public");
  assertEquals(formatPrivacy(0, 1, 1), "Friends and family");
  assertEquals(formatPrivacy(0, 0, 1), "Family");
  assertEquals(formatPrivacy(0, 0, 0), "Private");
  // What the export's "friend & family" leaves, and what no source said: never "Public".
  assertEquals(formatPrivacy(0, null, null), "Friends or family");
  assertEquals(formatPrivacy(null, null, null), "Unknown (not public)");
  assertEquals(formatSafety(0), "Safe");
  assertEquals(formatSafety(3), "Restricted");
  assertEquals(plural(1, "comment"), "1 comment");
  assertEquals(plural(1200, "fave"), "1,200 faves");
});
