import { assertEquals } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import type { Item } from "./account.ts";
import {
  buddyIconUrl,
  dimensions,
  fileUrl,
  photoPage,
  playUrl,
  sizeBySuffix,
  SIZES,
  sizesOf,
  videoStreams,
} from "./sizes.ts";

/** A real getSizes answer (a 5081×3380 photo of 2013: every size up to Large 2048 but Small 400). */
const REAL = JSON.parse(
  await Deno.readTextFile(
    fixturePath("flickr-api", "flickr.photos.getSizes__christopheradams_flickrex.json"),
  ),
) as {
  sizes: {
    size: {
      label: string;
      width: string | number;
      height: string | number;
      url: string;
      source: string;
    }[];
  };
};

/** The real photo as the simulator's item. */
const PHOTO = {
  id: "8436466166",
  media: "photo",
  server: "8056",
  secret: "e2dc3b83de",
  hsecret: "ef8d08c824",
  ksecret: "4c2e4233e5",
  originalsecret: "e48f6db017",
  originalformat: "jpg",
  width: 5081,
  height: 3380,
  rotation: 0,
  owner: { nsid: "12037949632@N01", pathAlias: "joi" },
} as unknown as Item;

Deno.test("SIZES: each real size's label, page segment and file suffix", () => {
  for (const real of REAL.sizes.size) {
    const spec = SIZES.find((s) => s.label === real.label);
    assertEquals(spec !== undefined, true, real.label);
    assertEquals(`${spec!.page}/`, real.url.split("/sizes/")[1], real.label);
    const suffix = /_([a-z])\.jpg$/.exec(real.source)?.[1] ?? "";
    assertEquals(spec!.suffix, suffix, real.label);
    assertEquals(sizeBySuffix(suffix), spec);
  }
  assertEquals(sizeBySuffix("x"), undefined);
});

Deno.test("dimensions and sizesOf: the pixel sizes Flickr gives, from the original's", () => {
  for (const real of REAL.sizes.size) {
    const spec = SIZES.find((s) => s.label === real.label)!;
    assertEquals(dimensions(PHOTO, spec), [Number(real.width), Number(real.height)], real.label);
  }
  // A photo Flickr shows turned: its sized copies are turned, its original as stored.
  const turned = { ...PHOTO, rotation: 90 } as Item;
  assertEquals(dimensions(turned, sizeBySuffix("z")!), [426, 640]);
  assertEquals(dimensions(turned, sizeBySuffix("o")!), [5081, 3380]);
  // A video's rotation does not turn its stills.
  assertEquals(dimensions({ ...turned, media: "video" } as Item, sizeBySuffix("z")!), [640, 426]);
  // A sliver never becomes 0 pixels.
  assertEquals(dimensions({ width: 5000, height: 2 }, sizeBySuffix("t")!), [100, 1]);

  const labels = (item: Item, original: boolean, max?: number) =>
    sizesOf(item, original, max).map((s) => s.spec.label);
  // Sizes at least as large as the original are not made; squares always are.
  const small = { ...PHOTO, width: 640, height: 480 } as Item;
  assertEquals(labels(small, true), [
    "Square",
    "Large Square",
    "Thumbnail",
    "Small",
    "Small 320",
    "Small 400",
    "Medium",
    "Original",
  ]);
  assertEquals(
    labels(small, false).includes("Original"),
    false,
    "others' originals are not listed",
  );
  // A free account's photos stop at Large 1024.
  assertEquals(labels(PHOTO, false, 1024).at(-1), "Large");
});

Deno.test("fileUrl and photoPage: the CDN's file names and the photo page, as Flickr's", () => {
  const origin = "http://127.0.0.1:8080";
  for (const real of REAL.sizes.size) {
    const spec = SIZES.find((s) => s.label === real.label)!;
    const file = real.source.split("/").pop();
    assertEquals(fileUrl(origin, PHOTO, spec), `${origin}/cdn/8056/${file}`, real.label);
  }
  assertEquals(photoPage(origin, PHOTO), `${origin}/photos/joi/8436466166/`);
  const noAlias = { ...PHOTO, owner: { nsid: "1@N01", pathAlias: "" } } as unknown as Item;
  assertEquals(photoPage(origin, noAlias), `${origin}/photos/1@N01/8436466166/`);
  const png = { ...PHOTO, originalformat: "png" } as Item;
  assertEquals(fileUrl(origin, png, sizeBySuffix("o")!).endsWith("_e48f6db017_o.png"), true);
  assertEquals(fileUrl(origin, png, sizeBySuffix("b")!).endsWith("_e2dc3b83de_b.jpg"), true);
});

Deno.test("videoStreams and playUrl: HD only from 720 lines; the original only for its owner, under its own secret", () => {
  const video = {
    ...PHOTO,
    media: "video",
    video: { width: 1920, height: 1080 },
  } as unknown as Item;
  const streams = videoStreams(video, true);
  assertEquals(streams.map((s) => [s.name, s.width, s.height, s.original]), [
    ["site", 640, 360, false],
    ["mobile", 480, 270, false],
    ["hd", 1280, 720, false],
    ["orig", 1920, 1080, true],
  ]);
  assertEquals(videoStreams(video, false).map((s) => s.name), ["site", "mobile", "hd"]);
  const small = { ...video, video: { width: 320, height: 240 } } as unknown as Item;
  assertEquals(videoStreams(small, false).map((s) => [s.name, s.width, s.height]), [
    ["site", 320, 240],
    ["mobile", 320, 240],
  ]);
  assertEquals(videoStreams(PHOTO, true), [], "a photo has no streams");
  const origin = "http://sim";
  assertEquals(
    playUrl(origin, video, streams[3]),
    `${origin}/photos/joi/8436466166/play/orig/e48f6db017/`,
  );
  assertEquals(
    playUrl(origin, video, streams[0]),
    `${origin}/photos/joi/8436466166/play/site/e2dc3b83de/`,
  );
});

Deno.test("buddyIconUrl: from iconfarm and iconserver; the default icon when the server is 0", () => {
  assertEquals(
    buddyIconUrl("http://sim", { nsid: "1@N01", iconserver: "65535", iconfarm: 66 }),
    "http://sim/cdn-farm66/65535/buddyicons/1@N01.jpg",
  );
  assertEquals(
    buddyIconUrl("http://sim", { nsid: "1@N01", iconserver: "0", iconfarm: 0 }),
    "http://sim/images/buddyicon.gif",
  );
});
