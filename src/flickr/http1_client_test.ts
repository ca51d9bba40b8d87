import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { Http1Client } from "./http1_client.ts";
import type { FileClient, FileResponse } from "./file_client.ts";
import { FetchFileClient } from "./fetch_file_client.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** What a test server does with one request: writes raw bytes to `conn`, may close it. */
type Answer = (conn: Deno.Conn, request: string, n: number) => Promise<void | "close">;

/**
 * A TCP server speaking whatever bytes the test writes: each request (up to its blank line) is
 * answered by `answer`. Counts connections and requests.
 */
function rawServer(answer: Answer, listener?: Deno.Listener) {
  const server = listener ?? Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const stats = { connections: 0, requests: [] as string[], closedByClient: 0 };
  const open = new Set<Deno.Conn>();
  const serveConn = async (conn: Deno.Conn) => {
    open.add(conn);
    const buf = new Uint8Array(8192);
    let text = "";
    try {
      while (true) {
        const end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
          const request = text.slice(0, end);
          text = text.slice(end + 4);
          stats.requests.push(request);
          if (await answer(conn, request, stats.requests.length) === "close") break;
          continue;
        }
        const n = await conn.read(buf);
        if (n === null) {
          stats.closedByClient++;
          break;
        }
        text += dec.decode(buf.subarray(0, n));
      }
    } catch { /* the client went away */ }
    open.delete(conn);
    try {
      conn.close();
    } catch { /* closed */ }
  };
  const accepting = (async () => {
    for await (const conn of server) {
      stats.connections++;
      serveConn(conn);
    }
  })().catch(() => {});
  const { port } = server.addr as Deno.NetAddr;
  return {
    stats,
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    async [Symbol.asyncDispose]() {
      await this.close();
    },
    async close() {
      server.close();
      for (const c of open) {
        try {
          c.close();
        } catch { /* closed */ }
      }
      await accepting;
    },
  };
}

async function write(conn: Deno.Conn, text: string | Uint8Array) {
  const bytes = typeof text === "string" ? enc.encode(text) : text;
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

function body(n: number, seed = 7): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

async function readAll(res: FileResponse): Promise<Uint8Array> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let c = await res.read(); c !== null; c = await res.read()) parts.push(c.slice());
  return await new Blob(parts).bytes();
}

Deno.test("http1: Content-Length bodies, read whole or in pieces, on one kept-alive connection", async () => {
  const small = body(20_000);
  const large = body(300_000, 3);
  await using server = rawServer(async (conn, request) => {
    const data = request.startsWith("GET /large") ? large : small;
    await write(
      conn,
      `HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: ${data.length}\r\n\r\n`,
    );
    // In two writes, so that the client meets a body split across reads.
    await write(conn, data.subarray(0, 1000));
    await write(conn, data.subarray(1000));
  });
  using client = new Http1Client();
  const a = await client.get(server.url("/small?x=1"));
  assertEquals([a.status, a.statusText, a.header("Content-Type")], [200, "OK", "image/jpeg"]);
  assertEquals(a.url, server.url("/small?x=1"));
  assertEquals(await a.bytes(), small);
  assertEquals(await readAll(await client.get(server.url("/large"))), large);
  assertEquals(await (await client.get(server.url("/large"))).bytes(), large);
  assertEquals(server.stats.connections, 1, "one connection served every request");
  assert(server.stats.requests[0].startsWith("GET /small?x=1 HTTP/1.1\r\n"));
  assert(/\r\nhost: 127\.0\.0\.1:\d+/i.test(server.stats.requests[0]), "a Host header");
  assert(/accept-encoding: identity/i.test(server.stats.requests[0]), "no compression asked");
});

Deno.test("http1: chunked bodies with extensions and trailers; 1xx answers skipped", async () => {
  const data = body(70_000);
  await using server = rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n");
    await write(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    await write(conn, `${(50_000).toString(16)};ext=1\r\n`);
    await write(conn, data.subarray(0, 50_000));
    await write(conn, `\r\n${(20_000).toString(16).toUpperCase()}\r\n`);
    await write(conn, data.subarray(50_000));
    await write(conn, "\r\n0\r\nX-Trailer: yes\r\n\r\n");
  });
  using client = new Http1Client();
  const first = await client.get(server.url("/a"));
  assertEquals(first.status, 200);
  assertEquals(await readAll(first), data);
  assertEquals(await (await client.get(server.url("/b"))).bytes(), data);
  assertEquals(server.stats.connections, 1, "the connection was reused after a chunked body");
});

Deno.test("http1: chunked with a Content-Length too is read as chunked, and not reused", async () => {
  await using server = rawServer(async (conn) => {
    await write(
      conn,
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n",
    );
    await write(conn, "3\r\nabc\r\n0\r\n\r\n");
  });
  using client = new Http1Client();
  assertEquals(dec.decode(await (await client.get(server.url("/1"))).bytes()), "abc");
  assertEquals(dec.decode(await (await client.get(server.url("/2"))).bytes()), "abc");
  assertEquals(server.stats.connections, 2);
});

