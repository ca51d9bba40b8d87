/**
 * Checks an API key and its secret together with one harmless call, before a sign-in: asking
 * Flickr for an OAuth request token. It is signed with the secret and names the key, so Flickr
 * answers `consumer_key_unknown` for a key it does not know and `signature_invalid` for a secret
 * that is not the key's; the token it issues is never used and lapses on its own. (A REST call
 * such as `flickr.test.echo` is not signed without a sign-in, so it cannot check the secret.)
 *
 * @example
 * ```ts
 * const check = await checkApiKey({ apiKey, apiSecret });
 * if (!check.ok) console.log(check.field, check.message, check.hint);
 * ```
 * @module
 */
import { FlickrError } from "./errors.ts";
import { getRequestToken } from "./oauth_flow.ts";

/** What {@link checkApiKey} needs. */
export interface KeyCheckOptions {
  apiKey: string;
  apiSecret: string;
  /** Replaces `https://www.flickr.com` (`--flickr-origin`). */
  origin?: string;
  fetch?: typeof fetch;
  /** Per-request timeout (default 20 s). */
  timeoutMs?: number;
}

/** The key and secret work, or which field is wrong and what to do. */
export type KeyCheck =
  | { ok: true }
  | {
    ok: false;
    /** The field to correct; `network` when Flickr could not be asked at all. */
    field: "key" | "secret" | "network" | "flickr";
    message: string;
    hint: string;
  };

const KEYS_PAGE = "https://www.flickr.com/services/apps/by/me";

/** Checks the pair with one request-token call; see the module doc. Never throws for Flickr's answers. */
export async function checkApiKey(opts: KeyCheckOptions): Promise<KeyCheck> {
  const apiKey = opts.apiKey.trim();
  const apiSecret = opts.apiSecret.trim();
  if (apiKey === "" || /\s/.test(apiKey)) {
    return {
      ok: false,
      field: "key",
      message: apiKey === "" ? "Enter the key" : "A key has no spaces in it",
      hint: `copy the key from ${KEYS_PAGE}`,
    };
  }
  if (apiSecret === "" || /\s/.test(apiSecret)) {
    return {
      ok: false,
      field: "secret",
      message: apiSecret === "" ? "Enter the secret" : "A secret has no spaces in it",
      hint: `copy the secret shown beside the key at ${KEYS_PAGE}`,
    };
  }
  try {
    await getRequestToken(
      {
        apiKey,
        apiSecret,
        origin: opts.origin,
        fetch: opts.fetch,
        timeoutMs: opts.timeoutMs ?? 20_000,
      },
      "oob",
    );
    return { ok: true };
  } catch (e) {
    if (!(e instanceof FlickrError)) throw e;
    switch (e.oauthProblem) {
      case "consumer_key_unknown":
      case "consumer_key_rejected":
      case "consumer_key_refused":
        return {
          ok: false,
          field: "key",
          message: "Flickr does not know this key",
          hint: `check that you copied the whole key (it is listed at ${KEYS_PAGE}), ` +
            "and that the app was not deleted",
        };
      case "signature_invalid":
        return {
          ok: false,
          field: "secret",
          message: "Flickr knows the key, but this secret is not its secret",
          hint: `copy the secret shown beside the key at ${KEYS_PAGE}`,
        };
      case "timestamp_refused":
      case "nonce_used":
        return {
          ok: false,
          field: "flickr",
          message: "Flickr refused the check because this computer's clock is off",
          hint: "set the clock right (OAuth signatures carry the time), then check again",
        };
    }
    if (e.kind === "network") {
      return {
        ok: false,
        field: "network",
        message: e.message,
        hint: "check the internet connection, then check again",
      };
    }
    return {
      ok: false,
      field: "flickr",
      message: e.message,
      hint: e.hint ?? "Flickr may be down; try again in a while",
    };
  }
}
