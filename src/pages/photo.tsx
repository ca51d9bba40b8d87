/**
 * A photo's or video's page, opened from a list (`?in=`) whose neighbours its arrows lead to.
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/site_paths_test.ts.
 * @module
 */
import type { Kysely } from "kysely";
import type { Database } from "../catalog/schema.ts";
import { type ListRef, listRefParam, neighbours, parseListRef } from "../catalog/browse.ts";
import { getPhotoDetail, type PhotoDetail } from "../catalog/browse_photo.ts";
import { getAlbum, getGroup } from "../catalog/browse_sets.ts";
import { getPerson } from "../catalog/browse_people.ts";
import { titleOf } from "../../views/components.tsx";
import { type PhotoContext, PhotoPage } from "../../views/photo_page.tsx";
import { flickrHtmlToText, sanitizeFlickrHtml } from "../../views/sanitize.ts";
import {
  albumUrl,
  groupUrl,
  PATTERNS,
  personUrl,
  streamUrl,
  tagUrl,
  URLS,
  withQuery,
} from "../../views/urls.ts";
import { definePage } from "./page.ts";

/** What a photo page shows: the item, and the list it was opened from. */
export interface PhotoData {
  d: PhotoDetail;
  ctx: PhotoContext;
  /** The list the arrows walk. */
  ref: ListRef;
}

/** The list a photo opens in without `?in=`: the stream for the account's own, else the favourites. */
export function defaultList(isMine: boolean): HomeList {
  return isMine ? { kind: "stream", order: "taken" } : { kind: "favorites" };
}

/** The stream or the favourites: the lists a photo opens in by default. */
export type HomeList = Extract<ListRef, { kind: "stream" | "favorites" }>;

/**
 * The way back to the stream or the favourites, to page `page` of it when given (the site's
 * pages are numbered).
 */
export function homeBack(ref: HomeList, page: number | null = null): [string, string] {
  return ref.kind === "stream"
    ? [
      "Photostream",
      page ? withQuery(streamUrl(ref.order), { order: ref.order, page }) : streamUrl(ref.order),
    ]
    : ["Favorites", withQuery(URLS.favorites, { page })];
}

/** The way back to the list a photo was opened from: its label and URL. */
export async function backLink(
  db: Kysely<Database>,
  ref: ListRef,
): Promise<[string, string]> {
  switch (ref.kind) {
    case "stream":
    case "favorites":
      return homeBack(ref);
    case "album": {
      const a = await getAlbum(db, ref.id);
      return [`Album: ${titleOf(a?.title)}`, albumUrl(ref.id)];
    }
    case "tag":
      return [`Tag: ${ref.tag}`, tagUrl(ref.tag)];
    case "group": {
      const g = await getGroup(db, ref.id);
      return [`Group: ${g?.name ?? ref.id}`, groupUrl(ref.id)];
    }
    case "faved-by":
    case "tagged":
    case "favorites-by": {
      const p = await getPerson(db, ref.nsid);
      return [p?.name ?? ref.nsid, personUrl(ref.nsid)];
    }
  }
}

/** `/photos/ID`: one item. Own items open in the stream, others' in the favourites. */
export const photoPage = definePage<PhotoData>({
  name: "photo",
  pattern: PATTERNS.photo,
  notFound: (req) => `There is no photo or video ${req.param("id")} in this archive.`,
  async load({ db }, req) {
    const id = req.param("id");
    const d = await getPhotoDetail(db, id);
    if (!d) return null;
    const explicit = parseListRef(req.query("in"));
    const ref: ListRef = explicit ?? defaultList(d.item.is_mine === 1);
    const n = await neighbours(db, ref, id);
    const inList = explicit ? listRefParam(ref) : null;
    const back = req.want === "page" ? await backLink(db, ref) : null;
    return { d, ref, ctx: { inList, neighbours: n, back } };
  },
  view: ({ d, ctx }) => ({
    layout: { title: titleOf(d.item.title) },
    body: <PhotoPage d={d} ctx={ctx} />,
  }),
  json: ({ d, ctx, ref }) => ({
    ...d,
    item: { ...d.item, descriptionHtml: sanitizeFlickrHtml(d.item.description) },
    comments: d.comments.map((cm) => ({
      ...cm,
      html: sanitizeFlickrHtml(cm.html),
      text: flickrHtmlToText(cm.html),
    })),
    prev: ctx.neighbours.prev,
    next: ctx.neighbours.next,
    in: listRefParam(ref),
  }),
});
