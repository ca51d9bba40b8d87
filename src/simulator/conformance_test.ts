/**
 * Conformance: for each method the simulator implements, its answers have the structure (keys,
 * nesting, arrays) of the real Flickr responses in `tests/fixtures/flickr-api/` (XML samples
 * mapped to JSON by Flickr's rules).
 *
 * Two checks per method:
 * 1. Every key path the simulator sends appears in some real response of that method (or in the
 *    documented list of additions below, each with its reason).
 * 2. Every key path that all real responses of the method share is also in the simulator's
 *    answers, with the same kind (object, array or scalar).
 *
 * Where the fixtures differ among themselves (so only their common part is required):
 * - people.getPhotos / recentlyUpdated: 2012–13 JSON omits `datetakenunknown`; totals are strings
 *   ("98") in those and numbers (487) in the 2023 st0o0 sample; extras vary by request.
 * - photos.getInfo: `notes` is `{note: []}` in JSON but an empty element in XML; newer answers add
 *   `owner.gift`, `owner.path_alias`, `usage`, `publiceditability`, `video` for videos, `location`
 *   only when geotagged; place levels carry `place_id`/`woeid` in JSON but only a woeid (or nothing)
 *   in newer XML.
 * - people.getInfo: the Flickr Foundation samples add `has_adfree`, `has_free_standard_shipping`...;
 *   deleted users answer code 5; `location` and `description` are empty elements when unset.
 * - photos.getSizes: video entries (`media: "video"`) only in the django-ditto sample;
 *   `width`/`height` numbers in some entries, strings in others.
 * - photosets.getPhotos: `per_page` and `perpage` both in some answers, one in others.
 * @module
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { Account } from "./account.ts";
import { type ApiCall, callMethod } from "./api.ts";
import { FileStore } from "./files.ts";
import { type Kind, shapeOf } from "./shape.ts";
import { xmlToJson } from "./xml.ts";

const fixtureDir = fixturePath("flickr-api");

function fixtures(method: string): Map<string, Kind>[] {
  const out: Map<string, Kind>[] = [];
  for (const entry of Deno.readDirSync(fixtureDir)) {
    if (!entry.name.startsWith(`${method}__`) || entry.name.includes("SYNTHETIC")) continue;
    const text = Deno.readTextFileSync(`${fixtureDir}/${entry.name}`);
    let body: Record<string, unknown>;
    if (entry.name.endsWith(".json")) body = JSON.parse(text);
    else if (entry.name.endsWith(".xml")) body = xmlToJson(text);
    else continue;
    if (body.stat !== "ok") continue;
    out.push(shapeOf(body));
  }
  return out;
}

const account = new Account({ seed: 3, photos: 400, videos: 20 });
const files = new FileStore(account);

function call(
  method: string,
  params: Record<string, string>,
  authenticated = true,
  on: { account: Account; files: FileStore } = { account, files },
) {
  const c: ApiCall = {
    account: on.account,
    files: on.files,
    origin: "http://127.0.0.1:1",
    isOwner: authenticated,
    authenticated,
    params,
    shortPage: () => false,
  };
  const answer = callMethod(method, c);
  assert(answer.stat === "ok", `${method} failed: ${JSON.stringify(answer)}`);
  return answer;
}

const EXTRAS =
  "description,license,date_upload,date_taken,owner_name,icon_server,original_format," +
  "last_update,geo,tags,machine_tags,o_dims,views,media,path_alias,url_sq,url_q,url_t,url_s," +
  "url_n,url_m,url_z,url_c,url_l,url_h,url_k,url_o,count_faves,count_comments,count_views,realname," +
  "rotation,safety_level,usage";

/**
 * Listing keys flickr-api.md documents that no sample of the method happens to carry (the first
 * five are in the newer galleries and group-pool samples).
 */
const LISTING_ADDITIONS = [
  "datetakenunknown",
  "count_comments",
  "count_views",
  "realname",
  "safety_level",
  "url_w",
  "height_w",
  "width_w",
  "count_faves",
  "rotation",
  "can_download",
  "can_blog",
  "can_print",
  "can_share",
  "o_width",
  "o_height",
];

/** Own items with every kind of detail: geo, notes, tagged people, video, comments. */
function richItems(): string[] {
  const ids = new Set<string>();
  const want = [
    (i: number) => account.item("own", i).geo !== undefined,
    (i: number) => account.extrasCount("own", i).notes > 0,
    (i: number) => account.extrasCount("own", i).people > 0,
    (i: number) => account.isVideo(i),
    (i: number) => account.commentCount("own", i) > 0,
    (i: number) => account.item("own", i).geo?.place.county !== undefined,
    (i: number) => account.item("own", i).geo?.place.neighbourhood !== undefined,
  ];
  for (const test of want) {
    for (let i = 0; i < account.ownCount; i++) {
      if (test(i)) {
        ids.add(account.idOf("own", i));
        break;
      }
    }
  }
  return [...ids];
}

