/**
 * The simulator's OAuth 1.0a provider: request_token, an authorize page (a real HTML page with an
 * Allow button; `autoApprove` skips the click), access_token, and HMAC-SHA1 verification of every
 * signed request. Failures answer as Flickr does: HTTP 401 `oauth_problem=signature_invalid`
 * with `debug_sbs` (the base string it computed), `consumer_key_unknown`, `token_rejected`, and
 * HTTP 400 `parameter_absent`.
 * @module
 */
import {
  hmacSha1Base64,
  oauthSignature,
  rfc3986,
  signatureBaseString,
} from "../flickr/oauth_signature.ts";
import type { Person } from "./account.ts";
import { hash32, Rng } from "./prng.ts";

/** The consumer key/secret and the pre-issued access token of a simulator. */
export interface Credentials {
  apiKey: string;
  apiSecret: string;
  oauthToken: string;
  oauthTokenSecret: string;
}

/** Deterministic credentials for a seed, so runs with the same seed print the same line. */
export function credentialsFor(seed: number): Credentials {
  const r = new Rng(hash32(seed, 0x0a07));
  return {
    apiKey: r.hex(32),
    apiSecret: r.hex(16),
    oauthToken: `72157${String(r.int(100_000_000, 999_999_999))}${String(r.int(100, 999))}-${
      r.hex(16)
    }`,
    oauthTokenSecret: r.hex(16),
  };
}

/** What a person granted an application (Flickr's levels, each implying the ones before). */
export type Perms = "read" | "write" | "delete";

/** An access token the simulator issued, as a signed call carries it. */
export interface AccessToken {
  token: string;
  /** The permission asked for on the authorise page; the pre-issued token has `read`. */
  perms: Perms;
}

/** Result of checking a request's credentials. */
export type AuthResult =
  /** Valid: `access` is the access token when the request was signed with one. */
  | { ok: true; signed: boolean; access?: AccessToken }
  /** Rejected with an OAuth-level HTTP answer. */
  | { ok: false; response: Response }
  /** Rejected with a Flickr API error (HTTP 200 JSON). */
  | { ok: false; apiError: { code: number; message: string } };

interface RequestToken {
  secret: string;
  callback: string;
  verifier?: string;
  perms?: Perms;
}

const FORM = { "content-type": "text/plain;charset=UTF-8" };

function oauthProblem(status: number, body: string): Response {
  return new Response(body, { status, headers: FORM });
}

function randomHex(bytes: number): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

/** A request's own arguments, in order: the query string, then a form body. */
export async function requestArguments(req: Request, url: URL): Promise<[string, string][]> {
  const params: [string, string][] = [...url.searchParams];
  if (req.method === "POST") {
    const type = req.headers.get("content-type") ?? "";
    if (type.includes("application/x-www-form-urlencoded")) {
      params.push(...new URLSearchParams(await req.text()));
    }
  }
  return params;
}

/** The OAuth parameters of an `Authorization: OAuth ...` header (`realm` left out). */
export function authorizationParams(req: Request): [string, string][] {
  const params: [string, string][] = [];
  const auth = req.headers.get("authorization");
  if (auth?.startsWith("OAuth ")) {
    for (const m of auth.slice(6).matchAll(/([\w-]+)="([^"]*)"/g)) {
      if (m[1] !== "realm") params.push([decodeURIComponent(m[1]), decodeURIComponent(m[2])]);
    }
  }
  return params;
}

/** Collects a request's parameters: query, form body and `Authorization: OAuth` header. */
export async function requestParams(req: Request, url: URL): Promise<[string, string][]> {
  return [...await requestArguments(req, url), ...authorizationParams(req)];
}

/** The OAuth provider of one simulator. */
export class OAuthProvider {
  #requestTokens = new Map<string, RequestToken>();
  #accessTokens = new Map<string, { secret: string; perms: Perms }>();

