import { assert, assertEquals, assertNotEquals } from "../../tests/assert.ts";
import { signedUrl } from "./oauth.ts";
import { type RunningSimulator, startSimulator } from "./server.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

// Loaded by name at run time: exifr's types pull in @types/node, under which tests/assert.ts does
// not type-check.
const exifrName = "exifr";
const { default: exifr } = await import(exifrName);

async function api(sim: RunningSimulator, params: Record<string, string>): Promise<Any> {
  const url = await signedUrl(`${sim.origin}/services/rest/`, {
    format: "json",
    nojsoncallback: "1",
    ...params,
  }, {
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    token: sim.oauthToken,
    tokenSecret: sim.oauthTokenSecret,
  });
  return await (await fetch(url)).json();
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

Deno.test("cdn: originals carry EXIF consistent with the API and match the truth's sha256", async () => {
  const sim = await startSimulator({ photos: 60, videos: 0, seed: 21 });
  try {
    const list = await api(sim, {
      method: "flickr.people.getPhotos",
      user_id: "me",
      per_page: "500",
      safe_search: "3",
      extras: "url_o,date_taken,geo,tags",
    });
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json();
    const sha = new Map(truth.items.map((i: Any) => [i.id, i.original_sha256]));
    let withGps = 0;
    let withExif = 0;
    for (const p of list.photos.photo.slice(0, 25)) {
      const res = await fetch(p.url_o);
      assertEquals(res.status, 200);
      assertEquals(res.headers.get("content-type"), "image/jpeg");
      const bytes = await bytesOf(res);
      assertEquals(Number(res.headers.get("content-length")), bytes.length);
      assertEquals(await sha256(bytes), sha.get(p.id));
      const exif = await exifr.parse(bytes, { reviveValues: false, gps: true });
      if (exif?.DateTimeOriginal) {
        withExif++;
        assertEquals(
          exif.DateTimeOriginal,
          p.datetaken.replace(/^(\d{4})-(\d{2})-(\d{2})/, "$1:$2:$3"),
        );
        const info = await api(sim, { method: "flickr.photos.getExif", photo_id: p.id });
        assertEquals(exif.Make, info.photo.exif.find((e: Any) => e.tag === "Make").raw._content);
      }
      if (p.accuracy !== 0 && exif?.latitude !== undefined) {
        withGps++;
        assert(
          Math.abs(exif.latitude - p.latitude) < 1e-4 &&
            Math.abs(exif.longitude - p.longitude) < 1e-4,
        );
      }
      const md5 = /checksum:md5=([0-9a-f]{32})/.exec(p.tags)?.[1];
      if (md5) {
        const { createHash } = await import("node:crypto");
        assertEquals(createHash("md5").update(bytes).digest("hex"), md5);
      }
    }
    assert(withExif > 5 && withGps > 0, `EXIF checked on ${withExif}, GPS on ${withGps}`);
  } finally {
    await sim.close();
  }
});

Deno.test("cdn: sizes, Range, ETag, HEAD, 404 and 403 for stale secrets", async () => {
  const sim = await startSimulator({ photos: 20, videos: 0, seed: 22 });
  try {
    const id =
      (await api(sim, { method: "flickr.people.getPhotos", user_id: "me", safe_search: "3" }))
        .photos.photo[0].id;
    const sizes = (await api(sim, { method: "flickr.photos.getSizes", photo_id: id })).sizes.size;
    assert(sizes.length >= 8);
    const a = await bytesOf(await fetch(sizes[0].source));
    const b = await bytesOf(await fetch(sizes[0].source));
    assertEquals(a, b, "deterministic bytes");
    const large = sizes.find((s: Any) => s.label === "Large") ?? sizes.at(-1);
    const full = await fetch(large.source);
    const etag = full.headers.get("etag")!;
    const body = await bytesOf(full);
    const part = await fetch(large.source, { headers: { range: "bytes=10-19" } });
    assertEquals(part.status, 206);
    assertEquals(part.headers.get("content-range"), `bytes 10-19/${body.length}`);
    assertEquals(await bytesOf(part), body.subarray(10, 20));
    const tail = await fetch(large.source, { headers: { range: "bytes=-5" } });
    assertEquals(await bytesOf(tail), body.subarray(body.length - 5));
    const bad = await fetch(large.source, { headers: { range: `bytes=${body.length + 5}-` } });
    assertEquals(bad.status, 416);
    await bad.body?.cancel();
    const same = await fetch(large.source, { headers: { "if-none-match": etag } });
    assertEquals(same.status, 304);
    await same.body?.cancel();
    const head = await fetch(large.source, { method: "HEAD" });
    assertEquals(Number(head.headers.get("content-length")), body.length);
    await head.body?.cancel();
    const missing = await fetch(`${sim.origin}/cdn/1/51234567890_abcdef0123_b.jpg`);
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
    const orig = sizes.find((s: Any) => s.label === "Original").source;
    await (await fetch(`${sim.origin}/__simulator/mutate`, {
      method: "POST",
      body: JSON.stringify({ action: "replace", id }),
    })).json();
    const stale = await fetch(orig);
    assertEquals(stale.status, 403);
    await stale.body?.cancel();
    const fresh =
      (await api(sim, { method: "flickr.photos.getSizes", photo_id: id })).sizes.size.find((
        s: Any,
      ) => s.label === "Original").source;
    assertNotEquals(fresh, orig);
    assertEquals((await fetch(fresh).then(async (r) => [r.status, await r.arrayBuffer()]))[0], 200);
  } finally {
    await sim.close();
  }
});

Deno.test("cdn: videos play through 302s to signed MP4 URLs; some originals answer 404", async () => {
  const sim = await startSimulator({ photos: 10, videos: 12, seed: 23 });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json();
    const videos = truth.items.filter((i: Any) => i.media === "video");
    assertEquals(videos.length, 12);
    let manual = 0;
    for (const v of videos) {
      const sizes =
        (await api(sim, { method: "flickr.photos.getSizes", photo_id: v.id })).sizes.size;
      const streams = sizes.filter((s: Any) => s.media === "video");
      const orig = streams.find((s: Any) => s.label === "Video Original");
      assert(orig, "owner sees Video Original");
      const res = await fetch(orig.source, { redirect: "manual" });
      if (v.original_sha256 === null) {
        manual++;
        assertEquals(res.status, 404);
        await res.body?.cancel();
      } else {
        assertEquals(res.status, 302);
        const location = res.headers.get("location")!;
        assert(/\/video-cdn\/.+\?expires=\d+&sig=[0-9a-f]+$/.test(location), location);
        const file = await fetch(location);
        assertEquals(file.headers.get("content-type"), "video/mp4");
        const bytes = await bytesOf(file);
        assertEquals(new TextDecoder().decode(bytes.subarray(4, 8)), "ftyp");
        assertEquals(await sha256(bytes), v.original_sha256);
        const forged = await fetch(location.replace(/sig=[0-9a-f]+/, "sig=00"));
        assertEquals(forged.status, 403);
        await forged.body?.cancel();
        const expired = await fetch(location.replace(/expires=\d+/, "expires=1000"));
        assertEquals(expired.status, 403);
        await expired.body?.cancel();
      }
      const site = streams.find((s: Any) => s.label === "Site MP4");
      const siteFile = await fetch(site.source);
      assertEquals(siteFile.status, 200);
      await siteFile.body?.cancel();
    }
    assertEquals(manual, truth.videos_needing_manual_download);
    assert(manual > 0 && manual < 12);
    // Buddy icons: custom ones as JPEG, the default one as GIF.
    const owner =
      (await api(sim, { method: "flickr.people.getInfo", user_id: sim.userNsid })).person;
    const icon = await fetch(
      `${sim.origin}/cdn-farm${owner.iconfarm}/${owner.iconserver}/buddyicons/${owner.nsid}.jpg`,
    );
    assertEquals([icon.status, icon.headers.get("content-type")], [200, "image/jpeg"]);
    await icon.body?.cancel();
    const gif = await bytesOf(await fetch(`${sim.origin}/images/buddyicon.gif`));
    assertEquals(new TextDecoder().decode(gif.subarray(0, 3)), "GIF");
  } finally {
    await sim.close();
  }
});