Deno.test("http1: a body ended by the connection's end, and Connection: close, are not reused", async () => {
  const data = body(5000);
  await using server = rawServer(async (conn, request) => {
    if (request.startsWith("GET /eof")) {
      await write(conn, "HTTP/1.1 200 OK\r\n\r\n");
      await write(conn, data);
    } else {
      await write(conn, `HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5000\r\n\r\n`);
      await write(conn, data);
    }
    return "close";
  });
  using client = new Http1Client();
  assertEquals(await (await client.get(server.url("/eof"))).bytes(), data);
  assertEquals(await (await client.get(server.url("/close"))).bytes(), data);
  assertEquals(await (await client.get(server.url("/eof"))).bytes(), data);
  assertEquals(server.stats.connections, 3);
});

Deno.test("http1: redirects are followed, relative or to another host; url is the last one", async () => {
  await using target = rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nvideo");
  });
  await using server = rawServer(async (conn, request) => {
    if (request.includes("/play/orig/")) {
      // A body with the redirect, as servers send: read and dropped, the connection kept.
      await write(
        conn,
        "HTTP/1.1 302 Found\r\nLocation: ../signed?s=1\r\nContent-Length: 9\r\n\r\nredirect!",
      );
    } else {
      await write(conn, `HTTP/1.1 307 Temporary\r\nLocation: ${target.url("/cdn/v.mp4")}\r\n\r\n`);
      return "close"; // no length: the body ends with the connection
    }
  });
  using client = new Http1Client();
  const res = await client.get(server.url("/photos/1/play/orig/abc"));
  assertEquals(res.status, 200);
  assertEquals(dec.decode(await res.bytes()), "video");
  assertEquals(res.url, target.url("/cdn/v.mp4"));
  assertEquals(server.stats.requests.map((r) => r.split(" ")[1]), [
    "/photos/1/play/orig/abc",
    "/photos/1/play/signed?s=1",
  ]);
});

Deno.test("http1: endless redirects and redirects to other schemes are refused", async () => {
  await using server = rawServer(async (conn, request) => {
    const location = request.startsWith("GET /ftp") ? "ftp://example.com/x" : "/loop";
    await write(conn, `HTTP/1.1 301 Moved\r\nLocation: ${location}\r\nContent-Length: 0\r\n\r\n`);
  });
  using client = new Http1Client();
  await assertRejects(() => client.get(server.url("/loop")), "Too many redirects");
  await assertRejects(() => client.get(server.url("/ftp")), "only http and https");
});

Deno.test("http1: a kept connection the server closed meanwhile is replaced without an error", async () => {
  await using server = rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    return "close"; // closes without saying so (no Connection: close)
  });
  using client = new Http1Client();
  for (let i = 0; i < 3; i++) {
    assertEquals(dec.decode(await (await client.get(server.url(`/${i}`))).bytes()), "ok");
  }
  assertEquals(server.stats.connections, 3);
  assertEquals(server.stats.requests.length, 3);
});

Deno.test("http1: a body cut short rejects, read whole or in pieces", async () => {
  await using server = rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
    await write(conn, body(30_000));
    return "close";
  });
  using client = new Http1Client();
  const whole = await client.get(server.url("/a"));
  await assertRejects(() => whole.bytes(), "30000 of 100000 bytes");
  const pieces = await client.get(server.url("/b"));
  await assertRejects(() => readAll(pieces), "still to come");
});

Deno.test("http1: aborting ends a request waiting for its answer or its body, with the reason", async () => {
  await using server = rawServer(async (conn, request) => {
    if (request.startsWith("GET /body")) {
      await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
    }
    await new Promise((r) => setTimeout(r, 2000)); // then nothing more
    return "close";
  });
  using client = new Http1Client();
  const waiting = new AbortController();
  setTimeout(() => waiting.abort(new Error("stalled")), 50);
  await assertRejects(() => client.get(server.url("/head"), waiting.signal), "stalled");

  const reading = new AbortController();
  const res = await client.get(server.url("/body"), reading.signal);
  setTimeout(() => reading.abort(new Error("stalled body")), 50);
  await assertRejects(() => res.bytes(), "stalled body");
});

Deno.test("http1: what is not HTTP/1.x is refused with a clear error", async () => {
  await using server = rawServer(async (conn, request) => {
    if (request.startsWith("GET /garbage")) await write(conn, "SSH-2.0-OpenSSH\r\n\r\n");
    else await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nx");
    return "close";
  });
  using client = new Http1Client();
  await assertRejects(
    () => client.get(server.url("/garbage")),
    "Not an HTTP/1.x response",
  );
  await assertRejects(() => client.get(server.url("/length")), "Malformed Content-Length");
});

Deno.test("http1: a connection idle too long is not reused", async () => {
  await using server = rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });
  using client = new Http1Client({ maxIdleMs: 300 });
  await (await client.get(server.url("/1"))).bytes();
  await (await client.get(server.url("/2"))).bytes();
  assertEquals(server.stats.connections, 1, "reused at once");
  await new Promise((r) => setTimeout(r, 500));
  await (await client.get(server.url("/3"))).bytes();
  assertEquals(server.stats.connections, 2, "a new connection after the idle time");
});

