// Long on purpose: one short typed wrapper per Flickr method, around one retry loop.
/**
 * The Flickr REST client: signed GET calls with `format=json&nojsoncallback=1`, a shared call
 * budget, retries with jittered exponential backoff for what is transient (HTTP 429 honouring
 * `Retry-After`, 5xx, timeouts, resets, API codes 0/105/201/10, bodies that do not parse), and
 * permanent errors surfaced at once with a hint. One typed wrapper per method flickrvault uses.
 *
 * @example
 * ```ts
 * const client = new FlickrClient({ apiKey, apiSecret, oauthToken, oauthTokenSecret,
 *   budget: new CallBudget(3600) });
 * const me = await client.testLogin();
 * const page = await client.getPhotos({ page: 1, perPage: 500, extras: LISTING_EXTRAS });
 * ```
 * @module
 */
import { linkedAbort } from "../abort.ts";
import { CallBudget } from "./budget.ts";
import { flickrEndpoints } from "./endpoints.ts";
import { apiError, FlickrError, oauthError } from "./errors.ts";
import { oauthProblem, signedUrl } from "./oauth_request.ts";
import { FetchFileClient } from "./fetch_file_client.ts";
import type { FileClient, FileResponse } from "./file_client.ts";
import { type Json, obj, toInt } from "./parse.ts";
import {
  parseCollectionTree,
  parseComments,
  parseContexts,
  parseFavorites,
  parseGalleries,
  parseGroups,
  parseLicenses,
  parseLogin,
  parsePerson,
  parsePhotoExif,
  parsePhotoInfo,
  parsePhotoList,
  parsePhotoPeople,
  parsePhotosetPhotos,
  parsePhotosets,
  parseSizes,
} from "./responses.ts";
import type {
  CollectionTree,
  Comment,
  Gallery,
  GalleryPhotos,
  Group,
  License,
  LoginUser,
  Person,
  PhotoContexts,
  PhotoExif,
  PhotoFavorites,
  PhotoInfo,
  PhotoList,
  PhotoPeople,
  Photoset,
  PhotosetPhotos,
  PoolPhotos,
  Sizes,
} from "./types.ts";

export { FlickrError } from "./errors.ts";

/**
 * Every listing extra worth having (flickr-api.md): with these, one people.getPhotos page of 500
 * carries most of what a photo page shows.
 */
export const LISTING_EXTRAS: string = [
  "description",
  "license",
  "date_upload",
  "date_taken",
  "owner_name",
  "icon_server",
  "original_format",
  "last_update",
  "geo",
  "tags",
  "machine_tags",
  "o_dims",
  "views",
  "media",
  "path_alias",
  "url_o",
  "url_q",
  "url_z",
  "url_l",
  "count_faves",
  "count_comments",
  "count_views",
  "realname",
  "rotation",
  "safety_level",
  "visibility",
  "usage",
].join(",");

/** The most a listing page may hold. */
export const MAX_PER_PAGE = 500;
/** photos.getFavorites allows at most 50 people per page. */
export const FAVORITES_PER_PAGE = 50;

/** What the client reports for logs: retries and waits. */
export type ClientEvent =
  | {
    type: "retry";
    method: string;
    /** The attempt that failed, from 1. */
    attempt: number;
    delayMs: number;
    reason: string;
  }
  | { type: "gave-up"; method: string; attempts: number; reason: string };

/** Options for {@link FlickrClient}. */
export interface FlickrClientOptions {
  /**
   * Replaces `https://api.flickr.com` (and `https://www.flickr.com` for OAuth): REST at
   * `{origin}/services/rest/`.
   */
  origin?: string;
  apiKey: string;
  apiSecret: string;
  /** Access token; without one, calls are unsigned (public methods only). */
  oauthToken?: string;
  oauthTokenSecret?: string;
  /** The budget shared by the whole run; unlimited when absent. */
  budget?: CallBudget;
  fetch?: typeof fetch;
  /**
   * Where calls with small answers go (getInfo, comments, faves, contexts: most of a run's calls),
   * instead of fetch: the run's keep-alive file client (`Http1Client`), which spends about half
   * of fetch's CPU time per call. Pages of up to 500 items still go through fetch, which asks for
   * them compressed. Not closed by this client.
   */
  http?: FileClient;
  /** Retries after the first attempt for transient failures (default 8). */
  maxRetries?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  /** First backoff delay (default 1 s); doubles per attempt, with jitter, up to `retryMaxMs`. */
  retryBaseMs?: number;
  /** Longest backoff delay and longest honoured `Retry-After` (default 60 s and 15 min). */
  retryMaxMs?: number;
  onEvent?: (e: ClientEvent) => void;
  /**
   * Stops the client at once (Ctrl-C): calls waiting for the budget or a retry delay, and
   * requests in flight, reject with the signal's reason instead of queueing more calls.
   */
  signal?: AbortSignal;
}

