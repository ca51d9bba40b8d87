/**
 * The viewer's guards: the Host header must name the server (DNS rebinding), an optional password
 * (HTTP basic auth), and the headers every answer carries (a Content-Security-Policy without
 * inline script, nosniff, no referrer, no framing).
 * @module
 */
import type { MiddlewareHandler } from "hono";

/** The Content-Security-Policy of every answer: same-origin scripts, styles, images and media only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** A host name as compared: lower case, without brackets, port or a trailing dot. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    h = end > 0 ? h.slice(1, end) : h.slice(1);
  } else if (h.split(":").length === 2) {
    h = h.split(":")[0];
  }
  return h.replace(/\.$/, "");
}

/**
 * Refuses requests whose Host header is not one of `allowed` (names or addresses, any port), so a
 * web page on another site cannot reach the archive by pointing its own name at 127.0.0.1.
 */
export function hostCheck(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map(normalizeHost));
  return async (c, next) => {
    const header = c.req.header("host") ?? new URL(c.req.url).host;
    if (!names.has(normalizeHost(header))) {
      return c.text(
        `This archive is not served under the name '${header.slice(0, 100)}'.\n`,
        403,
      );
    }
    await next();
  };
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** HTTP basic auth with one password (any user name); compared in constant time. */
export function passwordGuard(password: string): MiddlewareHandler {
  const expected = digest(password);
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    let given = "";
    if (m) {
      try {
        const decoded = new TextDecoder().decode(
          Uint8Array.from(atob(m[1]), (ch) => ch.charCodeAt(0)),
        );
        given = decoded.slice(decoded.indexOf(":") + 1);
      } catch {
        given = "";
      }
    }
    const [a, b] = [await digest(given), await expected];
    let diff = m ? 0 : 1;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    if (diff !== 0) {
      return c.text("This archive needs a password.\n", 401, {
        "WWW-Authenticate": 'Basic realm="flickrvault", charset="UTF-8"',
      });
    }
    await next();
  };
}

/** Adds the security headers to every answer, errors included. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
  };
}

/** Whether `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  const h = normalizeHost(host);
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The names a browser may use to reach a server bound to `host`: the host itself, loopback names
 * for a loopback bind, and every local address and the machine's name for a wildcard bind.
 */
export function allowedHostsFor(host: string): string[] {
  const h = normalizeHost(host);
  const names = new Set<string>([h]);
  if (isLoopback(h)) {
    for (const n of ["127.0.0.1", "localhost", "::1"]) names.add(n);
  }
  if (h === "0.0.0.0" || h === "::") {
    for (const n of ["127.0.0.1", "localhost", "::1"]) names.add(n);
    try {
      for (const nic of Deno.networkInterfaces()) names.add(normalizeHost(nic.address));
    } catch {
      // no --allow-sys: loopback names only
    }
    try {
      const name = Deno.hostname().toLowerCase();
      names.add(name);
      if (!name.includes(".")) names.add(`${name}.local`);
    } catch {
      // ditto
    }
  }
  return [...names];
}
