/**
 * The photo and video pages: the account's own items in stream order, then the favourites, then
 * any others (others' photos reached through a gallery, say), each with its neighbours in that
 * list as the viewer opens a photo by default. Each item's search document is added as its page
 * is written, and each item not public is counted (`build.counts.notPublic`).
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts, src/site/site_resume_test.ts
 * and tests/site_privacy_test.ts.
 * @module
 */
import type { ListRef } from "../../catalog/browse.ts";
import { listPage } from "../../catalog/browse.ts";
import { DETAIL_BATCH, getPhotoDetails, type PhotoDetail } from "../../catalog/browse_photo.ts";
import { groupShownTo } from "../../catalog/audience.ts";
import { PAGES } from "../../pages/table.ts";
import { defaultList, homeBack, type HomeList } from "../../pages/photo.tsx";
import { photoUrl } from "../../../views/urls.ts";
import { itemFingerprints, setsDigest } from "../fingerprints.ts";
import { siteFileOf } from "../site_paths.ts";
import { BATCH, NO_MONTHS, PAGE_SIZE, RENDER_VERSION, type SiteBuild } from "../build.tsx";
import { addSearchDocs } from "./search.ts";
import type { SiteStep } from "./step.ts";

/** A photo page to write, with its place in the list it is written from. */
interface PhotoEntry {
  id: string;
  prev: string | null;
  next: string | null;
  back: [string, string];
  /** The list the page's arrows walk (the favourites for an item in no list, as the viewer). */
  ref: ListRef;
  /** Leave out the account's own items (written from the stream). */
  skipOwn: boolean;
}

function photoPath(id: string): string {
  return siteFileOf(photoUrl(id), NO_MONTHS)!;
}

/** The page number (null for the first) of the list page that holds the `index`th item. */
function pageNumber(index: number): number | null {
  const page = Math.floor(index / PAGE_SIZE) + 1;
  return page > 1 ? page : null;
}

async function writePhotos(build: SiteBuild): Promise<void> {
  const { db, shards } = build;
  const p = build.phase("photo and video pages", build.counts.items);
  const sets = await setsDigest(db);

  const photoBatch = async (entries: PhotoEntry[]) => {
    // Pages whose fingerprint (and place in their list) is the last run's are kept unread; their
    // search documents stay in the shards as they are.
    const fps = await itemFingerprints(db, entries.map((e) => e.id));
    const toRead: { e: PhotoEntry; key: string }[] = [];
    for (const e of entries) {
      const f = fps.get(e.id);
      // Own items are written from the stream; a favourite list never holds them, but be sure.
      if (!f || (e.skipOwn && f.mine)) continue;
      if (!groupShownTo(f.privacy, "public")) build.counts.notPublic++;
      const key = JSON.stringify([
        RENDER_VERSION,
        "photo",
        sets,
        shards.count,
        f.fp,
        e.prev,
        e.next,
        e.back,
      ]);
      if (build.reuse([photoPath(e.id)], key)) shards.keep(e.id);
      else toRead.push({ e, key });
    }
    const details: { d: PhotoDetail; e: PhotoEntry; key: string }[] = [];
    for (let i = 0; i < toRead.length; i += DETAIL_BATCH) {
      const part = toRead.slice(i, i + DETAIL_BATCH);
      const got = await getPhotoDetails(db, part.map((r) => r.e.id));
      for (const r of part) {
        const d = got.get(r.e.id);
        if (d) details.push({ d, ...r });
      }
    }
    for (const { d, e, key } of details) {
      const ctx = {
        inList: null,
        back: e.back,
        neighbours: { prev: e.prev, next: e.next, inList: true },
      };
      await build.emit(PAGES.photo, photoUrl(e.id), { d, ctx, ref: e.ref }, { key });
    }
    await build.flush();
    await addSearchDocs(build, details.map((x) => x.d));
    p.tick(entries.length);
  };

  /** Writes the pages of a list's items, each with the items before and after it. */
  const walk = async (ref: HomeList, skipOwn: boolean) => {
    let after: string | null = null;
    let index = 0;
    const queue: PhotoEntry[] = [];
    // The list in order, through a window of one: an item is queued once its next is known.
    let last: string | null = null;
    let lastIndex = 0;
    let beforeLast: string | null = null;
    const entry = (id: string, prev: string | null, next: string | null, i: number) => ({
      id,
      prev,
      next,
      back: homeBack(ref, pageNumber(i)),
      ref,
      skipOwn,
    });
    do {
      const result = await listPage(db, ref, { after, limit: 500 });
      for (const item of result.items) {
        if (last !== null) queue.push(entry(last, beforeLast, item.id, lastIndex));
        beforeLast = last;
        last = item.id;
        lastIndex = index++;
        if (queue.length >= BATCH) await photoBatch(queue.splice(0));
      }
      after = result.next;
    } while (after);
    if (last !== null) queue.push(entry(last, beforeLast, null, lastIndex));
    await photoBatch(queue.splice(0));
  };

  await walk(defaultList(true), false);
  await walk(defaultList(false), true);
  // Items in neither list (others' photos reached through a gallery, say): opened, as the
  // viewer opens them, in the favourites they are not in, so with no neighbours.
  let afterId = "";
  for (;;) {
    const rows = await db.selectFrom("items").select("id")
      .where("is_mine", "=", 0).where("is_favorite_of_mine", "=", 0)
      .where("id", ">", afterId).orderBy("id").limit(BATCH).execute();
    if (!rows.length) break;
    await photoBatch(
      rows.map((r) => ({
        id: r.id,
        prev: null,
        next: null,
        back: homeBack(defaultList(false)),
        ref: defaultList(false),
        skipOwn: false,
      })),
    );
    afterId = rows.at(-1)!.id;
  }
  p.end();
}

/** The photo and video pages. */
export const photosStep: SiteStep = {
  name: "photos",
  pages: [PAGES.photo],
  run: writePhotos,
};
