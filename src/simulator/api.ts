/**
 * The REST methods the simulator answers (every method named in `shared/flickr-api.md`), with
 * Flickr's parameters, `per_page` caps, paging (a page past the end returns the last page),
 * `extras`, response shapes, type quirks and error codes.
 *
 * Handlers take the request parameters and who is calling; authentication and signatures are
 * checked before (see `oauth.ts`), faults and rate limits around (see `server.ts`).
 * @module
 */
import type { Gallery, Item, ItemKind } from "./account.ts";
import { LICENSES } from "./vocabulary.ts";
import {
  type Json,
  type JsonObject,
  listEntry,
  parseExtras,
  personInfo,
  photoInfo,
  seesOriginal,
  type ViewContext,
} from "./photo_json.ts";
import { fileUrl, photoPage, playUrl, sizesOf, videoStreams } from "./sizes.ts";
import { exifOf } from "./files.ts";

/** A Flickr API failure: answered as `{"stat":"fail","code":N,"message":"..."}` with HTTP 200. */
export class ApiError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

/** Everything a method handler needs. */
export interface ApiCall extends ViewContext {
  params: Record<string, string>;
  /** True when the call carries a valid access token (the only user is the account owner). */
  authenticated: boolean;
  /** Asks the fault injector whether this non-final page should come back short. */
  shortPage(): boolean;
}

type Handler = (call: ApiCall) => JsonObject;

/** A method: whether it needs a signed-in caller, and its handler. */
interface Method {
  login: boolean;
  handler: Handler;
}

const loginRequired = () =>
  new ApiError(99, "Insufficient permissions. Method requires read privileges; none granted.");

// ---- helpers ---------------------------------------------------------------------------------

/** The page window of a listing. */
export interface Page {
  page: number;
  pages: number;
  perPage: number;
  start: number;
  end: number;
}

/**
 * Flickr's paging: `per_page` defaults to 100 and is capped at `max`; a page past the end returns
 * the last page; an empty listing has 0 pages and answers page 1.
 */
export function paginate(
  total: number,
  page: string | undefined,
  perPage: string | undefined,
  max: number,
  fallback = 100,
): Page {
  let pp = Number(perPage);
  if (!Number.isInteger(pp) || pp <= 0) pp = fallback;
  pp = Math.min(pp, max);
  const pages = Math.ceil(total / pp);
  let p = Number(page);
  if (!Number.isInteger(p) || p <= 0) p = 1;
  if (pages > 0 && p > pages) p = pages;
  if (pages === 0) p = 1;
  const start = (p - 1) * pp;
  return { page: p, pages, perPage: pp, start, end: Math.min(total, start + pp) };
}

function requireParam(call: ApiCall, name: string): string {
  const v = call.params[name];
  if (v === undefined || v === "") throw new ApiError(1, `Required parameter "${name}" missing`);
  return v;
}

/** Resolves `user_id` (an NSID, or `me`) to a person; `me` needs a signed-in caller. */
function resolveUser(call: ApiCall, required: boolean): number | undefined {
  const v = call.params.user_id;
  if (v === undefined || v === "") {
    if (!required) return call.authenticated ? -1 : undefined;
    if (call.authenticated) return -1;
    throw new ApiError(1, "User not found");
  }
  if (v === "me") {
    if (!call.authenticated) throw loginRequired();
    return -1;
  }
  const p = call.account.personByNsid(v);
  if (!p) throw new ApiError(1, "User not found");
  if (p.isDeleted) throw new ApiError(5, "User deleted");
  return p.index;
}

/** Finds a photo the caller may see, or throws code 1 (Flickr says "not found" for hidden ones too). */
function visiblePhoto(call: ApiCall): Item {
  const id = requireParam(call, "photo_id");
  const ref = call.account.locate(id);
  if (!ref || call.account.isDeleted(ref.kind, ref.index)) {
    throw new ApiError(1, `Photo "${id}" not found (invalid ID)`);
  }
  const item = call.account.item(ref.kind, ref.index);
  const isOwn = ref.kind === "own";
  if (isOwn && !call.authenticated && item.ispublic !== 1) {
    throw new ApiError(1, `Photo "${id}" not found (invalid ID)`);
  }
  return item;
}

