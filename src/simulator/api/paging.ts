/**
 * Paging of listings as Flickr does it: `page`/`per_page` with per-method caps (a page past the
 * end returns the last page), continuation paging (galleries), the `photos` wrapper, and short
 * pages when the fault injector asks for them.
 * @module
 */
import type { Json, JsonObject } from "../photo_json.ts";
import { listEntry, parseExtras } from "../photo_json.ts";
import type { ApiCall } from "./request.ts";

/** The page window of a listing. */
export interface Page {
  page: number;
  pages: number;
  perPage: number;
  start: number;
  end: number;
}

/** `per_page` as Flickr reads it: `fallback` when absent or not a positive whole number, capped at `max`. */
function perPageOf(perPage: string | undefined, max: number, fallback: number): number {
  const pp = Number(perPage);
  return Math.min(Number.isInteger(pp) && pp > 0 ? pp : fallback, max);
}

/**
 * Flickr's paging: `per_page` defaults to 100 and is capped at `max`; a page past the end returns
 * the last page; an empty listing has 0 pages and answers page 1.
 */
export function paginate(
  total: number,
  page: string | undefined,
  perPage: string | undefined,
  max: number,
  fallback = 100,
): Page {
  const pp = perPageOf(perPage, max, fallback);
  const pages = Math.ceil(total / pp);
  let p = Number(page);
  if (!Number.isInteger(p) || p <= 0) p = 1;
  if (pages > 0 && p > pages) p = pages;
  if (pages === 0) p = 1;
  const start = (p - 1) * pp;
  return { page: p, pages, perPage: pp, start, end: Math.min(total, start + pp) };
}

/**
 * Continuation paging (`flickr.galleries.getPhotos`): the caller sends 0, then relays the value
 * received; the window starts there. Always page 1 of `ceil(total / per_page)`.
 */
export function continuationPage(
  total: number,
  continuation: string,
  perPage: string | undefined,
  max: number,
): Page {
  const start = Math.max(0, Number(continuation) || 0);
  const pp = perPageOf(perPage, max, 100);
  return {
    page: 1,
    pages: Math.ceil(total / pp),
    perPage: pp,
    start,
    end: Math.min(total, start + pp),
  };
}

/** Drops a few entries from a non-final page when the fault injector says so. */
export function maybeShort<T>(call: ApiCall, entries: T[], page: Page): T[] {
  if (page.page >= page.pages || entries.length < 2 || !call.shortPage()) return entries;
  const drop = Math.max(1, Math.floor(entries.length / 10));
  return entries.filter((_, k) => k % Math.ceil(entries.length / drop) !== 1);
}

/** The standard `photos` listing wrapper (total as a string, as Flickr sends it). */
export function photosWrapper(page: Page, total: number, photo: Json[]): JsonObject {
  return { page: page.page, pages: page.pages, perpage: page.perPage, total: String(total), photo };
}

/** One page of own items (indices in listing order) with the call's `extras`, up to 500 a page. */
export function ownPhotosPage(call: ApiCall, list: ArrayLike<number>): JsonObject {
  const extras = parseExtras(call.params.extras);
  const page = paginate(list.length, call.params.page, call.params.per_page, 500);
  const entries: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    entries.push(listEntry(call, call.account.item("own", list[k]), extras));
  }
  return { photos: photosWrapper(page, list.length, maybeShort(call, entries, page)) };
}
