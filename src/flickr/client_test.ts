import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { CallBudget } from "./budget.ts";
import {
  type ClientEvent,
  FlickrClient,
  FlickrError,
  parseBody,
  parseRetryAfter,
} from "./client.ts";
import type { FileClient } from "./file_client.ts";
import { Http1Client } from "./http1_client.ts";
import { oauthSignature } from "./oauth_signature.ts";

type Reply = () => Response | Promise<Response>;

/** A fake Flickr on 127.0.0.1 that answers from a script, and records what it was asked. */
async function withFake(
  replies: Reply[],
  fn: (origin: string, seen: URL[]) => Promise<void>,
): Promise<void> {
  const seen: URL[] = [];
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    async (req) => {
      seen.push(new URL(req.url));
      const reply = replies.shift();
      return reply ? await reply() : json({ stat: "fail", code: 999, message: "script ended" });
    },
  );
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`, seen);
  } finally {
    ac.abort();
    await server.finished;
  }
}

function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "text/javascript", ...headers },
  });
}

const ok = () => json({ user: { id: "1@N01", username: { _content: "me" } }, stat: "ok" });
const html = (status: number) => () =>
  new Response(`<html><body><h1>${status}</h1></body></html>`, {
    status,
    headers: { "content-type": "text/html" },
  });

function client(
  origin: string,
  extra: Partial<ConstructorParameters<typeof FlickrClient>[0]> = {},
) {
  return new FlickrClient({
    origin,
    apiKey: "key",
    apiSecret: "secret",
    oauthToken: "tok",
    oauthTokenSecret: "toksecret",
    retryBaseMs: 2,
    retryMaxMs: 20,
    ...extra,
  });
}

/**
 * The two ways a call travels: fetch, and the archive run's keep-alive file client, which carries
 * the calls with small answers (the `http` option).
 */
const WAYS: [string, () => FileClient | undefined][] = [
  ["fetch", () => undefined],
  ["Http1Client", () => new Http1Client()],
];

/** A test run once each of the {@link WAYS}: both must retry, wait and fail alike. */
function bothWays(name: string, fn: (via: { http?: FileClient }) => Promise<void>): void {
  for (const [way, make] of WAYS) {
    Deno.test(`${name} (${way})`, async () => {
      const http = make();
      try {
        await fn({ http });
      } finally {
        http?.close();
      }
    });
  }
}

bothWays("a call is a signed GET with format=json and nojsoncallback=1", async (via) => {
  await withFake([ok], async (origin, seen) => {
    const me = await client(origin, via).testLogin();
    assertEquals(me, { nsid: "1@N01", username: "me" });
    const url = seen[0];
    assertEquals(url.pathname, "/services/rest/");
    const q = Object.fromEntries(url.searchParams);
    assertEquals(
      [q.method, q.format, q.nojsoncallback, q.api_key, q.oauth_token],
      ["flickr.test.login", "json", "1", "key", "tok"],
    );
    const expected = await oauthSignature({
      method: "GET",
      url: `${origin}/services/rest/`,
      params: q,
      consumerSecret: "secret",
      tokenSecret: "toksecret",
    });
    assertEquals(q.oauth_signature, expected);
  });
});

bothWays("5xx HTML pages, 429, codes 105/201/0 and malformed bodies are retried", async (via) => {
  const replies: Reply[] = [
    html(500),
    html(502),
    html(503),
    () => json({ stat: "fail", code: 105, message: "Service currently unavailable" }),
    () =>
      json({
        stat: "fail",
        code: 201,
        message: "Sorry, the Flickr API service is not currently available.",
      }),
    () => json({ stat: "fail", code: 0, message: "Sorry" }),
    () => new Response('{"user":{"id":"1@N0', { status: 200 }),
    ok,
  ];
  const events: ClientEvent[] = [];
  await withFake(replies, async (origin) => {
    const c = client(origin, { ...via, onEvent: (e) => events.push(e) });
    assertEquals((await c.testLogin()).nsid, "1@N01");
    assertEquals(c.stats.calls, 8);
    assertEquals(c.stats.retries, 7);
    assertEquals(c.stats.byMethod, { "flickr.test.login": 8 });
    assertEquals(events.filter((e) => e.type === "retry").length, 7);
  });
});

bothWays("429 waits at least Retry-After", async (via) => {
  await withFake(
    [
      () =>
        new Response("<h1>429 Too Many Requests</h1>", {
          status: 429,
          headers: { "retry-after": "1" },
        }),
      ok,
    ],
    async (origin) => {
      const events: ClientEvent[] = [];
      const started = Date.now();
      await client(origin, { ...via, onEvent: (e) => events.push(e) }).testLogin();
      assert(Date.now() - started >= 950, "waited for Retry-After");
      assert(events[0].type === "retry" && events[0].delayMs >= 1000);
    },
  );
});

bothWays("a timeout is retried", async (via) => {
  let first = true;
  await withFake([
    async () => {
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 300));
      }
      return ok();
    },
    ok,
  ], async (origin) => {
    const c = client(origin, { ...via, timeoutMs: 100 });
    assertEquals((await c.testLogin()).nsid, "1@N01");
    assertEquals(c.stats.retries, 1);
  });
});

bothWays("transient failures give up after maxRetries with a clear error", async (via) => {
  await withFake([html(503), html(503), html(503)], async (origin) => {
    const c = client(origin, { ...via, maxRetries: 2 });
    const e = await assertRejects(() => c.testLogin(), "HTTP 503");
    assert(e instanceof FlickrError);
    assertEquals(e.message, "Flickr answered HTTP 503 on flickr.test.login (after 3 attempts)");
    assertEquals(c.stats.calls, 3);
  });
});

for (
  const [code, hint] of [
    [100, "FLICKR_API_KEY"],
    [98, "flickrvault auth"],
    [1, undefined],
    [2, undefined],
  ] as const
) {
  Deno.test(`API code ${code} is permanent and surfaces at once`, async () => {
    await withFake(
      [() => json({ stat: "fail", code, message: `error ${code}` })],
      async (origin) => {
        const c = client(origin);
        const e = await assertRejects(() => c.getInfo("123"), `error ${code} (code ${code})`);
        assert(e instanceof FlickrError);
        assertEquals([e.code, e.permanent, c.stats.calls], [code, true, 1]);
        if (hint) assert(e.hint?.includes(hint), e.hint);
        else assertEquals(e.hint, undefined);
      },
    );
  });
}

for (
  const [problem, hint] of [
    ["signature_invalid", "FLICKR_API_SECRET"],
    ["token_rejected", "flickrvault auth"],
    ["consumer_key_unknown", "FLICKR_API_KEY"],
  ] as const
) {
  Deno.test(`HTTP 401 oauth_problem=${problem} is an auth error with a hint`, async () => {
    await withFake(
      [() => new Response(`oauth_problem=${problem}&debug_sbs=GET&x`, { status: 401 })],
      async (origin) => {
        const c = client(origin);
        const e = await assertRejects(() => c.testLogin());
        assert(e instanceof FlickrError);
        assertEquals([e.kind, e.oauthProblem, e.permanent, c.stats.calls], [
          "auth",
          problem,
          true,
          1,
        ]);
        assert(e.hint?.includes(hint), e.hint);
      },
    );
  });
}

bothWays("an unreachable origin fails quickly with the origin in the message", async (via) => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const c = client(`http://127.0.0.1:${port}`, via);
  const e = await assertRejects(
    () => c.testLogin(),
    `Cannot reach Flickr at http://127.0.0.1:${port}`,
  );
  assert(e instanceof FlickrError);
  assertEquals([e.kind, e.permanent, c.stats.calls], ["network", true, 2]);
  assert(e.hint?.includes("--flickr-origin"));
});

