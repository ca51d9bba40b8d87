import { assert, assertEquals } from "../../tests/assert.ts";
import { UsageError } from "../usage_error.ts";
import {
  apiError,
  FlickrError,
  hintForCode,
  hintForOAuthProblem,
  oauthError,
  toUsageError,
  TRANSIENT_API_CODES,
} from "./errors.ts";

Deno.test("apiError: Flickr's retryable codes are transient, every other code permanent", () => {
  for (const code of [0, 10, 105, 201]) {
    const e = apiError(
      "flickr.photos.search",
      code,
      "Sorry, the Flickr API service is not currently available.",
    );
    assertEquals([e.kind, e.permanent, e.code], ["api", false, code], `code ${code}`);
  }
  assertEquals([...TRANSIENT_API_CODES].sort((a, b) => a - b), [0, 10, 105, 201]);
  const gone = apiError("flickr.photos.getInfo", 1, 'Photo "1" not found (invalid ID)');
  assertEquals([gone.kind, gone.permanent, gone.method], ["api", true, "flickr.photos.getInfo"]);
  assertEquals(
    gone.message,
    'Flickr refused flickr.photos.getInfo: Photo "1" not found (invalid ID) (code 1)',
  );
  assertEquals(gone.hint, undefined, "no hint is better than a wrong one");
  // An answer without a message still reads as a sentence.
  assertEquals(apiError("m", 2, "").message, "Flickr refused m: no message (code 2)");
});

Deno.test("apiError: a bad key, signature or sign-in is an auth error with a hint that says what to check", () => {
  const key = apiError("flickr.test.login", 100, "Invalid API Key (Key has invalid format)");
  assertEquals([key.kind, key.permanent], ["auth", true]);
  assert(key.hint?.includes("FLICKR_API_KEY"), key.hint);
  for (const code of [96, 97]) {
    const hint = apiError("m", code, "Invalid signature").hint ?? "";
    assert(hint.includes("FLICKR_API_SECRET") && hint.includes("FLICKR_OAUTH_TOKEN_SECRET"), hint);
  }
  assert(apiError("m", 98, "Invalid auth token").hint?.includes("flickrvault auth"));
  assert(
    apiError("m", 99, "Insufficient permissions").hint?.startsWith(
      "the sign-in lacks read permission",
    ),
  );
  assertEquals(apiError("m", 99, "x").kind, "auth");
  assert(hintForCode(95)?.includes("HTTPS"));
  assert(hintForCode(112)?.includes("--flickr-origin"));
  assertEquals(hintForCode(1), undefined);
});

Deno.test("oauthError: the problem in words, its hint, and the problem kept for callers", () => {
  const e = oauthError("the request token", 401, "signature_invalid");
  assertEquals(e.message, "Flickr refused the request token: the request signature is invalid");
  assertEquals([e.kind, e.status, e.permanent, e.oauthProblem], [
    "auth",
    401,
    true,
    "signature_invalid",
  ]);
  assert(e.hint?.includes("two secrets"), e.hint);
  // A problem without words of its own reads with spaces for underscores.
  assertEquals(
    oauthError("flickr.test.login", 401, "token_revoked").message,
    "Flickr refused flickr.test.login: token revoked",
  );
  assert(hintForOAuthProblem("token_revoked")?.includes("flickrvault auth"));
  assert(hintForOAuthProblem("consumer_key_refused")?.includes("FLICKR_API_KEY"));
  assert(hintForOAuthProblem("timestamp_refused")?.includes("clock"));
  assertEquals(hintForOAuthProblem("something_new"), undefined);
});

Deno.test("toUsageError: one line and a hint for the person, a fallback hint when Flickr gave none", () => {
  const withHint = toUsageError(apiError("m", 100, "Invalid API Key"));
  assert(withHint instanceof UsageError);
  assertEquals(withHint.message, "Flickr refused m: Invalid API Key (code 100)");
  assert(withHint.hint?.includes("FLICKR_API_KEY"));
  const network = toUsageError(
    new FlickrError("network", "Cannot reach api.flickr.com: connection refused", {
      permanent: true,
    }),
  );
  assert(network.hint?.startsWith("check the network connection"), network.hint);
  const down = toUsageError(
    new FlickrError("http", "Flickr answered HTTP 503", { status: 503, permanent: false }),
  );
  assert(down.hint?.includes("continues where it stopped"), down.hint);
});

Deno.test("FlickrError: keeps its cause and what the caller decides with", () => {
  const cause = new TypeError("fetch failed");
  const e = new FlickrError("http", "Flickr answered HTTP 429", {
    status: 429,
    permanent: false,
    retryAfterMs: 30_000,
    cause,
  });
  assertEquals([e.name, e.retryAfterMs, e.cause], ["FlickrError", 30_000, cause]);
  assert(e instanceof Error);
  // No cause given: none set (not `undefined` as a cause).
  assertEquals("cause" in new FlickrError("parse", "x", { permanent: true }), false);
});