Deno.test("free account: the owner's limited photos stop at Large 1024 in getSizes, the url_* extras, getInfo and the CDN; public CC ones and videos do not", async () => {
  const free = await startSimulator({
    photos: 80,
    videos: 4,
    favorites: 30,
    seed: 31,
    account: "free",
  });
  const pro = await startSimulator({ photos: 80, videos: 4, favorites: 30, seed: 31 });
  try {
    const extras = "url_sq,url_q,url_m,url_z,url_c,url_l,url_h,url_k,url_o,original_format," +
      "o_dims,license,media,usage";
    const listOf = async (sim: RunningSimulator, method: string) =>
      (await api(sim, { method, user_id: "me", per_page: "500", safe_search: "3", extras }))
        .photos.photo as Any[];
    const truth = await (await fetch(`${free.origin}/__simulator/truth`)).json();
    const proTruth = await (await fetch(`${pro.origin}/__simulator/truth`)).json();
    assertEquals(truth.account, "free");
    const limited = new Set(
      truth.items.filter((i: Any) => i.limited_to_1024).map((i: Any) => i.id as string),
    );
    assertEquals(
      truth.photos_limited_to_1024,
      truth.items.filter((i: Any) => i.limited_to_1024 && !i.is_favorite_of_mine).length,
    );
    assert(
      truth.photos_limited_to_1024 > 30,
      `limited own photos (${truth.photos_limited_to_1024})`,
    );
    assert(
      truth.items.some((i: Any) => i.limited_to_1024 && i.is_favorite_of_mine),
      "favourites of free members are limited too",
    );
    // The same account as on Pro, but with no original through the API for the limited photos.
    assertEquals(truth.items.map((i: Any) => i.id), proTruth.items.map((i: Any) => i.id));
    for (const [k, t] of truth.items.entries()) {
      const p = proTruth.items[k];
      assertEquals(t.original_sha256, t.limited_to_1024 ? null : p.original_sha256, t.id);
    }
    assertEquals(proTruth.photos_limited_to_1024, 0);

    const own = await listOf(free, "flickr.people.getPhotos");
    const faves = await listOf(free, "flickr.favorites.getList");
    let exempt = 0;
    for (const p of [...own, ...faves]) {
      if (!limited.has(p.id)) {
        if (p.media === "photo" && p.owner === free.userNsid) {
          // Public and freely licensed: the original as on a Pro account.
          assert(p.url_o, `exempt photo ${p.id} keeps url_o`);
          assertEquals(p.ispublic, 1);
          assert(Number(p.license) > 0 && Number(p.license) !== 8, `licence ${p.license}`);
          exempt++;
        }
        continue;
      }
      for (
        const key of ["url_o", "url_h", "url_k", "originalsecret", "originalformat", "o_width"]
      ) {
        assertEquals(p[key], undefined, `${key} of limited photo ${p.id}`);
      }
      assertEquals(p.can_download, 0);
      const long = Math.max(Number(p.width_l ?? 0), Number(p.height_l ?? 0));
      if (p.url_l) assertEquals(long, 1024);
    }
    assert(exempt > 0, "some own photos are public and Creative Commons");

    // getSizes: Large is the largest size; the CDN serves it and refuses what is above it.
    const ownPhoto = own.find((p) => limited.has(p.id) && p.url_l)!;
    const sizes = (await api(free, { method: "flickr.photos.getSizes", photo_id: ownPhoto.id }))
      .sizes;
    assertEquals(sizes.candownload, 0);
    assertEquals(sizes.size.at(-1).label, "Large");
    assert(!sizes.size.some((s: Any) => /Original|1600|2048/.test(s.label)), "nothing above 1024");
    const large = await fetch(sizes.size.at(-1).source);
    assertEquals(large.status, 200);
    await large.body?.cancel();
    const info = (await api(free, { method: "flickr.photos.getInfo", photo_id: ownPhoto.id }))
      .photo;
    assertEquals([info.originalsecret, info.originalformat], [undefined, undefined]);
    assertEquals(info.usage.candownload, 0);
    // The URLs a Pro account's answers gave for the same photo: no file behind them now.
    const proInfo = (await api(pro, { method: "flickr.photos.getSizes", photo_id: ownPhoto.id }))
      .sizes.size as Any[];
    for (const s of proInfo.filter((s) => /Original|1600|2048/.test(s.label))) {
      const res = await fetch(s.source.replace(pro.origin, free.origin));
      assertEquals(res.status, 404, `${s.label} of a limited photo`);
      await res.body?.cancel();
    }
    // The owner is not Pro.
    const me = (await api(free, { method: "flickr.people.getInfo", user_id: free.userNsid }))
      .person;
    assertEquals(me.ispro, 0);
    assertEquals(
      (await api(pro, { method: "flickr.people.getInfo", user_id: pro.userNsid })).person.ispro,
      1,
    );
    // Videos keep their original.
    const video = own.find((p) => p.media === "video")!;
    assert(video.originalsecret, "a video keeps its original secret");
  } finally {
    await free.close();
    await pro.close();
  }
});