Deno.test("every attempt spends from the shared budget", async () => {
  await withFake([html(500), ok, ok], async (origin) => {
    const budget = new CallBudget(0);
    const a = client(origin, { budget });
    const b = client(origin, { budget });
    await a.testLogin();
    await b.testLogin();
    assertEquals(budget.used, 3);
  });
});

Deno.test("wrappers send the parameters the archive relies on", async () => {
  const photos = () =>
    json({ photos: { page: 2, pages: "3", perpage: 500, total: "1100", photo: [] }, stat: "ok" });
  await withFake([
    photos,
    () =>
      json({
        photo: { id: "5", person: [], page: 1, pages: 0, perpage: 50, total: "0" },
        stat: "ok",
      }),
  ], async (origin, seen) => {
    const c = client(origin);
    const page = await c.getPhotos({ page: 2, minUploadDate: 100 });
    assertEquals([page.page, page.pages, page.total], [2, 3, 1100]);
    const q = Object.fromEntries(seen[0].searchParams);
    assertEquals(
      [q.user_id, q.per_page, q.page, q.safe_search, q.content_types, q.min_upload_date],
      ["me", "500", "2", "3", "0,1,2,3", "100"],
    );
    assert(q.extras.includes("url_o") && q.extras.includes("count_faves"));
    assertEquals("max_upload_date" in q, false);
    await c.getFavorites("5", 1);
    assertEquals(seen[1].searchParams.get("per_page"), "50");
  });
});