function parseDate(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const t = Date.parse(value.replace(" ", "T") + (value.length <= 10 ? "T00:00:00Z" : "Z"));
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

/** Drops a few entries from a non-final page when the fault injector says so. */
function maybeShort<T>(call: ApiCall, entries: T[], page: Page): T[] {
  if (page.page >= page.pages || entries.length < 2 || !call.shortPage()) return entries;
  const drop = Math.max(1, Math.floor(entries.length / 10));
  return entries.filter((_, k) => k % Math.ceil(entries.length / drop) !== 1);
}

/** The standard `photos` listing wrapper (total as a string, as Flickr sends it). */
function photosWrapper(page: Page, total: number, photo: Json[]): JsonObject {
  return { page: page.page, pages: page.pages, perpage: page.perPage, total: String(total), photo };
}

/** The first index in a newest-first list whose upload date is <= `max` (binary search). */
function lowerBoundDesc(list: Int32Array, key: (i: number) => number, max: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]) > max) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Own items the caller may list, newest first, after safety, privacy and date filters. */
function ownListing(call: ApiCall): ArrayLike<number> {
  const { account } = call;
  let list = call.authenticated ? account.ownLive() : account.ownPublicLive();
  const minUp = parseDate(call.params.min_upload_date);
  const maxUp = parseDate(call.params.max_upload_date);
  if (minUp !== undefined || maxUp !== undefined) {
    const key = (i: number) => account.dateUpload(i);
    const from = maxUp === undefined ? 0 : lowerBoundDesc(list, key, maxUp);
    const to = minUp === undefined ? list.length : lowerBoundDesc(list, key, minUp - 1);
    list = list.subarray(from, to);
  }
  // Flickr hides moderate and restricted content unless safe_search asks for it; un-authed calls
  // only ever see safe content.
  let safe = Number(call.params.safe_search ?? "1");
  if (![1, 2, 3].includes(safe)) safe = 1;
  if (!call.authenticated) safe = 1;
  const privacy = Number(call.params.privacy_filter ?? "0");
  const minTaken = parseDate(call.params.min_taken_date);
  const maxTaken = parseDate(call.params.max_taken_date);
  if (
    safe === 3 && !(privacy >= 1 && privacy <= 5) && minTaken === undefined &&
    maxTaken === undefined
  ) {
    return list;
  }
  const out: number[] = [];
  for (const i of list) {
    if (account.safety("own", i) >= safe) continue;
    if (privacy >= 1 && privacy <= 5) {
      const [pub, fr, fa] = account.visibility("own", i);
      const p = pub ? 1 : fr && fa ? 4 : fr ? 2 : fa ? 3 : 5;
      if (p !== privacy) continue;
    }
    if (minTaken !== undefined || maxTaken !== undefined) {
      const taken = parseDate(account.item("own", i).datetaken) ?? 0;
      if (minTaken !== undefined && taken < minTaken) continue;
      if (maxTaken !== undefined && taken > maxTaken) continue;
    }
    out.push(i);
  }
  return out;
}

// ---- methods ---------------------------------------------------------------------------------

function testLogin(call: ApiCall): JsonObject {
  const me = call.account.owner;
  return { user: { id: me.nsid, username: { _content: me.username }, path_alias: me.pathAlias } };
}

function peopleGetPhotos(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  const extras = parseExtras(call.params.extras);
  if (user !== -1) {
    return {
      photos: photosWrapper(paginate(0, call.params.page, call.params.per_page, 500), 0, []),
    };
  }
  const list = ownListing(call);
  const page = paginate(list.length, call.params.page, call.params.per_page, 500);
  const entries: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    entries.push(listEntry(call, call.account.item("own", list[k]), extras));
  }
  return { photos: photosWrapper(page, list.length, maybeShort(call, entries, page)) };
}

function peopleGetInfo(call: ApiCall): JsonObject {
  const nsid = requireParam(call, "user_id");
  const p = nsid === "me"
    ? (call.authenticated ? call.account.owner : undefined)
    : call.account.personByNsid(nsid);
  if (nsid === "me" && !p) throw loginRequired();
  if (!p) throw new ApiError(1, "User not found");
  if (p.isDeleted) throw new ApiError(5, "User deleted");
  return { person: personInfo(call, p) };
}

function peopleGetGroups(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  const groups = user === -1 ? call.account.groups : [];
  return {
    groups: {
      group: groups.map((g) => ({
        nsid: g.nsid,
        id: g.nsid,
        name: g.name,
        iconfarm: 1 + g.index,
        iconserver: g.index === 3 ? "0" : String(4000 + g.index),
        admin: g.admin ? 1 : 0,
        eighteenplus: g.eighteenplus ? 1 : 0,
        invitation_only: g.invitationOnly ? 1 : 0,
        members: String(g.members),
        pool_count: String(g.pool.length),
      })),
    },
  };
}

