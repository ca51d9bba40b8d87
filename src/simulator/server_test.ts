import { unzipSync } from "fflate";
import { assert, assertEquals, assertMatch, assertNotEquals } from "../../tests/assert.ts";
import { signedUrl } from "./oauth.ts";
import { type RunningSimulator, startSimulator } from "./server.ts";

const EXTRAS =
  "description,license,date_upload,date_taken,owner_name,original_format,last_update," +
  "geo,tags,machine_tags,o_dims,views,media,path_alias,url_o,url_q,url_l,count_faves,count_comments";

// deno-lint-ignore no-explicit-any
type Any = any;

async function api(
  sim: RunningSimulator,
  params: Record<string, string>,
  signed = true,
): Promise<Any> {
  const base = `${sim.origin}/services/rest/`;
  const all = { format: "json", nojsoncallback: "1", ...params };
  const url = signed
    ? await signedUrl(base, all, {
      apiKey: sim.apiKey,
      apiSecret: sim.apiSecret,
      token: sim.oauthToken,
      tokenSecret: sim.oauthTokenSecret,
    })
    : `${base}?${new URLSearchParams({ ...all, api_key: sim.apiKey })}`;
  const res = await fetch(url);
  assertEquals(res.status, 200);
  return await res.json();
}

async function allPhotos(
  sim: RunningSimulator,
  extra: Record<string, string> = {},
): Promise<Any[]> {
  const out: Any[] = [];
  for (let page = 1;; page++) {
    const j = await api(sim, {
      method: "flickr.people.getPhotos",
      user_id: "me",
      per_page: "500",
      page: String(page),
      safe_search: "3",
      extras: "count_comments,count_faves,media",
      ...extra,
    });
    out.push(...j.photos.photo);
    if (j.photos.page >= j.photos.pages) return out;
  }
}

Deno.test("server: lists the first 500 with extras, and the truth agrees", async () => {
  const sim = await startSimulator({ photos: 1000, videos: 30, seed: 1 });
  try {
    const j = await api(sim, {
      method: "flickr.people.getPhotos",
      user_id: "me",
      per_page: "500",
      extras: EXTRAS,
      safe_search: "3",
    });
    assertEquals(j.stat, "ok");
    assertEquals(j.photos.photo.length, 500);
    assertEquals(j.photos.total, "1030");
    assertEquals([j.photos.page, j.photos.pages, j.photos.perpage], [1, 3, 500]);
    const first = j.photos.photo[0];
    for (const k of ["url_o", "originalsecret", "dateupload", "lastupdate", "tags", "media"]) {
      assert(k in first, `extra ${k}`);
    }
    const truth = await (await fetch(`${sim.origin}/__simulator/truth?sha256=0`)).json();
    assertEquals(truth.photos + truth.videos, 1030);
    assertEquals(truth.videos, 30);
    const listed = await allPhotos(sim);
    const own = truth.items.filter((i: Any) => !i.is_favorite_of_mine);
    assertEquals(new Set(listed.map((p) => p.id)), new Set(own.map((i: Any) => i.id)));
    const byId = new Map(own.map((i: Any) => [i.id, i]));
    for (const p of listed) {
      const t = byId.get(p.id) as Any;
      assertEquals([Number(p.count_comments), Number(p.count_faves), p.media], [
        t.comments,
        t.faves,
        t.media,
      ]);
    }
    const favs = await api(sim, {
      method: "flickr.favorites.getList",
      user_id: "me",
      per_page: "500",
    });
    assertEquals(Number(favs.photos.total), truth.favorites);
  } finally {
    await sim.close();
  }
});

