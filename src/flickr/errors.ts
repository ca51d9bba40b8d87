/**
 * The one error type the Flickr client throws, with enough detail to decide what to do: retry
 * (transient), stop with a clear line and a hint (permanent), or skip one item (e.g. code 1 for a
 * photo that vanished).
 * @module
 */
import { UsageError } from "../usage_error.ts";

/** What went wrong, broadly. */
export type FlickrErrorKind = "api" | "http" | "network" | "auth" | "parse";

/** Options for {@link FlickrError}. */
export interface FlickrErrorOptions {
  code?: number;
  status?: number;
  permanent: boolean;
  hint?: string;
  /** The API method or OAuth endpoint that failed. */
  method?: string;
  /** `oauth_problem` from a 401/400 OAuth answer. */
  oauthProblem?: string;
  /** From HTTP 429's `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * An error from Flickr or on the way to it.
 *
 * @example
 * ```ts
 * try {
 *   await client.getInfo(id);
 * } catch (e) {
 *   if (e instanceof FlickrError && e.code === 1) console.log("photo is gone");
 * }
 * ```
 */
export class FlickrError extends Error {
  readonly kind: FlickrErrorKind;
  readonly code?: number;
  readonly status?: number;
  /** True when retrying cannot help (bad key, revoked token, not found...). */
  readonly permanent: boolean;
  /** What the person can do about it, for a `hint:` line. */
  readonly hint?: string;
  readonly method?: string;
  readonly oauthProblem?: string;
  /** How long Flickr asked to wait (HTTP 429 `Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(kind: FlickrErrorKind, message: string, options: FlickrErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FlickrError";
    this.kind = kind;
    this.code = options.code;
    this.status = options.status;
    this.permanent = options.permanent;
    this.hint = options.hint;
    this.method = options.method;
    this.oauthProblem = options.oauthProblem;
    this.retryAfterMs = options.retryAfterMs;
  }
}

const RUN_AUTH = "run 'flickrvault auth' to sign in again (or set FLICKR_OAUTH_TOKEN and " +
  "FLICKR_OAUTH_TOKEN_SECRET)";
const CHECK_KEY = "check FLICKR_API_KEY (or --api-key); keys are listed at " +
  "https://www.flickr.com/services/apps/by/me";
/**
 * A signature Flickr rejects was made with two secrets, the key's and the token's, and Flickr
 * does not say which one is wrong.
 */
const CHECK_SECRETS = "the signature uses two secrets: check FLICKR_API_SECRET (or --api-secret) " +
  "and FLICKR_OAUTH_TOKEN_SECRET, or run 'flickrvault auth' to sign in again";

/**
 * Flickr API error codes that are worth retrying: 0 and 201 ("Sorry, the Flickr API service is
 * not currently available."), 105 (service unavailable), and search's 10.
 */
export const TRANSIENT_API_CODES: ReadonlySet<number> = new Set([0, 10, 105, 201]);

/** The hint for a Flickr API error code, if there is a useful one. */
export function hintForCode(code: number): string | undefined {
  switch (code) {
    case 95:
      return "Flickr requires HTTPS: check --flickr-origin";
    case 96:
    case 97:
      return CHECK_SECRETS;
    case 98:
      return RUN_AUTH;
    case 99:
      return "the sign-in lacks read permission: " + RUN_AUTH;
    case 100:
      return CHECK_KEY;
    case 112:
      return "this Flickr does not know the method: check --flickr-origin";
  }
  return undefined;
}

/** A FlickrError for a `{"stat":"fail","code":N,"message":"..."}` answer. */
export function apiError(method: string, code: number, message: string): FlickrError {
  const transient = TRANSIENT_API_CODES.has(code);
  const auth = code === 96 || code === 97 || code === 98 || code === 99 || code === 100;
  return new FlickrError(
    auth ? "auth" : "api",
    `Flickr refused ${method}: ${message || "no message"} (code ${code})`,
    { code, permanent: !transient, hint: hintForCode(code), method },
  );
}

/** The hint for an `oauth_problem` value. */
export function hintForOAuthProblem(problem: string): string | undefined {
  switch (problem) {
    case "signature_invalid":
      return CHECK_SECRETS;
    case "consumer_key_unknown":
    case "consumer_key_rejected":
    case "consumer_key_refused":
      return CHECK_KEY;
    case "token_rejected":
    case "token_expired":
    case "token_revoked":
    case "token_used":
    case "permission_denied":
      return RUN_AUTH;
    case "timestamp_refused":
    case "nonce_used":
      return "check this computer's clock: OAuth signatures carry the time";
  }
  return undefined;
}

/** Readable words for an `oauth_problem` value. */
function describeOAuthProblem(problem: string): string {
  switch (problem) {
    case "signature_invalid":
      return "the request signature is invalid";
    case "consumer_key_unknown":
      return "the API key is unknown";
    case "token_rejected":
      return "the sign-in token was rejected (revoked or invalid)";
    case "parameter_absent":
      return "a required OAuth parameter is missing";
    default:
      return problem.replaceAll("_", " ");
  }
}

/** A FlickrError for an HTTP answer carrying `oauth_problem=...`. */
export function oauthError(where: string, status: number, problem: string): FlickrError {
  return new FlickrError("auth", `Flickr refused ${where}: ${describeOAuthProblem(problem)}`, {
    status,
    permanent: true,
    hint: hintForOAuthProblem(problem),
    method: where,
    oauthProblem: problem,
  });
}

/**
 * A permanent FlickrError as a {@link UsageError}: one line and a hint, exit code 2, no stack
 * trace (bad key, bad secret, revoked token, unreachable origin).
 */
export function toUsageError(e: FlickrError): UsageError {
  return new UsageError(e.message, e.hint ?? fallbackHint(e));
}

/** What to do when Flickr kept failing and nothing more specific is known. */
function fallbackHint(e: FlickrError): string {
  if (e.kind === "network") {
    return "check the network connection (and --flickr-origin, if given), then run again";
  }
  return "Flickr kept failing: it may be down or overloaded; run again later, the run " +
    "continues where it stopped";
}