function check(
  method: string,
  answers: Record<string, unknown>[],
  additions: string[] = [],
  fixtureMethod = method,
) {
  const real = fixtures(fixtureMethod);
  assert(real.length > 0, `no fixtures for ${fixtureMethod}`);
  const union = new Map<string, Kind>();
  for (const f of real) for (const [k, v] of f) union.set(k, v);
  const common = new Map([...real[0]].filter(([k]) => real.every((f) => f.has(k))));
  const mine = new Map<string, Kind>();
  for (const a of answers) for (const [k, v] of shapeOf(a)) mine.set(k, v);
  const leaf = (p: string) => p.split(".").pop()!.replace("[]", "");
  const invented = [...mine.keys()].filter((p) => {
    if (union.has(p)) return false;
    if (additions.includes(leaf(p)) || additions.includes(p)) return false;
    // Text of an element that happens to be empty in every XML sample.
    if (p.endsWith("._content") && union.get(p.slice(0, -9)) === "object") return false;
    return true;
  });
  assert(invented.length === 0, `${method}: keys no real answer has: ${invented.join(", ")}`);
  const missing = [...common].filter(([p]) => !mine.has(p)).map(([p]) => p);
  assert(
    missing.length === 0,
    `${method}: keys every real answer has but the simulator lacks: ${missing.join(", ")}`,
  );
  const kinds = [...common].filter(([p, k]) => mine.get(p) !== k);
  assert(
    kinds.length === 0,
    `${method}: different nesting at ${
      kinds.map(([p, k]) => `${p} (real ${k}, simulator ${mine.get(p)})`).join(", ")
    }`,
  );
}

Deno.test("conformance: flickr.test.login", () => {
  check("flickr.test.login", [call("flickr.test.login", {})], ["path_alias"]);
});

Deno.test("conformance: flickr.test.null", () => {
  check("flickr.test.null", [call("flickr.test.null", {})]);
});

/**
 * The example answer in Flickr's own description of `method` (`flickr.reflection.getMethodInfo`),
 * for methods no recorded answer exists for: its XML, mapped to JSON by Flickr's rules.
 */
function documentedExample(method: string): Map<string, Kind> {
  const info = JSON.parse(
    Deno.readTextFileSync(
      `${fixtureDir}/flickr.reflection.getMethodInfo__christopheradams_flickrex__${method}.json`,
    ),
  );
  assert(info.method.name === method, info.method.name);
  return shapeOf(xmlToJson(`<rsp stat="ok">${info.method.response._content}</rsp>`));
}

/** A shape as sorted `path: kind` lines, to compare two shapes whole. */
const shapeLines = (shape: Map<string, Kind>) => [...shape].map(([p, k]) => `${p}: ${k}`).sort();

Deno.test("conformance: flickr.auth.oauth.checkToken has the shape of Flickr's example", () => {
  const c: ApiCall = {
    account,
    files,
    origin: "http://127.0.0.1:1",
    isOwner: true,
    authenticated: true,
    access: { token: "72157000000000001-0123456789abcdef", perms: "read" },
    params: {},
    shortPage: () => false,
  };
  const answer = callMethod("flickr.auth.oauth.checkToken", c);
  assertEquals(
    shapeLines(shapeOf(answer)),
    shapeLines(documentedExample("flickr.auth.oauth.checkToken")),
  );
  assertEquals(answer.oauth, {
    token: { _content: "72157000000000001-0123456789abcdef" },
    perms: { _content: "read" },
    user: {
      nsid: account.owner.nsid,
      username: account.owner.username,
      fullname: account.owner.realname,
    },
  });
});

Deno.test("conformance: flickr.test.echo sends every argument back, as Flickr's example", () => {
  const answer = call("flickr.test.echo", { method: "flickr.test.echo", foo: "bar" }, false);
  assertEquals(shapeLines(shapeOf(answer)), shapeLines(documentedExample("flickr.test.echo")));
  assertEquals(answer.foo, { _content: "bar" });
});

Deno.test("conformance: flickr.people.getPhotos", () => {
  const answers = [1, 2].map((page) =>
    call("flickr.people.getPhotos", {
      user_id: "me",
      extras: EXTRAS,
      per_page: "200",
      page: String(page),
      safe_search: "3",
    })
  );
  check("flickr.people.getPhotos", answers, LISTING_ADDITIONS);
});

Deno.test("conformance: flickr.favorites.getList has the listing shape (no fixture exists)", () => {
  const a = call("flickr.favorites.getList", { user_id: "me", extras: EXTRAS, per_page: "50" });
  check(
    "flickr.favorites.getList",
    [a],
    [...LISTING_ADDITIONS, "date_faved"],
    "flickr.people.getPhotos",
  );
});

