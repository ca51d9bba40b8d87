/**
 * Starts the Flickr simulator: the REST endpoint, OAuth, the CDN and the control endpoints on one
 * origin, with the optional rate limit and fault injection.
 *
 * Routes:
 * - `{origin}/services/rest/` (GET, or POST with a form body): the API (`api.ts`);
 * - `{origin}/services/oauth/request_token|authorize|access_token` (`oauth.ts`);
 * - files (`cdn.ts`): `{origin}/cdn/{server}/{id}_{secret}_{suffix}.jpg`, originals
 *   `{origin}/cdn/{server}/{id}_{originalsecret}_o.{format}`, buddy icons
 *   `{origin}/cdn-farm{iconfarm}/{iconserver}/buddyicons/{nsid}.jpg`, the default icon
 *   `{origin}/images/buddyicon.gif`, video play URLs `{origin}/photos/{owner}/{id}/play/{label}/{secret}/`
 *   (302 to a signed `{origin}/video-cdn/...` URL valid for 3 minutes);
 * - control (never faulted, never rate limited): `GET /__simulator/truth` (`?sha256=0` skips
 *   hashing originals), `GET /__simulator/stats`, `POST /__simulator/mutate`, and
 *   `POST /__simulator/export` (with `exportDir`: writes a new export of the account as it is
 *   now beside the earlier ones, as Flickr makes one when asked; see `export.ts`'s `sequence`).
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ photos: 100, videos: 5, seed: 1 });
 * console.log(sim.origin, sim.apiKey);
 * await sim.close();
 * ```
 * @module
 */
import { Account, type AccountPlan } from "./account.ts";
import { callMethod } from "./api.ts";
import { Cdn, sendBytes } from "./cdn.ts";
import {
  API_FAULTS,
  FaultInjector,
  FILE_FAULTS,
  httpErrorPage,
  tooManyRequests,
} from "./faults.ts";
import { type MediaZipNames, writeExport } from "./export.ts";
import { FileStore } from "./files.ts";
import { mutate, MutationError } from "./mutate.ts";
import { authorizationParams, credentialsFor, OAuthProvider, requestArguments } from "./oauth.ts";
import type { JsonObject } from "./photo_json.ts";
import { hash32, Rng } from "./prng.ts";
import { RateLimiter } from "./rate_limit.ts";
import { computeTruth } from "./truth.ts";
import { toXml } from "./xml.ts";

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  photos: number;
  videos: number;
  seed: number;
  /** Others' photos the person faved (default: a tenth of the own items, at least 10). */
  favorites?: number;
  /** Share (0..1) of items with at least one comment (default about 38 %). */
  commentShare?: number;
  /** Share (0..1) of items with at least one fave (default about 45 %). */
  faveShare?: number;
  /** Number of albums, none empty (default about one per 50 items). */
  albums?: number;
  /** API calls per hour; undefined means no limit. */
  rateLimit?: number;
  /** Fault spec, e.g. `500:0.05,429:0.05,short-page:0.05` (see `faults.ts`). */
  faults?: string;
  /**
   * Share (0..1) of items whose listing entries never carry `count_comments`, `count_faves` and
   * `count_views`, as on older accounts (the same items in every answer; default 0).
   */
  sparse?: number;
  /** Approve authorisation requests without waiting for the Allow button. */
  autoApprove?: boolean;
  /** Also write the account as Flickr's data export zips into this directory (`export.ts`). */
  exportDir?: string;
  /** How that export names its media zips (default `data-download`). */
  exportZipNames?: MediaZipNames;
  /** Photo originals of about this many bytes (default: as small as the image drawn, ~20 KB). */
  originalBytes?: number;
  /**
   * "pro" (default) or "free": Flickr's 2025 rules for free accounts, under which the owner's
   * photos, and others' photos whose owners are free, come through the API and the CDN at most
   * 1,024 px unless public and Creative Commons licensed; the export still holds every original
   * (`account/free_rules.ts`).
   */
  account?: AccountPlan;
}

/** A running simulator. */
export interface RunningSimulator {
  origin: string;
  apiKey: string;
  apiSecret: string;
  /** A pre-issued access token for the account owner (lets unattended runs skip the browser). */
  oauthToken: string;
  oauthTokenSecret: string;
  userNsid: string;
  close(): Promise<void>;
}

