// Long on purpose: one short parser per Flickr answer, found by method name, sharing parse.ts.
/**
 * Turns Flickr's JSON answers into the typed records of `types.ts`. Each `parseX` takes the whole
 * answer (`{"photos": {...}, "stat": "ok"}`) and throws a {@link FlickrError} of kind `"parse"`
 * when the part relied on is missing; everything inside is read defensively (see `parse.ts`).
 *
 * @example
 * ```ts
 * const page = parsePhotoList(await client.call("flickr.people.getPhotos", { user_id: "me" }));
 * ```
 * @module
 */
import { FlickrError } from "./errors.ts";
import { id, type Json, list, obj, text, textOrEmpty, toBool, toInt, toNumber } from "./parse.ts";
import {
  type Collection,
  type CollectionTree,
  type Comment,
  type ExifTag,
  type FavoritePerson,
  type Gallery,
  type Group,
  type InfoTag,
  type License,
  type ListedPhoto,
  LISTING_URL_KEYS,
  type ListingUrl,
  type ListingUrlKey,
  type LoginUser,
  type Media,
  type Note,
  type Person,
  type PhotoContexts,
  type PhotoExif,
  type PhotoFavorites,
  type PhotoInfo,
  type PhotoList,
  type PhotoLocation,
  type PhotoPeople,
  type PhotoPerson,
  type Photoset,
  type PhotosetPhotos,
  type Place,
  type Size,
  type Sizes,
} from "./types.ts";

function shapeError(what: string): FlickrError {
  return new FlickrError("parse", `Flickr's answer has no ${what}`, { permanent: false });
}

/** The object under `key` at the root of an answer, or a parse error. */
function root(body: unknown, key: string): Json {
  const o = obj(obj(body)?.[key]);
  if (!o) throw shapeError(`"${key}" object`);
  return o;
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw shapeError(what);
  return value;
}

function media(value: unknown): Media {
  return text(value) === "video" ? "video" : "photo";
}

function splitTags(value: unknown): string[] {
  const s = text(value);
  return s ? s.split(/\s+/).filter((t) => t !== "") : [];
}

/** A space-separated tag list, or undefined when the entry has no such member at all. */
function tagsIn(p: Json, key: string): string[] | undefined {
  return key in p ? splitTags(p[key]) : undefined;
}

/**
 * Reads a paging envelope (`page`, `pages`, `perpage`/`per_page`, `total`). Without `pages`, the
 * page count follows from `total`; with neither, this page is taken as the last rather than
 * paging on blindly (a page past the end repeats the last one, so there is no other way to stop).
 */
function paging(env: Json, count: number): Omit<PhotoList, "items"> {
  const perPage = toInt(env.perpage) ?? toInt(env.per_page) ?? count;
  const total = toInt(env.total);
  const page = toInt(env.page) ?? 1;
  const stated = toInt(env.pages);
  const pages = stated ?? (total !== undefined && perPage > 0 ? Math.ceil(total / perPage) : page);
  // Some answers (favorites of a photo nobody faved) say pages 0: treat that as one empty page.
  return { page, pages: Math.max(pages, 1), perPage, total };
}

