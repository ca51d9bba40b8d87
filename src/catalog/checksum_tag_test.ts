import { assertEquals } from "../../tests/assert.ts";
import { checksumTag } from "./checksum_tag.ts";

const MD5 = "0123456789abcdef0123456789abcdef";

Deno.test("checksumTag: the MD5 a checksum:md5= machine tag names, from a tag list or Flickr's space-separated string", () => {
  assertEquals(checksumTag(["sunset", `checksum:md5=${MD5}`]), MD5);
  assertEquals(checksumTag(`sunset checksum:md5=${MD5.toUpperCase()} travel`), MD5, "lower-cased");
  assertEquals(checksumTag(`checksum:md5=${MD5}`), MD5);
  // Not a whole tag, or not 32 hex digits: none.
  assertEquals(checksumTag(`xchecksum:md5=${MD5}`), undefined);
  assertEquals(checksumTag(`checksum:md5=${MD5}0`), undefined);
  assertEquals(checksumTag(`checksum:md5=${MD5.slice(1)}`), undefined);
  assertEquals(checksumTag(`checksum:sha1=${MD5}`), undefined);
  assertEquals(checksumTag([]), undefined);
  assertEquals(checksumTag(""), undefined);
});