Deno.test("http1: after close(), a request in flight finishes and its connection is closed", async () => {
  await using server = rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
    await new Promise((r) => setTimeout(r, 50));
    await write(conn, "ok");
  });
  const client = new Http1Client();
  const res = await client.get(server.url("/a"));
  client.close();
  assertEquals(dec.decode(await res.bytes()), "ok");
  for (let i = 0; i < 50 && server.stats.closedByClient === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assertEquals(server.stats.closedByClient, 1, "the connection was not kept");
});

/** A fallback client answering `text` to every URL, and the URLs it was asked for. */
function answeringFallback(text: string): { fallback: FileClient; asked: string[] } {
  const asked: string[] = [];
  const fallback: FileClient = {
    get(url) {
      asked.push(url);
      return new FetchFileClient(() => Promise.resolve(new Response(text))).get(url);
    },
    close() {},
  };
  return { fallback, asked };
}

Deno.test("http1: an answer compressed although asked not to be is fetched again by the fallback, which keeps that origin", async () => {
  await using server = rawServer(async (conn) => {
    await write(conn, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nxyz");
  });
  const { fallback, asked } = answeringFallback("decoded");
  using client = new Http1Client({ fallback });
  const res = await client.get(server.url("/c.jpg"));
  assertEquals(dec.decode(await res.bytes()), "decoded");
  // The next request is not sent twice: it goes to the fallback at once.
  assertEquals(dec.decode(await (await client.get(server.url("/d.jpg"))).bytes()), "decoded");
  assertEquals(asked, [server.url("/c.jpg"), server.url("/d.jpg")]);
  assertEquals(server.stats.requests.length, 1);
});

Deno.test("http1: an origin it cannot connect to is left to the fallback, from then on", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (closed.addr as Deno.NetAddr).port;
  closed.close();
  const { fallback, asked } = answeringFallback("from fetch");
  using client = new Http1Client({ fallback });
  const url = `http://127.0.0.1:${port}/a.jpg`;
  assertEquals(dec.decode(await (await client.get(url)).bytes()), "from fetch");
  assertEquals(dec.decode(await (await client.get(url + "?2")).bytes()), "from fetch");
  assertEquals(asked, [url, url + "?2"]);
});

Deno.test("http1: a connection that never comes is given up on, and the fallback takes over", async () => {
  const { fallback, asked } = answeringFallback("from fetch");
  const hanging = Promise.withResolvers<Deno.Conn>();
  let attempts = 0;
  using client = new Http1Client({
    fallback,
    connectTimeoutMs: 100,
    connect: () => {
      attempts++;
      return hanging.promise; // as a SYN dropped by a firewall
    },
  });
  const url = "http://photos.example/a.jpg";
  assertEquals(dec.decode(await (await client.get(url)).bytes()), "from fetch");
  assertEquals(dec.decode(await (await client.get(url)).bytes()), "from fetch");
  assertEquals([attempts, asked.length], [1, 2], "one attempt, then the fallback only");
});

/** A certificate for localhost and its own CA, made with openssl; undefined without openssl. */
async function localhostCertificate(): Promise<
  { ca: string; cert: string; key: string } | undefined
> {
  const dir = await Deno.makeTempDir();
  const openssl = async (...args: string[]) => {
    const out = await new Deno.Command("openssl", {
      args,
      cwd: dir,
      stdout: "null",
      stderr: "null",
    })
      .output();
    if (!out.success) throw new Error(`openssl ${args[0]} failed`);
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  try {
    await openssl(
      "req",
      "-x509",
      ...ec,
      "-days",
      "2",
      "-subj",
      "/CN=test CA",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
    );
    await openssl("req", ...ec, "-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "req.csr");
    await Deno.writeTextFile(`${dir}/ext.cnf`, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    await openssl(
      "x509",
      "-req",
      "-in",
      "req.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      "ext.cnf",
      "-out",
      "cert.pem",
    );
    const read = (name: string) => Deno.readTextFile(`${dir}/${name}`);
    return { ca: await read("ca.pem"), cert: await read("cert.pem"), key: await read("key.pem") };
  } catch {
    return undefined;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const tls = await localhostCertificate();

Deno.test({
  name: "http1: https, with the server's certificate checked and connections kept",
  ignore: tls === undefined,
  async fn() {
    const data = body(40_000);
    const listener = Deno.listenTls({
      hostname: "127.0.0.1",
      port: 0,
      cert: tls!.cert,
      key: tls!.key,
    });
    await using server = rawServer(async (conn) => {
      await write(conn, `HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`);
      await write(conn, data);
    }, listener);
    const url = `https://localhost:${server.port}/photo.jpg`;
    using trusting = new Http1Client({ caCerts: [tls!.ca] });
    using untrusting = new Http1Client();
    assertEquals(await (await trusting.get(url)).bytes(), data);
    assertEquals(await readAll(await trusting.get(url)), data);
    assertEquals(server.stats.connections, 1);
    // The certificate error itself, not a fallback to fetch (which would fail the same way).
    await assertRejects(() => untrusting.get(url), "certificate");
  },
});
