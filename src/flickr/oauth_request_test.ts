import { createHmac } from "node:crypto";
import { assertEquals } from "../../tests/assert.ts";
import { oauthProblem, signedUrl } from "./oauth_request.ts";

/** RFC 3986 percent-encoding, written here from the RFC rather than taken from the module. */
const enc = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** The HMAC-SHA1 signature RFC 5849 section 3.4 gives for a GET of `base` with `params`. */
function expectedSignature(
  base: string,
  params: [string, string][],
  secrets: [string, string],
): string {
  const normalised = params.map(([k, v]) => [enc(k), enc(v)]).sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0
  ).map(([k, v]) => `${k}=${v}`).join("&");
  const text = `GET&${enc(base)}&${enc(normalised)}`;
  return createHmac("sha1", `${enc(secrets[0])}&${enc(secrets[1])}`).update(text).digest("base64");
}

Deno.test("signedUrl: every parameter in the query, RFC 3986-encoded, signed as RFC 5849 says", async () => {
  const base = "https://api.flickr.com/services/rest/";
  const url = await signedUrl(
    base,
    { method: "flickr.photos.search", text: "café & crème brûlée", extras: "url_o,date_taken" },
    { consumerKey: "key!", consumerSecret: "s3cr*t", token: "tok", tokenSecret: "t0k~secret" },
    () => 1_700_000_000_500,
  );
  const [path, query] = url.split("?");
  assertEquals(path, base);
  // Spaces as %20, never "+" (OAuth servers differ on "+").
  assertEquals(query.includes("+"), false);
  assertEquals(query.includes("text=caf%C3%A9%20%26%20cr%C3%A8me%20br%C3%BBl%C3%A9e"), true, query);
  const params = query.split("&").map((p) =>
    p.split("=").map(decodeURIComponent) as [string, string]
  );
  const got = Object.fromEntries(params);
  assertEquals(
    [
      got.oauth_consumer_key,
      got.oauth_token,
      got.oauth_timestamp,
      got.oauth_signature_method,
      got.oauth_version,
    ],
    ["key!", "tok", "1700000000", "HMAC-SHA1", "1.0"],
  );
  const unsigned = params.filter(([k]) => k !== "oauth_signature");
  assertEquals(got.oauth_signature, expectedSignature(base, unsigned, ["s3cr*t", "t0k~secret"]));
  // Each request has its own nonce.
  const again = await signedUrl(base, { method: "x" }, { consumerKey: "k", consumerSecret: "s" });
  const other = await signedUrl(base, { method: "x" }, { consumerKey: "k", consumerSecret: "s" });
  const nonce = (u: string) => new URL(u).searchParams.get("oauth_nonce");
  assertEquals(nonce(again) !== nonce(other), true);
  // No token yet (the request token step): none sent, and the signature key ends in "&".
  assertEquals(new URL(again).searchParams.has("oauth_token"), false);
});

Deno.test("oauthProblem: the problem of a form-encoded OAuth error body, else nothing", () => {
  assertEquals(
    oauthProblem("oauth_problem=signature_invalid&debug_sbs=GET&x"),
    "signature_invalid",
  );
  assertEquals(oauthProblem("  oauth_problem=token_rejected\n"), "token_rejected");
  assertEquals(oauthProblem('{"stat":"fail","code":98}'), undefined);
  assertEquals(oauthProblem(""), undefined);
});
