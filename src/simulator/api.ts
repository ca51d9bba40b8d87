/**
 * The REST methods the simulator answers (every method the archiver calls, and those client
 * libraries call to check a key or a token: `api/checks.ts`), with
 * Flickr's parameters, `per_page` caps, paging (a page past the end returns the last page),
 * `extras`, response shapes, type quirks and error codes.
 *
 * This module is the dispatch: the method table and the answer envelope. The handlers live in
 * `api/`, grouped by family; what they share (the call, its parameters, paging) in
 * `api/request.ts` and `api/paging.ts`. Authentication and signatures are checked before (see
 * `oauth.ts`), faults and rate limits around (see `server.ts`).
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import type { JsonObject } from "./photo_json.ts";
import { commentsGetList, favoritesGetList, photosGetFavorites } from "./api/favorites_comments.ts";
import {
  galleriesGetList,
  galleriesGetPhotos,
  photosGetAllContexts,
  poolsGetPhotos,
} from "./api/galleries_groups.ts";
import { authOauthCheckToken, testEcho, testLogin, testNull } from "./api/checks.ts";
import { peopleGetGroups, peopleGetInfo, peopleGetPhotos } from "./api/people.ts";
import {
  licensesGetInfo,
  photosGetExif,
  photosGetInfo,
  photosGetSizes,
  photosPeopleGetList,
  photosRecentlyUpdated,
} from "./api/photos.ts";
import { collectionsGetTree, photosetsGetList, photosetsGetPhotos } from "./api/photosets.ts";
import { type ApiCall, ApiError, type Handler, loginRequired } from "./api/request.ts";

export { type Page, paginate } from "./api/paging.ts";
export { type ApiCall, ApiError } from "./api/request.ts";

/** A method: whether it needs a signed-in caller, and its handler. */
interface Method {
  login: boolean;
  handler: Handler;
}

/** Every method the simulator answers. */
export const METHODS: Readonly<Record<string, Method>> = {
  "flickr.test.echo": { login: false, handler: testEcho },
  "flickr.test.login": { login: true, handler: testLogin },
  "flickr.test.null": { login: true, handler: testNull },
  "flickr.auth.oauth.checkToken": { login: false, handler: authOauthCheckToken },
  "flickr.people.getPhotos": { login: false, handler: peopleGetPhotos },
  "flickr.people.getInfo": { login: false, handler: peopleGetInfo },
  "flickr.people.getGroups": { login: true, handler: peopleGetGroups },
  "flickr.favorites.getList": { login: false, handler: favoritesGetList },
  "flickr.photos.getInfo": { login: false, handler: photosGetInfo },
  "flickr.photos.comments.getList": { login: false, handler: commentsGetList },
  "flickr.photos.getFavorites": { login: false, handler: photosGetFavorites },
  "flickr.photos.getSizes": { login: false, handler: photosGetSizes },
  "flickr.photos.getExif": { login: false, handler: photosGetExif },
  "flickr.photos.people.getList": { login: false, handler: photosPeopleGetList },
  "flickr.photos.licenses.getInfo": { login: false, handler: licensesGetInfo },
  "flickr.photos.recentlyUpdated": { login: true, handler: photosRecentlyUpdated },
  "flickr.photosets.getList": { login: false, handler: photosetsGetList },
  "flickr.photosets.getPhotos": { login: false, handler: photosetsGetPhotos },
  "flickr.collections.getTree": { login: false, handler: collectionsGetTree },
  "flickr.galleries.getList": { login: false, handler: galleriesGetList },
  "flickr.galleries.getPhotos": { login: false, handler: galleriesGetPhotos },
  "flickr.groups.pools.getPhotos": { login: false, handler: poolsGetPhotos },
  "flickr.photos.getAllContexts": { login: false, handler: photosGetAllContexts },
};

/**
 * Answers one API call: the method's payload with `stat: "ok"`, or Flickr's failure object.
 * Unknown methods get code 112.
 */
export function callMethod(method: string, call: ApiCall): JsonObject {
  const m = METHODS[method];
  try {
    if (!m) throw new ApiError(112, `Method "${method}" not found`);
    if (m.login && !call.authenticated) throw loginRequired();
    return { ...m.handler(call), stat: "ok" };
  } catch (e) {
    if (e instanceof ApiError) return { stat: "fail", code: e.code, message: e.message };
    throw e;
  }
}

/** Whether `method` is one the simulator knows. */
export function isKnownMethod(method: string): boolean {
  return method in METHODS;
}
