/**
 * What people did with photos: the owner's favourites (`flickr.favorites.getList`), who faved a
 * photo (`flickr.photos.getFavorites`) and its comments (`flickr.photos.comments.getList`).
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import type { Json, JsonObject } from "../photo_json.ts";
import { listEntry, parseExtras } from "../photo_json.ts";
import { photoPage } from "../sizes.ts";
import { maybeShort, paginate, photosWrapper } from "./paging.ts";
import { type ApiCall, parseDate, resolveUser, visiblePhoto } from "./request.ts";

/** `flickr.favorites.getList`: the owner's favourites, most recently faved first. */
export function favoritesGetList(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  const extras = parseExtras(call.params.extras);
  const { account } = call;
  const total = user === -1 ? account.favoritesCount : 0;
  const minFave = parseDate(call.params.min_fave_date);
  const maxFave = parseDate(call.params.max_fave_date);
  let from = 0;
  let to = total;
  // Favourite 0 is the most recently faved; dates fall as the index grows.
  if (maxFave !== undefined) { while (from < to && account.dateFaved(from) > maxFave) from++; }
  if (minFave !== undefined) { while (to > from && account.dateFaved(to - 1) < minFave) to--; }
  const count = to - from;
  const page = paginate(count, call.params.page, call.params.per_page, 500);
  const entries: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    const item = account.item("other", from + k);
    entries.push({ ...listEntry(call, item, extras), date_faved: String(item.dateFaved) });
  }
  return { photos: photosWrapper(page, count, maybeShort(call, entries, page)) };
}

/** `flickr.photos.getFavorites`: who faved a photo, newest first, 10 a page by default. */
export function photosGetFavorites(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  const { account } = call;
  const faves = account.faves(item.kind, item.index);
  const page = paginate(faves.length, call.params.page, call.params.per_page, 50, 10);
  const person: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    const p = account.person(faves[k].person);
    person.push({
      nsid: p.nsid,
      username: p.username,
      realname: p.realname,
      favedate: String(faves[k].date),
      iconserver: p.iconserver,
      iconfarm: p.iconfarm,
      contact: 0,
      friend: 0,
      family: 0,
      path_alias: p.pathAlias,
    });
  }
  return {
    photo: {
      person: maybeShort(call, person, page),
      id: item.id,
      secret: item.secret,
      server: item.server,
      farm: item.farm,
      page: page.page,
      pages: page.pages,
      perpage: page.perPage,
      total: String(faves.length),
    },
  };
}

/** `flickr.photos.comments.getList`: all comments (no paging), oldest first. */
export function commentsGetList(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  const { account } = call;
  const min = parseDate(call.params.min_comment_date);
  const max = parseDate(call.params.max_comment_date);
  const comments = account.comments(item.kind, item.index)
    .filter((c) => (min === undefined || c.date >= min) && (max === undefined || c.date <= max))
    .map((c) => {
      const author = account.person(c.author);
      return {
        id: c.id,
        author: author.nsid,
        author_is_deleted: author.isDeleted ? 1 : 0,
        authorname: author.username,
        iconserver: author.iconserver,
        iconfarm: author.iconfarm,
        datecreate: String(c.date),
        permalink: `${photoPage(call.origin, item)}#comment${c.id.split("-").pop()}`,
        path_alias: author.pathAlias ?? "",
        realname: author.realname,
        _content: c.html,
      };
    });
  // Flickr leaves out the `comment` key entirely when there are none.
  const body: JsonObject = { photo_id: item.id };
  if (comments.length) body.comment = comments;
  return { comments: body };
}
