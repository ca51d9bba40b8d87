/**
 * Signing in from the first-run pages, as `flickrvault auth` does but through this server: the
 * key and secret are checked first (one harmless call, `flickr/key_check.ts`), then a request
 * token is asked for with this server's own callback address, the browser goes to Flickr's
 * authorise page, and Flickr sends it back to the callback with the verifier. The end is the
 * command's own (`completeSignIn`): access token, `flickr.test.login`, credentials saved (0600).
 * One more call, `flickr.people.getInfo`, tells the page whether the account is a free one.
 *
 * Flickr never sends the browser back when the person clicks "No thanks" (it goes to Flickr's
 * home page instead), so a sign-in that was started and not finished is only "pending": the
 * page says what a refusal looks like and offers to start again.
 * @module
 */
import { FlickrClient } from "../flickr/client.ts";
import { FlickrError } from "../flickr/errors.ts";
import { checkApiKey, type KeyCheck } from "../flickr/key_check.ts";
import { authorizeUrl, getRequestToken, type RequestToken } from "../flickr/oauth_flow.ts";
import { completeSignIn, type SignInResult } from "../flickr/sign_in.ts";

/** Who signed in, and whether the account is a free one (undefined: Flickr did not say). */
export interface SignedIn extends SignInResult {
  free: boolean | undefined;
}

/** A callback this process did not expect: not a sign-in it started, or one already finished. */
export class UnexpectedCallbackError extends Error {
  constructor() {
    super("This address is where Flickr sends you back after a sign-in, but no sign-in is waiting");
    this.name = "UnexpectedCallbackError";
  }
}

/** Options of {@link BrowserSignIn}. */
export interface BrowserSignInOptions {
  archiveDir: string;
  /** `--flickr-origin`. */
  origin?: string;
  fetch?: typeof fetch;
}

/** How long an authorise page stays valid for this process (Flickr's request tokens lapse too). */
const PENDING_MS = 60 * 60_000;

/** The sign-in state of this process's pages; see the module doc. */
export class BrowserSignIn {
  #key: { apiKey: string; apiSecret: string } | undefined;
  #pending: { request: RequestToken; since: number } | undefined;
  #signedIn: SignedIn | undefined;

  constructor(readonly opts: BrowserSignInOptions) {}

  /** Checks the pair; a good one is kept (in memory only) for {@link begin}. */
  async checkKey(apiKey: string, apiSecret: string): Promise<KeyCheck> {
    const check = await checkApiKey({
      apiKey,
      apiSecret,
      origin: this.opts.origin,
      fetch: this.opts.fetch,
    });
    this.#key = check.ok ? { apiKey: apiKey.trim(), apiSecret: apiSecret.trim() } : undefined;
    this.#pending = undefined;
    return check;
  }

  /** Whether a checked key waits for the sign-in. */
  get keyChecked(): boolean {
    return this.#key !== undefined;
  }

  /** When the sign-in waiting for Flickr's answer began (epoch ms), if one does. */
  get pendingSince(): number | undefined {
    if (this.#pending && Date.now() - this.#pending.since > PENDING_MS) this.#pending = undefined;
    return this.#pending?.since;
  }

  /** The sign-in this process completed, if any. */
  get signedIn(): SignedIn | undefined {
    return this.#signedIn;
  }

  /**
   * Asks Flickr for a request token that sends the browser back to `callbackUrl`, and returns the
   * authorise page to send the browser to. Throws when no key was checked, or FlickrError.
   */
  async begin(callbackUrl: string): Promise<string> {
    if (!this.#key) throw new Error("Check the API key first");
    const request = await getRequestToken(
      { ...this.#key, origin: this.opts.origin, fetch: this.opts.fetch },
      callbackUrl,
    );
    this.#pending = { request, since: Date.now() };
    return authorizeUrl(this.opts.origin, request.oauthToken);
  }

  /** Forgets a sign-in Flickr did not finish (the person refused, or wants to start again). */
  abandon(): void {
    this.#pending = undefined;
  }

  /**
   * Flickr sent the browser back: finishes the sign-in begun here for `token` and saves the
   * credentials. Throws {@link UnexpectedCallbackError} for any other token, FlickrError when
   * Flickr refuses the exchange.
   */
  async finish(token: string, verifier: string): Promise<SignedIn> {
    const pending = this.pendingSince === undefined ? undefined : this.#pending;
    if (!pending || !this.#key || pending.request.oauthToken !== token) {
      throw new UnexpectedCallbackError();
    }
    this.#pending = undefined;
    const key = this.#key;
    const result = await completeSignIn(
      {
        ...key,
        archiveDir: this.opts.archiveDir,
        origin: this.opts.origin,
        fetch: this.opts.fetch,
      },
      pending.request,
      verifier,
    );
    this.#key = undefined;
    let free: boolean | undefined;
    try {
      const client = new FlickrClient({
        ...key,
        origin: this.opts.origin,
        fetch: this.opts.fetch,
        maxRetries: 2,
      });
      const me = await client.peopleGetInfo(result.userNsid);
      free = me.isPro === undefined ? undefined : !me.isPro;
    } catch (e) {
      // Signed in all the same: the archive run finds out the plan itself.
      if (!(e instanceof FlickrError)) throw e;
    }
    this.#signedIn = { ...result, free };
    return this.#signedIn;
  }
}
