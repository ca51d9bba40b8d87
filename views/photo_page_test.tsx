import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import { seedCatalog, type SeededArchive } from "../tests/seed_catalog.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { getPhotoDetail, type PhotoDetail } from "../src/catalog/browse_photo.ts";
import { originalTurn } from "../src/catalog/turn.ts";
import { type PhotoContext, PhotoPage } from "./photo_page.tsx";
import { FLICKR_LICENSES } from "../src/catalog/licenses.ts";
import { fileUrl } from "./urls.ts";

/** The details of a few seeded items, read once for every test. */
async function seeded(): Promise<{ s: SeededArchive; details: Map<string, PhotoDetail> }> {
  const dir = await Deno.makeTempDir({ prefix: "fv_photo_page_" });
  try {
    const s = await seedCatalog(dir, { photos: 40, videos: 3, favorites: 8 });
    const catalog = await openCatalog(dir, { readonly: true });
    try {
      const details = new Map<string, PhotoDetail>();
      for (const id of [s.richId, s.videoId, s.deletedId]) {
        details.set(id, (await getPhotoDetail(catalog.db, id))!);
      }
      return { s, details };
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const data = seeded();

const NO_LIST: PhotoContext = {
  inList: null,
  back: null,
  neighbours: { prev: null, next: null, inList: false },
};

async function render(d: PhotoDetail, ctx: PhotoContext = NO_LIST): Promise<string> {
  return String(await (<PhotoPage d={d} ctx={ctx} />).toString());
}

Deno.test("photo page: the arrows walk the list it was opened from, and lead back to it", async () => {
  const { s, details } = await data;
  const d = details.get(s.richId)!;
  const html = await render(d, {
    inList: "album:72157",
    back: ["Album: Summer", "/albums/72157"],
    neighbours: { prev: "111", next: "222", inList: true },
  });
  assertStringIncludes(html, 'href="/photos/111?in=album%3A72157"');
  assertStringIncludes(html, 'href="/photos/222?in=album%3A72157"');
  assert(/<a href="\/albums\/72157" rel="up" data-key="Escape">← Album: Summer<\/a>/.test(html));
  // Opened from no list: no arrows, and the way back is the photostream.
  const alone = await render(d);
  assert(!alone.includes('class="arrow'), "no arrows");
  assert(/<a href="\/" rel="up" data-key="Escape">← Photostream<\/a>/.test(alone));
});

Deno.test("photo page: notes are boxes over the picture, counted in the tools", async () => {
  const { s, details } = await data;
  const d = details.get(s.richId)!;
  const html = await render(d);
  assertEquals(html.match(/class="note"/g)?.length, d.notes.length);
  assertStringIncludes(html, `Show notes (${d.notes.length})`);
  const none = await render({ ...d, notes: [] });
  assert(!none.includes("Show notes"), "no notes, no button");
});

Deno.test("photo page: an original turned on Flickr is shown turned, its sides swapped", async () => {
  const { s, details } = await data;
  const d = details.get(s.richId)!;
  const original = { ...d.files.find((f) => f.kind === "original")!, width: 1200, height: 800 };
  const item = { ...d.item, rotation: 90, exif_source: "file", exif_json: '{"Orientation":1}' };
  const turn = originalTurn(item);
  assert(turn !== null && turn >= 5, "a quarter turn");
  const html = await render({ ...d, item, files: [original] });
  assertStringIncludes(html, `src="${fileUrl(original)}&amp;turn=${turn}"`);
  assert(/<img src="[^"]*turn=\d" alt="[^"]*" width="800" height="1200"/.test(html), html);
  // As Flickr shows it unturned: the file as it is.
  const plain = await render({ ...d, files: [original] });
  assert(!plain.includes("turn="), "no turn");
});

Deno.test("photo page: a video plays its stream with a picture as its poster, never itself", async () => {
  const { s, details } = await data;
  const d = details.get(s.videoId)!;
  const video = d.files.find((f) => f.kind === "video")!;
  const html = await render(d);
  const tag = /<video [^>]*>/.exec(html)?.[0] ?? "";
  assertStringIncludes(tag, `src="${fileUrl(video)}"`);
  const poster = /poster="([^"]*)"/.exec(tag)?.[1];
  assert(poster && poster !== fileUrl(video), tag);
  // Nothing but the video file: no poster at all rather than the video as a picture.
  const bare = /<video [^>]*>/.exec(await render({ ...d, files: [video] }))?.[0] ?? "";
  assert(!bare.includes("poster="), bare);
});

Deno.test("photo page: what is missing is said, not left blank", async () => {
  const { s, details } = await data;
  assertStringIncludes(
    await render({ ...details.get(s.richId)!, files: [] }),
    "No file archived yet",
  );
  assertStringIncludes(await render(details.get(s.deletedId)!), "deleted on Flickr");
  // A licence Flickr gave by number alone is named from the table of Flickr's licences.
  const html = await render({ ...details.get(s.richId)!, license: { id: 4, name: "", url: null } });
  assertStringIncludes(html, FLICKR_LICENSES[4].name);
});
