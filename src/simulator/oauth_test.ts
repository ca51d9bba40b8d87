import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../tests/assert.ts";
import { oauthSignature, rfc3986, signatureBaseString } from "../flickr/oauth_signature.ts";
import { signedUrl } from "./oauth.ts";
import { type RunningSimulator, startSimulator } from "./server.ts";

function parseForm(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

async function requestToken(sim: RunningSimulator, callback: string) {
  const res = await fetch(
    await signedUrl(`${sim.origin}/services/oauth/request_token`, { oauth_callback: callback }, {
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
    }),
  );
  assertEquals(res.status, 200);
  const form = parseForm(await res.text());
  assertEquals(form.oauth_callback_confirmed, "true");
  return form;
}

async function accessToken(sim: RunningSimulator, token: string, secret: string, verifier: string) {
  return await fetch(
    await signedUrl(`${sim.origin}/services/oauth/access_token`, { oauth_verifier: verifier }, {
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
      token,
      tokenSecret: secret,
    }),
  );
}

Deno.test("oauth: request_token, the Allow page, callback redirect, access_token, signed call", async () => {
  const sim = await startSimulator({ photos: 5, videos: 0, seed: 1 });
  try {
    const rt = await requestToken(sim, "http://127.0.0.1:9/callback?state=x");
    const page = await fetch(
      `${sim.origin}/services/oauth/authorize?oauth_token=${rt.oauth_token}&perms=read`,
    );
    const html = await page.text();
    assertStringIncludes(html, '<button type="submit" name="allow" value="1"');
    const allow = await fetch(`${sim.origin}/services/oauth/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ oauth_token: rt.oauth_token, allow: "1" }),
      redirect: "manual",
    });
    assertEquals(allow.status, 302);
    const target = new URL(allow.headers.get("location")!);
    assertEquals(target.pathname, "/callback");
    assertEquals(target.searchParams.get("state"), "x");
    assertEquals(target.searchParams.get("oauth_token"), rt.oauth_token);
    const verifier = target.searchParams.get("oauth_verifier")!;
    const wrong = await accessToken(sim, rt.oauth_token, rt.oauth_token_secret, "nope");
    assertEquals([wrong.status, await wrong.text()], [401, "oauth_problem=token_rejected"]);
    const res = await accessToken(sim, rt.oauth_token, rt.oauth_token_secret, verifier);
    assertEquals(res.status, 200);
    const at = parseForm(await res.text());
    assertEquals(at.user_nsid, sim.userNsid);
    assert(at.fullname && at.username && at.oauth_token && at.oauth_token_secret);
    const login = await fetch(
      await signedUrl(`${sim.origin}/services/rest/`, {
        method: "flickr.test.login",
        format: "json",
        nojsoncallback: "1",
      }, {
        apiKey: sim.apiKey,
        apiSecret: sim.apiSecret,
        token: at.oauth_token,
        tokenSecret: at.oauth_token_secret,
      }),
    );
    assertEquals((await login.json()).user.id, sim.userNsid);
    const reused = await accessToken(sim, rt.oauth_token, rt.oauth_token_secret, verifier);
    assertEquals(reused.status, 401, "a request token is used once");
    await reused.body?.cancel();
  } finally {
    await sim.close();
  }
});

Deno.test("oauth: oob shows a verifier; --auto-approve skips the click", async () => {
  const sim = await startSimulator({ photos: 5, videos: 0, seed: 1, autoApprove: true });
  try {
    const oob = await requestToken(sim, "oob");
    const page =
      await (await fetch(`${sim.origin}/services/oauth/authorize?oauth_token=${oob.oauth_token}`))
        .text();
    const verifier = /<code>(\d{3}-\d{3}-\d{3})<\/code>/.exec(page)?.[1];
    assert(verifier, "the page shows a verifier like 123-456-789");
    assertEquals(
      (await accessToken(sim, oob.oauth_token, oob.oauth_token_secret, verifier)).status,
      200,
    );
    const cb = await requestToken(sim, "http://127.0.0.1:9/cb");
    const auto = await fetch(
      `${sim.origin}/services/oauth/authorize?oauth_token=${cb.oauth_token}`,
      {
        redirect: "manual",
      },
    );
    assertEquals(auto.status, 302);
    assertMatch(
      auto.headers.get("location")!,
      /^http:\/\/127\.0\.0\.1:9\/cb\?oauth_token=.+&oauth_verifier=/,
    );
  } finally {
    await sim.close();
  }
});

Deno.test("oauth: checkToken tells whose token it is and what the authorise page granted", async () => {
  const sim = await startSimulator({ photos: 5, videos: 0, seed: 1, autoApprove: true });
  try {
    const rt = await requestToken(sim, "oob");
    const page = await (await fetch(
      `${sim.origin}/services/oauth/authorize?oauth_token=${rt.oauth_token}&perms=delete`,
    )).text();
    const verifier = /<code>([^<]+)<\/code>/.exec(page)![1];
    const at = parseForm(
      await (await accessToken(sim, rt.oauth_token, rt.oauth_token_secret, verifier)).text(),
    );
    const rest = `${sim.origin}/services/rest/`;
    const check = (token: string, tokenSecret: string) =>
      signedUrl(rest, { method: "flickr.auth.oauth.checkToken" }, {
        apiKey: sim.apiKey,
        apiSecret: sim.apiSecret,
        token,
        tokenSecret,
      });
    // The REST format (XML) is the default.
    const granted = await (await fetch(await check(at.oauth_token, at.oauth_token_secret))).text();
    assertStringIncludes(granted, `<token>${at.oauth_token}</token>`);
    assertStringIncludes(granted, "<perms>delete</perms>");
    assertStringIncludes(granted, `<user nsid="${sim.userNsid}"`);
    const preIssued = await (await fetch(await check(sim.oauthToken, sim.oauthTokenSecret))).text();
    assertStringIncludes(preIssued, "<perms>read</perms>");
    // Flickr's method must be signed: the key alone gets code 97.
    const unsigned = await fetch(
      `${rest}?method=flickr.auth.oauth.checkToken&api_key=${sim.apiKey}&format=json&nojsoncallback=1`,
    );
    assertEquals(await unsigned.json(), { stat: "fail", code: 97, message: "Missing signature" });
  } finally {
    await sim.close();
  }
});

Deno.test("oauth: bad signatures, unknown keys and tokens are rejected as Flickr does", async () => {
  const sim = await startSimulator({ photos: 5, videos: 0, seed: 1 });
  try {
    const base = `${sim.origin}/services/rest/`;
    const creds = {
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
      token: sim.oauthToken,
      tokenSecret: "wrong",
    };
    const url = await signedUrl(base, { method: "flickr.test.login" }, creds);
    const res = await fetch(url);
    assertEquals(res.status, 401);
    const body = await res.text();
    assert(body.startsWith("oauth_problem=signature_invalid&debug_sbs=GET&"), body);
    // debug_sbs is the base string the server computed, which the client can compare with its own.
    const params = [...new URL(url).searchParams].filter(([k]) => k !== "oauth_signature");
    assertEquals(
      body.slice("oauth_problem=signature_invalid&debug_sbs=".length),
      signatureBaseString("GET", base, params),
    );
    // A tampered parameter breaks a good signature.
    const good = await signedUrl(base, { method: "flickr.test.login", format: "json" }, {
      ...creds,
      tokenSecret: sim.oauthTokenSecret,
    });
    const tampered = good.replace("format=json", "format=rest");
    assertEquals((await fetch(tampered).then(async (r) => [r.status, await r.text()]))[0], 401);
    const unknownKey = await fetch(
      await signedUrl(base, { method: "flickr.test.login" }, { ...creds, apiKey: "other" }),
    );
    assertEquals([unknownKey.status, await unknownKey.text()], [
      401,
      "oauth_problem=consumer_key_unknown",
    ]);
    const unknownToken = await fetch(
      await signedUrl(base, { method: "flickr.test.login" }, { ...creds, token: "123-abc" }),
    );
    assertEquals([unknownToken.status, await unknownToken.text()], [
      401,
      "oauth_problem=token_rejected",
    ]);
    const missing = await fetch(
      `${base}?method=flickr.test.login&format=json&nojsoncallback=1&oauth_consumer_key=${sim.apiKey}&oauth_token=${sim.oauthToken}`,
    );
    assertEquals((await missing.json()).code, 97);
    // A POST signed over its form body is accepted.
    const params2: Record<string, string> = {
      method: "flickr.test.login",
      format: "json",
      nojsoncallback: "1",
      oauth_consumer_key: sim.apiKey,
      oauth_token: sim.oauthToken,
      oauth_nonce: "n1",
      oauth_timestamp: String(Math.floor(Date.now() / 1000)),
      oauth_signature_method: "HMAC-SHA1",
      oauth_version: "1.0",
    };
    params2.oauth_signature = await oauthSignature({
      method: "POST",
      url: base,
      params: params2,
      consumerSecret: sim.apiSecret,
      tokenSecret: sim.oauthTokenSecret,
    });
    const post = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: Object.entries(params2).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&"),
    });
    assertEquals((await post.json()).user.id, sim.userNsid);
  } finally {
    await sim.close();
  }
});
