import { assertEquals } from "../../tests/assert.ts";
import { FileMissingError, parseRange, sendFile } from "./send_file.ts";
import { assertRejects } from "../../tests/assert.ts";

async function withFile(fn: (path: string, bytes: Uint8Array) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    const path = `${dir}/clip.mp4`;
    await Deno.writeFile(path, bytes);
    await fn(path, bytes);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("parseRange reads single ranges and refuses what cannot be met", () => {
  assertEquals(parseRange("bytes=0-99", 1000), { start: 0, end: 99 });
  assertEquals(parseRange("bytes=900-", 1000), { start: 900, end: 999 });
  assertEquals(parseRange("bytes=-100", 1000), { start: 900, end: 999 });
  assertEquals(parseRange("bytes=990-5000", 1000), { start: 990, end: 999 });
  assertEquals(parseRange("bytes=1000-", 1000), "unsatisfiable");
  assertEquals(parseRange("bytes=5-2", 1000), "unsatisfiable");
  assertEquals(parseRange("bytes=0-1,5-6", 1000), null);
  assertEquals(parseRange(null, 1000), null);
});

Deno.test("sendFile answers whole files, ranges, 304, 416 and HEAD", async () => {
  await withFile(async (path, bytes) => {
    const whole = await sendFile(new Request("http://x/f"), path, {
      contentType: "video/mp4",
      immutable: true,
    });
    assertEquals(whole.status, 200);
    assertEquals(whole.headers.get("content-length"), String(bytes.length));
    assertEquals(whole.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assertEquals(new Uint8Array(await whole.arrayBuffer()), bytes);
    const etag = whole.headers.get("etag")!;

    const notModified = await sendFile(
      new Request("http://x/f", { headers: { "If-None-Match": etag } }),
      path,
    );
    assertEquals(notModified.status, 304);
    assertEquals(notModified.body, null);

    const part = await sendFile(
      new Request("http://x/f", { headers: { Range: "bytes=70000-140000" } }),
      path,
    );
    assertEquals(part.status, 206);
    assertEquals(part.headers.get("content-range"), `bytes 70000-140000/${bytes.length}`);
    assertEquals(new Uint8Array(await part.arrayBuffer()), bytes.subarray(70000, 140001));

    const staleIfRange = await sendFile(
      new Request("http://x/f", { headers: { Range: "bytes=0-9", "If-Range": '"other"' } }),
      path,
    );
    assertEquals(staleIfRange.status, 200);
    await staleIfRange.body?.cancel();

    const beyond = await sendFile(
      new Request("http://x/f", { headers: { Range: `bytes=${bytes.length}-` } }),
      path,
    );
    assertEquals(beyond.status, 416);
    assertEquals(beyond.headers.get("content-range"), `bytes */${bytes.length}`);

    const head = await sendFile(new Request("http://x/f", { method: "HEAD" }), path);
    assertEquals(head.status, 200);
    assertEquals(head.body, null);
    assertEquals(head.headers.get("content-length"), String(bytes.length));
  });
});

Deno.test("sendFile throws FileMissingError for a missing file", async () => {
  const err = await assertRejects(() => sendFile(new Request("http://x/"), "/nonexistent/x.jpg"));
  assertEquals(err instanceof FileMissingError, true);
});
