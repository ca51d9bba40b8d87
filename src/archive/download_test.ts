import { createHash } from "node:crypto";
import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { jpegFile, mp4File } from "../simulator/media.ts";
import { commitFiles, discardFiles } from "../files/batch_commit.ts";
import { DirectoryCache, syncDirectories } from "../files/durable.ts";
import { DownloadError, downloadToFile } from "./download.ts";
import { releaseBody } from "../files/buffers.ts";
import { canSyncFilesystems, disableFilesystemSync } from "../files/filesystem_sync.ts";

const JPEG = jpegFile({ width: 320, height: 240, key: "file_writer_test" });
const MP4 = mp4File({ key: "file_writer_test" });
/** Arrives in several chunks. */
const LARGE_JPEG = new Uint8Array(300 * 1024);
LARGE_JPEG.set(JPEG);
const encoder = new TextEncoder();
const hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * A raw HTTP/1.1 server on 127.0.0.1: Deno.serve keeps its promises (it would never send a short
 * body under a longer Content-Length, or stall after headers), so the misbehaving answers are
 * written by hand.
 */
function startServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const respond = async (conn: Deno.Conn, target: string) => {
    // `?large`: a body big enough to be streamed rather than read whole.
    const [path, query] = target.split("?");
    const jpeg = query === "large" ? LARGE_JPEG : JPEG;
    const send = (head: string, body: Uint8Array = new Uint8Array()) =>
      conn.write(new Uint8Array([...encoder.encode(head), ...body]));
    const ok = (type: string, body: Uint8Array) =>
      send(
        `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n` +
          "Connection: close\r\n\r\n",
        body,
      );
    switch (path) {
      case "/photo.jpg":
        return await ok("image/jpeg", JPEG);
      case "/video.mp4":
        return await ok("video/mp4", MP4);
      case "/large.jpg":
        return await ok("image/jpeg", LARGE_JPEG);
      case "/moved":
        return await send(
          "HTTP/1.1 302 Found\r\nLocation: /photo.jpg\r\nContent-Length: 0\r\n" +
            "Connection: close\r\n\r\n",
        );
      case "/truncated.jpg":
        return await send(
          `HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
          jpeg.subarray(0, 1000),
        );
      case "/stall-body.jpg":
        await send(
          `HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
          jpeg.subarray(0, 100),
        );
        return "keep-open";
      case "/stall-headers.jpg":
        return "keep-open";
      case "/error-page.jpg":
        return await ok("text/html", encoder.encode("\n<!DOCTYPE html><html>Oops</html>"));
      case "/throttled.jpg":
        return await send(
          "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 0\r\n" +
            "Connection: close\r\n\r\n",
        );
      case "/unavailable.jpg":
        return await send(
          "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
      default:
        return await send(
          "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n" +
            "Connection: close\r\n\r\n",
          encoder.encode("not found"),
        );
    }
  };
  const serve = async () => {
    for await (const conn of listener) {
      conns.add(conn);
      (async () => {
        const buf = new Uint8Array(8192);
        let request = "";
        while (!request.includes("\r\n\r\n")) {
          const n = await conn.read(buf).catch(() => null);
          if (n === null) break;
          request += new TextDecoder().decode(buf.subarray(0, n));
        }
        const path = request.split(" ")[1] ?? "/";
        const keep = await respond(conn, path).catch(() => undefined);
        if (keep !== "keep-open") {
          conns.delete(conn);
          conn.close();
        }
      })();
    }
  };
  const served = serve().catch(() => {});
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    async close() {
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await served;
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

Deno.test("downloadToFile writes complete files and refuses bad answers", async (t) => {
  const server = startServer();
  const dir = await Deno.makeTempDir();
  const dest = join(dir, "photos", "2019", "07", "1_x.jpg");
  // Downloads that should succeed get a timeout a loaded machine cannot reach; the stalls that
  // should fail are given up on after 300 ms.
  const download = (path: string, expect: "image" | "video" | "any" = "image", stall = 10_000) =>
    downloadToFile({ url: server.url(path), dest, expect, stallTimeoutMs: stall });
  const failure = async (path: string, expect: "image" | "video" | "any" = "image") => {
    const error = await assertRejects(() => download(path, expect, 300));
    assert(error instanceof DownloadError, `${path}: ${error}`);
    assertEquals(await listFiles(join(dir, "photos", "2019", "07")), ["1_x.jpg"], path);
    assertEquals(await Deno.readFile(dest), JPEG, `${path}: earlier file kept`);
    return error;
  };
  try {
    await t.step("good bytes, hashed, directories created", async () => {
      const result = await download("/photo.jpg");
      assertEquals(result, {
        bytes: JPEG.length,
        sha256: hex(JPEG),
        contentType: "image/jpeg",
        finalUrl: server.url("/photo.jpg"),
      });
      assertEquals(await Deno.readFile(dest), JPEG);
    });
    await t.step("redirects are followed", async () => {
      assertEquals((await download("/moved")).finalUrl, server.url("/photo.jpg"));
    });
    await t.step("a large body, streamed", async () => {
      const result = await download("/large.jpg");
      assertEquals([result.bytes, result.sha256], [LARGE_JPEG.length, hex(LARGE_JPEG)]);
      assertEquals(await Deno.readFile(dest), LARGE_JPEG);
      await download("/photo.jpg");
    });
    await t.step("transient: truncated body, read whole or streamed", async () => {
      for (const path of ["/truncated.jpg", "/truncated.jpg?large"]) {
        const e = await failure(path);
        assert(e.transient && /truncated|interrupted/.test(e.message), e.message);
      }
    });
    await t.step("transient: stall after headers and before them", async () => {
      for (const path of ["/stall-body.jpg", "/stall-body.jpg?large", "/stall-headers.jpg"]) {
        const e = await failure(path);
        assert(e.transient && e.message.includes("stalled"), e.message);
      }
    });
    await t.step("transient: 429 with Retry-After, 503", async () => {
      const throttled = await failure("/throttled.jpg");
      assertEquals([throttled.status, throttled.transient, throttled.retryAfterMs], [
        429,
        true,
        7000,
      ]);
      const unavailable = await failure("/unavailable.jpg");
      assertEquals([unavailable.status, unavailable.transient], [503, true]);
    });
    await t.step("permanent: 404, an HTML page for an image, an image for a video", async () => {
      const missing = await failure("/missing.jpg");
      assertEquals([missing.status, missing.transient], [404, false]);
      const html = await failure("/error-page.jpg");
      assertEquals([html.transient, html.message.includes("html")], [false, true]);
      const wrongKind = await failure("/photo.jpg", "video");
      assertEquals(wrongKind.transient, false);
    });
    await t.step("transient: network error", async () => {
      const refused = await assertRejects(() =>
        downloadToFile({ url: "http://127.0.0.1:1/x.jpg", dest, expect: "image" })
      );
      assert(refused instanceof DownloadError && refused.transient, String(refused));
      assertEquals(await listFiles(join(dir, "photos", "2019", "07")), ["1_x.jpg"]);
    });
    await t.step("videos and the caller's abort", async () => {
      const videoDest = join(dir, "videos", "2.mp4");
      const result = await downloadToFile({
        url: server.url("/video.mp4"),
        dest: videoDest,
        expect: "video",
      });
      assertEquals([result.bytes, result.sha256], [MP4.length, hex(MP4)]);
      const controller = new AbortController();
      const pending = downloadToFile({
        url: server.url("/stall-body.jpg"),
        dest: join(dir, "videos", "3.jpg"),
        expect: "image",
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error("user quit")), 50);
      assertEquals((await assertRejects(() => pending)).message, "user quit");
      assertEquals(await listFiles(join(dir, "videos")), ["2.mp4"]);
    });
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadToFile keeps bodies up to the size asked; syncDirectories takes a folder twice", async () => {
  const server = startServer();
  const root = await Deno.makeTempDir({ prefix: "fv_keep_" });
  try {
    const dirs = new DirectoryCache();
    const dest = join(root, "a", "photo.jpg");
    const kept = await downloadToFile({
      url: server.url("/photo.jpg"),
      dest,
      expect: "image",
      dirs,
      keepBodyUpTo: JPEG.length,
    });
    assertEquals(kept.body && hex(kept.body), hex(JPEG));
    assertEquals(hex(await Deno.readFile(dest)), hex(JPEG));
    await syncDirectories([join(root, "a"), join(root, "a")]);
    const notKept = await downloadToFile({
      url: server.url("/photo.jpg"),
      dest: join(root, "a", "photo2.jpg"),
      expect: "image",
      dirs,
      keepBodyUpTo: JPEG.length - 1,
    });
    assertEquals(notKept.body, undefined);
    assertEquals(notKept.sha256, hex(JPEG));
    const keptStreamed = await downloadToFile({
      url: server.url("/large.jpg"),
      dest: join(root, "a", "large.jpg"),
      expect: "image",
      dirs,
      keepBodyUpTo: LARGE_JPEG.length,
    });
    assertEquals(keptStreamed.body && hex(keptStreamed.body), hex(LARGE_JPEG));
    // Freed at once when done with; a view on a buffer shared with others is left alone.
    releaseBody(kept.body!);
    assertEquals(kept.body!.byteLength, 0);
    const shared = new Uint8Array(8);
    releaseBody(shared.subarray(2));
    assertEquals(shared.byteLength, 8);
  } finally {
    await server.close();
    await Deno.remove(root, { recursive: true });
  }
});

for (const flush of ["syncfs", "fsync per file"] as const) {
  if (flush === "syncfs" && !canSyncFilesystems()) continue;
  Deno.test(`deferred downloads (${flush}): nothing under the final name until commitFiles puts the batch in place`, async () => {
    disableFilesystemSync(flush !== "syncfs");
    const server = startServer();
    const root = await Deno.makeTempDir({ prefix: "fv_defer_" });
    // As above: good answers get a stall timeout a loaded machine cannot reach, the stall a short one.
    const deferred = (path: string, dest: string) =>
      downloadToFile({
        url: server.url(path),
        dest: join(root, dest),
        expect: "image",
        deferCommit: true,
        stallTimeoutMs: path.startsWith("/stall") ? 300 : 10_000,
        keepBodyUpTo: 1 << 20,
      });
    try {
      const small = await deferred("/photo.jpg", "a/small.jpg");
      const large = await deferred("/large.jpg", "b/large.jpg");
      assertEquals([small.bytes, small.sha256, hex(small.body!)], [
        JPEG.length,
        hex(JPEG),
        hex(JPEG),
      ]);
      assertEquals([large.bytes, large.sha256], [LARGE_JPEG.length, hex(LARGE_JPEG)]);
      // Complete and checked, but only under temporary names.
      assertEquals((await listFiles(join(root, "a"))).length, 1);
      assert((await listFiles(join(root, "a")))[0].startsWith("small.jpg.part-"));
      assert(!(await listFiles(join(root, "b"))).includes("large.jpg"));

      // A caller may move a file before it is committed (a video named after its container).
      large.pending!.dest = join(root, "b", "renamed.jpg");
      await commitFiles([small.pending!, large.pending!]);
      assertEquals(await listFiles(join(root, "a")), ["small.jpg"]);
      assertEquals(await listFiles(join(root, "b")), ["renamed.jpg"]);
      assertEquals(hex(await Deno.readFile(join(root, "a", "small.jpg"))), hex(JPEG));
      assertEquals(hex(await Deno.readFile(join(root, "b", "renamed.jpg"))), hex(LARGE_JPEG));

      // Bad answers fail as they do without deferring, and leave nothing behind.
      for (
        const [path, transient] of [
          ["/truncated.jpg", true],
          ["/stall-body.jpg", true],
          ["/error-page.jpg", false],
        ] as const
      ) {
        const e = await assertRejects(() => deferred(path, "c/bad.jpg"));
        assert(e instanceof DownloadError && e.transient === transient, `${path}: ${e}`);
      }
      assertEquals(await listFiles(join(root, "c")), []);

      const dropped = await deferred("/photo.jpg", "c/dropped.jpg");
      // With syncfs the batch is flushed by commitFiles, not file by file.
      assertEquals(dropped.pending!.flushed === undefined, flush === "syncfs");
      await discardFiles([dropped.pending!]);
      assertEquals(await listFiles(join(root, "c")), []);
    } finally {
      disableFilesystemSync(false);
      await server.close();
      await Deno.remove(root, { recursive: true });
    }
  });
}
