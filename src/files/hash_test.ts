import { assertEquals } from "../../tests/assert.ts";
import { md5File, sha256Bytes, sha256File, sha256FileSync } from "./hash.ts";

// WebCrypto and RFC 1321 give the expected digests, independently of node:crypto.
Deno.test("the archive's hashes: bytes, a file read in chunks across buffer boundaries, synchronously, and its MD5", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Larger than one 256 KiB and one 1 MiB read, with a tail that ends mid-buffer.
    const big = new Uint8Array(1200 * 1024 + 7).map((_, i) => i % 251);
    const path = `${dir}/big.bin`;
    await Deno.writeFile(path, big);
    const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", big));
    const hex = [...expected].map((b) => b.toString(16).padStart(2, "0")).join("");
    assertEquals(sha256Bytes(big), hex);
    assertEquals(await sha256File(path), { bytes: big.length, sha256: hex });
    assertEquals(sha256FileSync(path), hex);
    await Deno.writeTextFile(`${dir}/a.txt`, "a");
    // RFC 1321's test suite: MD5("a").
    assertEquals(await md5File(`${dir}/a.txt`), "0cc175b9c0f1b6a831c399e269772661");
    assertEquals(
      sha256Bytes(new Uint8Array()),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
