/**
 * The `flickr.people.*` methods: a person's profile, their photos and their groups.
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import type { JsonObject } from "../photo_json.ts";
import { personInfo } from "../photo_json.ts";
import { ownListing } from "./own_listing.ts";
import { ownPhotosPage, paginate, photosWrapper } from "./paging.ts";
import { type ApiCall, ApiError, loginRequired, requireParam, resolveUser } from "./request.ts";

/** `flickr.people.getPhotos`: the owner's photos the caller may see; others have none here. */
export function peopleGetPhotos(call: ApiCall): JsonObject {
  const user = resolveUser(call, true);
  if (user !== -1) {
    return {
      photos: photosWrapper(paginate(0, call.params.page, call.params.per_page, 500), 0, []),
    };
  }
  return ownPhotosPage(call, ownListing(call));
}

/** `flickr.people.getInfo`. */
export function peopleGetInfo(call: ApiCall): JsonObject {
  const nsid = requireParam(call, "user_id");
  const p = nsid === "me"
    ? (call.authenticated ? call.account.owner : undefined)
    : call.account.personByNsid(nsid);
  if (nsid === "me" && !p) throw loginRequired();
  if (!p) throw new ApiError(1, "User not found");
  if (p.isDeleted) throw new ApiError(5, "User deleted");
  return { person: personInfo(call, p) };
}

/** `flickr.people.getGroups`: the owner's groups (others' are not known). */
export function peopleGetGroups(call: ApiCall): JsonObject {
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