  constructor(
    readonly credentials: Credentials,
    readonly owner: Person,
    readonly autoApprove = false,
  ) {
    // What flickrvault's `auth` asks for.
    this.#accessTokens.set(credentials.oauthToken, {
      secret: credentials.oauthTokenSecret,
      perms: "read",
    });
  }

  /**
   * Whether a signed request's signature matches, with the client's own HMAC primitive (a third
   * of WebCrypto's cost per signature, and no keys to import and cache).
   */
  async #signatureMatches(
    method: string,
    url: string,
    params: [string, string][],
    tokenSecret: string,
    given: string,
  ) {
    const keyText = `${rfc3986(this.credentials.apiSecret)}&${rfc3986(tokenSecret)}`;
    const base = signatureBaseString(method, url, params);
    return { ok: (await hmacSha1Base64(keyText, base)) === given, base };
  }

  /**
   * Checks an OAuth-signed request. `tokenKind` says which token secret signs it: none
   * (request_token), a request token (access_token) or an access token (API calls).
   */
  async verifySigned(
    req: Request,
    url: URL,
    params: [string, string][],
    tokenKind: "none" | "request" | "access",
  ): Promise<AuthResult> {
    const get = (name: string) => params.find(([k]) => k === name)?.[1];
    const consumer = get("oauth_consumer_key");
    if (consumer === undefined) {
      return {
        ok: false,
        response: oauthProblem(
          400,
          "oauth_problem=parameter_absent&oauth_parameters_absent=oauth_consumer_key",
        ),
      };
    }
    if (consumer !== this.credentials.apiKey) {
      return { ok: false, response: oauthProblem(401, "oauth_problem=consumer_key_unknown") };
    }
    const signature = get("oauth_signature");
    if (signature === undefined) {
      if (tokenKind === "access") {
        return { ok: false, apiError: { code: 97, message: "Missing signature" } };
      }
      return {
        ok: false,
        response: oauthProblem(
          400,
          "oauth_problem=parameter_absent&oauth_parameters_absent=oauth_signature",
        ),
      };
    }
    const absent = ["oauth_nonce", "oauth_timestamp", "oauth_signature_method"].filter((n) =>
      get(n) === undefined
    );
    if (absent.length) {
      return {
        ok: false,
        response: oauthProblem(
          400,
          `oauth_problem=parameter_absent&oauth_parameters_absent=${absent.join("%26")}`,
        ),
      };
    }
    if (get("oauth_signature_method") !== "HMAC-SHA1") {
      return { ok: false, response: oauthProblem(400, "oauth_problem=signature_method_rejected") };
    }
    const token = get("oauth_token");
    let tokenSecret = "";
    if (tokenKind !== "none" && token !== undefined && token !== "") {
      const secret = tokenKind === "request"
        ? this.#requestTokens.get(token)?.secret
        : this.#accessTokens.get(token)?.secret;
      if (secret === undefined) {
        return { ok: false, response: oauthProblem(401, "oauth_problem=token_rejected") };
      }
      tokenSecret = secret;
    } else if (tokenKind === "request") {
      return {
        ok: false,
        response: oauthProblem(
          400,
          "oauth_problem=parameter_absent&oauth_parameters_absent=oauth_token",
        ),
      };
    }
    const { ok, base } = await this.#signatureMatches(
      req.method,
      url.href,
      params,
      tokenSecret,
      signature,
    );
    if (!ok) {
      return {
        ok: false,
        response: oauthProblem(401, `oauth_problem=signature_invalid&debug_sbs=${base}`),
      };
    }
    if (tokenKind !== "access" || !token) return { ok: true, signed: true };
    return {
      ok: true,
      signed: true,
      access: { token, perms: this.#accessTokens.get(token)!.perms },
    };
  }

  /** Checks the credentials of a REST call: OAuth-signed, or a plain `api_key` for public data. */
  async verifyApiCall(req: Request, url: URL, params: [string, string][]): Promise<AuthResult> {
    const has = (name: string) => params.some(([k]) => k === name);
    if (has("oauth_consumer_key") || has("oauth_signature") || has("oauth_token")) {
      return await this.verifySigned(req, url, params, "access");
    }
    const apiKey = params.find(([k]) => k === "api_key")?.[1];
    if (!apiKey) {
      return {
        ok: false,
        apiError: { code: 100, message: "Invalid API Key (Key has invalid format)" },
      };
    }
    if (apiKey !== this.credentials.apiKey) {
      return { ok: false, apiError: { code: 100, message: "Invalid API Key (Key not found)" } };
    }
    // The old Flickr auth (api_sig, auth_token) is gone; signatures from it are never valid.
    if (has("api_sig")) return { ok: false, apiError: { code: 96, message: "Invalid signature" } };
    if (has("auth_token")) {
      return { ok: false, apiError: { code: 97, message: "Missing signature" } };
    }
    return { ok: true, signed: false };
  }

  /** The parameters of a signed request to a token endpoint, or the OAuth problem refusing it. */
  async #signedParams(
    req: Request,
    url: URL,
    tokenKind: "none" | "request",
  ): Promise<[string, string][] | Response> {
    const params = await requestParams(req, url);
    const result = await this.verifySigned(req, url, params, tokenKind);
    if (result.ok) return params;
    return "response" in result
      ? result.response
      : oauthProblem(400, "oauth_problem=parameter_absent");
  }

  /** `POST|GET /services/oauth/request_token`. */
  async requestToken(req: Request, url: URL): Promise<Response> {
    const params = await this.#signedParams(req, url, "none");
    if (params instanceof Response) return params;
    const callback = params.find(([k]) => k === "oauth_callback")?.[1];
    if (!callback) {
      return oauthProblem(
        400,
        "oauth_problem=parameter_absent&oauth_parameters_absent=oauth_callback",
      );
    }
    const token = newToken();
    const secret = randomHex(8);
    this.#requestTokens.set(token, { secret, callback });
    return new Response(
      `oauth_callback_confirmed=true&oauth_token=${rfc3986(token)}&oauth_token_secret=${
        rfc3986(secret)
      }`,
      { headers: FORM },
    );
  }

  /** `GET /services/oauth/authorize` (the page) and `POST` (the Allow button). */
  async authorize(req: Request, url: URL): Promise<Response> {
    let token = url.searchParams.get("oauth_token") ?? "";
    let perms = url.searchParams.get("perms");
    let approved = this.autoApprove;
    if (req.method === "POST") {
      const form = new URLSearchParams(await req.text());
      token = form.get("oauth_token") ?? token;
      perms = form.get("perms") ?? perms;
      approved = form.get("allow") === "1";
      if (!approved) {
        return html(400, "<h1>Access not granted</h1><p>You can close this window.</p>");
      }
    }
    const entry = this.#requestTokens.get(token);
    if (!entry) return html(400, "<h1>Oops! This token is invalid or has expired.</h1>");
    if (!approved) return html(200, authorizePage(token, asPerms(perms), this.owner));
    entry.perms = asPerms(perms);
    entry.verifier ??= entry.callback === "oob"
      ? `${randomDigits(3)}-${randomDigits(3)}-${randomDigits(3)}`
      : randomHex(8);
    if (entry.callback === "oob") {
      return html(
        200,
        `<h1>Your verification code</h1><p>Copy this code into the application:</p><p id="verifier"><code>${entry.verifier}</code></p>`,
      );
    }
    const target = new URL(entry.callback);
    target.searchParams.set("oauth_token", token);
    target.searchParams.set("oauth_verifier", entry.verifier);
    return new Response(null, { status: 302, headers: { location: target.href } });
  }

  /** `POST|GET /services/oauth/access_token`. */
  async accessToken(req: Request, url: URL): Promise<Response> {
    const params = await this.#signedParams(req, url, "request");
    if (params instanceof Response) return params;
    const token = params.find(([k]) => k === "oauth_token")?.[1] ?? "";
    const verifier = params.find(([k]) => k === "oauth_verifier")?.[1];
    const entry = this.#requestTokens.get(token);
    if (!entry || !entry.verifier || verifier !== entry.verifier) {
      return oauthProblem(401, "oauth_problem=token_rejected");
    }
    this.#requestTokens.delete(token);
    const access = newToken();
    const secret = randomHex(8);
    this.#accessTokens.set(access, { secret, perms: entry.perms ?? "read" });
    const o = this.owner;
    return new Response(
      `fullname=${rfc3986(o.realname)}&oauth_token=${rfc3986(access)}&oauth_token_secret=${
        rfc3986(secret)
      }` +
        `&user_nsid=${rfc3986(o.nsid)}&username=${rfc3986(o.username)}`,
      { headers: FORM },
    );
  }
}

