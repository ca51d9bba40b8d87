/**
 * Where Flickr lives. By default REST calls go to `https://api.flickr.com` and OAuth to
 * `https://www.flickr.com`; `--flickr-origin URL` (or `FLICKRVAULT_FLICKR_ORIGIN`) replaces both,
 * which is how flickrvault talks to its simulator.
 *
 * @example
 * ```ts
 * flickrEndpoints("http://127.0.0.1:8123").rest; // "http://127.0.0.1:8123/services/rest/"
 * ```
 * @module
 */

/** The URLs flickrvault calls. */
export interface FlickrEndpoints {
  rest: string;
  requestToken: string;
  authorize: string;
  accessToken: string;
}

/** Endpoints for an origin (no trailing slash needed), or Flickr's own when none is given. */
export function flickrEndpoints(origin?: string): FlickrEndpoints {
  const o = origin?.replace(/\/+$/, "");
  const api = o ?? "https://api.flickr.com";
  const www = o ?? "https://www.flickr.com";
  return {
    rest: `${api}/services/rest/`,
    requestToken: `${www}/services/oauth/request_token`,
    authorize: `${www}/services/oauth/authorize`,
    accessToken: `${www}/services/oauth/access_token`,
  };
}

/** The origin from `--flickr-origin`, else `$FLICKRVAULT_FLICKR_ORIGIN`, else undefined (Flickr). */
export function flickrOrigin(flag: string | undefined): string | undefined {
  const value = flag ?? Deno.env.get("FLICKRVAULT_FLICKR_ORIGIN");
  return value === undefined || value === "" ? undefined : value;
}