Deno.test("with the run's file client, pages of 500 are asked for compressed and small answers through it", async () => {
  const asked: [string | null, string | null][] = [];
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    (req) => {
      asked.push([new URL(req.url).searchParams.get("method"), req.headers.get("accept-encoding")]);
      return json({ photos: { page: 1, pages: 1, perpage: 500, total: 0, photo: [] }, stat: "ok" });
    },
  );
  const http = new Http1Client();
  try {
    const c = client(`http://127.0.0.1:${server.addr.port}`, { http });
    await c.getPhotos();
    assertEquals((await c.call("flickr.photos.getInfo", { photo_id: "5" })).stat, "ok");
    await c.call("flickr.photos.getFavorites", { photo_id: "5", per_page: 50 });
    assertEquals(asked.map(([method]) => method), [
      "flickr.people.getPhotos",
      "flickr.photos.getInfo",
      "flickr.photos.getFavorites",
    ]);
    assert(asked[0][1]?.includes("gzip"), `listing page asked for with ${asked[0][1]}`);
    assertEquals([asked[1][1], asked[2][1]], ["identity", "identity"]);
  } finally {
    http.close();
    ac.abort();
    await server.finished;
  }
});

Deno.test("without a token calls are unsigned, with the api_key", async () => {
  await withFake([ok], async (origin, seen) => {
    await new FlickrClient({ origin, apiKey: "key", apiSecret: "s" }).testLogin();
    assertEquals(seen[0].searchParams.get("api_key"), "key");
    assertEquals(seen[0].searchParams.has("oauth_signature"), false);
  });
});

Deno.test("parseBody tolerates JSONP and trailing commas, rejects cut-short JSON", () => {
  assertEquals(parseBody('jsonFlickrApi({"stat":"ok"})'), { stat: "ok" });
  assertEquals(
    parseBody('{"stat":"fail","message":"Sorry","code":201},\n'),
    { stat: "fail", message: "Sorry", code: 201 },
  );
  assertEquals(parseBody('{"a":[1,2,],"stat":"ok",}'), { a: [1, 2], stat: "ok" });
  assertEquals(parseBody('{"photos":{"page":1'), undefined);
  assertEquals(parseBody("<html>502</html>"), undefined);
});

Deno.test("parseRetryAfter reads seconds and HTTP dates", () => {
  assertEquals(parseRetryAfter("7"), 7000);
  assertEquals(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
  assertEquals(parseRetryAfter(null), undefined);
  assertEquals(parseRetryAfter("soon"), undefined);
});

Deno.test("an aborted client stops at once instead of waiting for its budget", async () => {
  const controller = new AbortController();
  // One call an hour: the second call would wait almost an hour for its turn.
  const client = new FlickrClient({
    origin: "http://127.0.0.1:9",
    apiKey: "k",
    apiSecret: "s",
    budget: new CallBudget(1, { burst: 1 }),
    fetch: () => Promise.resolve(new Response(`{"stat":"ok","user":{"id":"1@N01"}}`)),
    signal: controller.signal,
  });
  await client.call("flickr.test.null");
  const waiting = client.call("flickr.test.null");
  const started = Date.now();
  controller.abort(new DOMException("Interrupted", "AbortError"));
  const err = await assertRejects(() => waiting);
  assertEquals(err.name, "AbortError");
  assert(Date.now() - started < 1000, "stopped at once");
  assertEquals(client.stats.calls, 1);
});