/** One listing item, whatever listing it came from. */
export function parseListedPhoto(p: Json): ListedPhoto {
  const urls: Partial<Record<ListingUrlKey, ListingUrl>> = {};
  for (const key of LISTING_URL_KEYS) {
    const url = text(p[`url_${key}`]);
    if (url) {
      urls[key] = { url, width: toInt(p[`width_${key}`]), height: toInt(p[`height_${key}`]) };
    }
  }
  // Accuracy 0 (or no accuracy with 0,0) means "no location", whatever latitude says.
  const accuracy = toInt(p.accuracy);
  const lat = toNumber(p.latitude);
  const lon = toNumber(p.longitude);
  const hasGeo = lat !== undefined && lon !== undefined && accuracy !== 0 &&
    !(lat === 0 && lon === 0);
  return {
    id: required(id(p.id), "photo id"),
    owner: id(p.owner),
    ownerName: text(p.ownername),
    secret: text(p.secret),
    server: text(p.server),
    farm: toInt(p.farm),
    title: textOrEmpty(p.title),
    description: "description" in p ? textOrEmpty(p.description) : undefined,
    isPublic: toBool(p.ispublic),
    isFriend: toBool(p.isfriend),
    isFamily: toBool(p.isfamily),
    license: toInt(p.license),
    dateUpload: toInt(p.dateupload),
    dateTaken: text(p.datetaken),
    dateTakenGranularity: toInt(p.datetakengranularity),
    dateTakenUnknown: toBool(p.datetakenunknown),
    iconServer: text(p.iconserver),
    iconFarm: toInt(p.iconfarm),
    originalSecret: text(p.originalsecret),
    originalFormat: text(p.originalformat),
    lastUpdate: toInt(p.lastupdate),
    latitude: hasGeo ? lat : undefined,
    longitude: hasGeo ? lon : undefined,
    accuracy: hasGeo ? accuracy : undefined,
    geoContext: hasGeo ? toInt(p.context) : undefined,
    placeId: hasGeo ? text(p.place_id) : undefined,
    woeid: hasGeo ? text(p.woeid) : undefined,
    geoIsPublic: toBool(p.geo_is_public),
    geoIsContact: toBool(p.geo_is_contact),
    geoIsFriend: toBool(p.geo_is_friend),
    geoIsFamily: toBool(p.geo_is_family),
    tags: tagsIn(p, "tags"),
    machineTags: tagsIn(p, "machine_tags"),
    views: toInt(p.views),
    media: media(p.media),
    mediaStatus: text(p.media_status),
    pathAlias: text(p.pathalias) ?? text(p.path_alias),
    urls,
    originalWidth: toInt(p.o_width),
    originalHeight: toInt(p.o_height),
    countFaves: toInt(p.count_faves),
    countComments: toInt(p.count_comments),
    countViews: toInt(p.count_views),
    realName: text(p.realname),
    rotation: toInt(p.rotation),
    safetyLevel: toInt(p.safety_level),
    canDownload: toBool(p.can_download),
    canBlog: toBool(p.can_blog),
    canPrint: toBool(p.can_print),
    canShare: toBool(p.can_share),
    dateFaved: toInt(p.date_faved),
    dateAdded: toInt(p.dateadded),
    isPrimary: toBool(p.isprimary),
    raw: p,
  };
}

/**
 * A `{"photos": {page, pages, perpage, total, photo: [...]}}` listing: people.getPhotos,
 * favorites.getList, galleries.getPhotos, groups.pools.getPhotos, photos.recentlyUpdated.
 */
export function parsePhotoList(body: unknown): PhotoList {
  const env = root(body, "photos");
  const items = list(env.photo).map(parseListedPhoto);
  return { ...paging(env, items.length), items };
}

/** photosets.getPhotos (root key `photoset`, not `photos`). */
export function parsePhotosetPhotos(body: unknown): PhotosetPhotos {
  const env = root(body, "photoset");
  const owner = id(env.owner);
  const ownerName = text(env.ownername);
  const items = list(env.photo).map((p) => {
    const item = parseListedPhoto(p);
    return { ...item, owner: item.owner ?? owner, ownerName: item.ownerName ?? ownerName };
  });
  return {
    ...paging(env, items.length),
    items,
    id: required(id(env.id), "photoset id"),
    primary: id(env.primary),
    owner,
    ownerName,
    title: text(env.title),
  };
}

function place(value: unknown): Place | undefined {
  const o = obj(value);
  const name = text(o ?? value);
  if (!name) return undefined;
  return { name, placeId: text(o?.place_id), woeid: text(o?.woeid) };
}

function location(value: unknown): PhotoLocation | undefined {
  const l = obj(value);
  if (!l) return undefined;
  const latitude = toNumber(l.latitude);
  const longitude = toNumber(l.longitude);
  const accuracy = toInt(l.accuracy);
  if (latitude === undefined || longitude === undefined || accuracy === 0) return undefined;
  return {
    latitude,
    longitude,
    accuracy,
    context: toInt(l.context),
    placeId: text(l.place_id),
    woeid: text(l.woeid),
    neighbourhood: place(l.neighbourhood),
    locality: place(l.locality),
    county: place(l.county),
    region: place(l.region),
    country: place(l.country),
  };
}

function note(n: Json): Note {
  return {
    id: required(id(n.id), "note id"),
    author: id(n.author),
    authorName: text(n.authorname),
    authorRealName: text(n.authorrealname),
    authorIsDeleted: toBool(n.authorisdeleted),
    x: toInt(n.x) ?? 0,
    y: toInt(n.y) ?? 0,
    w: toInt(n.w) ?? 0,
    h: toInt(n.h) ?? 0,
    text: textOrEmpty(n),
    raw: n,
  };
}

