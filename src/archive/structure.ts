/**
 * The structure phase: albums (in the person's order, with their photos in album order), the
 * collection tree, galleries and their photos, groups and which of the person's photos are in each
 * pool, and Flickr's licences.
 *
 * Frugality. A run in which nothing changed may spend only (items / 500, rounded up) + 3 calls, and
 * the listing pages take nearly all of them, so this phase spends one call on such a run:
 * - `flickr.photosets.getList` every run (albums change often and one call lists 500 of them);
 *   `flickr.photosets.getPhotos` only for albums that are new or whose `date_update` or photo and
 *   video counts changed since the last run (a photo deleted on Flickr changes the counts).
 * - Collections, galleries (+ their photos) and groups (+ the person's photos in each pool) are
 *   refreshed on the first run and then when the last refresh is more than a day old (the time is
 *   kept in `meta` as `structure_refreshed_at`). They change rarely and no listing extra says when.
 *   The favourites in the person's groups come from `flickr.photos.getAllContexts`, asked once
 *   per favourite (see {@link favouritePools}).
 * - Licences once ever (when the `licenses` table is empty).
 * @module
 */
import type {
  NewAlbum,
  NewCollection,
  NewGallery,
  NewGalleryItem,
  NewGroup,
  NewGroupItem,
} from "../catalog/schema.ts";
import {
  getMeta,
  replaceAlbums,
  replaceCollections,
  replaceGalleries,
  replaceGroups,
  saveApiResponses,
  setMeta,
  upsertLicenses,
} from "../catalog/writes.ts";
import type { Json } from "../flickr/parse.ts";
import { FlickrError } from "../flickr/errors.ts";
import { parseContexts, parsePhotoList } from "../flickr/responses.ts";
import type { Collection, ListedPhoto, PhotoList, Photoset } from "../flickr/types.ts";
import type { ArchiveContext } from "./context.ts";
import { ALBUMS_SYNCED_AT, STRUCTURE_REFRESHED_AT } from "../catalog/meta_keys.ts";
/** How old that refresh may get before the next run refreshes again. */
export const STRUCTURE_MAX_AGE_MS = 24 * 3600_000;
/** Album, gallery and pool photos are listed for their ids only: no extras needed. */
const ID_EXTRAS = "";
const PER_PAGE = 500;

/** Runs the structure phase (see the module documentation). */
export async function syncStructure(ctx: ArchiveContext): Promise<void> {
  const { db } = ctx.catalog;
  const refreshedAt = await getMeta(db, STRUCTURE_REFRESHED_AT);
  const refresh = refreshedAt === undefined ||
    !(Date.now() - Date.parse(refreshedAt) < STRUCTURE_MAX_AGE_MS);
  const needLicenses = (await db.selectFrom("licenses").select("id").limit(1).execute()).length ===
    0;
  ctx.progress.phase("albums and groups", {
    total: 1 + (refresh ? 3 : 0) + (needLicenses ? 1 : 0),
    unit: "lists",
    plannedCalls: 1 + (refresh ? 3 : 0) + (needLicenses ? 1 : 0),
  });

  await syncAlbums(ctx);
  if (ctx.signal.aborted) return;
  if (refresh) {
    const started = new Date().toISOString();
    await syncCollections(ctx);
    await syncGalleries(ctx);
    await syncGroups(ctx);
    if (ctx.signal.aborted) return;
    await setMeta(db, STRUCTURE_REFRESHED_AT, started);
  }
  if (needLicenses) {
    const licenses = await ctx.client.licensesGetInfo();
    await upsertLicenses(db, licenses.map((l) => ({ id: l.id, name: l.name, url: l.url ?? null })));
    ctx.progress.advance(1, 1);
  }
}

/** getAllContexts calls in flight at a time (as the details phase's calls). */
const API_CONCURRENCY = 8;

/**
 * Answers saved in one transaction: 400, or what came within 3 s. Under Flickr's rate the time
 * bound saves first, so an interrupted run asks again a few seconds of calls at most (every 50
 * answers, as before, was 50 s of calls); without a rate limit, fewer COMMITs (as in the details
 * phase), though at 30,000 items saving was only 0.2–0.3 s of the phase's CPU time either way.
 */
const SAVE_ANSWERS = { count: 400, ms: 3000 } as const;

/** The method whose stored answers say which pools each favourite is in. */
const CONTEXTS = "flickr.photos.getAllContexts";

/**
 * The favourites in each of the person's groups (group id → item ids). A pool listed with
 * `user_id=me` holds only the person's own photos, and a whole pool can run to millions: each
 * favourite is asked about instead (`flickr.photos.getAllContexts`), once, its answer kept in
 * `api_responses` and read again on every later refresh.
 */
