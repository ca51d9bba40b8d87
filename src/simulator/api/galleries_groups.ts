/**
 * Others' photos the person gathered: galleries (`flickr.galleries.getList`,
 * `flickr.galleries.getPhotos` with continuation paging) and group pools
 * (`flickr.groups.pools.getPhotos`, and `flickr.photos.getAllContexts` from a photo's side).
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import type { Gallery } from "../account.ts";
import type { Json, JsonObject } from "../photo_json.ts";
import { listEntry, parseExtras } from "../photo_json.ts";
import { continuationPage, maybeShort, paginate, photosWrapper } from "./paging.ts";
import { type ApiCall, ApiError, requireParam, resolveUser, visiblePhoto } from "./request.ts";

/** One gallery as `flickr.galleries.getList` (and `getPhotos` with `get_gallery_info`) write it. */
function galleryEntry(call: ApiCall, g: Gallery): JsonObject {
  const { account } = call;
  const owner = account.owner;
  const primary = account.item("other", g.photos[0].other);
  return {
    id: g.id,
    gallery_id: g.galleryId,
    url: `${call.origin}/photos/${owner.pathAlias}/galleries/${g.galleryId}`,
    owner: owner.nsid,
    username: owner.username,
    iconserver: owner.iconserver,
    iconfarm: owner.iconfarm,
    primary_photo_id: primary.id,
    date_create: String(g.dateCreate),
    date_update: String(g.dateUpdate),
    count_photos: g.photos.length,
    count_videos: 0,
    count_total: g.photos.length,
    count_views: g.views,
    count_comments: 0,
    title: { _content: g.title },
    description: { _content: g.description },
    sort_group: null,
    primary_photo_server: primary.server,
    primary_photo_farm: primary.farm,
    primary_photo_secret: primary.secret,
  };
}

/** `flickr.galleries.getList`: the owner's galleries. */
export function galleriesGetList(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  const { account } = call;
  const galleries = user === -1 ? account.galleries : [];
  const page = paginate(galleries.length, call.params.page, call.params.per_page, 500);
  const owner = account.owner;
  const gallery: Json[] = galleries.slice(page.start, page.end).map((g) => galleryEntry(call, g));
  return {
    galleries: {
      total: galleries.length,
      per_page: page.perPage,
      user_id: user === -1 ? owner.nsid : call.params.user_id,
      page: page.page,
      pages: page.pages,
      gallery,
    },
  };
}

/** `flickr.galleries.getPhotos`: by page, or by continuation when the caller sends one. */
export function galleriesGetPhotos(call: ApiCall): JsonObject {
  const id = requireParam(call, "gallery_id");
  const { account } = call;
  const g = account.galleries.find((x) => x.id === id || x.galleryId === id);
  if (!g) throw new ApiError(1, "Invalid gallery ID");
  const extras = parseExtras(call.params.extras);
  const { continuation, page: pageParam, per_page: perPage } = call.params;
  const total = g.photos.length;
  const page = continuation !== undefined
    ? continuationPage(total, continuation, perPage, 500)
    : paginate(total, pageParam, perPage, 500);
  const photo: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    const entry = g.photos[k];
    const item = account.item("other", entry.other);
    const e: JsonObject = {
      ...listEntry(call, item, extras),
      is_primary: k === 0 ? 1 : 0,
      has_comment: entry.comment ? 1 : 0,
    };
    if (entry.comment) e.comment = { _content: entry.comment };
    photo.push(e);
  }
  const photos = photosWrapper(page, total, photo);
  // -1 tells the caller there is nothing after this window.
  if (continuation !== undefined) photos.continuation = page.end >= total ? "-1" : String(page.end);
  const answer: JsonObject = { photos };
  if (call.params.get_gallery_info === "1") answer.gallery = galleryEntry(call, g);
  return answer;
}

/** `flickr.groups.pools.getPhotos`: a group's pool, newest addition first, optionally one user's. */
export function poolsGetPhotos(call: ApiCall): JsonObject {
  const id = requireParam(call, "group_id");
  const { account } = call;
  const g = account.groups.find((x) => x.nsid === id);
  if (!g) throw new ApiError(1, "Group not found");
  const user = call.params.user_id ? resolveUser(call, true) : undefined;
  let pool = g.pool.filter((p) => !(p.kind === "own" && account.isDeleted("own", p.index)));
  if (!call.authenticated) pool = pool.filter((p) => account.visibility(p.kind, p.index)[0] === 1);
  if (user !== undefined) {
    pool = pool.filter((p) =>
      user === -1
        ? p.kind === "own"
        : p.kind === "other" && account.item("other", p.index).owner.index === user
    );
  }
  const extras = parseExtras(call.params.extras);
  const page = paginate(pool.length, call.params.page, call.params.per_page, 500);
  const photo: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    const entry = pool[k];
    const item = account.item(entry.kind, entry.index);
    const base = listEntry(call, item, extras);
    photo.push({ ...base, ownername: item.owner.username, dateadded: String(entry.dateAdded) });
  }
  return { photos: photosWrapper(page, pool.length, maybeShort(call, photo, page)) };
}

/**
 * `flickr.photos.getAllContexts`: the albums (`set`) and group pools (`pool`) a photo is in, each
 * list left out when empty, in the shapes of real answers (tests/fixtures/flickr-api: the
 * st0o0/Flickr.Net and Flickr Foundation recordings). Pools are the person's groups holding it.
 */
export function photosGetAllContexts(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  const { account } = call;
  const answer: JsonObject = {};
  if (item.kind === "own") {
    const set = (account.albumsOf.get(item.index) ?? []).map((k) => {
      const a = account.albums[k];
      const members = account.albumMembers(a.index);
      const primary = account.item("own", members[0]);
      const videos = members.filter((i) => account.isVideo(i)).length;
      return {
        title: a.title,
        id: a.id,
        primary: primary.id,
        secret: primary.secret,
        server: primary.server,
        farm: primary.farm,
        view_count: String(a.views),
        comment_count: String(a.commentsCount),
        count_photo: members.length - videos,
        count_video: videos,
      };
    });
    if (set.length > 0) answer.set = set;
  }
  const pool = account.groups
    .filter((g) => g.pool.some((p) => p.kind === item.kind && p.index === item.index))
    .map((g) => ({
      title: g.name,
      url: `/groups/${g.nsid}/pool/`,
      id: g.nsid,
      iconserver: g.index === 3 ? "0" : String(4000 + g.index),
      iconfarm: 1 + g.index,
      members: String(g.members),
      pool_count: String(g.pool.length),
    }));
  if (pool.length > 0) answer.pool = pool;
  return answer;
}
