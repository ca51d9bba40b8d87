/**
 * Which files an item wants from what its listing gave, before any per-photo API call: the
 * original (or a video's page-style original URL, or, where the owner forbids the original, the
 * largest permitted size), a display copy and a thumbnail, each with its path in the archive.
 * Pure functions; the originals phase (`originals.ts`) plans and fetches with them.
 * @module
 */
import type { ItemRow } from "../catalog/schema.ts";
import { parseListedPhoto } from "../flickr/responses.ts";
import {
  type ListedPhoto,
  LISTING_URL_KEYS,
  type ListingUrl,
  type ListingUrlKey,
} from "../flickr/types.ts";
import { videoExtension } from "./videos.ts";
import { displayPath, itemMediaPath, type ItemPlacement, thumbPath } from "../tree/layout.ts";
import { videoOriginalUrl } from "./rows.ts";
import type { FileTask } from "./file_task.ts";

/** The item columns the plan needs. */
export type PlanItem =
  & ItemPlacement
  & Pick<
    ItemRow,
    | "original_secret"
    | "original_format"
    | "o_width"
    | "o_height"
    | "path_alias"
    | "needs_manual_download"
    | "listing_json"
  >;

/** Square sizes are never a display copy. */
const DISPLAY_KEYS: ListingUrlKey[] = ["l", "c", "z", "m", "w", "n", "s"];
const DISPLAY_MAX_EDGE = 1024;

const longEdge = (u: ListingUrl) => Math.max(u.width ?? 0, u.height ?? 0);

/**
 * The display copy: `url_l` (1024 px), else the largest listed size whose long edge is at most
 * 1024 px. Undefined when the listing has none.
 *
 * @example
 * ```ts
 * displayUrl({ z: { url: "…_z.jpg", width: 640, height: 480 } }); // the 640 px one
 * ```
 */
export function displayUrl(urls: ListedPhoto["urls"]): ListingUrl | undefined {
  if (urls.l) return urls.l;
  for (const key of DISPLAY_KEYS) {
    const u = urls[key];
    if (u && (longEdge(u) === 0 || longEdge(u) <= DISPLAY_MAX_EDGE)) return u;
  }
  return undefined;
}

/** The largest listed size other than the original (for photos without `url_o`). */
export function largestUrl(urls: ListedPhoto["urls"]): ListingUrl | undefined {
  let best: ListingUrl | undefined;
  let bestRank = -1;
  const keys = Object.keys(urls) as ListingUrlKey[];
  for (const key of keys) {
    const u = urls[key];
    if (!u || key === "o") continue;
    // Rank by pixels where Flickr gave them, else by the (size) order of the extra names.
    const rank = longEdge(u) * 100 + LISTING_URL_KEYS.indexOf(key);
    if (rank > bestRank) {
      best = u;
      bestRank = rank;
    }
  }
  return best;
}

/** The secret in a Flickr file URL (`…/{id}_{secret}[_{suffix}].{ext}`), if it has that form. */
export function secretOfUrl(url: string, id: string): string | undefined {
  const name = url.split("?")[0].split("/").pop() ?? "";
  if (!name.startsWith(`${id}_`)) return undefined;
  return SECRET_AND_SUFFIX.exec(name.slice(id.length + 1))?.[1];
}

/** What follows `{id}_` in a Flickr file name: `{secret}[_{suffix}].{ext}`. */
const SECRET_AND_SUFFIX = /^([0-9A-Za-z]+)(?:_[0-9A-Za-z]+)?\.[0-9A-Za-z]+$/;

/**
 * The original's URL where the listing left `url_o` out but an earlier answer gave the original
 * secret and format: Flickr's file names differ only in `{secret}_{suffix}.{ext}`
 * (`{id}_{originalsecret}_o.{originalformat}` for the original), so any listed size names it.
 */
function derivedOriginal(
  listed: ListedPhoto,
  item: Pick<PlanItem, "id" | "original_secret" | "original_format">,
): ListingUrl | undefined {
  if (!item.original_secret || !item.original_format) return undefined;
  for (const key of LISTING_URL_KEYS) {
    const url = listed.urls[key]?.url;
    if (!url || secretOfUrl(url, item.id) === undefined) continue;
    const at = url.lastIndexOf(`/${item.id}_`);
    return {
      url: `${url.slice(0, at)}/${item.id}_${item.original_secret}_o.${item.original_format}`,
    };
  }
  return undefined;
}

/** The files an item should have, and where they go. */
export function wantedFiles(
  item: PlanItem,
  www: string,
): Omit<FileTask, "previous" | "keepPrevious">[] {
  const listed = parseListedPhoto(JSON.parse(item.listing_json));
  const media = item.media === "video" ? "video" : "photo";
  const out: Omit<FileTask, "previous" | "keepPrevious">[] = [];
  const mainPath = (format: string | null) => itemMediaPath(item, format, media);
  const sized = (u: ListingUrl) => ({ width: u.width ?? null, height: u.height ?? null });

  if (media === "video") {
    if (item.original_secret && item.needs_manual_download === 0) {
      out.push({
        itemId: item.id,
        kind: "original",
        url: videoOriginalUrl(www, {
          id: item.id,
          owner: item.owner,
          pathAlias: item.path_alias,
          originalSecret: item.original_secret,
        }),
        rel: mainPath(videoExtension(item.original_format)),
        secret: item.original_secret,
        expect: "video",
        width: item.o_width,
        height: item.o_height,
        exif: false,
        media,
      });
    }
  } else if (listed.urls.o ?? derivedOriginal(listed, item)) {
    const original = (listed.urls.o ?? derivedOriginal(listed, item))!;
    out.push({
      itemId: item.id,
      kind: "original",
      url: original.url,
      rel: mainPath(item.original_format),
      secret: item.original_secret ?? secretOfUrl(original.url, item.id) ?? null,
      expect: "image",
      width: original.width ?? item.o_width,
      height: original.height ?? item.o_height,
      exif: true,
      media,
    });
  } else {
    const best = largestUrl(listed.urls);
    if (best) {
      out.push({
        itemId: item.id,
        kind: "largest",
        url: best.url,
        rel: mainPath("jpg"),
        secret: secretOfUrl(best.url, item.id) ?? listed.secret ?? null,
        expect: "image",
        ...sized(best),
        exif: false,
        media,
      });
    }
  }
  // A photo no larger than a display copy has no scaled size above it: its original serves.
  const o = listed.urls.o;
  const display = displayUrl(listed.urls) ??
    (o && longEdge(o) > 0 && longEdge(o) <= DISPLAY_MAX_EDGE ? o : undefined);
  if (display) {
    out.push({
      itemId: item.id,
      kind: "display",
      url: display.url,
      rel: displayPath(item.id),
      secret: secretOfUrl(display.url, item.id) ?? listed.secret ?? null,
      expect: "image",
      ...sized(display),
      exif: false,
      media,
    });
  }
  const thumb = listed.urls.q ?? listed.urls.sq;
  if (thumb) {
    out.push({
      itemId: item.id,
      kind: "thumb",
      url: thumb.url,
      rel: thumbPath(item.id),
      secret: secretOfUrl(thumb.url, item.id) ?? listed.secret ?? null,
      expect: "image",
      ...sized(thumb),
      exif: false,
      media,
    });
  }
  return out;
}
