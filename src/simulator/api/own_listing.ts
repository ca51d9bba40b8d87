/**
 * Which own items a caller may list in `flickr.people.getPhotos`, newest first: all live items
 * for the owner, public ones for others, then narrowed by upload and taken dates, safety level
 * and privacy.
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import { type ApiCall, parseDate } from "./request.ts";

/** Own items the caller may list, newest first, after safety, privacy and date filters. */
export function ownListing(call: ApiCall): ArrayLike<number> {
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

/** The first index in a newest-first list whose key is <= `max` (binary search). */
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
