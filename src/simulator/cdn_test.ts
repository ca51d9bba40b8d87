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
