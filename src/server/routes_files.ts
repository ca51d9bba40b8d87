/**
 * File routes. Files are found through the catalog by id, never by a path taken from the request,
 * and the catalog's path must still resolve inside the archive.
 * @module
 */
import type { Hono } from "hono";
import { resolve, sep } from "node:path";
import type { Catalog } from "../catalog/db.ts";
import { avatarPath, currentFile, fileById } from "../catalog/browse_photo.ts";
import { assetAt, assets, DEFAULT_AVATAR_SVG } from "../../views/assets.ts";
import { FileMissingError, sendFile } from "./send_file.ts";
import { withOrientation } from "../xmp/copy.ts";

const KINDS = new Set(["original", "display", "thumb", "video"]);

/** The absolute path of `relative` inside `archiveDir`, or null if it would leave the archive. */
export function insideArchive(archiveDir: string, relative: string): string | null {
  if (!relative || relative.includes("\0")) return null;
  const root = resolve(archiveDir);
  const full = resolve(root, relative);
  return full.startsWith(root + sep) ? full : null;
}

function contentTypeOf(path: string, stored: string | null): string {
  if (stored) return stored;
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return {
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    gif: "image/gif",
    webp: "image/webp",
    heic: "image/heic",
    tif: "image/tiff",
    tiff: "image/tiff",
    mp4: "video/mp4",
    m4v: "video/mp4",
    mov: "video/quicktime",
    avi: "video/x-msvideo",
    webm: "video/webm",
  }[ext] ?? "application/octet-stream";
}

function notFound(what: string): Response {
  return new Response(`${what}\n`, {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Adds `/files/:id`, `/media/:item/:kind`, `/avatars/:nsid` and the embedded assets to `app`. */
export function fileRoutes(app: Hono, opts: { archiveDir: string; catalog: Catalog }): void {
  const { archiveDir, catalog } = opts;

  const send = async (
    req: Request,
    relative: string,
    contentType: string | null,
    immutable: boolean,
  ) => {
    const full = insideArchive(archiveDir, relative);
    if (!full) return notFound("This file is outside the archive.");
    try {
      return await sendFile(req, full, {
        contentType: contentTypeOf(relative, contentType),
        immutable,
      });
    } catch (e) {
      if (e instanceof FileMissingError) {
        return notFound("This file is in the catalog but missing from the archive folder.");
      }
      throw e;
    }
  };

  // Any file version by its catalog id. With `?v=` matching its sha256, the URL names exactly
  // these bytes, so it may be cached for a year.
  app.get("/files/:id{[0-9]{1,15}}", async (c) => {
    const row = await fileById(catalog.db, Number(c.req.param("id")));
    if (!row) return notFound("No such file in the catalog.");
    const v = c.req.query("v");
    const immutable = v !== undefined && v.length >= 8 && row.sha256.startsWith(v);
    // `turn`: an original turned on Flickr, served with that EXIF orientation (the photo page
    // asks for it; the bytes on disk are never changed). Deterministic, so cached like the file.
    const turn = Number(c.req.query("turn"));
    if (row.kind === "original" && Number.isInteger(turn) && turn >= 1 && turn <= 8) {
      const full = insideArchive(archiveDir, row.path);
      if (!full) return notFound("This file is outside the archive.");
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(full);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) {
          return notFound("This file is in the catalog but missing from the archive folder.");
        }
        throw e;
      }
      const turned = withOrientation(bytes, turn);
      if (turned) {
        return c.body(turned as Uint8Array<ArrayBuffer>, 200, {
          "Content-Type": contentTypeOf(row.path, row.content_type),
          "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
        });
      }
    }
    return await send(c.req.raw, row.path, row.content_type, immutable);
  });

  app.get("/media/:item{[^/]{1,80}}/:kind", async (c) => {
    const kind = c.req.param("kind");
    if (!KINDS.has(kind)) return notFound("Kinds are original, display, thumb and video.");
    const row = await currentFile(catalog.db, c.req.param("item"), kind);
    if (!row) return notFound("The archive holds no such file for this item.");
    return await send(c.req.raw, row.path, row.content_type, false);
  });

  app.get("/avatars/:nsid{[^/]{1,80}}", async (c) => {
    const path = await avatarPath(catalog.db, c.req.param("nsid"));
    if (path && insideArchive(archiveDir, path)) {
      const res = await send(c.req.raw, path, null, false);
      if (res.status !== 404) return res;
    }
    return c.body(DEFAULT_AVATAR_SVG, 200, {
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=3600",
    });
  });

  assetRoutes(app);
}

/** Adds the embedded assets (`/assets/...`, `/favicon.ico`), which need no catalog. */
export function assetRoutes(app: Hono): void {
  app.get("/assets/:name", (c) => {
    const asset = assetAt(new URL(c.req.url).pathname);
    if (!asset) return notFound("No such asset (it may be from an older version: reload).");
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
    return c.body(asset.body, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "ETag": asset.etag,
    });
  });

  app.get("/favicon.ico", (c) => c.redirect(assets.favicon.url, 301));
}
