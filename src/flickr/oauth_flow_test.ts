import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { FlickrError } from "./errors.ts";
import { authorizeUrl, getAccessToken, getRequestToken } from "./oauth_flow.ts";
import { oauthSignature } from "./oauth_signature.ts";

const fixture = (name: string) => Deno.readTextFileSync(fixturePath("flickr-api", name));

/** A fake OAuth endpoint that checks signatures and answers with recorded Flickr bodies. */
async function withOAuthFake(
  answer: (path: string, q: Record<string, string>, sigOk: boolean) => Response,
  fn: (origin: string) => Promise<void>,
) {
  const ac = new AbortController();
  const secrets: Record<string, string> = {
    REQUEST_OAUTH_TOKEN_7e2: "REQUEST_OAUTH_TOKEN_SECRET_90c",
  };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    async (req) => {
      const url = new URL(req.url);
      const q = Object.fromEntries(url.searchParams);
      const expected = await oauthSignature({
        method: "GET",
        url: `${url.origin}${url.pathname}`,
        params: q,
        consumerSecret: "secret",
        tokenSecret: q.oauth_token ? secrets[q.oauth_token] : "",
      });
      return answer(url.pathname, q, expected === q.oauth_signature);
    },
  );
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    ac.abort();
    await server.finished;
  }
}

Deno.test("request token, authorise URL and access token, signed as Flickr checks them", async () => {
  await withOAuthFake((path, q, sigOk) => {
    if (!sigOk) return new Response("oauth_problem=signature_invalid", { status: 401 });
    if (path === "/services/oauth/request_token") {
      assertEquals(q.oauth_callback, "http://127.0.0.1:9/callback");
      return new Response(
        fixture(
          "oauth.request_token__Flickr-Foundation_flickypedia__test-can-get-token-from-flickr-0.txt",
        ),
      );
    }
    assertEquals(path, "/services/oauth/access_token");
    assertEquals([q.oauth_token, q.oauth_verifier], [
      "REQUEST_OAUTH_TOKEN_7e2",
      "5d1b96a26b494074",
    ]);
    return new Response(
      fixture(
        "oauth.access_token__Flickr-Foundation_flickypedia__test-can-get-token-from-flickr-1.txt",
      ),
    );
  }, async (origin) => {
    const opts = { origin, apiKey: "key", apiSecret: "secret" };
    const req = await getRequestToken(opts, "http://127.0.0.1:9/callback");
    assertEquals(req, {
      oauthToken: "REQUEST_OAUTH_TOKEN_7e2",
      oauthTokenSecret: "REQUEST_OAUTH_TOKEN_SECRET_90c",
      callbackConfirmed: true,
    });
    assertEquals(
      authorizeUrl(origin, req.oauthToken),
      `${origin}/services/oauth/authorize?oauth_token=REQUEST_OAUTH_TOKEN_7e2&perms=read`,
    );
    const access = await getAccessToken(
      opts,
      req.oauthToken,
      req.oauthTokenSecret,
      "5d1b96a26b494074",
    );
    assertEquals(access, {
      oauthToken: "ACCESS_TOKEN_0b3",
      oauthTokenSecret: "ACCESS_TOKEN_SECRET_f04",
      userNsid: "199246608@N02",
      username: "cefarrjf87",
      fullname: "Alex Chan",
    });
  });
});

Deno.test("the default authorise URL is on www.flickr.com", () => {
  assertEquals(
    authorizeUrl(undefined, "t"),
    "https://www.flickr.com/services/oauth/authorize?oauth_token=t&perms=read",
  );
});

for (
  const [name, status, hint] of [
    ["oauth.request_token__janko_flickrie__incorrect-credentials-0.txt", 401, "FLICKR_API_KEY"],
    ["oauth.request_token__janko_flickrie__incorrect-credentials-1.txt", 401, "FLICKR_API_SECRET"],
    ["oauth.access_token__janko_flickrie__incorrect-credentials-4.txt", 401, "flickrvault auth"],
  ] as const
) {
  Deno.test(`a refusal (${name.split("__")[0]}) is one clear auth error`, async () => {
    await withOAuthFake(() => new Response(fixture(name), { status }), async (origin) => {
      const opts = { origin, apiKey: "key", apiSecret: "secret" };
      const e = await assertRejects(() =>
        name.startsWith("oauth.access_token")
          ? getAccessToken(opts, "t", "s", "v")
          : getRequestToken(opts, "oob")
      );
      assert(e instanceof FlickrError);
      assertEquals([e.kind, e.permanent], ["auth", true]);
      assert(e.hint?.includes(hint), e.hint);
      assert(!e.message.includes("debug_sbs"), e.message);
    });
  });
}

Deno.test("an unreachable OAuth origin is a clear network error", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const origin = `http://127.0.0.1:${(l.addr as Deno.NetAddr).port}`;
  l.close();
  const e = await assertRejects(
    () => getRequestToken({ origin, apiKey: "k", apiSecret: "s" }, "oob"),
    `Cannot reach Flickr at ${origin}`,
  );
  assert(e instanceof FlickrError && e.permanent);
});
