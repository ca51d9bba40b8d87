/**
 * Signed OAuth 1.0a GET requests, as Flickr takes them: the `oauth_*` parameters travel in the
 * query string beside the method's own parameters, and the signature covers them all.
 *
 * @example
 * ```ts
 * const url = await signedUrl("https://api.flickr.com/services/rest/", { method: "flickr.test.login" }, {
 *   consumerKey: "key", consumerSecret: "secret", token: "tok", tokenSecret: "toksecret",
 * });
 * ```
 * @module
 */
import { oauthNonce, oauthSignature, rfc3986 } from "./oauth_signature.ts";

/** The keys a request is signed with. */
export interface SigningKeys {
  consumerKey: string;
  consumerSecret: string;
  /** The request token or access token, when there is one. */
  token?: string;
  tokenSecret?: string;
}

/** Builds a signed GET URL for `baseUrl` with `params` (values already strings). */
export async function signedUrl(
  baseUrl: string,
  params: Record<string, string>,
  keys: SigningKeys,
  clock: () => number = Date.now,
): Promise<string> {
  const all: Record<string, string> = {
    ...params,
    oauth_consumer_key: keys.consumerKey,
    oauth_nonce: oauthNonce(),
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: String(Math.floor(clock() / 1000)),
    oauth_version: "1.0",
  };
  if (keys.token) all.oauth_token = keys.token;
  all.oauth_signature = await oauthSignature({
    method: "GET",
    url: baseUrl,
    params: all,
    consumerSecret: keys.consumerSecret,
    tokenSecret: keys.tokenSecret,
  });
  // RFC 3986 encoding, not URLSearchParams' form encoding: OAuth servers differ on "+" for space.
  const query = Object.entries(all).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
  return `${baseUrl}?${query}`;
}

/** The `oauth_problem` of a form-encoded OAuth error body, if it is one. */
export function oauthProblem(body: string): string | undefined {
  if (!body.includes("oauth_problem=")) return undefined;
  return new URLSearchParams(body.trim()).get("oauth_problem") ?? undefined;
}
