/**
 * How Flickr writes photos in JSON: listing entries with `extras` (keys differ from the extra
 * names, types are inconsistent on purpose, as on Flickr), `flickr.photos.getInfo`'s nested shape,
 * and people in their various shapes.
 *
 * Tested by src/simulator/conformance_test.ts, src/simulator/server_test.ts and
 * src/simulator/xml_test.ts.
 * @module
 */
import { type Account, FREE_ACCOUNT_MAX_EDGE, type Item, type Person } from "./account.ts";
import type { FileStore } from "./files.ts";
import { fileUrl, photoPage, SIZES, sizesOf } from "./sizes.ts";

/** What a serializer needs to know about the request. */
export interface ViewContext {
  account: Account;
  files: FileStore;
  origin: string;
  /** The caller is the account owner (valid access token). */
  isOwner: boolean;
  /** Extras a listing entry for this item comes without in this answer, though asked for. */
  omit?: (item: Item) => ReadonlySet<string> | undefined;
}

/** JSON values as Flickr sends them. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Parses the `extras` parameter into a set of names. */
export function parseExtras(value: string | undefined): Set<string> {
  return new Set((value ?? "").split(/[,\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/**
 * Whether the viewer sees an item's original (`originalsecret`, `originalformat`, `url_o`,
 * `o_dims`, `can_download`). A photo a free account limits to 1,024 px has none for anyone, its
 * owner included: it answers like a photo whose owner disabled downloads.
 */
export function seesOriginal(ctx: ViewContext, item: Item): boolean {
  if (ctx.account.limitedTo1024(item)) return false;
  return item.kind === "own" ? ctx.isOwner : item.canDownload;
}

/** The longest edge Flickr serves of an item (no limit, or Large 1024 on a free account). */
export function maxEdgeOf(ctx: Pick<ViewContext, "account">, item: Item): number {
  return ctx.account.limitedTo1024(item) ? FREE_ACCOUNT_MAX_EDGE : Infinity;
}

/** Tags of an item, with the `checksum:md5=` machine tag where the item has one. */
export function tagsOf(
  ctx: ViewContext,
  item: Item,
): { raw: string; normalised: string; machine: boolean; author: number }[] {
  if (!item.wantsChecksumTag) return item.tags;
  const md5 = ctx.files.originalMd5(item);
  const raw = `checksum:md5=${md5}`;
  return [...item.tags, { raw, normalised: raw, machine: true, author: item.owner.index }];
}

/** One entry of a photo listing, with the requested extras in Flickr's key order. */
export function listEntry(ctx: ViewContext, item: Item, asked: Set<string>): JsonObject {
  const omitted = ctx.omit?.(item);
  const extras = omitted?.size ? new Set([...asked].filter((e) => !omitted.has(e))) : asked;
  const o: JsonObject = {
    id: item.id,
    owner: item.owner.nsid,
    secret: item.secret,
    server: item.server,
    farm: item.farm,
    title: item.title,
    ispublic: item.ispublic,
    isfriend: item.isfriend,
    isfamily: item.isfamily,
  };
  if (extras.has("description")) o.description = { _content: item.description };
  if (extras.has("license")) o.license = String(item.license);
  if (extras.has("date_upload")) o.dateupload = String(item.dateupload);
  if (extras.has("date_taken")) {
    o.datetaken = item.datetaken;
    o.datetakengranularity = String(item.datetakengranularity);
    o.datetakenunknown = String(item.datetakenunknown);
  }
  if (extras.has("owner_name")) o.ownername = item.owner.username;
  if (extras.has("icon_server")) {
    o.iconserver = item.owner.iconserver;
    o.iconfarm = item.owner.iconfarm;
  }
  if (extras.has("original_format") && seesOriginal(ctx, item)) {
    o.originalsecret = item.originalsecret;
    o.originalformat = item.originalformat;
  }
  if (extras.has("last_update")) o.lastupdate = String(item.lastupdate);
  if (extras.has("geo")) {
    if (item.geo) {
      o.latitude = item.geo.latitude;
      o.longitude = item.geo.longitude;
      o.accuracy = String(item.geo.accuracy);
      o.context = 0;
      o.place_id = item.geo.place.placeId;
      o.woeid = item.geo.place.woeid;
      o.geo_is_family = 0;
      o.geo_is_friend = 0;
      o.geo_is_contact = 0;
      o.geo_is_public = 1;
    } else {
      o.latitude = 0;
      o.longitude = 0;
      o.accuracy = 0;
      o.context = 0;
    }
  }
  if (extras.has("tags")) o.tags = tagsOf(ctx, item).map((t) => t.normalised).join(" ");
  if (extras.has("machine_tags")) {
    o.machine_tags = tagsOf(ctx, item).filter((t) => t.machine).map((t) => t.normalised).join(" ");
  }
  if (extras.has("o_dims") && seesOriginal(ctx, item)) {
    o.o_width = String(item.width);
    o.o_height = String(item.height);
  }
  if (extras.has("views")) o.views = String(item.views);
  if (extras.has("media")) {
    o.media = item.media;
    o.media_status = "ready";
  }
  if (extras.has("path_alias")) o.pathalias = item.owner.pathAlias;
  const withOriginal = seesOriginal(ctx, item);
  for (const size of sizesOf(item, withOriginal, maxEdgeOf(ctx, item))) {
    const name = size.spec.extra;
    if (!extras.has(`url_${name}`)) continue;
    o[`url_${name}`] = fileUrl(ctx.origin, item, size.spec);
    // Flickr mixes numbers and strings here; sq is numeric, most others are strings.
    const numeric = name === "sq" || name === "n" || name === "c";
    o[`height_${name}`] = numeric ? size.height : String(size.height);
    o[`width_${name}`] = name === "sq" ? size.width : String(size.width);
  }
  if (extras.has("count_faves")) o.count_faves = String(item.faves);
  if (extras.has("count_comments")) o.count_comments = String(item.comments);
  if (extras.has("count_views")) o.count_views = String(item.views);
  if (extras.has("realname")) o.realname = item.owner.realname;
  if (extras.has("rotation")) o.rotation = item.rotation;
  if (extras.has("safety_level")) o.safety_level = String(item.safetyLevel);
  if (extras.has("usage")) {
    o.can_download = seesOriginal(ctx, item) ? 1 : 0;
    o.can_blog = 1;
    o.can_print = item.kind === "own" ? 1 : 0;
    o.can_share = 1;
  }
  return o;
}

/** `flickr.photos.getInfo`'s `photo` object. */
export function photoInfo(ctx: ViewContext, item: Item): JsonObject {
  const { account } = ctx;
  const original = seesOriginal(ctx, item);
  const o: JsonObject = {
    id: item.id,
    secret: item.secret,
    server: item.server,
    farm: item.farm,
    dateuploaded: String(item.dateupload),
    isfavorite: item.dateFaved !== undefined ? 1 : 0,
    license: String(item.license),
    safety_level: String(item.safetyLevel),
    rotation: item.rotation,
  };
  if (original) {
    o.originalsecret = item.originalsecret;
    o.originalformat = item.originalformat;
  }
  o.views = String(item.views);
  o.media = item.media;
  o.owner = {
    nsid: item.owner.nsid,
    username: item.owner.username,
    realname: item.owner.realname,
    location: item.owner.location,
    iconserver: item.owner.iconserver,
    iconfarm: item.owner.iconfarm,
    path_alias: item.owner.pathAlias ?? "",
  };
  o.title = { _content: item.title };
  o.description = { _content: item.description };
  o.visibility = { ispublic: item.ispublic, isfriend: item.isfriend, isfamily: item.isfamily };
  o.dates = {
    posted: String(item.dateupload),
    taken: item.datetaken,
    takengranularity: item.datetakengranularity,
    takenunknown: String(item.datetakenunknown),
    lastupdate: String(item.lastupdate),
  };
  if (ctx.isOwner && item.kind === "own") o.permissions = { permcomment: 3, permaddmeta: 2 };
  o.editability = {
    cancomment: ctx.isOwner ? 1 : 0,
    canaddmeta: ctx.isOwner && item.kind === "own" ? 1 : 0,
  };
  o.publiceditability = { cancomment: 1, canaddmeta: 0 };
  o.usage = {
    candownload: original ? 1 : 0,
    canblog: 1,
    canprint: item.kind === "own" ? 1 : 0,
    canshare: 1,
  };
  o.comments = { _content: String(item.comments) };
  o.notes = {
    note: account.notes(item.kind, item.index).map((n) => {
      const author = account.person(n.author);
      return {
        id: n.id,
        photo_id: item.id,
        author: author.nsid,
        authorname: author.username,
        authorrealname: author.realname,
        authorispro: author.isPro ? 1 : 0,
        authorisdeleted: author.isDeleted ? 1 : 0,
        x: String(n.x),
        y: String(n.y),
        w: String(n.w),
        h: String(n.h),
        _content: n.text,
      };
    }),
  };
  o.people = { haspeople: item.people > 0 ? 1 : 0 };
  const ownerNum = item.owner.nsid.split("@")[0];
  o.tags = {
    tag: tagsOf(ctx, item).map((t, k) => {
      const author = account.person(t.author);
      return {
        id: `${ownerNum}-${item.id}-${1000 + k * 37}`,
        author: author.nsid,
        authorname: author.username,
        raw: t.raw,
        _content: t.normalised,
        machine_tag: t.machine ? 1 : 0,
      };
    }),
  };
  if (item.geo) {
    const p = item.geo.place;
    const level = (name: string, suffix: string): JsonObject => ({
      _content: name,
      place_id: `${p.placeId}${suffix}`,
      woeid: String(Number(p.woeid) + suffix.length),
    });
    const loc: JsonObject = {
      latitude: item.geo.latitude,
      longitude: item.geo.longitude,
      accuracy: String(item.geo.accuracy),
      context: "0",
    };
    if (p.neighbourhood) loc.neighbourhood = level(p.neighbourhood, "");
    loc.locality = level(p.locality, "l");
    if (p.county) loc.county = level(p.county, "co");
    loc.region = level(p.region, "reg");
    loc.country = level(p.country, "coun");
    loc.place_id = p.placeId;
    loc.woeid = p.woeid;
    o.location = loc;
    o.geoperms = { ispublic: 1, iscontact: 0, isfriend: 0, isfamily: 0 };
  }
  o.urls = { url: [{ type: "photopage", _content: photoPage(ctx.origin, item) }] };
  if (item.video) {
    o.video = {
      ready: 1,
      failed: 0,
      pending: 0,
      duration: String(item.video.duration),
      width: String(item.video.width),
      height: String(item.video.height),
    };
  }
  return o;
}

/** `flickr.people.getInfo`'s `person` object. */
export function personInfo(ctx: ViewContext, p: Person): JsonObject {
  const { account, origin } = ctx;
  const isMe = p.index === -1;
  const alias = p.pathAlias || p.nsid;
  const count = isMe
    ? (ctx.isOwner ? account.ownLive().length : account.ownPublicLive().length)
    : p.photosCount;
  return {
    id: p.nsid,
    nsid: p.nsid,
    ispro: p.isPro ? 1 : 0,
    is_deleted: p.isDeleted ? 1 : 0,
    iconserver: p.iconserver,
    iconfarm: p.iconfarm,
    path_alias: p.pathAlias ?? "",
    has_stats: isMe ? 1 : 0,
    username: { _content: p.username },
    realname: { _content: p.realname },
    location: { _content: p.location },
    description: { _content: p.description },
    photosurl: { _content: `${origin}/photos/${alias}/` },
    profileurl: { _content: `${origin}/people/${alias}/` },
    mobileurl: { _content: `${origin}/photos/${alias}/` },
    photos: {
      firstdatetaken: { _content: "2007-12-24 10:00:00" },
      firstdate: { _content: String(p.firstdate) },
      count: { _content: count },
    },
  };
}

/** Keeps only the size names used by the listing extras (for `extras=url_*` validation). */
export const URL_EXTRAS: readonly string[] = SIZES.map((s) => `url_${s.extra}`);
