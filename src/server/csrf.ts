/**
 * Forms that change something (start a run, store a key) must come from this server's own pages:
 * each browser gets a session cookie, each page carries a token derived from it, and a POST
 * without the token of its cookie, or from another origin, is refused. The token is an HMAC of
 * the session id under a key made at start, so nothing is stored and a restart invalidates every
 * page (a reload fetches a fresh one).
 *
 * The cookie is `SameSite=Lax`: Flickr's redirect back to the sign-in callback is a top-level
 * navigation from another site, and the pages it leads to must still know the session.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** The session cookie's name. */
export const SESSION_COOKIE = "fv_session";

/** The form field (or `X-CSRF-Token` header) carrying the token. */
export const CSRF_FIELD = "_csrf";

const HEX = /^[0-9a-f]{64}$/;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Sessions and their tokens for one server process. */
export class Sessions {
  readonly #key: Promise<CryptoKey>;

  constructor() {
    this.#key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  }

  /** The token of a session id. */
  async tokenFor(session: string): Promise<string> {
    const mac = await crypto.subtle.sign(
      "HMAC",
      await this.#key,
      new TextEncoder().encode(session),
    );
    return hex(new Uint8Array(mac));
  }

  /**
   * Gives every browser a session cookie (new ones get it with this answer) and puts the page's
   * token where views can reach it: `c.get("csrf")`.
   */
  session(): MiddlewareHandler {
    return async (c, next) => {
      let id = getCookie(c, SESSION_COOKIE);
      if (!id || !HEX.test(id)) {
        id = hex(crypto.getRandomValues(new Uint8Array(32)));
        setCookie(c, SESSION_COOKIE, id, { path: "/", httpOnly: true, sameSite: "Lax" });
      }
      c.set("csrf" as never, await this.tokenFor(id) as never);
      await next();
    };
  }

  /** Whether a POST carries its session's token and comes from this server's origin. */
  async accepts(c: Context): Promise<boolean> {
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== "null") {
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        return false;
      }
      if (host !== c.req.header("host")) return false;
    }
    const id = getCookie(c, SESSION_COOKIE);
    if (!id || !HEX.test(id)) return false;
    let given = c.req.header("x-csrf-token");
    if (given === undefined) {
      const type = c.req.header("content-type") ?? "";
      if (
        type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")
      ) {
        const body = await c.req.parseBody();
        const field = body[CSRF_FIELD];
        given = typeof field === "string" ? field : undefined;
      }
    }
    if (given === undefined) return false;
    const expected = await this.tokenFor(id);
    if (given.length !== expected.length) return false;
    let diff = 0;
    for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
    return diff === 0;
  }

  /** Refuses, with `refuse`'s answer, every non-GET request that {@link accepts} does not. */
  guard(refuse: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
    return async (c, next) => {
      if (c.req.method === "GET" || c.req.method === "HEAD") return await next();
      if (!(await this.accepts(c))) return await refuse(c);
      await next();
    };
  }
}

/** The page's token, set by {@link Sessions.session}. */
export function csrfToken(c: Context): string {
  return String(c.get("csrf" as never) ?? "");
}