Deno.test("conformance: flickr.photos.recentlyUpdated", () => {
  const a = call("flickr.photos.recentlyUpdated", {
    min_date: "0",
    per_page: "50",
    extras: "media",
  });
  check("flickr.photos.recentlyUpdated", [a]);
});

Deno.test("conformance: flickr.photos.getInfo", () => {
  const answers = richItems().map((id) => call("flickr.photos.getInfo", { photo_id: id }));
  check("flickr.photos.getInfo", answers, ["permissions", "permcomment", "permaddmeta"]);
});

Deno.test("conformance: flickr.people.getInfo", () => {
  const answers = [call("flickr.people.getInfo", { user_id: account.owner.nsid })];
  for (let p = 0; p < 20; p++) {
    const person = account.person(p);
    if (!person.isDeleted) answers.push(call("flickr.people.getInfo", { user_id: person.nsid }));
  }
  check("flickr.people.getInfo", answers);
});

Deno.test("conformance: flickr.photos.comments.getList", () => {
  const answers = richItems().map((id) => call("flickr.photos.comments.getList", { photo_id: id }));
  check("flickr.photos.comments.getList", answers);
});

Deno.test("conformance: flickr.photos.getFavorites", () => {
  const id = account.idOf("own", account.mostFavedIndex);
  check("flickr.photos.getFavorites", [
    call("flickr.photos.getFavorites", { photo_id: id, per_page: "50" }),
  ], [
    "contact",
    "friend",
    "family",
  ]);
});

Deno.test("conformance: flickr.photos.getSizes", () => {
  const answers = richItems().map((id) => call("flickr.photos.getSizes", { photo_id: id }));
  check("flickr.photos.getSizes", answers);
});

Deno.test("conformance: flickr.photos.getExif", () => {
  const answers = richItems().map((id) => call("flickr.photos.getExif", { photo_id: id }));
  check("flickr.photos.getExif", answers);
});

Deno.test("conformance: flickr.photos.people.getList", () => {
  const answers = richItems().map((id) => call("flickr.photos.people.getList", { photo_id: id }));
  check("flickr.photos.people.getList", answers);
});

Deno.test("conformance: flickr.photos.licenses.getInfo", () => {
  check("flickr.photos.licenses.getInfo", [call("flickr.photos.licenses.getInfo", {})]);
});

Deno.test("conformance: flickr.photosets.getList and getPhotos", () => {
  const list = call("flickr.photosets.getList", { user_id: "me" });
  check("flickr.photosets.getList", [list], ["count_photos", "count_videos"]);
  const id = account.albums[0].id;
  const photos = call("flickr.photosets.getPhotos", {
    photoset_id: id,
    extras: EXTRAS,
    user_id: "me",
  });
  check("flickr.photosets.getPhotos", [photos], LISTING_ADDITIONS);
});

Deno.test("conformance: flickr.galleries.getList and getPhotos", () => {
  const list = call("flickr.galleries.getList", { user_id: "me" });
  check("flickr.galleries.getList", [list]);
  const photos = account.galleries.map((g) =>
    call("flickr.galleries.getPhotos", { gallery_id: g.id, extras: EXTRAS, get_gallery_info: "1" })
  );
  check("flickr.galleries.getPhotos", photos, [
    ...LISTING_ADDITIONS,
    "photos.photo[].comment",
    "photos.photo[].comment[]",
    "photos.photo[].comment[]._content",
    "url_h",
    "url_k",
    "url_n",
    "url_z",
    "url_c",
    "height_h",
    "width_h",
    "height_k",
    "width_k",
    "height_n",
    "width_n",
    "height_z",
    "width_z",
    "height_c",
    "width_c",
    "views",
    "dateupload",
    "lastupdate",
    "iconserver",
    "iconfarm",
    "machine_tags",
    "place_id",
    "woeid",
  ]);
});

Deno.test("conformance: flickr.groups.pools.getPhotos", () => {
  const answers = account.groups.map((g) =>
    call("flickr.groups.pools.getPhotos", { group_id: g.nsid, extras: EXTRAS })
  );
  check("flickr.groups.pools.getPhotos", answers, [
    ...LISTING_ADDITIONS,
    "url_h",
    "url_k",
    "url_n",
    "url_z",
    "url_c",
    "url_o",
    "height_h",
    "width_h",
    "height_k",
    "width_k",
    "height_n",
    "width_n",
    "height_z",
    "width_z",
    "height_c",
    "width_c",
    "height_o",
    "width_o",
    "views",
    "lastupdate",
    "iconserver",
    "iconfarm",
    "machine_tags",
    "originalsecret",
    "originalformat",
    "place_id",
    "woeid",
    "geo_is_public",
    "geo_is_contact",
    "geo_is_friend",
    "geo_is_family",
  ]);
});

