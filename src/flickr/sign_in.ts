/**
 * The whole sign-in, as `flickrvault auth` runs it: request token with a callback on
 * `http://127.0.0.1:<random port>/callback` → authorise URL printed (and opened where a browser
 * exists) → verifier from the callback, or pasted when no callback arrives → access token →
 * `flickr.test.login` to confirm → credentials saved in the archive (mode 0600). Secrets and
 * tokens are never printed.
 *
 * @example
 * ```ts
 * const result = await signIn({ archiveDir, apiKey, apiSecret, print: console.log });
 * console.log(`Signed in as ${result.username} (${result.userNsid})`);
 * ```
 * @module
 */
import { FlickrClient } from "./client.ts";
import { saveCredentials } from "./credentials.ts";
import { FlickrError } from "./errors.ts";
import { authorizeUrl, getAccessToken, getRequestToken, type RequestToken } from "./oauth_flow.ts";

/** Options for {@link signIn}. */
export interface SignInOptions {
  archiveDir: string;
  apiKey: string;
  apiSecret: string;
  origin?: string;
  /** Prints one line for the person (stdout in the CLI). */
  print: (line: string) => void;
  /** Tries to open the authorise URL in a browser; never throws. Absent: do not try. */
  openBrowser?: (url: string) => void;
  /**
   * Reads a pasted verifier (or the whole callback URL); resolves undefined when there is no
   * input. Absent: pasting is not offered.
   */
  readPasted?: () => Promise<string | undefined>;
  /** Whether to listen for the callback on 127.0.0.1 (default true). */
  callback?: boolean;
  /** How long to wait for the approval (default 15 minutes). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Who signed in, and where the credentials went. */
export interface SignInResult {
  userNsid: string;
  username: string;
  fullname: string;
  credentialsPath: string;
}

const CLOSE_TAB_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8">
<title>flickrvault: signed in</title>
<body style="font-family: system-ui, sans-serif; max-width: 32em; margin: 4em auto">
<h1>flickrvault is signed in</h1><p>You can close this tab and return to the terminal.</p>
</body></html>`;

/** Extracts a verifier from what was pasted: the bare code, or a callback URL carrying it. */
export function pastedVerifier(input: string): string | undefined {
  const s = input.trim();
  if (s === "") return undefined;
  const m = /[?&]oauth_verifier=([^&#\s]+)/.exec(s);
  return m ? decodeURIComponent(m[1]) : s;
}

/** A local listener for Flickr's redirect; `verifier` resolves when it arrives. */
function listenForCallback(): {
  url: string;
  verifier: Promise<{ token: string; verifier: string }>;
  close: () => Promise<void>;
} | undefined {
  let resolve!: (v: { token: string; verifier: string }) => void;
  const verifier = new Promise<{ token: string; verifier: string }>((r) => resolve = r);
  const ac = new AbortController();
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
      (req) => {
        const url = new URL(req.url);
        const v = url.searchParams.get("oauth_verifier");
        const token = url.searchParams.get("oauth_token");
        if (url.pathname !== "/callback" || !v || !token) {
          return new Response("Not the flickrvault sign-in callback.", { status: 404 });
        }
        resolve({ token, verifier: v });
        return new Response(CLOSE_TAB_PAGE, {
          headers: { "content-type": "text/html; charset=utf-8", "connection": "close" },
        });
      },
    );
  } catch {
    return undefined; // no local port: the person pastes the code instead
  }
  return {
    url: `http://127.0.0.1:${server.addr.port}/callback`,
    verifier,
    close: async () => {
      ac.abort();
      await server.finished;
    },
  };
}

/** What {@link completeSignIn} needs. */
export interface CompleteSignInOptions {
  archiveDir: string;
  apiKey: string;
  apiSecret: string;
  origin?: string;
  fetch?: typeof fetch;
}

