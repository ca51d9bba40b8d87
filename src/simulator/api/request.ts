/**
 * What every method handler gets and checks first: the call (parameters, whether a valid access
 * token came with it), Flickr's failure as an exception, and the parameters that many methods
 * share — required ones, `user_id`, `photo_id` and dates.
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import type { Item } from "../account.ts";
import type { AccessToken } from "../oauth.ts";
import type { JsonObject, ViewContext } from "../photo_json.ts";

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
  /** The access token the call was signed with, and what it grants. */
  access?: AccessToken;
  /**
   * The request's own arguments in order (query string, then form body; not the OAuth header),
   * for `flickr.test.echo`. Absent: `params`.
   */
  args?: [string, string][];
  /** Asks the fault injector whether this non-final page should come back short. */
  shortPage(): boolean;
}

/** A method handler: the payload of a successful answer, or throws {@link ApiError}. */
export type Handler = (call: ApiCall) => JsonObject;

/** Flickr's answer to a method that needs a signed-in caller, called without one. */
export function loginRequired(): ApiError {
  return new ApiError(
    99,
    "Insufficient permissions. Method requires read privileges; none granted.",
  );
}

/** A parameter the method cannot do without (code 1 when missing or empty). */
export function requireParam(call: ApiCall, name: string): string {
  const v = call.params[name];
  if (v === undefined || v === "") throw new ApiError(1, `Required parameter "${name}" missing`);
  return v;
}

/**
 * Resolves `user_id` (an NSID, or `me`) to a person index (-1 = the owner); `me` needs a
 * signed-in caller. Without `user_id`, a signed-in caller means themself; otherwise a `required`
 * user is not found and an optional one is undefined.
 */
export function resolveUser(call: ApiCall, required: boolean): number | undefined {
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
export function visiblePhoto(call: ApiCall): Item {
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

/** A date parameter: unix seconds, or MySQL datetime ("2020-01-31" or "2020-01-31 12:00:00", UTC). */
export function parseDate(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const t = Date.parse(value.replace(" ", "T") + (value.length <= 10 ? "T00:00:00Z" : "Z"));
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}
