/**
 * How the viewer answers: a full HTML page, an htmx fragment, or JSON, chosen from the request.
 *
 * Tested by src/server/routes_pages_test.ts, tests/viewer_routes_test.ts and
 * tests/viewer_security_test.ts.
 * @module
 */
import type { Context } from "hono";
import type { Child, FC } from "hono/jsx";
import { Layout, type LayoutProps } from "../../views/layout.tsx";

/** The list pages answer JSON to `?format=json` or to `Accept: application/json` (without HTML). */
export function wantsJson(c: Context): boolean {
  if (c.req.query("format") === "json") return true;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

/**
 * htmx asked for a piece of a page. A history restore also comes from htmx but needs the whole
 * page (htmx 4 re-requests the URL rather than keeping snapshots).
 */
export function isPartial(c: Context): boolean {
  return c.req.header("hx-request") === "true" &&
    c.req.header("hx-history-restore-request") !== "true";
}

function vary(c: Context) {
  c.header("Vary", "Accept, HX-Request, HX-History-Restore-Request");
  c.header("Cache-Control", "no-cache");
}

async function render(node: unknown): Promise<string> {
  return String(await (node as unknown as { toString(): string | Promise<string> }).toString());
}

/** A full page inside the layout. */
export async function page(
  c: Context,
  layout: LayoutProps,
  body: Child | ReturnType<FC>,
  status: 200 | 400 | 404 | 503 = 200,
): Promise<Response> {
  vary(c);
  const start = c.get("startPage" as never) as string | undefined;
  const html = await render(Layout({ start, ...layout, children: body as Child }));
  return c.html(`<!doctype html>${html}`, status);
}

/** An htmx fragment. */
export async function fragment(
  c: Context,
  body: Child | ReturnType<FC>,
  status: 200 | 404 = 200,
): Promise<Response> {
  vary(c);
  return c.html(await render(body), status);
}

/** A JSON answer. */
export function json(c: Context, body: unknown, status: 200 | 400 | 404 | 503 = 200): Response {
  vary(c);
  return c.json(body as object, status);
}