/** `namespace:predicate=value`, Flickr's form of a machine tag. */
const MACHINE_TAG = /^[A-Za-z_][A-Za-z0-9_]*:[A-Za-z_][A-Za-z0-9_]*=./;

function infoTag(t: Json): InfoTag {
  const tag = textOrEmpty(t);
  return {
    id: text(t.id),
    author: id(t.author),
    authorName: text(t.authorname),
    raw: text(t.raw) ?? tag,
    tag,
    machineTag: toBool(t.machine_tag) ?? MACHINE_TAG.test(text(t.raw) ?? tag),
  };
}

function canFlags(o: Json | undefined) {
  return { canComment: toBool(o?.cancomment), canAddMeta: toBool(o?.canaddmeta) };
}

/** photos.getInfo. */
export function parsePhotoInfo(body: unknown): PhotoInfo {
  const p = root(body, "photo");
  const owner = obj(p.owner);
  const visibility = obj(p.visibility);
  const dates = obj(p.dates);
  const permissions = obj(p.permissions);
  const usage = obj(p.usage);
  const geoPerms = obj(p.geoperms);
  const video = obj(p.video);
  return {
    id: required(id(p.id), "photo id"),
    secret: text(p.secret),
    server: text(p.server),
    farm: toInt(p.farm),
    dateUploaded: toInt(p.dateuploaded),
    isFavorite: toBool(p.isfavorite),
    license: toInt(p.license),
    safetyLevel: toInt(p.safety_level),
    rotation: toInt(p.rotation),
    originalSecret: text(p.originalsecret),
    originalFormat: text(p.originalformat),
    owner: {
      nsid: required(id(owner?.nsid), "photo owner"),
      username: text(owner?.username),
      realName: text(owner?.realname),
      location: text(owner?.location),
      iconServer: text(owner?.iconserver),
      iconFarm: toInt(owner?.iconfarm),
      pathAlias: text(owner?.path_alias),
    },
    title: textOrEmpty(p.title),
    description: textOrEmpty(p.description),
    visibility: {
      isPublic: toBool(visibility?.ispublic),
      isFriend: toBool(visibility?.isfriend),
      isFamily: toBool(visibility?.isfamily),
    },
    dates: {
      posted: toInt(dates?.posted),
      taken: text(dates?.taken),
      takenGranularity: toInt(dates?.takengranularity),
      takenUnknown: toBool(dates?.takenunknown),
      lastUpdate: toInt(dates?.lastupdate),
    },
    permissions: permissions
      ? { permComment: toInt(permissions.permcomment), permAddMeta: toInt(permissions.permaddmeta) }
      : undefined,
    editability: obj(p.editability) ? canFlags(obj(p.editability)) : undefined,
    publicEditability: obj(p.publiceditability) ? canFlags(obj(p.publiceditability)) : undefined,
    usage: {
      canDownload: toBool(usage?.candownload),
      canBlog: toBool(usage?.canblog),
      canPrint: toBool(usage?.canprint),
      canShare: toBool(usage?.canshare),
    },
    views: toInt(p.views),
    comments: toInt(p.comments),
    notes: "notes" in p ? list(obj(p.notes)?.note).map(note) : undefined,
    hasPeople: toBool(obj(p.people)?.haspeople),
    tags: "tags" in p ? list(obj(p.tags)?.tag).map(infoTag) : undefined,
    location: location(p.location),
    geoPerms: geoPerms
      ? {
        isPublic: toBool(geoPerms.ispublic),
        isContact: toBool(geoPerms.iscontact),
        isFriend: toBool(geoPerms.isfriend),
        isFamily: toBool(geoPerms.isfamily),
      }
      : undefined,
    urls: list(obj(p.urls)?.url).flatMap((u) => {
      const url = text(u);
      return url ? [{ type: text(u.type) ?? "", url }] : [];
    }),
    media: media(p.media),
    video: video
      ? {
        ready: toBool(video.ready),
        failed: toBool(video.failed),
        pending: toBool(video.pending),
        duration: toNumber(video.duration),
        width: toInt(video.width),
        height: toInt(video.height),
      }
      : undefined,
    raw: p,
  };
}

