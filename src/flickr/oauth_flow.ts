/**
 * The three OAuth 1.0a steps of signing in to Flickr: a request token, the person's approval at
 * the authorise URL, and the exchange of the verifier for an access token (which does not expire;
 * code 98 later means "authorise again").
 *
 * @example
 * ```ts
 * const req = await getRequestToken({ apiKey, apiSecret }, "http://127.0.0.1:5555/callback");
 * console.log(authorizeUrl(undefined, req.oauthToken));
 * // ... the person approves; the callback receives oauth_verifier ...
 * const access = await getAccessToken({ apiKey, apiSecret }, req.oauthToken, req.oauthTokenSecret, verifier);
 * ```
 * @module
 */
import { networkError } from "./client.ts";
import { flickrEndpoints } from "./endpoints.ts";
import { FlickrError, oauthError } from "./errors.ts";
import { oauthProblem, signedUrl } from "./oauth_request.ts";

/** What the OAuth steps need. */
export interface OAuthFlowOptions {
  /** Replaces `https://www.flickr.com` (OAuth at `{origin}/services/oauth/...`). */
  origin?: string;
  apiKey: string;
  apiSecret: string;
  fetch?: typeof fetch;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** A request token, valid for one sign-in. */
export interface RequestToken {
  oauthToken: string;
  oauthTokenSecret: string;
  callbackConfirmed: boolean;
}

/** The lasting credentials of a signed-in account. */
export interface AccessToken {
  oauthToken: string;
  oauthTokenSecret: string;
  userNsid: string;
  username: string;
  fullname: string;
}

async function oauthGet(
  opts: OAuthFlowOptions,
  step: string,
  url: string,
  params: Record<string, string>,
  tokenSecret?: string,
  token?: string,
): Promise<URLSearchParams> {
  const signed = await signedUrl(url, params, {
    consumerKey: opts.apiKey,
    consumerSecret: opts.apiSecret,
    token,
    tokenSecret,
  });
  let res: Response;
  let body: string;
  try {
    res = await (opts.fetch ?? fetch)(signed, {
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    body = await res.text();
  } catch (e) {
    const err = networkError(step, url, e);
    throw new FlickrError("network", err.message, { permanent: true, hint: err.hint, cause: e });
  }
  const problem = oauthProblem(body);
  if (problem) throw oauthError(step, res.status, problem);
  if (res.status !== 200) {
    throw new FlickrError("http", `Flickr answered HTTP ${res.status} on ${step}`, {
      status: res.status,
      permanent: true,
      hint: res.status === 404 ? "check --flickr-origin / FLICKRVAULT_FLICKR_ORIGIN" : undefined,
      method: step,
    });
  }
  return new URLSearchParams(body.trim());
}

function need(answer: URLSearchParams, key: string, step: string): string {
  const value = answer.get(key);
  if (!value) {
    throw new FlickrError("parse", `Flickr's answer to ${step} has no ${key}`, {
      permanent: true,
      method: step,
    });
  }
  return value;
}

/** Step 1: a request token, with a callback URL or `"oob"` (Flickr then shows a code to copy). */
export async function getRequestToken(
  opts: OAuthFlowOptions,
  callback: string,
): Promise<RequestToken> {
  const step = "oauth/request_token";
  const answer = await oauthGet(opts, step, flickrEndpoints(opts.origin).requestToken, {
    oauth_callback: callback,
  });
  return {
    oauthToken: need(answer, "oauth_token", step),
    oauthTokenSecret: need(answer, "oauth_token_secret", step),
    callbackConfirmed: answer.get("oauth_callback_confirmed") === "true",
  };
}

/** Step 2: the page where the person approves access (not signed). */
export function authorizeUrl(
  origin: string | undefined,
  requestToken: string,
  perms: "read" | "write" | "delete" = "read",
): string {
  const url = new URL(flickrEndpoints(origin).authorize);
  url.searchParams.set("oauth_token", requestToken);
  url.searchParams.set("perms", perms);
  return url.href;
}

/** Step 3: exchanges the verifier for the access token and who it belongs to. */
export async function getAccessToken(
  opts: OAuthFlowOptions,
  requestToken: string,
  requestTokenSecret: string,
  verifier: string,
): Promise<AccessToken> {
  const step = "oauth/access_token";
  const answer = await oauthGet(
    opts,
    step,
    flickrEndpoints(opts.origin).accessToken,
    { oauth_verifier: verifier },
    requestTokenSecret,
    requestToken,
  );
  return {
    oauthToken: need(answer, "oauth_token", step),
    oauthTokenSecret: need(answer, "oauth_token_secret", step),
    userNsid: need(answer, "user_nsid", step),
    username: answer.get("username") ?? "",
    fullname: answer.get("fullname") ?? "",
  };
}
