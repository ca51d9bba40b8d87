/**
 * Flickr's image sizes: labels, file suffixes, the `url_*` extra names (which do not match the
 * suffixes), and the URLs of each file on the simulator's CDN. Files live on the simulator's own
 * origin under paths that mirror Flickr's: `{origin}/cdn/{server}/{id}_{secret}_{suffix}.jpg`.
 * @module
 */
import type { Item } from "./account.ts";

/** One of Flickr's sizes. */
export interface SizeSpec {
  label: string;
  /** File name suffix ("" for Medium 500, which has none). */
  suffix: string;
  /** The `url_*` / `width_*` / `height_*` extra name. */
  extra: string;
  /** Longest edge in pixels (0 for the original). */
  edge: number;
  square?: boolean;
  /** The `url` key segment on the size's page (`/sizes/{page}/`). */
  page: string;
}

/** Every size, smallest first. */
export const SIZES: readonly SizeSpec[] = [
  { label: "Square", suffix: "s", extra: "sq", edge: 75, square: true, page: "sq" },
  { label: "Large Square", suffix: "q", extra: "q", edge: 150, square: true, page: "q" },
  { label: "Thumbnail", suffix: "t", extra: "t", edge: 100, page: "t" },
  { label: "Small", suffix: "m", extra: "s", edge: 240, page: "s" },
  { label: "Small 320", suffix: "n", extra: "n", edge: 320, page: "n" },
  { label: "Small 400", suffix: "w", extra: "w", edge: 400, page: "w" },
  { label: "Medium", suffix: "", extra: "m", edge: 500, page: "m" },
  { label: "Medium 640", suffix: "z", extra: "z", edge: 640, page: "z" },
  { label: "Medium 800", suffix: "c", extra: "c", edge: 800, page: "c" },
  { label: "Large", suffix: "b", extra: "l", edge: 1024, page: "l" },
  { label: "Large 1600", suffix: "h", extra: "h", edge: 1600, page: "h" },
  { label: "Large 2048", suffix: "k", extra: "k", edge: 2048, page: "k" },
  { label: "Original", suffix: "o", extra: "o", edge: 0, page: "o" },
];

/** A size an item actually has, with its pixel dimensions. */
export interface ItemSize {
  spec: SizeSpec;
  width: number;
  height: number;
}

/**
 * Pixel size of `spec` for an item (squares are square; others scale the longest edge). The
 * original is as stored; Flickr's sized copies of a photo are turned by its rotation.
 */
export function dimensions(
  item: Pick<Item, "width" | "height"> & Partial<Pick<Item, "rotation" | "media">>,
  spec: SizeSpec,
): [number, number] {
  if (spec.edge === 0) return [item.width, item.height];
  if (spec.square) return [spec.edge, spec.edge];
  const sideways = item.media === "photo" && (item.rotation === 90 || item.rotation === 270);
  const [w, h] = sideways ? [item.height, item.width] : [item.width, item.height];
  const long = Math.max(w, h);
  const scale = spec.edge / long;
  return w >= h
    ? [spec.edge, Math.max(1, Math.round(h * scale))]
    : [Math.max(1, Math.round(w * scale)), spec.edge];
}

/**
 * The sizes an item has: squares always, scaled sizes smaller than the original, and the original
 * when the viewer may have it (`withOriginal`). `maxEdge` leaves out the scaled sizes above it
 * (a free account's photos stop at Large 1024).
 */
export function sizesOf(item: Item, withOriginal: boolean, maxEdge = Infinity): ItemSize[] {
  const long = Math.max(item.width, item.height);
  const out: ItemSize[] = [];
  for (const spec of SIZES) {
    if (spec.edge === 0 && !withOriginal) continue;
    if (spec.edge !== 0 && !spec.square && (spec.edge >= long || spec.edge > maxEdge)) continue;
    const [width, height] = dimensions(item, spec);
    out.push({ spec, width, height });
  }
  return out;
}

/** The size with a given file suffix. */
export function sizeBySuffix(suffix: string): SizeSpec | undefined {
  return SIZES.find((s) => s.suffix === suffix);
}

/** The secret in the file name of a size. */
export function secretFor(item: Item, spec: SizeSpec): string {
  switch (spec.suffix) {
    case "o":
      return item.originalsecret;
    case "h":
      return item.hsecret;
    case "k":
      return item.ksecret;
    default:
      return item.secret;
  }
}

/** The URL of a size's file on the simulator's CDN. */
export function fileUrl(origin: string, item: Item, spec: SizeSpec): string {
  const secret = secretFor(item, spec);
  const ext = spec.suffix === "o" ? item.originalformat : "jpg";
  const suffix = spec.suffix === "" ? "" : `_${spec.suffix}`;
  return `${origin}/cdn/${item.server}/${item.id}_${secret}${suffix}.${ext}`;
}

/** The photo page of an item (`{origin}/photos/{alias or nsid}/{id}/`). */
export function photoPage(origin: string, item: Item): string {
  return `${origin}/photos/${item.owner.pathAlias || item.owner.nsid}/${item.id}/`;
}

/** A video stream Flickr lists in `getSizes` (`media: "video"`). */
export interface VideoStream {
  label: string;
  /** The `play/{name}/` segment. */
  name: string;
  width: number;
  height: number;
  /** Only the owner sees it; its URL carries the original secret. */
  original: boolean;
}

/** The video streams of a video item. */
export function videoStreams(item: Item, isOwner: boolean): VideoStream[] {
  const v = item.video;
  if (!v) return [];
  const scaled = (h: number): [number, number] => [Math.round((v.width * h) / v.height), h];
  const out: VideoStream[] = [];
  const [sw, sh] = scaled(Math.min(360, v.height));
  out.push({ label: "Site MP4", name: "site", width: sw, height: sh, original: false });
  const [mw, mh] = scaled(Math.min(270, v.height));
  out.push({ label: "Mobile MP4", name: "mobile", width: mw, height: mh, original: false });
  if (v.height >= 720) {
    const [hw, hh] = scaled(720);
    out.push({ label: "HD MP4", name: "hd", width: hw, height: hh, original: false });
  }
  if (isOwner) {
    out.push({
      label: "Video Original",
      name: "orig",
      width: v.width,
      height: v.height,
      original: true,
    });
  }
  return out;
}

/** The page-style play URL of a stream (it answers 302 to a short-lived signed file URL). */
export function playUrl(origin: string, item: Item, stream: VideoStream): string {
  const secret = stream.original ? item.originalsecret : item.secret;
  return `${origin}/photos/${
    item.owner.pathAlias || item.owner.nsid
  }/${item.id}/play/${stream.name}/${secret}/`;
}

/** The buddy icon URL for a person, as a client derives it from `iconfarm`/`iconserver`. */
export function buddyIconUrl(
  origin: string,
  person: { nsid: string; iconserver: string; iconfarm: number },
): string {
  return Number(person.iconserver) > 0
    ? `${origin}/cdn-farm${person.iconfarm}/${person.iconserver}/buddyicons/${person.nsid}.jpg`
    : `${origin}/images/buddyicon.gif`;
}