/** photos.comments.getList: every comment in one answer (no `comment` key when there are none). */
export function parseComments(body: unknown): Comment[] {
  const env = root(body, "comments");
  return list(env.comment).map((c) => ({
    id: required(id(c.id), "comment id"),
    author: required(id(c.author), "comment author"),
    authorIsDeleted: toBool(c.author_is_deleted),
    authorName: text(c.authorname),
    realName: text(c.realname),
    iconServer: text(c.iconserver),
    iconFarm: toInt(c.iconfarm),
    pathAlias: text(c.path_alias),
    dateCreate: toInt(c.datecreate),
    permalink: text(c.permalink),
    html: textOrEmpty(c),
    raw: c,
  }));
}

/** photos.getFavorites: one page of the people who faved a photo. */
export function parseFavorites(body: unknown): PhotoFavorites {
  const env = root(body, "photo");
  const people = list(env.person).map((p): FavoritePerson => ({
    nsid: required(id(p.nsid), "person nsid"),
    username: text(p.username),
    realName: text(p.realname),
    faveDate: toInt(p.favedate),
    iconServer: text(p.iconserver),
    iconFarm: toInt(p.iconfarm),
    pathAlias: text(p.path_alias),
    raw: p,
  }));
  return {
    ...paging(env, people.length),
    items: people,
    photoId: required(id(env.id), "photo id"),
  };
}

/** photos.getSizes. */
export function parseSizes(body: unknown): Sizes {
  const env = root(body, "sizes");
  const sizes = list(env.size).flatMap((s): Size[] => {
    const source = text(s.source);
    if (!source) return [];
    return [{
      label: textOrEmpty(s.label),
      width: toInt(s.width),
      height: toInt(s.height),
      source,
      url: text(s.url),
      media: media(s.media),
    }];
  });
  return {
    canBlog: toBool(env.canblog),
    canPrint: toBool(env.canprint),
    canDownload: toBool(env.candownload),
    sizes,
  };
}

/** photos.getExif. */
export function parsePhotoExif(body: unknown): PhotoExif {
  const p = root(body, "photo");
  const tags = list(p.exif).map((e): ExifTag => ({
    tagspace: textOrEmpty(e.tagspace),
    tagspaceId: toInt(e.tagspaceid),
    tag: textOrEmpty(e.tag),
    label: text(e.label),
    raw: textOrEmpty(e.raw),
    clean: text(e.clean),
  }));
  return { id: required(id(p.id), "photo id"), camera: text(p.camera), tags, raw: p };
}

/** people.getInfo. */
export function parsePerson(body: unknown): Person {
  const p = root(body, "person");
  const photos = obj(p.photos);
  return {
    nsid: required(id(p.nsid) ?? id(p.id), "person nsid"),
    username: text(p.username),
    realName: text(p.realname),
    location: text(p.location),
    description: text(p.description),
    iconServer: text(p.iconserver),
    iconFarm: toInt(p.iconfarm),
    pathAlias: text(p.path_alias),
    isPro: toBool(p.ispro),
    isDeleted: toBool(p.is_deleted),
    photosUrl: text(p.photosurl),
    profileUrl: text(p.profileurl),
    photosCount: toInt(photos?.count),
    firstDateTaken: text(photos?.firstdatetaken),
    firstDate: toInt(photos?.firstdate),
    raw: p,
  };
}

/** flickr.test.login. */
export function parseLogin(body: unknown): LoginUser {
  const u = root(body, "user");
  return { nsid: required(id(u.id) ?? id(u.nsid), "user id"), username: text(u.username) };
}

/** photos.licenses.getInfo. */
export function parseLicenses(body: unknown): License[] {
  const env = root(body, "licenses");
  return list(env.license).flatMap((l) => {
    const licenseId = toInt(l.id);
    return licenseId === undefined
      ? []
      : [{ id: licenseId, name: textOrEmpty(l.name), url: text(l.url) }];
  });
}

/** photosets.getList: one page of albums. */
export function parsePhotosets(body: unknown): PhotoList<Photoset> {
  const env = root(body, "photosets");
  const items = list(env.photoset).map((s): Photoset => ({
    id: required(id(s.id), "photoset id"),
    title: textOrEmpty(s.title),
    description: textOrEmpty(s.description),
    primary: id(s.primary),
    secret: text(s.secret),
    server: text(s.server),
    farm: toInt(s.farm),
    countPhotos: toInt(s.count_photos) ?? toInt(s.photos),
    countVideos: toInt(s.count_videos) ?? toInt(s.videos),
    countViews: toInt(s.count_views),
    countComments: toInt(s.count_comments),
    dateCreate: toInt(s.date_create),
    dateUpdate: toInt(s.date_update),
    raw: s,
  }));
  return { ...paging(env, items.length), items };
}

