/**
 * The `flickr.photos.*` methods about one photo (info, sizes, EXIF, people in it), the licence
 * list and the owner's recently updated photos.
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import { exifOf, exifTags } from "../exif.ts";
import type { Json, JsonObject } from "../photo_json.ts";
import { maxEdgeOf, photoInfo, seesOriginal } from "../photo_json.ts";
import { dimensions, fileUrl, photoPage, playUrl, SIZES, sizesOf, videoStreams } from "../sizes.ts";

const MEDIUM_500 = SIZES.find((s) => s.edge === 500)!;
import { LICENSES } from "../vocabulary.ts";
import { ownPhotosPage } from "./paging.ts";
import { type ApiCall, ApiError, parseDate, requireParam, visiblePhoto } from "./request.ts";

/** `flickr.photos.getInfo`. */
export function photosGetInfo(call: ApiCall): JsonObject {
  return { photo: photoInfo(call, visiblePhoto(call)) };
}

/** `flickr.photos.getSizes`: image sizes (the original only for who may see it), video streams. */
export function photosGetSizes(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  const original = seesOriginal(call, item);
  const alias = item.owner.pathAlias || item.owner.nsid;
  const size: Json[] = sizesOf(item, original, maxEdgeOf(call, item)).map((s) => ({
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

/** `flickr.photos.getExif`: denied on others' photos whose owner hides the original. */
export function photosGetExif(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  if (!seesOriginal(call, item) && item.kind === "other") {
    throw new ApiError(2, "Permission denied");
  }
  const exif = exifOf(item);
  const entries: Json[] = (exif ? exifTags(item, exif) : []).map(
    ({ tagspace, tag, label, raw, clean }) => {
      const e: JsonObject = { tagspace, tagspaceid: 0, tag, label, raw: { _content: raw } };
      if (clean !== undefined) e.clean = { _content: clean };
      return e;
    },
  );
  return {
    photo: {
      id: item.id,
      secret: item.secret,
      server: item.server,
      farm: item.farm,
      camera: item.camera?.name ?? "",
      exif: entries,
    },
  };
}

/** `flickr.photos.people.getList`: tagged people, boxes on the 500px image. */
export function photosPeopleGetList(call: ApiCall): JsonObject {
  const item = visiblePhoto(call);
  const { account } = call;
  // The 500px image as Flickr shows it (turned by the photo's rotation).
  const [w, h] = dimensions(item, MEDIUM_500);
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

/** `flickr.photos.licenses.getInfo`. */
export function licensesGetInfo(): JsonObject {
  return { licenses: { license: LICENSES.map((l) => ({ id: l.id, name: l.name, url: l.url })) } };
}

/** `flickr.photos.recentlyUpdated`: own items changed since `min_date`, latest change first. */
export function photosRecentlyUpdated(call: ApiCall): JsonObject {
  const minDate = parseDate(requireParam(call, "min_date")) ?? 0;
  return ownPhotosPage(call, call.account.recentlyUpdated(minDate));
}
