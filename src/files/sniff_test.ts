import { assert, assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { defaultBuddyIcon } from "../simulator/media.ts";
import { sha256File } from "./hash.ts";
import { sniffMedia } from "./sniff.ts";

const encoder = new TextEncoder();

Deno.test("sniffMedia and sha256File agree with MANIFEST.tsv", async () => {
  const manifest = Deno.readTextFileSync(fixturePath("media/MANIFEST.tsv")).trim()
    .split("\n").map((line) => line.split("\t"));
  const names = manifest[0];
  const col = (name: string) => names.indexOf(name);
  // The mime column is often empty; the extensions are right.
  const kindOfExtension: Record<string, string> = {
    jpg: "jpeg",
    jpeg: "jpeg",
    png: "png",
    tif: "tiff",
    tiff: "tiff",
    heic: "heic",
    heif: "heic",
    mov: "mov",
    mp4: "mp4",
    "3gp": "mp4",
  };
  for (const row of manifest.slice(1)) {
    const path = fixturePath("media", row[col("file")]);
    const head = (await Deno.readFile(path)).subarray(0, 32);
    const expected = kindOfExtension[row[col("file")].split(".").at(-1)!.toLowerCase()];
    assert(expected, `unmapped file type ${row[col("file")]}`);
    assertEquals(sniffMedia(head), expected, row[col("file")]);
    assertEquals(
      await sha256File(path),
      { bytes: Number(row[col("bytes")]), sha256: row[col("sha256")] },
    );
  }
  assertEquals(sniffMedia(defaultBuddyIcon()), "gif");
  assertEquals(
    sniffMedia(encoder.encode("\ufeff  <?xml version='1.0'?><rsp stat='fail'>")),
    "html",
  );
  assertEquals(sniffMedia(encoder.encode('{"stat":"fail"}')), "unknown");
  assertEquals(sniffMedia(encoder.encode("RIFF\0\0\0\0WEBPVP8 ")), "webp");
  assertEquals(sniffMedia(new Uint8Array()), "unknown");
});