/**
 * The end of every sign-in, in a terminal (`auth`) or a browser (the first-run pages): exchanges
 * the verifier Flickr gave for the access token, confirms who it belongs to with
 * `flickr.test.login`, and saves key, secret and tokens in the archive (mode 0600).
 */
export async function completeSignIn(
  opts: CompleteSignInOptions,
  request: RequestToken,
  verifier: string,
): Promise<SignInResult> {
  const access = await getAccessToken(opts, request.oauthToken, request.oauthTokenSecret, verifier);
  const client = new FlickrClient({
    origin: opts.origin,
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    oauthToken: access.oauthToken,
    oauthTokenSecret: access.oauthTokenSecret,
    fetch: opts.fetch,
    maxRetries: 3,
  });
  const me = await client.testLogin();
  const path = await saveCredentials(opts.archiveDir, {
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    oauthToken: access.oauthToken,
    oauthTokenSecret: access.oauthTokenSecret,
    userNsid: me.nsid,
    username: me.username ?? access.username,
    fullname: access.fullname,
  });
  return {
    userNsid: me.nsid,
    username: me.username ?? access.username,
    fullname: access.fullname,
    credentialsPath: path,
  };
}

/** Runs the sign-in. Throws {@link FlickrError} for Flickr's refusals, Error on timeout. */
export async function signIn(opts: SignInOptions): Promise<SignInResult> {
  const flow = {
    origin: opts.origin,
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    fetch: opts.fetch,
  };
  const listener = opts.callback === false ? undefined : listenForCallback();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const request = await getRequestToken(flow, listener?.url ?? "oob");
    const url = authorizeUrl(opts.origin, request.oauthToken);
    opts.print("Open this page to let flickrvault read your Flickr account:");
    opts.print(`  ${url}`);
    opts.openBrowser?.(url);

    const waits: Promise<string>[] = [];
    if (listener) {
      waits.push(listener.verifier.then(({ token, verifier }) => {
        if (token !== request.oauthToken) {
          throw new FlickrError("auth", "The sign-in callback came back for another request", {
            permanent: true,
            hint: "run 'flickrvault auth' again",
          });
        }
        return verifier;
      }));
    }
    if (opts.readPasted) {
      opts.print(
        listener
          ? "Waiting for Flickr to send you back here... (or paste the code Flickr shows and press Enter)"
          : "Then paste the code Flickr shows and press Enter:",
      );
      waits.push(
        opts.readPasted().then((line) => {
          const v = line === undefined ? undefined : pastedVerifier(line);
          // No input (end of stdin): leave the callback to answer, if there is one.
          return v ?? (listener ? new Promise<string>(() => {}) : Promise.reject(
            new FlickrError("auth", "No sign-in code was entered", {
              permanent: true,
              hint: "run 'flickrvault auth' again and paste the code Flickr shows",
            }),
          ));
        }),
      );
    } else if (listener) {
      opts.print("Waiting for Flickr to send you back here...");
    }
    if (waits.length === 0) {
      throw new FlickrError("auth", "Cannot receive the sign-in: no callback and no terminal", {
        permanent: true,
        hint: "run 'flickrvault auth' in a terminal, or set FLICKR_OAUTH_TOKEN and " +
          "FLICKR_OAUTH_TOKEN_SECRET",
      });
    }
    const timeoutMs = opts.timeoutMs ?? 15 * 60_000;
    waits.push(
      new Promise((_, reject) => {
        timer = setTimeout(() =>
          reject(
            new FlickrError(
              "auth",
              `No approval from Flickr within ${Math.round(timeoutMs / 60_000)} minutes`,
              { permanent: true, hint: "run 'flickrvault auth' again" },
            ),
          ), timeoutMs);
      }),
    );
    const verifier = await Promise.race(waits);

    return await completeSignIn({ ...flow, archiveDir: opts.archiveDir }, request, verifier);
  } finally {
    clearTimeout(timer);
    await listener?.close();
  }
}