/** The `perms` of an authorise URL; Flickr's default is the lowest, `read`. */
function asPerms(value: string | null): Perms {
  return value === "write" || value === "delete" ? value : "read";
}

/** A request or access token in Flickr's form: `72157` and digits, a dash, hex. */
function newToken(): string {
  return `72157${String(Date.now()).slice(-9)}${randomHex(2).slice(0, 3)}-${randomHex(8)}`;
}

function randomDigits(n: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => String(b % 10)).join("");
}

function html(status: number, body: string): Response {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flickr simulator: authorize</title></head><body>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function authorizePage(token: string, perms: string, owner: Person): string {
  return `<h1>Allow this application to access your Flickr account?</h1>
<p>Signed in as <strong>${escapeHtml(owner.username)}</strong>. The application asks for <strong>${
    escapeHtml(perms)
  }</strong> permission.</p>
<form method="post" action="/services/oauth/authorize">
<input type="hidden" name="oauth_token" value="${escapeHtml(token)}">
<input type="hidden" name="perms" value="${escapeHtml(perms)}">
<button type="submit" name="allow" value="1" id="allow">OK, I'll authorize it</button>
<button type="submit" name="allow" value="0" id="deny">No thanks</button>
</form>`;
}

/** Signs a request the way a client does: for tests and the throughput script. */
export async function signedUrl(
  base: string,
  params: Record<string, string>,
  creds: { apiKey: string; apiSecret: string; token?: string; tokenSecret?: string },
  method = "GET",
): Promise<string> {
  const all: Record<string, string> = {
    ...params,
    oauth_consumer_key: creds.apiKey,
    oauth_nonce: randomHex(8),
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
    oauth_signature_method: "HMAC-SHA1",
    oauth_version: "1.0",
  };
  if (creds.token) all.oauth_token = creds.token;
  all.oauth_signature = await oauthSignature({
    method,
    url: base,
    params: all,
    consumerSecret: creds.apiSecret,
    tokenSecret: creds.tokenSecret ?? "",
  });
  const q = Object.entries(all).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
  return `${base}?${q}`;
}