/** Counters served by `/__simulator/stats`. */
interface Stats {
  api_calls: Record<string, number>;
  total_api_calls: number;
  bytes_served: number;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_TYPE });
}

/** Writes an API answer in the requested format (JSON, JSONP or XML). */
function formatAnswer(
  answer: JsonObject,
  params: Map<string, string>,
  malformed: boolean,
): Response {
  const format = params.get("format");
  if (format === "json") {
    let text = JSON.stringify(answer);
    // Cut short, as Flickr has sent: the body no longer parses.
    if (malformed) text = text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
    if (params.get("nojsoncallback") !== "1") {
      const cb = params.get("jsoncallback") || "jsonFlickrApi";
      text = `${cb}(${text})`;
    }
    return new Response(text, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  }
  let xml = toXml(answer);
  if (malformed) xml = xml.slice(0, Math.floor(xml.length * 0.6));
  return new Response(xml, { headers: { "content-type": "text/xml; charset=utf-8" } });
}

/** The counts that listings of older accounts lack (`SimulatorOptions.sparse`). */
const SPARSE_EXTRAS = ["count_comments", "count_faves", "count_views"];

/** Starts a simulator; resolves when it is listening. */
export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const hostname = opts.hostname ?? "127.0.0.1";
  const account = new Account({
    seed: opts.seed,
    photos: opts.photos,
    videos: opts.videos,
    favorites: opts.favorites,
    commentShare: opts.commentShare,
    faveShare: opts.faveShare,
    albums: opts.albums,
    plan: opts.account,
  });
  const files = new FileStore(account, opts.originalBytes);
  /** Exports written so far (`POST /__simulator/export` writes the next one). */
  let exports = 0;
  const exportNow = async (dir: string) =>
    await writeExport(account, dir, {
      files,
      mediaZipNames: opts.exportZipNames,
      sequence: ++exports,
    });
  if (opts.exportDir !== undefined) await exportNow(opts.exportDir);
  const creds = credentialsFor(opts.seed);
  const oauth = new OAuthProvider(creds, account.owner, opts.autoApprove ?? false);
  const faults = new FaultInjector(opts.faults, opts.seed);
  const sparse = opts.sparse ?? 0;
  if (!(sparse >= 0 && sparse <= 1)) throw new Error("Cannot start simulator: sparse must be 0..1");
  const isSparse = (id: string) =>
    hash32(opts.seed, 0x5a125e, Number(id) % 2 ** 31, Math.floor(Number(id) / 2 ** 31)) / 2 ** 32 <
      sparse;
  const limiter = opts.rateLimit === undefined ? undefined : new RateLimiter(opts.rateLimit);
  const stalled = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const stats: Stats = { api_calls: {}, total_api_calls: 0, bytes_served: 0 };
  let origin = "";
  const cdn = new Cdn(account, files, () => origin, new Rng(hash32(opts.seed, 0x5157)).hex(24));
  const countBytes = (n: number) => (stats.bytes_served += n);

  async function api(req: Request, url: URL): Promise<Response> {
    const args = await requestArguments(req, url);
    const list = [...args, ...authorizationParams(req)];
    const params = new Map(list);
    const method = params.get("method") ?? "";
    stats.total_api_calls++;
    stats.api_calls[method] = (stats.api_calls[method] ?? 0) + 1;
    if (limiter) {
      const wait = limiter.take(Date.now());
      if (wait > 0) return tooManyRequests(wait);
    }
    const fault = faults.pick(API_FAULTS);
    if (fault === "500" || fault === "502" || fault === "503") {
      return httpErrorPage(Number(fault) as 500 | 502 | 503);
    }
    if (fault === "429") return tooManyRequests(2);
    if (fault === "105") {
      return formatAnswer(
        { stat: "fail", code: 105, message: "Service currently unavailable" },
        params,
        false,
      );
    }
    if (fault === "201") {
      return formatAnswer(
        {
          stat: "fail",
          code: 201,
          message: "Sorry, the Flickr API service is not currently available.",
        },
        params,
        false,
      );
    }
    const auth = await oauth.verifyApiCall(req, url, list);
    if (!auth.ok) {
      if ("response" in auth) return auth.response;
      return formatAnswer({ stat: "fail", ...auth.apiError }, params, false);
    }
    const answer = callMethod(method, {
      account,
      files,
      origin,
      isOwner: auth.access !== undefined,
      authenticated: auth.access !== undefined,
      access: auth.access,
      params: Object.fromEntries(params),
      args,
      shortPage: () => faults.pick(["short-page"]) !== undefined,
      omit: (item) => {
        const dropped = faults.omitted();
        if (!sparse || !isSparse(item.id)) return dropped;
        return new Set([...SPARSE_EXTRAS, ...(dropped ?? [])]);
      },
    });
    return formatAnswer(answer, params, fault === "malformed");
  }

  function file(req: Request, url: URL): Response {
    const routed = cdn.route(url);
    if (routed.kind === "response") return routed.response;
    const fault = faults.pick(FILE_FAULTS);
    if (fault === "500" || fault === "502" || fault === "503") {
      return httpErrorPage(Number(fault) as 500 | 502 | 503);
    }
    if (fault === "429") return tooManyRequests(2);
    return sendBytes(req, routed.bytes, {
      contentType: routed.contentType,
      etag: routed.etag,
      lastModified: routed.lastModified,
      fault: fault === "truncate" || fault === "stall" ? fault : undefined,
      onBytes: countBytes,
      stalled,
    });
  }

  async function control(req: Request, url: URL): Promise<Response> {
    switch (url.pathname) {
      case "/__simulator/truth":
        return json(computeTruth(account, files, url.searchParams.get("sha256") !== "0"));
      case "/__simulator/stats":
        return json(stats);
      case "/__simulator/mutate": {
        if (req.method !== "POST") return json({ error: "Use POST with a JSON body" }, 405);
        let body: { action?: unknown; id?: unknown };
        try {
          body = await req.json();
        } catch {
          return json({ error: "Cannot mutate: the body is not JSON" }, 400);
        }
        try {
          return json(mutate(account, body ?? {}));
        } catch (e) {
          if (e instanceof MutationError) return json({ error: e.message }, e.status);
          throw e;
        }
      }
      case "/__simulator/export": {
        // Real Flickr makes a new export of the account as it is now whenever the person asks.
        if (req.method !== "POST") return json({ error: "Use POST" }, 405);
        if (opts.exportDir === undefined) {
          return json({
            error:
              "Cannot export: the simulator was started without an export folder (--export DIR)",
          }, 400);
        }
        const written = await exportNow(opts.exportDir);
        return json({
          metadata_zips: written.metadataZips,
          media_zips: written.mediaZips,
          photos: written.photos,
          media_files: written.mediaFiles,
          without_media: written.withoutMedia,
        });
      }
    }
    return json({ error: `No control endpoint ${url.pathname}` }, 404);
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const path = url.pathname;
    if (path.startsWith("/__simulator/")) return await control(req, url);
    if (path === "/services/rest/" || path === "/services/rest") return await api(req, url);
    if (path === "/services/oauth/request_token") return await oauth.requestToken(req, url);
    if (path === "/services/oauth/authorize") return await oauth.authorize(req, url);
    if (path === "/services/oauth/access_token") return await oauth.accessToken(req, url);
    if (Cdn.handles(path)) return file(req, url);
    return new Response("<h1>404 Not Found</h1>", {
      status: 404,
      headers: { "content-type": "text/html" },
    });
  }

  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    hostname,
    port: opts.port ?? 0,
    onListen: (addr) => resolve(addr as Deno.NetAddr),
    onError: (e) => {
      // Bodies cut short on purpose (truncate, stall) are not errors worth printing.
      const message = (e as Error).message;
      if (!/^simulat(ed|or closed)/.test(message)) console.error(`flickr simulator: ${message}`);
      return new Response("<h1>500 Internal Server Error</h1>", {
        status: 500,
        headers: { "content-type": "text/html" },
      });
    },
  }, handle);
  const addr = await listening;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  origin = `http://${host}:${addr.port}`;

  return {
    origin,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
    oauthToken: creds.oauthToken,
    oauthTokenSecret: creds.oauthTokenSecret,
    userNsid: account.owner.nsid,
    async close() {
      for (const c of stalled) {
        try {
          c.error(new Error("simulator closed"));
        } catch { /* already closed */ }
      }
      stalled.clear();
      await server.shutdown();
    },
  };
}