function favoritesGetList(call: ApiCall): JsonObject {
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

function photosGetInfo(call: ApiCall): JsonObject {
  return { photo: photoInfo(call, visiblePhoto(call)) };
}

function commentsGetList(call: ApiCall): JsonObject {
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

function photosGetFavorites(call: ApiCall): JsonObject {
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

function photosGetSizes(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  const original = seesOriginal(call, item);
  const alias = item.owner.pathAlias || item.owner.nsid;
  const size: Json[] = sizesOf(item, original).map((s) => ({
    label: s.spec.label,
    // Flickr sends some of these as numbers and some as strings.
    width: s.spec.extra === "sq" || s.spec.extra === "t" ? s.width : String(s.width),
    height: s.spec.extra === "sq" || s.spec.extra === "t" ? s.height : String(s.height),
    source: fileUrl(call.origin, item, s.spec),
    url: `${call.origin}/photos/${alias}/${item.id}/sizes/${s.spec.page}/`,
    media: "photo",
  }));
  const isOwner = item.kind === "own" && call.authenticated;
  for (const stream of videoStreams(item, isOwner)) {
    size.push({
      label: stream.label,
      width: String(stream.width),
      height: String(stream.height),
      source: playUrl(call.origin, item, stream),
      url: photoPage(call.origin, item),
      media: "video",
    });
  }
  return {
    sizes: {
      canblog: 1,
      canprint: item.kind === "own" ? 1 : 0,
      candownload: original ? 1 : 0,
      size,
    },
  };
}

function photosGetExif(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  if (!seesOriginal(call, item) && item.kind === "other") {
    throw new ApiError(2, "Permission denied");
  }
  const exif = exifOf(item);
  const entries: Json[] = [];
  const tag = (tagspace: string, tag: string, label: string, raw: string, clean?: string) => {
    const e: JsonObject = { tagspace, tagspaceid: 0, tag, label, raw: { _content: raw } };
    if (clean !== undefined) e.clean = { _content: clean };
    entries.push(e);
  };
  if (exif) {
    tag("IFD0", "Make", "Make", exif.make);
    tag("IFD0", "Model", "Model", exif.model);
    tag("IFD0", "XResolution", "X-Resolution", "72", "72 dpi");
    tag("ExifIFD", "DateTimeOriginal", "Date and Time (Original)", exif.dateTimeOriginal);
    tag("ExifIFD", "ExifImageWidth", "Exif Image Width", String(item.width));
    tag("ExifIFD", "ExifImageHeight", "Exif Image Height", String(item.height));
    if (exif.gps) {
      const dms = (v: number, pos: string, neg: string) => {
        const a = Math.abs(v);
        const d = Math.floor(a);
        const m = Math.floor((a - d) * 60);
        const s = ((a - d) * 60 - m) * 60;
        return `${d} deg ${m}' ${s.toFixed(2)}" ${v >= 0 ? pos : neg}`;
      };
      tag("GPS", "GPSLatitude", "Latitude", dms(exif.gps.latitude, "N", "S"));
      tag("GPS", "GPSLongitude", "Longitude", dms(exif.gps.longitude, "E", "W"));
    }
  }
  const body: JsonObject = {
    id: item.id,
    secret: item.secret,
    server: item.server,
    farm: item.farm,
  };
  body.camera = item.camera?.name ?? "";
  body.exif = entries;
  return { photo: body };
}

function peopleGetList(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  const { account } = call;
  const [w, h] = item.width >= item.height
    ? [500, Math.round((item.height * 500) / item.width)]
    : [Math.round((item.width * 500) / item.height), 500];
  const person = account.tagged(item.kind, item.index).map((t) => {
    const p = account.person(t.person);
    const e: JsonObject = {
      nsid: p.nsid,
      username: p.username,
      iconserver: p.iconserver,
      iconfarm: p.iconfarm,
      path_alias: p.pathAlias ?? "",
      added_by: account.person(t.addedBy).nsid,
      is_deleted: p.isDeleted ? 1 : 0,
      realname: p.realname,
    };
    if (t.box) {
      Object.assign(e, {
        h: String(t.box.h),
        w: String(t.box.w),
        x: String(t.box.x),
        y: String(t.box.y),
      });
    }
    return e;
  });
  return { people: { total: person.length, photo_width: w, photo_height: h, person } };
}

function licensesGetInfo(): JsonObject {
  return { licenses: { license: LICENSES.map((l) => ({ id: l.id, name: l.name, url: l.url })) } };
}

function recentlyUpdated(call: ApiCall): JsonObject {
  const minDate = parseDate(requireParam(call, "min_date")) ?? 0;
  const extras = parseExtras(call.params.extras);
  const list = call.account.recentlyUpdated(minDate);
  const page = paginate(list.length, call.params.page, call.params.per_page, 500);
  const entries: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    entries.push(listEntry(call, call.account.item("own", list[k]), extras));
  }
  return { photos: photosWrapper(page, list.length, maybeShort(call, entries, page)) };
}

function photosetsGetList(call: ApiCall): JsonObject {
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

/** Live members of an album the caller may see, in album order. */
function membersFor(call: ApiCall, album: number): number[] {
  const members = call.account.albumMembers(album);
  return call.authenticated
    ? members
    : members.filter((i) => call.account.visibility("own", i)[0] === 1);
}

function photosetsGetPhotos(call: ApiCall): JsonObject {
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

function collectionsGetTree(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  const { account } = call;
  const tree = (cs: typeof account.collections): Json[] =>
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
    const find = (cs: typeof roots): typeof roots => {
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

function galleriesGetList(call: ApiCall): JsonObject {
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

function galleriesGetPhotos(call: ApiCall): JsonObject {
  const id = requireParam(call, "gallery_id");
  const { account } = call;
  const g = account.galleries.find((x) => x.id === id || x.galleryId === id);
  if (!g) throw new ApiError(1, "Invalid gallery ID");
  const extras = parseExtras(call.params.extras);
  const continuation = call.params.continuation;
  let page: Page;
  if (continuation !== undefined) {
    // Continuation paging: send 0, relay the value received, -1 means the end.
    const start = Math.max(0, Number(continuation) || 0);
    let pp = Number(call.params.per_page);
    if (!Number.isInteger(pp) || pp <= 0) pp = 100;
    pp = Math.min(pp, 500);
    page = {
      page: 1,
      pages: Math.ceil(g.photos.length / pp),
      perPage: pp,
      start,
      end: Math.min(g.photos.length, start + pp),
    };
  } else {
    page = paginate(g.photos.length, call.params.page, call.params.per_page, 500);
  }
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
  const photos = photosWrapper(page, g.photos.length, photo);
  if (continuation !== undefined) {
    photos.continuation = page.end >= g.photos.length ? "-1" : String(page.end);
  }
  const answer: JsonObject = { photos };
  if (call.params.get_gallery_info === "1") answer.gallery = galleryEntry(call, g);
  return answer;
}

function poolsGetPhotos(call: ApiCall): JsonObject {
  const id = requireParam(call, "group_id");
  const { account } = call;
  const g = account.groups.find((x) => x.nsid === id);
  if (!g) throw new ApiError(1, "Group not found");
  const user = call.params.user_id ? resolveUser(call, true) : undefined;
  let pool = g.pool.filter((p) => !(p.kind === "own" && account.isDeleted("own", p.index)));
  if (!call.authenticated) pool = pool.filter((p) => account.visibility(p.kind, p.index)[0] === 1);
  if (user !== undefined) {
    pool = pool.filter((
      p,
    ) => (user === -1
      ? p.kind === "own"
      : p.kind === "other" && account.item("other", p.index).owner.index === user)
    );
  }
  const extras = parseExtras(call.params.extras);
  const page = paginate(pool.length, call.params.page, call.params.per_page, 500);
  const photo: Json[] = [];
  for (let k = page.start; k < page.end; k++) {
    const entry = pool[k];
    const item = account.item(entry.kind as ItemKind, entry.index);
    const base = listEntry(call, item, extras);
    photo.push({ ...base, ownername: item.owner.username, dateadded: String(entry.dateAdded) });
  }
  return { photos: photosWrapper(page, pool.length, maybeShort(call, photo, page)) };
}

/** Every method the simulator answers. */
export const METHODS: Readonly<Record<string, Method>> = {
  "flickr.test.login": { login: true, handler: testLogin },
  "flickr.people.getPhotos": { login: false, handler: peopleGetPhotos },
  "flickr.people.getInfo": { login: false, handler: peopleGetInfo },
  "flickr.people.getGroups": { login: true, handler: peopleGetGroups },
  "flickr.favorites.getList": { login: false, handler: favoritesGetList },
  "flickr.photos.getInfo": { login: false, handler: photosGetInfo },
  "flickr.photos.comments.getList": { login: false, handler: commentsGetList },
  "flickr.photos.getFavorites": { login: false, handler: photosGetFavorites },
  "flickr.photos.getSizes": { login: false, handler: photosGetSizes },
  "flickr.photos.getExif": { login: false, handler: photosGetExif },
  "flickr.photos.people.getList": { login: false, handler: peopleGetList },
  "flickr.photos.licenses.getInfo": { login: false, handler: licensesGetInfo },
  "flickr.photos.recentlyUpdated": { login: true, handler: recentlyUpdated },
  "flickr.photosets.getList": { login: false, handler: photosetsGetList },
  "flickr.photosets.getPhotos": { login: false, handler: photosetsGetPhotos },
  "flickr.collections.getTree": { login: false, handler: collectionsGetTree },
  "flickr.galleries.getList": { login: false, handler: galleriesGetList },
  "flickr.galleries.getPhotos": { login: false, handler: galleriesGetPhotos },
  "flickr.groups.pools.getPhotos": { login: false, handler: poolsGetPhotos },
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
