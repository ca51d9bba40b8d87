/**
 * Search in the site: each item's search document (added as the photo pages are written), the
 * index cut into shards, and the page that loads them.
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts and src/site/site_resume_test.ts.
 * @module
 */
import { placeName } from "../../catalog/place.ts";
import { DETAIL_BATCH, getPhotoDetails, type PhotoDetail } from "../../catalog/browse_photo.ts";
import { PAGES } from "../../pages/table.ts";
import { flickrHtmlToText } from "../../../views/sanitize.ts";
import { photoUrl, URLS } from "../../../views/urls.ts";
import { encodePath, siteFileOf } from "../site_paths.ts";
import { SITE_PATHS } from "../site_assets.ts";
import { NO_MONTHS, type SiteBuild } from "../build.tsx";
import type { SiteStep } from "./step.ts";

/** An item's search document: the words, and what a result tile shows. */
export function searchDoc(
  d: PhotoDetail,
  thumb: string | null,
): { i: string } & Record<string, unknown> {
  const { item } = d;
  const place = placeName(item);
  const doc: { i: string } & Record<string, unknown> = {
    i: item.id,
    t: item.title,
    u: encodePath(siteFileOf(photoUrl(item.id), NO_MONTHS)!),
  };
  if (item.description) doc.d = flickrHtmlToText(item.description);
  const tags = [...d.tags, ...d.machineTags].map((t) => t.raw).join(" ");
  if (tags) doc.g = tags;
  if (d.comments.length) doc.c = d.comments.map((c) => flickrHtmlToText(c.html)).join("\n");
  if (place) doc.p = place;
  if (thumb) doc.h = encodePath(thumb);
  if (item.media === "video") doc.v = 1;
  if (item.deleted_on_flickr === 1) doc.x = 1;
  return doc;
}

/** Adds the search documents of items just read, with their thumbnails placed in the site. */
export async function addSearchDocs(build: SiteBuild, details: PhotoDetail[]): Promise<void> {
  const thumbs = new Map<string, number>();
  for (const d of details) {
    const thumb = d.files.find((f) => f.kind === "thumb");
    if (thumb) thumbs.set(d.item.id, thumb.id);
  }
  await build.media.load(thumbs.values(), []);
  for (const d of details) {
    const thumb = thumbs.get(d.item.id);
    build.shards.add(searchDoc(d, thumb === undefined ? null : build.media.file(thumb)));
  }
}

async function writeSearch(build: SiteBuild): Promise<void> {
  const { writer, db } = build;
  build.copy.shards = await build.shards.finish(
    (path, key) => writer.reuse(path, key),
    (path, chunks, key) => writer.putChunks(path, chunks, key),
    // Documents a kept page's shard did not have (its file was lost): read them again.
    async (ids) => {
      for (let i = 0; i < ids.length; i += DETAIL_BATCH) {
        const got = await getPhotoDetails(db, ids.slice(i, i + DETAIL_BATCH));
        await addSearchDocs(build, [...got.values()]);
      }
    },
  );
  await build.emit(PAGES.search, URLS.search, { q: "", list: { items: [], next: null } }, {
    scripts: [SITE_PATHS.miniSearch, SITE_PATHS.search],
  });
}

/** The search page and its index (after the photo pages, which add the documents). */
export const searchStep: SiteStep = {
  name: "search",
  pages: [PAGES.search],
  run: writeSearch,
};