/** Counters for the run's summary. */
export interface ClientStats {
  /** HTTP requests made to the API, retries included (each counts against Flickr's limit). */
  calls: number;
  retries: number;
  byMethod: Record<string, number>;
}

type Params = Record<string, string | number | undefined>;

/** Options of listing wrappers. */
export interface ListingOptions {
  page?: number;
  perPage?: number;
  extras?: string;
}

/** Rejects with the signal's reason as soon as it aborts; otherwise settles as `p` does. */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * A Flickr API client. Safe to share between concurrent tasks: the budget serialises spending.
 */
export class FlickrClient {
  readonly stats: ClientStats = { calls: 0, retries: 0, byMethod: {} };
  readonly budget: CallBudget;
  readonly #restUrl: string;
  readonly #opts: FlickrClientOptions;
  /** Pages of up to 500 items: fetch, which asks for them compressed. */
  readonly #pages: FileClient;
  /** Every other call: {@link FlickrClientOptions.http}, else fetch too. */
  readonly #small: FileClient;
  /** Whether Flickr has ever answered: a refused connection before that is a setup error. */
  #reached = false;

  /** The `--flickr-origin` that replaces Flickr's hosts, or undefined for Flickr itself. */
  get origin(): string | undefined {
    return this.#opts.origin;
  }

  constructor(options: FlickrClientOptions) {
    this.#opts = options;
    this.#restUrl = flickrEndpoints(options.origin).rest;
    this.#pages = new FetchFileClient(options.fetch ?? fetch);
    this.#small = options.http ?? this.#pages;
    this.budget = options.budget ?? new CallBudget(Infinity);
  }

  /**
   * Calls `method` and returns the whole answer (`stat` is `"ok"`). Retries what is transient;
   * throws a {@link FlickrError} otherwise.
   */
  call<T = Json>(method: string, params: Params = {}): Promise<T> {
    return this.#request(method, params, (body) => body as T);
  }