async function favouritePools(
  ctx: ArchiveContext,
  groups: Set<string>,
): Promise<Map<string, string[]>> {
  const { db } = ctx.catalog;
  if (groups.size === 0) return new Map();
  const favourites = (await db.selectFrom("items").select("id")
    .where("is_favorite_of_mine", "=", 1).where("deleted_on_flickr", "=", 0).execute())
    .map((r) => r.id);
  const answers = new Map(
    (await db.selectFrom("api_responses").select(["key", "body"]).where("method", "=", CONTEXTS)
      .execute()).map((r) => [r.key, r.body]),
  );
  const unasked = favourites.filter((id) => !answers.has(id));
  ctx.progress.planMore(unasked.length);
  // A few calls are in flight at a time (the budget spaces them at Flickr's rate): one at a time,
  // a 100,000-item account's 16,000 favourites waited out one round trip each. The answers are
  // saved as they come ({@link SAVE_ANSWERS}), so that an interrupted first run keeps what it
  // asked; the askers do not wait for each other at a save (waiting left this phase idle a third
  // of its time at --rate 0).
  const got: { method: string; key: string; body: string }[] = [];
  let saving = false;
  let savedAt = Date.now();
  const save = async () => {
    savedAt = Date.now();
    const part = got.splice(0);
    if (part.length === 0) return;
    await saveApiResponses(db, part);
    for (const g of part) answers.set(g.key, g.body);
  };
  let next = 0;
  let stop = false;
  /** One favourite's contexts, or null when it is gone or hidden (asked again next time). */
  const contextsOf = async (id: string) => {
    try {
      return await ctx.client.photosGetAllContexts(id);
    } catch (e) {
      // Gone or hidden since it was faved (1: not found, 2: private).
      if (e instanceof FlickrError && e.kind === "api" && (e.code === 1 || e.code === 2)) {
        return null;
      }
      throw e;
    }
  };
  const ask = async () => {
    try {
      while (next < unasked.length && !ctx.signal.aborted && !stop) {
        const id = unasked[next++];
        const contexts = await contextsOf(id);
        if (contexts) got.push({ method: CONTEXTS, key: id, body: JSON.stringify(contexts.raw) });
        ctx.progress.advance(0, 1);
        const due = got.length >= SAVE_ANSWERS.count || Date.now() - savedAt > SAVE_ANSWERS.ms;
        if (due && !saving) {
          saving = true;
          await save().finally(() => saving = false);
        }
      }
    } catch (e) {
      stop = true; // the other askers stop at their next favourite
      throw e;
    }
  };
  // Every asker is waited for before a failure is passed on: no call outlives the phase. What
  // was asked before it is kept.
  const settled = await Promise.allSettled(Array.from({ length: API_CONCURRENCY }, ask));
  await save();
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  const out = new Map<string, string[]>();
  for (const id of favourites) {
    const body = answers.get(id);
    if (!body) continue;
    for (const pool of parseContexts(JSON.parse(body)).pools) {
      if (!groups.has(pool.id)) continue;
      const list = out.get(pool.id) ?? [];
      list.push(id);
      out.set(pool.id, list);
    }
  }
  return out;
}

/** Fetches every page of a paged listing; a short non-final page is asked for again once. */
async function allPages<T>(fetchPage: (page: number) => Promise<PhotoList<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1;; page++) {
    let answer = await fetchPage(page);
    if (answer.page < answer.pages && answer.items.length < answer.perPage) {
      answer = await fetchPage(page);
    }
    out.push(...answer.items);
    if (answer.page >= answer.pages || answer.items.length === 0) return out;
  }
}

function albumChanged(
  stored: { date_update: number | null; count_photos: number | null; count_videos: number | null },
  album: Photoset,
): boolean {
  return stored.date_update !== (album.dateUpdate ?? null) ||
    stored.count_photos !== (album.countPhotos ?? null) ||
    stored.count_videos !== (album.countVideos ?? null);
}

async function syncAlbums(ctx: ArchiveContext): Promise<void> {
  const { db } = ctx.catalog;
  const albums = await allPages((page) => ctx.client.photosetsGetList(page));
  ctx.progress.advance(1, 1);
  const stored = new Map(
    (await db.selectFrom("albums").select(["id", "date_update", "count_photos", "count_videos"])
      .execute()).map((a) => [a.id, a]),
  );
  const changed = albums.filter((a) => {
    const before = stored.get(a.id);
    return !before || albumChanged(before, a);
  });
  ctx.progress.planMore(changed.length);
  const itemsByAlbum = new Map<string, string[]>();
  for (const album of changed) {
    if (ctx.signal.aborted) return;
    const photos = await allPages((page) =>
      ctx.client.photosetsGetPhotos(album.id, page, ID_EXTRAS)
    );
    itemsByAlbum.set(album.id, photos.map((p) => p.id));
    ctx.progress.advance(0, 1);
  }
  const rows: NewAlbum[] = albums.map((a, position) => ({
    id: a.id,
    position,
    title: a.title,
    description: a.description,
    primary_photo_id: a.primary ?? null,
    count_photos: a.countPhotos ?? null,
    count_videos: a.countVideos ?? null,
    count_views: a.countViews ?? null,
    date_create: a.dateCreate ?? null,
    date_update: a.dateUpdate ?? null,
    raw_json: JSON.stringify(a.raw),
  }));
  await replaceAlbums(db, rows, itemsByAlbum);
  await setMeta(db, ALBUMS_SYNCED_AT, new Date().toISOString());
}