Deno.test("server: paging edge cases and per_page caps", async () => {
  const sim = await startSimulator({ photos: 120, videos: 3, seed: 5 });
  try {
    const page = (p: string, pp: string) =>
      api(sim, {
        method: "flickr.people.getPhotos",
        user_id: "me",
        safe_search: "3",
        page: p,
        per_page: pp,
      });
    const last = await page("3", "50");
    const past = await page("99", "50");
    assertEquals(past.photos.page, 3, "a page past the end returns the last page");
    assertEquals(past.photos.photo, last.photos.photo);
    assertEquals((await page("1", "5000")).photos.perpage, 500, "per_page capped at 500");
    assertEquals((await page("0", "abc")).photos.perpage, 100, "default per_page");
    assertEquals((await page("1", "0")).photos.page, 1);
    const a = (await page("1", "50")).photos.photo.map((p: Any) => p.id);
    const b = (await page("2", "50")).photos.photo.map((p: Any) => p.id);
    assertEquals(a.filter((id: string) => b.includes(id)), [], "pages do not overlap");
    // Safe search: without safe_search=3 moderate and restricted content is left out.
    const safe = await api(sim, {
      method: "flickr.people.getPhotos",
      user_id: "me",
      per_page: "500",
    });
    assert(Number(safe.photos.total) < 123, "safe_search filters by default");
    // Upload-date windows.
    const all = await allPhotos(sim, { extras: "date_upload" });
    const mid = Number(all[60].dateupload);
    const newer = await allPhotos(sim, { min_upload_date: String(mid) });
    assertEquals(newer.length, 61);
    const older = await allPhotos(sim, { max_upload_date: String(mid - 1) });
    assertEquals(older.length + newer.length, 123);
    // Others only see public photos, and user_id=me needs a token.
    const pub = await api(sim, {
      method: "flickr.people.getPhotos",
      user_id: sim.userNsid,
      per_page: "500",
    }, false);
    assert(Number(pub.photos.total) < 123 && pub.photos.photo.every((p: Any) => p.ispublic === 1));
    const me = await api(sim, { method: "flickr.people.getPhotos", user_id: "me" }, false);
    assertEquals(me.code, 99);
    // getFavorites: at most 50 per page.
    const truth = await (await fetch(`${sim.origin}/__simulator/truth?sha256=0`)).json();
    const most = truth.items.reduce((m: Any, i: Any) => (i.faves > m.faves ? i : m));
    assert(most.faves > 500);
    const faves = await api(sim, {
      method: "flickr.photos.getFavorites",
      photo_id: most.id,
      per_page: "500",
    });
    assertEquals(faves.photo.perpage, 50);
    assertEquals(faves.photo.pages, Math.ceil(most.faves / 50));
    assertEquals(faves.photo.total, String(most.faves));
    // Comments: no `comment` key when there are none.
    const none = truth.items.find((i: Any) => i.comments === 0 && !i.is_favorite_of_mine);
    const empty = await api(sim, { method: "flickr.photos.comments.getList", photo_id: none.id });
    assertEquals(empty.comments, { photo_id: none.id });
    const some = truth.items.find((i: Any) => i.comments > 3);
    const list = await api(sim, { method: "flickr.photos.comments.getList", photo_id: some.id });
    assertEquals(list.comments.comment.length, some.comments);
  } finally {
    await sim.close();
  }
});

Deno.test("server: error codes", async () => {
  const sim = await startSimulator({ photos: 30, videos: 1, seed: 9 });
  try {
    assertEquals((await api(sim, { method: "flickr.nope" })).code, 112);
    assertEquals((await api(sim, { method: "flickr.test.login" }, false)).code, 99);
    assertEquals((await api(sim, { method: "flickr.photos.getInfo", photo_id: "51234" })).code, 1);
    const bad = await fetch(
      `${sim.origin}/services/rest/?method=flickr.test.login&format=json&nojsoncallback=1&api_key=x`,
    );
    assertEquals((await bad.json()).code, 100);
    const legacy = await fetch(
      `${sim.origin}/services/rest/?method=flickr.test.login&format=json&nojsoncallback=1&api_key=${sim.apiKey}&api_sig=abc`,
    );
    assertEquals((await legacy.json()).code, 96);
    const favs = await api(sim, {
      method: "flickr.favorites.getList",
      user_id: "me",
      extras: "url_o,original_format",
    });
    const locked = [];
    for (const p of favs.photos.photo) {
      const info = await api(sim, { method: "flickr.photos.getInfo", photo_id: p.id });
      if (info.photo.usage.candownload === 0) locked.push(p);
    }
    assert(locked.length > 0, "some favourites have downloads disabled");
    for (const p of locked) {
      assert(!("url_o" in p) && !("originalsecret" in p), "no original for them");
    }
    assertEquals(
      (await api(sim, { method: "flickr.photos.getExif", photo_id: locked[0].id })).code,
      2,
    );
    const login = await api(sim, { method: "flickr.test.login" });
    assertEquals(login.user.id, sim.userNsid);
  } finally {
    await sim.close();
  }
});

