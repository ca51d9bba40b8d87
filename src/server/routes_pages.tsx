/**
 * The viewer's pages: a route for every entry of the table of pages (`src/pages/table.ts`). Each
 * answers as a full page, as an htmx fragment where the page has one (the next tiles for infinite
 * scroll, the results as one types) and as JSON (`?format=json`, or `Accept: application/json`),
 * which the page's head links as its alternate.
 * @module
 */
import type { Context, Hono } from "hono";
import type { Catalog } from "../catalog/db.ts";
import type { AnyPage, PageOut, PageRequest, PageSource, Want } from "../pages/page.ts";
import { PAGE_TABLE } from "../pages/table.ts";
import { NotFoundPage } from "../../views/error_page.tsx";
import { jsonTwinUrl, withQuery } from "../../views/urls.ts";
import { fragment, isPartial, json, page, wantsJson } from "./respond.ts";

/** `?limit=` for API clients (bounded by the browse functions); undefined for the default. */
function limitOf(c: Context): number | undefined {
  const n = Number(c.req.query("limit"));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The request's path and query, as the page's own links would write it. */
function hereOf(c: Context): string {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
}

/** 404 in the form the request asked for. */
export async function notFound(c: Context, what: string): Promise<Response> {
  if (wantsJson(c)) return json(c, { error: what }, 404);
  if (isPartial(c)) return await fragment(c, <p class="muted">{what}</p>, 404);
  return await page(c, { title: "Not found" }, <NotFoundPage what={what} />, 404);
}

/**
 * The viewer's way of writing a page: lists go on by cursor, from the request's own URL. A JSON
 * answer's links lead to JSON, so a script can follow `next` to the end of a list.
 */
function serveOut(c: Context, want: Want): PageOut {
  const format = want === "json" ? "json" : null;
  return {
    site: null,
    next: (cursor) => cursor ? withQuery(hereOf(c), { after: cursor, from: null, format }) : null,
    more: (url, cursor) => cursor ? withQuery(url, { after: cursor, format }) : null,
  };
}

/** Answers a request for `entry` in the form it asks for. */
export async function answerPage(c: Context, entry: AnyPage, src: PageSource): Promise<Response> {
  const want: Want = wantsJson(c) ? "json" : isPartial(c) && entry.fragment ? "fragment" : "page";
  const req: PageRequest = {
    param: (name) => c.req.param(name) ?? "",
    query: (name) => c.req.query(name),
    after: c.req.query("after"),
    limit: limitOf(c),
    want,
  };
  const data = await entry.load(src, req);
  if (data === null) {
    const what = typeof entry.notFound === "function" ? entry.notFound(req) : entry.notFound;
    return await notFound(c, what ?? "There is no page at this address.");
  }
  const out = serveOut(c, want);
  if (want === "json") return json(c, entry.json(data, out));
  if (want === "fragment") return await fragment(c, entry.fragment!(data, out));
  const { layout, body } = entry.view(data, out);
  return await page(c, { ...layout, json: jsonTwinUrl(hereOf(c)) }, body);
}

/** Options of {@link pageRoutes}. */
export interface PageRoutesOptions {
  archiveDir: string;
  catalog: Catalog;
}

/** Adds a route to `app` for every page of the table. */
export function pageRoutes(app: Hono, opts: PageRoutesOptions): void {
  const src: PageSource = {
    db: opts.catalog.db,
    catalog: opts.catalog,
    archiveDir: opts.archiveDir,
  };
  for (const entry of PAGE_TABLE) app.get(entry.pattern, (c) => answerPage(c, entry, src));
}
