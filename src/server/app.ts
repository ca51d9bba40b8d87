/**
 * The viewer: a Hono app over an archive's catalog, and a server that binds it safely.
 *
 * Tested by src/server/routes_pages_test.ts, tests/viewer_routes_test.ts and
 * tests/viewer_security_test.ts.
 *
 * @example
 * ```ts
 * const { url, close } = await startServer({ archiveDir: "./flickr-archive", port: 0 });
 * console.log(`Browse the archive at ${url}`);
 * await close();
 * ```
 * @module
 */
import { Hono } from "hono";
import { resolve } from "node:path";
import { DEFAULTS } from "../defaults.ts";
import { BadCursorError } from "../catalog/browse.ts";
import { type Catalog, catalogFailure, openCatalog } from "../catalog/db.ts";
import { fileRoutes } from "./routes_files.ts";
import { notFound, pageRoutes } from "./routes_pages.tsx";
import { json, page, wantsJson } from "./respond.ts";
import {
  allowedHostsFor,
  hostCheck,
  isLoopback,
  normalizeHost,
  passwordGuard,
  securityHeaders,
} from "./security.ts";
import { BadRequestPage, CatalogTroublePage } from "../../views/error_page.tsx";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The archive folder (files are served from inside it only). */
  archiveDir: string;
  catalog: Catalog;
  /** Host names and addresses the Host header may carry (any port). */
  allowedHosts: string[];
  /** With a password, every request needs HTTP basic auth with it (any user name). */
  password?: string;
  /** The first-run start page to link from every page (`flickrvault` with no command). */
  startPage?: string;
}

/** Builds the viewer app. It only reads the catalog and the files it names. */
export function createApp(opts: AppOptions): Hono {
  const archiveDir = resolve(opts.archiveDir);
  const app = new Hono();
  app.use(securityHeaders());
  app.use(hostCheck(opts.allowedHosts));
  if (opts.password) app.use(passwordGuard(opts.password));
  if (opts.startPage) {
    const start = opts.startPage;
    app.use(async (c, next) => {
      c.set("startPage" as never, start as never);
      await next();
    });
  }
  fileRoutes(app, { archiveDir, catalog: opts.catalog });
  pageRoutes(app, { archiveDir, catalog: opts.catalog });
  app.notFound((c) => notFound(c, "There is no page at this address."));
  app.onError(async (err, c) => {
    if (err instanceof BadCursorError) {
      if (wantsJson(c)) return json(c, { error: err.message }, 400);
      return await page(c, { title: "Bad request" }, BadRequestPage({ message: err.message }), 400);
    }
    const where = `${c.req.method} ${new URL(c.req.url).pathname}`;
    // A damaged, locked or vanished catalog is not a bug: one line in the log, the reason and
    // what to do on the page (503: the server is fine, the archive is not readable now).
    const trouble = catalogFailure(err, "read", opts.catalog.path);
    if (trouble) {
      console.error(`flickrvault serve: ${where}: ${trouble.message}`);
      if (wantsJson(c)) return json(c, { error: trouble.message, hint: trouble.hint }, 503);
      return await page(
        c,
        { title: "Catalog unreadable" },
        CatalogTroublePage({ message: trouble.message, hint: trouble.hint }),
        503,
      );
    }
    console.error(`flickrvault serve: ${where}:`, err);
    return c.text("Something went wrong reading the archive; the server log says what.\n", 500);
  });
  return app;
}

/** Options of {@link startServer}. */
export interface ServerOptions {
  archiveDir: string;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default `DEFAULTS.port`; 0 picks a free one). */
  port?: number;
  password?: string;
  /** Allow a non-loopback bind without a password. */
  public?: boolean;
  /** Extra names the Host header may carry (e.g. a name in /etc/hosts). */
  extraHosts?: string[];
}

/** A running viewer. */
export interface RunningServer {
  url: string;
  port: number;
  catalog: Catalog;
  close(): Promise<void>;
}

/** Refused: a non-loopback bind without a password or `--public`. */
export class UnsafeBindError extends Error {
  constructor(host: string) {
    super(`Refusing to serve the archive on ${host} without a password`);
    this.name = "UnsafeBindError";
  }
}

/** Opens the archive's catalog read-only and serves it. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  if (!isLoopback(host) && !opts.password && !opts.public) throw new UnsafeBindError(host);
  const catalog = await openCatalog(opts.archiveDir, { readonly: true });
  const app = createApp({
    archiveDir: opts.archiveDir,
    catalog,
    allowedHosts: [...allowedHostsFor(host), ...(opts.extraHosts ?? [])],
    password: opts.password,
  });
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: normalizeHost(host) === "localhost" ? "127.0.0.1" : host,
      port: opts.port ?? DEFAULTS.port,
      onListen: () => {},
    }, app.fetch);
  } catch (e) {
    await catalog.close();
    throw e;
  }
  const port = server.addr.port;
  const shown = normalizeHost(host) === "0.0.0.0" || normalizeHost(host) === "::"
    ? "127.0.0.1"
    : host.includes(":") && !host.startsWith("[")
    ? `[${host}]`
    : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    catalog,
    close: async () => {
      await server.shutdown();
      await catalog.close();
    },
  };
}