function collection(c: Json): Collection {
  return {
    id: required(id(c.id), "collection id"),
    title: textOrEmpty(c.title),
    description: textOrEmpty(c.description),
    iconLarge: text(c.iconlarge),
    iconSmall: text(c.iconsmall),
    collections: list(c.collection).map(collection),
    sets: list(c.set).map((s) => ({
      id: required(id(s.id), "set id"),
      title: textOrEmpty(s.title),
      description: textOrEmpty(s.description),
    })),
    raw: c,
  };
}

/** collections.getTree (an account without collections answers `"collections": {}` or `""`). */
export function parseCollectionTree(body: unknown): CollectionTree {
  const b = obj(body);
  if (!b || !("collections" in b)) throw shapeError(`"collections" object`);
  return { collections: list(obj(b.collections)?.collection).map(collection) };
}

/** galleries.getList: one page of galleries. */
export function parseGalleries(body: unknown): PhotoList<Gallery> {
  const env = root(body, "galleries");
  const items = list(env.gallery).map((g): Gallery => ({
    id: required(id(g.id), "gallery id"),
    galleryId: id(g.gallery_id),
    url: text(g.url),
    owner: id(g.owner),
    username: text(g.username),
    primaryPhotoId: id(g.primary_photo_id),
    primaryPhotoServer: text(g.primary_photo_server),
    primaryPhotoFarm: toInt(g.primary_photo_farm),
    primaryPhotoSecret: text(g.primary_photo_secret),
    dateCreate: toInt(g.date_create),
    dateUpdate: toInt(g.date_update),
    countPhotos: toInt(g.count_photos),
    countVideos: toInt(g.count_videos),
    countViews: toInt(g.count_views),
    countComments: toInt(g.count_comments),
    title: textOrEmpty(g.title),
    description: textOrEmpty(g.description),
    raw: g,
  }));
  return { ...paging(env, items.length), items };
}

/** people.getGroups (not paged). */
export function parseGroups(body: unknown): Group[] {
  const env = root(body, "groups");
  return list(env.group).map((g) => ({
    nsid: required(id(g.nsid) ?? id(g.id), "group id"),
    name: textOrEmpty(g.name),
    admin: toBool(g.admin),
    eighteenPlus: toBool(g.eighteenplus),
    invitationOnly: toBool(g.invitation_only),
    iconServer: text(g.iconserver),
    iconFarm: toInt(g.iconfarm),
    members: toInt(g.members),
    poolCount: toInt(g.pool_count),
    raw: g,
  }));
}

/**
 * photos.getAllContexts: `set` and `pool` lists at the answer's root, either absent when the photo
 * is in none (`{"stat":"ok"}`).
 */
export function parseContexts(body: unknown): PhotoContexts {
  const env = obj(body);
  if (!env) throw shapeError("answer object");
  const entries = (v: unknown) =>
    list(v).flatMap((e) => {
      const i = id(e.id);
      return i === undefined ? [] : [{ id: i, title: textOrEmpty(e.title) }];
    });
  return { sets: entries(env.set), pools: entries(env.pool), raw: env };
}

/** photos.people.getList. */
export function parsePhotoPeople(body: unknown): PhotoPeople {
  const env = root(body, "people");
  const people = list(env.person).map((p): PhotoPerson => {
    const [x, y, w, h] = [toInt(p.x), toInt(p.y), toInt(p.w), toInt(p.h)];
    return {
      nsid: required(id(p.nsid), "person nsid"),
      username: text(p.username),
      realName: text(p.realname),
      pathAlias: text(p.path_alias),
      iconServer: text(p.iconserver),
      iconFarm: toInt(p.iconfarm),
      addedBy: id(p.added_by),
      isDeleted: toBool(p.is_deleted),
      box: x !== undefined && y !== undefined && w !== undefined && h !== undefined
        ? { x, y, w, h }
        : undefined,
      raw: p,
    };
  });
  return {
    total: toInt(env.total) ?? people.length,
    photoWidth: toInt(env.photo_width),
    photoHeight: toInt(env.photo_height),
    people,
  };
}