  async #request<T>(method: string, params: Params, parse: (body: Json) => T): Promise<T> {
    const maxRetries = this.#opts.maxRetries ?? 8;
    for (let attempt = 1;; attempt++) {
      let error: FlickrError;
      try {
        return parse(await this.#once(method, params));
      } catch (e) {
        if (!(e instanceof FlickrError)) throw e;
        error = e;
      }
      const unreachable = error.kind === "network" && !this.#reached && attempt >= 2;
      if (error.permanent || unreachable || attempt > maxRetries) {
        if (!error.permanent) {
          this.#opts.onEvent?.({
            type: "gave-up",
            method,
            attempts: attempt,
            reason: error.message,
          });
          throw new FlickrError(
            error.kind,
            attempt > 1 ? `${error.message} (after ${attempt} attempts)` : error.message,
            {
              code: error.code,
              status: error.status,
              permanent: true,
              hint: error.hint,
              method,
              cause: error,
            },
          );
        }
        throw error;
      }
      const delayMs = this.#backoff(attempt, error.retryAfterMs);
      this.stats.retries++;
      this.#opts.onEvent?.({ type: "retry", method, attempt, delayMs, reason: error.message });
      await abortable(new Promise((resolve) => setTimeout(resolve, delayMs)), this.#opts.signal);
    }
  }

  #backoff(attempt: number, retryAfterMs: number | undefined): number {
    const base = this.#opts.retryBaseMs ?? 1000;
    const cap = this.#opts.retryMaxMs ?? 60_000;
    const exp = Math.min(cap, base * 2 ** (attempt - 1));
    // Full jitter in the upper half: spreads concurrent retries without ever retrying at once.
    const delay = exp / 2 + Math.random() * exp / 2;
    if (retryAfterMs === undefined) return Math.round(delay);
    return Math.round(Math.max(delay, Math.min(retryAfterMs, Math.max(cap, 15 * 60_000))));
  }

  /** One HTTP request: spends a call from the budget, classifies the answer. */
  async #once(method: string, params: Params): Promise<Json> {
    const query: Record<string, string> = { method, format: "json", nojsoncallback: "1" };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) query[k] = String(v);
    query.api_key = this.#opts.apiKey;
    const url = this.#opts.oauthToken
      ? await signedUrl(this.#restUrl, query, {
        consumerKey: this.#opts.apiKey,
        consumerSecret: this.#opts.apiSecret,
        token: this.#opts.oauthToken,
        tokenSecret: this.#opts.oauthTokenSecret,
      })
      : `${this.#restUrl}?${new URLSearchParams(query)}`;

    await abortable(this.budget.acquire(), this.#opts.signal);
    this.stats.calls++;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;

    let res: FileResponse;
    let body: string;
    const request = linkedAbort(this.#opts.signal, this.#opts.timeoutMs ?? 60_000);
    try {
      res = await (asksForLargePage(query) ? this.#pages : this.#small).get(url, request.signal);
      body = utf8.decode(await res.bytes());
    } catch (e) {
      if (this.#opts.signal?.aborted) throw this.#opts.signal.reason;
      throw networkError(method, this.#restUrl, e);
    } finally {
      request.dispose();
    }
    this.#reached = true;
    return classify(method, res, body);
  }

  // ---- typed wrappers, one per method flickrvault uses ----

  /** flickr.test.login: who the token belongs to. */
  async testLogin(): Promise<LoginUser> {
    return await this.#request("flickr.test.login", {}, parseLogin);
  }

  /**
   * flickr.people.getPhotos for the signed-in account: everything (safe_search=3,
   * content_types=0,1,2,3), 500 per page by default, optionally within upload-date bounds.
   */
  async getPhotos(
    opts: ListingOptions & { minUploadDate?: number; maxUploadDate?: number; userId?: string } = {},
  ): Promise<PhotoList> {
    return await this.#request("flickr.people.getPhotos", {
      user_id: opts.userId ?? "me",
      safe_search: 3,
      content_types: "0,1,2,3",
      extras: opts.extras ?? LISTING_EXTRAS,
      per_page: opts.perPage ?? MAX_PER_PAGE,
      page: opts.page ?? 1,
      min_upload_date: opts.minUploadDate,
      max_upload_date: opts.maxUploadDate,
    }, parsePhotoList);
  }

  /** flickr.favorites.getList: others' photos the signed-in person faved (`dateFaved` per item). */
  async favoritesGetList(opts: ListingOptions = {}): Promise<PhotoList> {
    return await this.#request("flickr.favorites.getList", {
      extras: opts.extras ?? LISTING_EXTRAS,
      per_page: opts.perPage ?? MAX_PER_PAGE,
      page: opts.page ?? 1,
    }, parsePhotoList);
  }

  /** flickr.photos.getInfo. */
  async getInfo(photoId: string): Promise<PhotoInfo> {
    return await this.#request("flickr.photos.getInfo", { photo_id: photoId }, parsePhotoInfo);
  }

  /** flickr.photos.comments.getList: all comments at once (no paging). */
  async commentsGetList(photoId: string): Promise<Comment[]> {
    return await this.#request(
      "flickr.photos.comments.getList",
      { photo_id: photoId },
      parseComments,
    );
  }

  /** flickr.photos.getFavorites: one page of 50 people who faved the photo. */
  async getFavorites(photoId: string, page = 1): Promise<PhotoFavorites> {
    return await this.#request("flickr.photos.getFavorites", {
      photo_id: photoId,
      page,
      per_page: FAVORITES_PER_PAGE,
    }, parseFavorites);
  }

  /** flickr.photos.getSizes. */
  async getSizes(photoId: string): Promise<Sizes> {
    return await this.#request("flickr.photos.getSizes", { photo_id: photoId }, parseSizes);
  }

  /** flickr.photos.getExif: the fallback when no original file can be had. */
  async getExif(photoId: string): Promise<PhotoExif> {
    return await this.#request("flickr.photos.getExif", { photo_id: photoId }, parsePhotoExif);
  }

  /** flickr.people.getInfo. */
  async peopleGetInfo(nsid: string): Promise<Person> {
    return await this.#request("flickr.people.getInfo", { user_id: nsid }, parsePerson);
  }

  /** flickr.photos.people.getList: call only where getInfo says `hasPeople`. */
  async photosPeopleGetList(photoId: string): Promise<PhotoPeople> {
    return await this.#request(
      "flickr.photos.people.getList",
      { photo_id: photoId },
      parsePhotoPeople,
    );
  }

  /** flickr.photos.licenses.getInfo. */
  async licensesGetInfo(): Promise<License[]> {
    return await this.#request("flickr.photos.licenses.getInfo", {}, parseLicenses);
  }

  /** flickr.photos.recentlyUpdated: own photos created or changed since `minDate` (Unix seconds). */
  async recentlyUpdated(opts: ListingOptions & { minDate: number }): Promise<PhotoList> {
    return await this.#request("flickr.photos.recentlyUpdated", {
      min_date: opts.minDate,
      extras: opts.extras ?? LISTING_EXTRAS,
      per_page: opts.perPage ?? MAX_PER_PAGE,
      page: opts.page ?? 1,
    }, parsePhotoList);
  }

  /** flickr.photosets.getList: one page of the signed-in person's albums. */
  async photosetsGetList(page = 1): Promise<PhotoList<Photoset>> {
    return await this.#request("flickr.photosets.getList", {
      page,
      per_page: MAX_PER_PAGE,
    }, parsePhotosets);
  }

  /** flickr.photosets.getPhotos: one page of an album, in album order. */
  async photosetsGetPhotos(
    photosetId: string,
    page = 1,
    extras: string = LISTING_EXTRAS,
  ): Promise<PhotosetPhotos> {
    return await this.#request("flickr.photosets.getPhotos", {
      photoset_id: photosetId,
      extras,
      media: "all",
      page,
      per_page: MAX_PER_PAGE,
    }, parsePhotosetPhotos);
  }

  /** flickr.collections.getTree for the signed-in person. */
  async collectionsGetTree(): Promise<CollectionTree> {
    return await this.#request("flickr.collections.getTree", {}, parseCollectionTree);
  }

  /** flickr.galleries.getList: one page of the person's galleries. */
  async galleriesGetList(page = 1, userId = "me"): Promise<PhotoList<Gallery>> {
    return await this.#request("flickr.galleries.getList", {
      user_id: userId,
      page,
      per_page: MAX_PER_PAGE,
    }, parseGalleries);
  }

  /** flickr.galleries.getPhotos: one page of a gallery (others' photos). */
  async galleriesGetPhotos(
    galleryId: string,
    page = 1,
    extras: string = LISTING_EXTRAS,
  ): Promise<GalleryPhotos> {
    return await this.#request("flickr.galleries.getPhotos", {
      gallery_id: galleryId,
      extras,
      page,
      per_page: MAX_PER_PAGE,
    }, parsePhotoList);
  }

  /** flickr.photos.getAllContexts: the albums and group pools a photo is in. */
  async photosGetAllContexts(photoId: string): Promise<PhotoContexts> {
    return await this.#request(
      "flickr.photos.getAllContexts",
      { photo_id: photoId },
      parseContexts,
    );
  }

  /** flickr.people.getGroups: the groups the signed-in person belongs to. */
  async peopleGetGroups(userId = "me"): Promise<Group[]> {
    return await this.#request("flickr.people.getGroups", { user_id: userId }, parseGroups);
  }

  /** flickr.groups.pools.getPhotos with `user_id=me`: the person's own photos in a group's pool. */
  async groupsPoolsGetPhotos(
    groupId: string,
    page = 1,
    extras: string = LISTING_EXTRAS,
  ): Promise<PoolPhotos> {
    return await this.#request("flickr.groups.pools.getPhotos", {
      group_id: groupId,
      user_id: "me",
      extras,
      page,
      per_page: MAX_PER_PAGE,
    }, parsePhotoList);
  }
}