Deno.test("conformance: a free account's answers keep the real shapes: sizes as when downloads are off, ispro 0", () => {
  const free = new Account({ seed: 3, photos: 400, videos: 20, plan: "free" });
  const on = { account: free, files: new FileStore(free) };
  const limited: string[] = [];
  for (let i = 0; i < free.ownCount && limited.length < 6; i++) {
    const item = free.item("own", i);
    if (free.limitedTo1024(item) && Math.max(item.width, item.height) > 1024) limited.push(item.id);
  }
  assert(limited.length === 6, "limited photos larger than 1,024 px");
  const sizes = limited.map((id) => call("flickr.photos.getSizes", { photo_id: id }, true, on));
  check("flickr.photos.getSizes", sizes);
  // A real answer for a photo whose original Flickr withholds: no Original, candownload 0.
  const real = xmlToJson(Deno.readTextFileSync(
    `${fixtureDir}/flickr.photos.getSizes__Flickr-Foundation_flickr-photos-api__TestGetSinglePhoto-test-gets-original-format-53248070597-None-1.xml`,
  )) as { sizes: { candownload: string; size: { label: string }[] } };
  assert(real.sizes.candownload === "0" && !real.sizes.size.some((s) => s.label === "Original"));
  for (const a of sizes as unknown as { sizes: typeof real.sizes }[]) {
    assert(String(a.sizes.candownload) === real.sizes.candownload, "candownload 0");
    const labels = a.sizes.size.map((s) => s.label);
    assert(labels.at(-1) === "Large", `largest size: ${labels.join(", ")}`);
    for (const l of labels) {
      assert(real.sizes.size.some((s) => s.label === l), `${l} is a label Flickr uses`);
    }
  }
  check(
    "flickr.photos.getInfo",
    limited.map((id) => call("flickr.photos.getInfo", { photo_id: id }, true, on)),
    ["permissions", "permcomment", "permaddmeta"],
  );
  const me = call("flickr.people.getInfo", { user_id: free.owner.nsid }, true, on);
  check("flickr.people.getInfo", [me]);
  const nonPro = xmlToJson(Deno.readTextFileSync(
    `${fixtureDir}/flickr.people.getInfo__Flickr-Foundation_flickr-photos-api__TestGetUser-test-knows-about-non-flickr-pro-0.xml`,
  )) as { person: { ispro: string } };
  assert(
    String((me.person as { ispro: number }).ispro) === nonPro.person.ispro,
    "ispro as for the real non-Pro member",
  );
  const list = call(
    "flickr.people.getPhotos",
    {
      user_id: "me",
      extras: EXTRAS,
      per_page: "200",
      safe_search: "3",
    },
    true,
    on,
  );
  check("flickr.people.getPhotos", [list], LISTING_ADDITIONS);
});

Deno.test("conformance: errors have Flickr's failure shape", () => {
  const real = JSON.parse(
    Deno.readTextFileSync(
      `${fixtureDir}/flickr.nonExistingMethod__janko_flickr-objects__flickr-nonExistingMethod-0.json`,
    ),
  );
  const c: ApiCall = {
    account,
    files,
    origin: "http://127.0.0.1:1",
    isOwner: false,
    authenticated: false,
    params: {},
    shortPage: () => false,
  };
  const mine = callMethod("flickr.nonExistingMethod", c);
  assert(
    JSON.stringify(mine) === JSON.stringify({ stat: "fail", code: 112, message: real.message }),
    JSON.stringify(mine),
  );
  // A method that needs a signed-in caller, called with the key alone.
  const needsLogin = xmlToJson(
    Deno.readTextFileSync(
      `${fixtureDir}/flickr.test.null__Flickr-Foundation_flickr-photos-api__test-an-unrecognised-error-is-generic-exception-0.xml`,
    ),
  );
  assertEquals(callMethod("flickr.test.null", c), needsLogin);
});

Deno.test("conformance: flickr.photos.getAllContexts", () => {
  // Photos in albums and pools (own), in pools only (others'), and in nothing.
  const inPool = account.groups.flatMap((g) => g.pool.map((p) => account.item(p.kind, p.index)));
  const inAlbum = account.albums.map((a) => account.item("own", account.albumMembers(a.index)[0]));
  const ids = [...inPool.slice(0, 20), ...inAlbum.slice(0, 5), account.item("own", 1)]
    .map((i) => i.id);
  const answers = ids.map((id) => call("flickr.photos.getAllContexts", { photo_id: id }));
  assert(answers.some((a) => a.pool) && answers.some((a) => a.set), "pools and albums answered");
  check("flickr.photos.getAllContexts", answers);
});
