import { Hono } from "hono";
import { assertEquals } from "../../tests/assert.ts";
import { CSRF_FIELD, csrfToken, SESSION_COOKIE, Sessions } from "./csrf.ts";

function app() {
  const sessions = new Sessions();
  const a = new Hono();
  a.use(sessions.session());
  a.use(sessions.guard((c) => c.text("refused", 403)));
  a.get("/form", (c) => c.text(csrfToken(c)));
  a.post("/go", (c) => c.text("done"));
  return a;
}

function post(body: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    method: "POST",
    headers: {
      host: "127.0.0.1:8080",
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams(body).toString(),
  };
}

Deno.test("csrf: a form posts with its session's token; without it, or from elsewhere, it is refused", async () => {
  const a = app();
  const first = await a.request("/form", { headers: { host: "127.0.0.1:8080" } });
  const cookie = first.headers.get("set-cookie")!;
  assertEquals(/HttpOnly/.test(cookie) && /SameSite=Lax/.test(cookie), true, cookie);
  const session = cookie.split(";")[0];
  const token = await first.text();
  assertEquals(token.length, 64);

  const ok = await a.request("/go", post({ [CSRF_FIELD]: token }, { cookie: session }));
  assertEquals([ok.status, await ok.text()], [200, "done"]);
  const same = await a.request(
    "/go",
    post({ [CSRF_FIELD]: token }, {
      cookie: session,
      origin: "http://127.0.0.1:8080",
    }),
  );
  assertEquals(same.status, 200, "from its own origin");

  const refusals: [string, RequestInit][] = [
    ["no token", post({}, { cookie: session })],
    ["another session's token", post({ [CSRF_FIELD]: "0".repeat(64) }, { cookie: session })],
    ["no cookie", post({ [CSRF_FIELD]: token })],
    [
      "another site",
      post({ [CSRF_FIELD]: token }, { cookie: session, origin: "http://evil.example" }),
    ],
  ];
  for (const [what, init] of refusals) {
    const res = await a.request("/go", init);
    assertEquals([what, res.status], [what, 403]);
  }
  // The same browser keeps its session: no new cookie once it has one.
  const again = await a.request("/form", { headers: { host: "127.0.0.1:8080", cookie: session } });
  assertEquals([again.headers.get("set-cookie"), await again.text()], [null, token]);
  assertEquals(session.startsWith(`${SESSION_COOKIE}=`), true);
});

Deno.test("csrf: tokens of one server process mean nothing to another", async () => {
  const [a, b] = [new Sessions(), new Sessions()];
  const id = "ab".repeat(32);
  assertEquals((await a.tokenFor(id)) === (await b.tokenFor(id)), false);
  assertEquals(await a.tokenFor(id), await a.tokenFor(id));
});