/** A FlickrError for a request that got no answer (refused, reset, DNS, timeout). */
export function networkError(where: string, url: string, e: unknown): FlickrError {
  const err = e as Error;
  const timeout = err?.name === "TimeoutError" || err?.name === "AbortError";
  const origin = (() => {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  })();
  const reason = timeout ? "no answer in time" : shortReason(err);
  return new FlickrError("network", `Cannot reach Flickr at ${origin} (${where}): ${reason}`, {
    permanent: false,
    hint: "check the network connection, or --flickr-origin / FLICKRVAULT_FLICKR_ORIGIN",
    method: where,
    cause: e,
  });
}

function shortReason(err: Error | undefined): string {
  // Deno's fetch says only "fetch failed"; what happened is in its cause.
  const cause = (err as { cause?: { message?: unknown } } | undefined)?.cause?.message;
  const msg = String(err?.message ?? err ?? "unknown error") +
    (typeof cause === "string" ? `: ${cause}` : "");
  if (/refused/i.test(msg)) return "connection refused";
  if (/reset/i.test(msg)) return "connection reset";
  if (/dns|lookup|resolve|name or service/i.test(msg)) return "unknown host";
  return msg.split("\n")[0].replace(/^error sending request[^:]*: /i, "").slice(0, 200);
}