/** Flattens the collection tree: parents before children, `position` within the parent. */
export function flattenCollections(
  tree: readonly Collection[],
): { collections: NewCollection[]; albums: Map<string, string[]> } {
  const collections: NewCollection[] = [];
  const albums = new Map<string, string[]>();
  const walk = (list: readonly Collection[], parent: string | null) => {
    list.forEach((c, position) => {
      // Children and albums have rows of their own; keep the rest of Flickr's object.
      const { collection: _c, set: _s, ...raw } = c.raw as Record<string, Json>;
      collections.push({
        id: c.id,
        parent_id: parent,
        position,
        title: c.title,
        description: c.description,
        raw_json: JSON.stringify(raw),
      });
      albums.set(c.id, c.sets.map((s) => s.id));
      walk(c.collections, c.id);
    });
  };
  walk(tree, null);
  return { collections, albums };
}

async function syncCollections(ctx: ArchiveContext): Promise<void> {
  const tree = await ctx.client.collectionsGetTree();
  ctx.progress.advance(1, 1);
  const { collections, albums } = flattenCollections(tree.collections);
  await replaceCollections(ctx.catalog.db, collections, albums);
}

/** galleries.getPhotos pages by continuation token: send 0, relay the answer's value, -1 ends. */
async function galleryPhotos(ctx: ArchiveContext, galleryId: string): Promise<ListedPhoto[]> {
  const out: ListedPhoto[] = [];
  let continuation = "0";
  // A gallery holds at most 500 photos; the bound only guards against a token that never ends.
  for (let round = 0; round < 100; round++) {
    const body = await ctx.client.call<GalleryPhotosAnswer>("flickr.galleries.getPhotos", {
      gallery_id: galleryId,
      continuation,
      per_page: PER_PAGE,
      extras: ID_EXTRAS || undefined,
    });
    const page = parsePhotoList(body);
    out.push(...page.items);
    const next = String(body.photos?.continuation ?? "-1");
    if (next === "-1" || next === continuation || page.items.length === 0) break;
    continuation = next;
    ctx.progress.planMore(1);
  }
  return out;
}

/** What flickrvault relies on in a galleries.getPhotos answer beyond the photo list. */
interface GalleryPhotosAnswer {
  photos?: { continuation?: string | number };
}

async function syncGalleries(ctx: ArchiveContext): Promise<void> {
  const galleries = await allPages((page) => ctx.client.galleriesGetList(page));
  ctx.progress.advance(1, 1);
  ctx.progress.planMore(galleries.length);
  const items = new Map<string, Omit<NewGalleryItem, "gallery_id" | "position">[]>();
  for (const g of galleries) {
    if (ctx.signal.aborted) return;
    const photos = await galleryPhotos(ctx, g.id);
    items.set(
      g.id,
      photos.map((p) => ({
        item_id: p.id,
        owner: p.owner ?? null,
        title: p.title,
        raw_json: JSON.stringify(p.raw),
      })),
    );
    ctx.progress.advance(0, 1);
  }
  const rows: NewGallery[] = galleries.map((g, position) => ({
    id: g.id,
    position,
    title: g.title,
    description: g.description,
    url: g.url ?? null,
    count_photos: g.countPhotos ?? null,
    count_videos: g.countVideos ?? null,
    date_create: g.dateCreate ?? null,
    date_update: g.dateUpdate ?? null,
    raw_json: JSON.stringify(g.raw),
  }));
  await replaceGalleries(ctx.catalog.db, rows, items);
}

async function syncGroups(ctx: ArchiveContext): Promise<void> {
  const groups = await ctx.client.peopleGetGroups();
  ctx.progress.advance(1, 1);
  ctx.progress.planMore(groups.length);
  const items = new Map<string, Omit<NewGroupItem, "group_id">[]>();
  for (const g of groups) {
    if (ctx.signal.aborted) return;
    // user_id=me: only the person's own photos in the pool.
    const photos = await allPages((page) =>
      ctx.client.groupsPoolsGetPhotos(g.nsid, page, ID_EXTRAS)
    );
    items.set(g.nsid, photos.map((p) => ({ item_id: p.id, date_added: p.dateAdded ?? null })));
    ctx.progress.advance(0, 1);
  }
  for (const [group, favourites] of await favouritePools(ctx, new Set(items.keys()))) {
    items.get(group)!.push(...favourites.map((id) => ({ item_id: id, date_added: null })));
  }
  const rows: NewGroup[] = groups.map((g, position) => ({
    id: g.nsid,
    name: g.name,
    position,
    raw_json: JSON.stringify(g.raw),
  }));
  await replaceGroups(ctx.catalog.db, rows, items);
}
