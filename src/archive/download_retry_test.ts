import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { jpegFile } from "../simulator/media.ts";
import { DownloadError } from "./download.ts";
import { downloadWithRetry } from "./download_retry.ts";

const JPEG = jpegFile({ width: 8, height: 8, key: "retry" });

/** A fetch that answers each request with the next of `answers` (the last one again after). */
function scripted(answers: (() => Response)[]): { fetch: typeof fetch; calls: () => number } {
  let n = 0;
  const fetchFn =
    (() => Promise.resolve(answers[Math.min(n++, answers.length - 1)]())) as typeof fetch;
  return { fetch: fetchFn, calls: () => n };
}
const ok = () => new Response(JPEG.slice(), { headers: { "content-type": "image/jpeg" } });
const status = (s: number, headers: Record<string, string> = {}) => () =>
  new Response("busy", { status: s, headers });

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fv_retry_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("downloadWithRetry: transient failures are retried, each one told; the file arrives whole", async () => {
  await withDir(async (dir) => {
    const f = scripted([status(503), status(502), ok]);
    const told: number[] = [];
    const dest = join(dir, "avatars", "1@N01.jpg");
    const r = await downloadWithRetry(
      { url: "https://cdn.example/a.jpg", dest, expect: "image", fetch: f.fetch },
      { baseDelayMs: 1, onRetry: (e) => told.push(e.status ?? 0) },
    );
    assertEquals([f.calls(), told], [3, [503, 502]]);
    assertEquals(r.bytes, JPEG.length);
    assertEquals([...await Deno.readFile(dest)], [...JPEG]);
  });
});

Deno.test("downloadWithRetry: a permanent failure throws at once; transient ones only until the attempts run out", async () => {
  await withDir(async (dir) => {
    const gone = scripted([status(404), ok]);
    const e = await assertRejects(() =>
      downloadWithRetry(
        { url: "u", dest: join(dir, "a.jpg"), expect: "image", fetch: gone.fetch },
        { baseDelayMs: 1 },
      )
    );
    assert(e instanceof DownloadError && !e.transient, String(e));
    assertEquals(gone.calls(), 1);
    const busy = scripted([status(503)]);
    const last = await assertRejects(() =>
      downloadWithRetry(
        { url: "u", dest: join(dir, "b.jpg"), expect: "image", fetch: busy.fetch },
        {
          attempts: 3,
          baseDelayMs: 1,
        },
      )
    );
    assert(last instanceof DownloadError && last.transient);
    assertEquals(busy.calls(), 3);
    assertEquals(await Deno.stat(join(dir, "b.jpg")).catch(() => null), null, "no partial file");
  });
});

Deno.test("downloadWithRetry: Retry-After is honoured within the longest wait; Ctrl-C ends a wait", async () => {
  await withDir(async (dir) => {
    // An hour asked, 20 ms allowed: if the cap did not hold, the safety stop would end the wait.
    const limited = scripted([status(429, { "retry-after": "3600" }), ok]);
    await downloadWithRetry({
      url: "u",
      dest: join(dir, "a.jpg"),
      expect: "image",
      fetch: limited.fetch,
    }, {
      baseDelayMs: 1,
      maxDelayMs: 20,
      stop: AbortSignal.timeout(10_000),
    });
    assertEquals(limited.calls(), 2);
    const stop = new AbortController();
    const waiting = scripted([status(503)]);
    const run = downloadWithRetry({
      url: "u",
      dest: join(dir, "b.jpg"),
      expect: "image",
      fetch: waiting.fetch,
    }, {
      baseDelayMs: 60_000,
      stop: stop.signal,
      onRetry: () => stop.abort(new Error("stopped by Ctrl-C")),
    });
    await assertRejects(() => run, "stopped by Ctrl-C");
    assertEquals(waiting.calls(), 1, "no attempt after the stop");
  });
});