/** Seconds or an HTTP date, as `Retry-After` allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const s = Number(value.trim());
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Reads a body as JSON, tolerating what Flickr has sent: a JSONP wrapper and a stray trailing
 * comma. Returns undefined when it still does not parse.
 */
export function parseBody(body: string): Json | undefined {
  let s = body.trim();
  const jsonp = /^jsonFlickrApi\(([\s\S]*)\);?$/.exec(s);
  if (jsonp) s = jsonp[1];
  for (const candidate of [s, s.replace(/,\s*$/, "").replace(/,(\s*[}\]])/g, "$1")]) {
    try {
      return obj(JSON.parse(candidate));
    } catch {
      // try the next repair
    }
  }
  return undefined;
}

const utf8 = new TextDecoder();

/**
 * Whether a call asks for a page of more than 50 items: such answers run to hundreds of KB of JSON
 * (a listing page of 500 items with extras), which fetch asks for compressed.
 */
function asksForLargePage(query: Record<string, string>): boolean {
  return Number(query.per_page ?? 0) > FAVORITES_PER_PAGE;
}

function classify(
  method: string,
  res: Pick<FileResponse, "status" | "header">,
  body: string,
): Json {
  const problem = oauthProblem(body);
  if (problem && res.status !== 200) throw oauthError(method, res.status, problem);
  if (res.status === 429) {
    throw new FlickrError("http", `Flickr is limiting calls (HTTP 429 on ${method})`, {
      status: 429,
      permanent: false,
      method,
      retryAfterMs: parseRetryAfter(res.header("retry-after")),
    });
  }
  if (res.status >= 500 || res.status === 408) {
    throw new FlickrError("http", `Flickr answered HTTP ${res.status} on ${method}`, {
      status: res.status,
      permanent: false,
      method,
    });
  }
  if (res.status !== 200) {
    throw new FlickrError("http", `Flickr answered HTTP ${res.status} on ${method}`, {
      status: res.status,
      permanent: true,
      hint: res.status === 404
        ? "check --flickr-origin / FLICKRVAULT_FLICKR_ORIGIN: no Flickr API there"
        : undefined,
      method,
    });
  }
  const json = parseBody(body);
  if (!json) {
    throw new FlickrError("parse", `Flickr's answer to ${method} is not valid JSON`, {
      status: res.status,
      permanent: false,
      method,
    });
  }
  if (json.stat === "ok") return json;
  if (json.stat === "fail") {
    const code = toInt(json.code) ?? 0;
    throw apiError(method, code, String(json.message ?? ""));
  }
  throw new FlickrError("parse", `Flickr's answer to ${method} has no "stat"`, {
    status: res.status,
    permanent: false,
    method,
  });
}
