import { assertEquals } from "../../tests/assert.ts";
import { contentTypeOfKind } from "./content_types.ts";

Deno.test("contentTypeOfKind: each media kind sniffing names; none for what is not media", () => {
  assertEquals(contentTypeOfKind("jpeg"), "image/jpeg");
  assertEquals(contentTypeOfKind("mov"), "video/quicktime");
  assertEquals(contentTypeOfKind("heic"), "image/heic");
  assertEquals(contentTypeOfKind("html"), null);
  assertEquals(contentTypeOfKind("unknown"), null);
  // A name an object inherits is no kind.
  assertEquals(contentTypeOfKind("toString"), null);
  assertEquals(contentTypeOfKind("constructor"), null);
});