Deno.test("server: XML, JSONP and POST forms", async () => {
  const sim = await startSimulator({ photos: 10, videos: 0, seed: 2 });
  try {
    const xml = await (await fetch(
      `${sim.origin}/services/rest/?method=flickr.photos.licenses.getInfo&api_key=${sim.apiKey}`,
    )).text();
    assertMatch(
      xml,
      /^<\?xml version="1.0" encoding="utf-8" \?>\n<rsp stat="ok">\n<licenses>\n\t<license id="0"/,
    );
    const jsonp = await (await fetch(
      `${sim.origin}/services/rest/?method=flickr.photos.licenses.getInfo&format=json&api_key=${sim.apiKey}`,
    )).text();
    assertMatch(jsonp, /^jsonFlickrApi\(\{"licenses"/);
    const post = await fetch(`${sim.origin}/services/rest/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        method: "flickr.photos.licenses.getInfo",
        format: "json",
        nojsoncallback: "1",
        api_key: sim.apiKey,
      }),
    });
    assertEquals((await post.json()).licenses.license.length, 17);
  } finally {
    await sim.close();
  }
});

Deno.test("server: mutations are reflected in listings, recentlyUpdated, files and the truth", async () => {
  const sim = await startSimulator({ photos: 40, videos: 2, seed: 11 });
  const mutate = async (body: Record<string, string>) => {
    const res = await fetch(`${sim.origin}/__simulator/mutate`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    assertEquals(res.status, 200);
    return await res.json();
  };
  try {
    const since = Math.floor(Date.now() / 1000) - 1;
    const truth0 = await (await fetch(`${sim.origin}/__simulator/truth`)).json();
    const c = await mutate({ action: "comment" });
    const f = await mutate({ action: "fave", id: c.id });
    const t = await mutate({ action: "edit_title" });
    const u = await mutate({ action: "upload" });
    const target = truth0.items.find((i: Any) =>
      i.media === "photo" && !i.is_favorite_of_mine && i.id !== c.id
    );
    const r = await mutate({ action: "replace", id: target.id });
    const victim = truth0.items.find((i: Any) =>
      !i.is_favorite_of_mine && ![c.id, t.id, r.id].includes(i.id)
    );
    const d = await mutate({ action: "delete", id: victim.id });
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json();
    const gone = victim;
    assertEquals(truth.comments, truth0.comments + 1 - gone.comments);
    assertEquals(truth.faves, truth0.faves + 1 - gone.faves);
    assertEquals(truth.photos + truth.videos, truth0.photos + truth0.videos);
    assertEquals(truth.deleted, [d.id]);
    const item = (id: string) => truth.items.find((i: Any) => i.id === id);
    assertEquals(item(t.id).title, t.title);
    assert(item(u.id), "upload in the truth");
    assertNotEquals(
      item(r.id).original_sha256,
      truth0.items.find((i: Any) => i.id === r.id).original_sha256,
    );
    const recent = await api(sim, {
      method: "flickr.photos.recentlyUpdated",
      min_date: String(since),
    });
    const ids = recent.photos.photo.map((p: Any) => p.id);
    for (const id of [c.id, t.id, u.id, r.id]) assert(ids.includes(id), `${id} recently updated`);
    const listed = await allPhotos(sim, { extras: "count_comments,count_faves" });
    assert(!listed.some((p) => p.id === d.id), "deleted photo gone from the listing");
    const lc = listed.find((p) => p.id === c.id);
    assertEquals(Number(lc.count_comments), item(c.id).comments);
    assertEquals(Number(lc.count_faves), item(c.id).faves);
    assertEquals(f.faves, item(c.id).faves);
    const info = await api(sim, { method: "flickr.photos.getInfo", photo_id: d.id });
    assertEquals(info.code, 1);
    const sizes = await api(sim, { method: "flickr.photos.getSizes", photo_id: r.id });
    const orig = sizes.sizes.size.find((s: Any) => s.label === "Original");
    assert(orig.source.includes(r.originalsecret), "new original secret");
    const bytes = new Uint8Array(await (await fetch(orig.source)).arrayBuffer());
    const sha = Array.from(
      new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    assertEquals(sha, item(r.id).original_sha256);
    const bad = await fetch(`${sim.origin}/__simulator/mutate`, {
      method: "POST",
      body: '{"action":"explode"}',
    });
    assertEquals(bad.status, 400);
    await bad.body?.cancel();
    const stats = await (await fetch(`${sim.origin}/__simulator/stats`)).json();
    assertEquals(stats.api_calls["flickr.photos.getSizes"], 1);
    assert(stats.total_api_calls >= 4 && stats.bytes_served >= bytes.length);
  } finally {
    await sim.close();
  }
});

Deno.test("server: add_tag adds a raw tag to getInfo and the listing, and moves lastupdate", async () => {
  const sim = await startSimulator({ photos: 10, videos: 0, seed: 3 });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json();
    const id = truth.items.find((i: Any) => !i.is_favorite_of_mine).id;
    const before = await api(sim, { method: "flickr.photos.getInfo", photo_id: id });
    const res = await fetch(`${sim.origin}/__simulator/mutate`, {
      method: "POST",
      body: JSON.stringify({ action: "add_tag", id, tag: "Golden Hour" }),
    });
    assertEquals(res.status, 200);
    const t = await res.json();
    assertEquals(t.tag, "Golden Hour");
    assert(t.lastupdate > Number(before.photo.dates.lastupdate), "lastupdate moves");
    const info = await api(sim, { method: "flickr.photos.getInfo", photo_id: id });
    const tags = info.photo.tags.tag.map((x: Any) => [x.raw, x._content]);
    assert(tags.some(([raw, norm]: string[]) => raw === "Golden Hour" && norm === "goldenhour"));
    const listed = await allPhotos(sim, { extras: "tags,last_update" });
    const row = listed.find((p) => p.id === id);
    assert(row.tags.split(" ").includes("goldenhour"));
    assertEquals(Number(row.lastupdate), t.lastupdate);
    const again = await fetch(`${sim.origin}/__simulator/mutate`, {
      method: "POST",
      body: JSON.stringify({ action: "add_tag", id, tag: "golden hour" }),
    });
    assertEquals(again.status, 400, "a tag it already has is refused");
    await again.body?.cancel();
  } finally {
    await sim.close();
  }
});

Deno.test("server: commentShare, faveShare and albums shape what the API lists and the truth alike", async () => {
  const sim = await startSimulator({
    photos: 1200,
    videos: 36,
    favorites: 200,
    seed: 5,
    commentShare: 0.15,
    faveShare: 0.25,
    albums: 10,
  });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth?sha256=0`)).json();
    const share = (key: string) =>
      truth.items.filter((i: Any) => i[key] > 0).length / truth.items.length;
    assert(Math.abs(share("comments") - 0.15) < 0.03, `comments on ${share("comments")}`);
    assert(Math.abs(share("faves") - 0.25) < 0.03, `faves on ${share("faves")}`);
    assert(Math.max(...truth.items.map((i: Any) => i.faves)) > 500, "one item past 500 faves");
    assertEquals(truth.albums, 10);
    const sets = await api(sim, { method: "flickr.photosets.getList", user_id: "me" });
    assertEquals(sets.photosets.total, 10);
    const listed = await allPhotos(sim);
    const byId = new Map(truth.items.map((i: Any) => [i.id, i]));
    for (const p of listed) {
      const t = byId.get(p.id) as Any;
      assertEquals([Number(p.count_comments), Number(p.count_faves)], [t.comments, t.faves]);
    }
    const faved = truth.items.find((i: Any) => i.faves > 50 && i.faves <= 500);
    const faves = await api(sim, {
      method: "flickr.photos.getFavorites",
      photo_id: faved.id,
      per_page: "50",
    });
    assertEquals(faves.photo.total, String(faved.faves));
    const commented = truth.items.find((i: Any) => i.comments > 3);
    const list = await api(sim, {
      method: "flickr.photos.comments.getList",
      photo_id: commented.id,
    });
    assertEquals(list.comments.comment.length, commented.comments);
  } finally {
    await sim.close();
  }
});

Deno.test("simulator: --sparse lists a share of items without counts, the same ones every time", async () => {
  const sim = await startSimulator({ photos: 200, videos: 0, seed: 3, sparse: 0.3 });
  try {
    const lacking = async () =>
      (await allPhotos(sim, { extras: EXTRAS })).filter((p) => !("count_comments" in p))
        .map((p) => p.id);
    const first = await lacking();
    assert(first.length > 30 && first.length < 90, `about 30 % lack counts (${first.length})`);
    assertEquals(await lacking(), first, "the same items, answer after answer");
    const all = await allPhotos(sim, { extras: EXTRAS });
    for (const p of all.filter((p) => first.includes(p.id))) {
      assert(!("count_faves" in p) && "description" in p && "url_o" in p, `only counts: ${p.id}`);
    }
  } finally {
    await sim.close();
  }
});

Deno.test("simulator: the omit fault drops a few extras from some listing entries", async () => {
  const sim = await startSimulator({ photos: 200, videos: 0, seed: 3, faults: "omit:0.2" });
  try {
    const asked = EXTRAS.split(",").filter((e) => !e.startsWith("url_") && e !== "o_dims");
    const keyOf: Record<string, string> = {
      date_upload: "dateupload",
      date_taken: "datetaken",
      owner_name: "ownername",
      original_format: "originalsecret",
      last_update: "lastupdate",
      geo: "latitude",
      path_alias: "pathalias",
    };
    const photos = await allPhotos(sim, { extras: EXTRAS });
    const short = photos.filter((p) => asked.some((e) => !((keyOf[e] ?? e) in p)));
    assert(short.length > 15 && short.length < 70, `about 20 % lack extras (${short.length})`);
    for (const p of photos) {
      assert("media" in p && "dateupload" in p, `media and upload date are always there: ${p.id}`);
    }
  } finally {
    await sim.close();
  }
});

Deno.test("simulator: POST /__simulator/export writes a newer export beside the first, with the account's changes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_sim_export_" });
  const sim = await startSimulator({
    photos: 4,
    videos: 0,
    seed: 12,
    port: 0,
    exportDir: dir,
    exportZipNames: "2025",
  });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${sim.origin}/__simulator/${path}`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  try {
    const first = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const upload = await post("mutate", { action: "upload" });
    const written = await post("export", {});
    assertEquals(written.status, 200);
    assertEquals(written.body.photos, 5, "the upload is in the newer export");
    const newer = [...written.body.metadata_zips, ...written.body.media_zips] as string[];
    assertEquals(newer.length, 2);
    for (const name of newer) assert(!first.includes(name), `${name}: a name of its own`);
    assertEquals(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      [...first, ...newer].sort(),
      "the first export's zips stay",
    );
    const media = unzipSync(await Deno.readFile(`${dir}/${written.body.media_zips[0]}`));
    assert(
      Object.keys(media).some((name) => name.includes(`${upload.body.id}_`)),
      "the upload's original is in the newer media zip",
    );
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
  const without = await startSimulator({ photos: 1, videos: 0, seed: 12, port: 0 });
  try {
    const res = await fetch(`${without.origin}/__simulator/export`, { method: "POST" });
    assertEquals(res.status, 400);
    assertMatch((await res.json()).error, /without an export folder/);
  } finally {
    await without.close();
  }
});
