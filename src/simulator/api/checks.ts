/**
 * The methods Flickr's client libraries call to check a key or a token before anything else:
 * `flickr.test.echo` (is the key good?), `flickr.test.login` and `flickr.test.null` (is the
 * token good?), `flickr.auth.oauth.checkToken` (what does the token grant, and whose is it?;
 * Python's flickrapi calls it in `token_valid()`). Shapes follow the real answers and Flickr's
 * own method descriptions (`flickr.reflection.getMethodInfo`) in `tests/fixtures/flickr-api/`.
 *
 * Tested by src/simulator/conformance_test.ts.
 * @module
 */
import type { JsonObject } from "../photo_json.ts";
import { type ApiCall, ApiError } from "./request.ts";

/** `flickr.test.login`: the signed-in user. */
export function testLogin(call: ApiCall): JsonObject {
  const me = call.account.owner;
  return { user: { id: me.nsid, username: { _content: me.username }, path_alias: me.pathAlias } };
}

/** `flickr.test.null`: nothing, once the caller is signed in. */
export function testNull(_call: ApiCall): JsonObject {
  return {};
}

/** Names that can be an XML element (the REST format writes each argument as one). */
const ELEMENT_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * `flickr.test.echo`: every argument of the request back, each as `{"_content": value}` in the
 * order sent, `method`, `api_key` and `format` included. Arguments are the query string and a
 * form body; OAuth parameters sent in an `Authorization` header are not arguments and are not
 * echoed (what Flickr does with those is not recorded anywhere we found).
 */
export function testEcho(call: ApiCall): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of call.args ?? Object.entries(call.params)) {
    if (name !== "stat" && ELEMENT_NAME.test(name)) out[name] = { _content: value };
  }
  return out;
}

/**
 * `flickr.auth.oauth.checkToken`: the token the call is signed with, its permission and its
 * owner. Flickr's method needs a signed call (`needssigning` 1) but no particular permission;
 * unsigned, or signed without a token, it answers code 97. An unknown token never gets here:
 * the OAuth check answers HTTP 401 `oauth_problem=token_rejected` first.
 */
export function authOauthCheckToken(call: ApiCall): JsonObject {
  if (!call.access) throw new ApiError(97, "Missing signature");
  const me = call.account.owner;
  return {
    oauth: {
      token: { _content: call.access.token },
      perms: { _content: call.access.perms },
      user: { nsid: me.nsid, username: me.username, fullname: me.realname },
    },
  };
}
