/**
 * Albums and collections: `flickr.photosets.getList`, `flickr.photosets.getPhotos` and
 * `flickr.collections.getTree`. Albums whose members the caller may not see are left out.
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import type { Collection } from "../account.ts";
import type { Json, JsonObject } from "../photo_json.ts";
import { listEntry, parseExtras } from "../photo_json.ts";
import { maybeShort, paginate } from "./paging.ts";
import { type ApiCall, ApiError, requireParam, resolveUser } from "./request.ts";

/** Live members of an album the caller may see, in album order. */
function membersFor(call: ApiCall, album: number): number[] {
  const members = call.account.albumMembers(album);
  return call.authenticated
    ? members
    : members.filter((i) => call.account.visibility("own", i)[0] === 1);
}

/** `flickr.photosets.getList`: the owner's albums in their chosen order. */
export function photosetsGetList(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  const { account } = call;
  const albums = user === -1 ? account.albums : [];
  const visible = albums
    .map((a) => ({ a, members: membersFor(call, a.index) }))
    .filter((x) => x.members.length > 0);
  // Without per_page Flickr returns every album on one page.
  const page = paginate(
    visible.length,
    call.params.page,
    call.params.per_page ?? String(Math.max(1, visible.length)),
    500,
  );
  const extras = parseExtras(call.params.primary_photo_extras);
  const photoset: Json[] = visible.slice(page.start, page.end).map(({ a, members }) => {
    const primary = account.item("own", members[0]);
    const videos = members.filter((i) => account.isVideo(i)).length;
    const e: JsonObject = {
      id: a.id,
      primary: primary.id,
      secret: primary.secret,
      server: primary.server,
      farm: primary.farm,
      photos: members.length - videos,
      videos,
      title: { _content: a.title },
      description: { _content: a.description },
      needs_interstitial: 0,
      visibility_can_see_set: 1,
      count_views: String(a.views),
      count_comments: String(a.commentsCount),
      count_photos: members.length - videos,
      count_videos: videos,
      can_comment: 1,
      date_create: String(a.dateCreate),
      date_update: String(a.dateUpdate),
    };
    if (extras.size) e.primary_photo_extras = listEntry(call, primary, extras);
    return e;
  });
  return {
    photosets: {
      cancreate: 1,
      page: page.page,
      pages: page.pages,
      perpage: page.perPage,
      total: visible.length,
      photoset,
    },
  };
}

/** `flickr.photosets.getPhotos`: an album's members in album order, 500 a page by default. */
export function photosetsGetPhotos(call: ApiCall): JsonObject {
  const id = requireParam(call, "photoset_id");
  const { account } = call;
  const album = account.albumById(id);
  if (!album) throw new ApiError(1, "Photoset not found");
  let members = membersFor(call, album.index);
  if (members.length === 0) throw new ApiError(1, "Photoset not found");
  const primary = members[0];
  const media = call.params.media;
  if (media === "photos") members = members.filter((i) => !account.isVideo(i));
  if (media === "videos") members = members.filter((i) => account.isVideo(i));
  const extras = parseExtras(call.params.extras);
  const page = paginate(members.length, call.params.page, call.params.per_page, 500, 500);
  const photo: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    const item = account.item("own", members[k]);
    // Album entries carry no owner: it is on the photoset.
    const { owner: _owner, ...entry } = listEntry(call, item, extras);
    photo.push({ ...entry, isprimary: members[k] === primary ? 1 : 0 });
  }
  return {
    photoset: {
      id: album.id,
      primary: account.idOf("own", primary),
      owner: account.owner.nsid,
      ownername: account.owner.username,
      photo: maybeShort(call, photo, page),
      page: page.page,
      per_page: String(page.perPage),
      perpage: String(page.perPage),
      pages: page.pages,
      title: album.title,
      total: members.length,
    },
  };
}

/** `flickr.collections.getTree`: the owner's collections, or the subtree of `collection_id`. */
export function collectionsGetTree(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  const { account } = call;
  const tree = (cs: Collection[]): Json[] =>
    cs.map((c) => {
      const e: JsonObject = {
        id: c.id,
        title: c.title,
        description: c.description,
        iconlarge: `${call.origin}/images/collection_default_l.gif`,
        iconsmall: `${call.origin}/images/collection_default_s.gif`,
      };
      if (c.children.length) e.collection = tree(c.children);
      if (c.albums.length) {
        e.set = c.albums.map((a) => ({
          id: account.albums[a].id,
          title: account.albums[a].title,
          description: account.albums[a].description,
        }));
      }
      return e;
    });
  let roots = user === -1 ? account.collections : [];
  const wanted = call.params.collection_id;
  if (wanted && wanted !== "0") {
    // `collection_id` may come with or without the owner's number in front.
    const find = (cs: Collection[]): Collection[] => {
      for (const c of cs) {
        if (c.id === wanted || c.id.endsWith(`-${wanted}`)) return [c];
        const hit = find(c.children);
        if (hit.length) return hit;
      }
      return [];
    };
    roots = find(roots);
    if (!roots.length) throw new ApiError(1, "Collection not found");
  }
  return { collections: { collection: tree(roots) } };
}
