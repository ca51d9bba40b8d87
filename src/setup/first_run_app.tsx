/**
 * The server of `flickrvault` with no command: the first-run pages (`routes_setup.tsx`) and the
 * viewer of the archive as it fills (`lazy_viewer.ts`), behind the guards `serve` has (the Host
 * check, the security headers) and a CSRF token on every form. It binds 127.0.0.1 only.
 *
 * Tested by src/setup/routes_setup_test.ts.
 *
 * @example
 * ```ts
 * const server = startFirstRunServer({ ...services, port: 8080 });
 * console.log(`Open ${server.url}`);
 * ```
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { assetRoutes } from "../server/routes_files.ts";
import { Sessions } from "../server/csrf.ts";
import { LazyViewer } from "./lazy_viewer.ts";
import { page } from "../server/respond.ts";
import { setupRoutes, type SetupServices } from "./routes_setup.tsx";
import {
  allowedHostsFor,
  CONTENT_SECURITY_POLICY,
  hostCheck,
  securityHeaders,
} from "../server/security.ts";
import { flickrEndpoints } from "../flickr/endpoints.ts";
import { Empty } from "../../views/components.tsx";
import { SETUP } from "../../views/setup_common.tsx";

/** What the server needs: the first-run services but the viewer, which it makes. */
export type FirstRunOptions = Omit<SetupServices, "viewer"> & {
  /** Port (default 8080; 0 picks a free one). */
  port?: number;
};

/** A running first-run server. */
export interface FirstRunServer {
  url: string;
  port: number;
  viewer: LazyViewer;
  close(): Promise<void>;
}

/** Builds the app (for tests: `app.request(...)`); see the module doc. */
export function createFirstRunApp(
  opts: Omit<SetupServices, "viewer">,
  allowedHosts: string[],
): { app: Hono; viewer: LazyViewer } {
  const viewer = new LazyViewer({
    archiveDir: opts.archiveDir,
    allowedHosts,
    startPage: SETUP.home,
  });
  const sessions = new Sessions();
  const app = new Hono();
  // The sign-in form's answer redirects to Flickr's authorise page, and a CSP's form-action
  // covers a form's redirects too: the key pages allow that one origin (registered before the
  // headers middleware, so that this runs after it).
  const flickr = new URL(flickrEndpoints(opts.settings.origin).authorize).origin;
  app.use(`${SETUP.apiKey}/*`, async (c, next) => {
    await next();
    c.res.headers.set(
      "Content-Security-Policy",
      CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${flickr}`),
    );
  });
  app.use(securityHeaders());
  app.use(hostCheck(allowedHosts));
  app.use(sessions.session());
  app.use(sessions.guard(expired));
  assetRoutes(app);
  setupRoutes(app, { ...opts, viewer });
  app.all("*", async (c) => {
    const shown = await viewer.app();
    if (shown) return await shown.fetch(c.req.raw);
    if (new URL(c.req.url).pathname === "/") return c.redirect(SETUP.home, 303);
    return await page(
      c,
      { title: "Nothing yet", start: SETUP.home },
      <Empty title="Nothing archived yet" glyph="◌">
        <p>
          This archive has no photos yet. <a href={SETUP.home}>Start here</a>.
        </p>
      </Empty>,
      404,
    );
  });
  return { app, viewer };
}

/** A form from an old page (restarted server) or from elsewhere. */
async function expired(c: Context): Promise<Response> {
  return await page(
    c,
    { title: "Form expired", start: SETUP.home },
    <Empty title="This form has expired" glyph="!">
      <p>
        It came from a page shown before flickrvault was restarted, or from another site. Nothing
        was changed.
      </p>
      <p>
        <a href={SETUP.home}>Reload the start page</a> and try again.
      </p>
    </Empty>,
    400,
  );
}

/** Serves the first-run app on 127.0.0.1 (only). */
export function startFirstRunServer(opts: FirstRunOptions): FirstRunServer {
  const host = "127.0.0.1";
  const { port: wanted, ...services } = opts;
  const { app, viewer } = createFirstRunApp(services, allowedHostsFor(host));
  const server = Deno.serve(
    { hostname: host, port: wanted ?? 8080, onListen: () => {} },
    app.fetch,
  );
  const port = server.addr.port;
  return {
    url: `http://${host}:${port}/`,
    port,
    viewer,
    close: async () => {
      await server.shutdown();
      await viewer.close();
    },
  };
}
