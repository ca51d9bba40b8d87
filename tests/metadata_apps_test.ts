/**
 * What other apps get from an archive, end to end against the simulator: every photo's original,
 * as a reader that honours orientation presents it with its sidecar, and every `export` copy,
 * has the aspect of Flickr's display copy (turned on Flickr or not, EXIF orientation or not); the
 * viewer serves and the site links such originals turned alike; favourites whose owner forbids
 * the original follow the largest file, and those in the person's group pools carry the groups;
 * `export --privacy public` copies no item that is not public, and a later run takes back what it
 * copied before.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { type ExifToolTags, readTags } from "./exiftool.ts";
import { runMain } from "./cli_process.ts";
import { withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { MANIFEST } from "../src/export/export.ts";
import { createApp } from "../src/server/app.ts";
import { writeSite } from "../src/site/site.tsx";

/** Width / height as a reader shows an image of `w` × `h` stored pixels under `orientation`. */
function shownAspect(w: number, h: number, orientation: number | undefined): number {
  return orientation !== undefined && orientation >= 5 ? h / w : w / h;
}

/** Whether two aspects agree, to the rounding of Flickr's sized copies. */
function sameAspect(a: number, b: number): boolean {
  return Math.abs(Math.log(a / b)) < 0.02;
}

Deno.test("apps see every photo turned as Flickr shows it; favourites follow the largest file; --privacy public shares only public items", async () => {
  await withSimulator({ photos: 60, videos: 2, favorites: 14, seed: 30 }, async (f) => {
    assertEquals((await runArchive(f.runOptions)).status, "done");
    const catalog = await openCatalog(f.archive, { create: false, readonly: true });
    const items = await catalog.db.selectFrom("items").select([
      "id",
      "media",
      "rotation",
      "is_public",
      "is_favorite_of_mine",
    ]).execute();
    const files = await catalog.db.selectFrom("files").selectAll().where("is_current", "=", 1)
      .execute();
    const fileOf = (id: string, kind: string) =>
      files.find((r) => r.item_id === id && r.kind === kind);
    const photos = items.filter((i) => i.media === "photo" && fileOf(i.id, "display"));
    assert(photos.some((p) => p.rotation !== 0), "photos turned on Flickr or by their camera");

    // Sidecars: the file beside, as its orientation and the sidecar's present it.
    const best = (id: string) => fileOf(id, "original") ?? fileOf(id, "largest");
    const pairs = photos.map((p) => `${f.archive}/${best(p.id)!.path}`);
    const read = await readTags([...pairs, ...pairs.map((p) => `${p}.xmp`)]);
    const byPath = new Map<string, ExifToolTags>(read.map((t) => [t.SourceFile, t]));
    let turnedOnFlickr = 0;
    for (const p of photos) {
      const path = `${f.archive}/${best(p.id)!.path}`;
      const file = byPath.get(path)!;
      const side = byPath.get(`${path}.xmp`)!;
      const orientation = side["XMP-tiff:Orientation"] ?? file["IFD0:Orientation"];
      if (side["XMP-tiff:Orientation"] !== undefined) turnedOnFlickr++;
      const display = fileOf(p.id, "display")!;
      const want = display.width! / display.height!;
      const got = shownAspect(file["File:ImageWidth"], file["File:ImageHeight"], orientation);
      assert(sameAspect(got, want), `${p.id} (rotation ${p.rotation}): ${got} vs ${want}`);
    }
    assert(turnedOnFlickr > 0, "some sidecars turn their file");

    // Favourites whose owner forbids the original: the sidecar beside the largest copy.
    const forbidden = items.filter((i) => fileOf(i.id, "largest"));
    assert(forbidden.length > 0, "a favourite whose owner forbids the original");
    const long = (r: { width: number | null; height: number | null }) =>
      Math.max(r.width!, r.height!);
    for (const i of forbidden) {
      const largest = fileOf(i.id, "largest")!;
      assert(long(largest) >= long(fileOf(i.id, "display")!), "no smaller than the display copy");
      await Deno.stat(`${f.archive}/${largest.path}.xmp`);
    }
    assert(
      forbidden.some((i) => long(fileOf(i.id, "largest")!) > long(fileOf(i.id, "display")!)),
      "a largest copy larger than the display copy",
    );

    // Favourites in the person's group pools carry their groups as keywords.
    const pooled = await catalog.db.selectFrom("group_items")
      .innerJoin("items", "items.id", "group_items.item_id")
      .innerJoin("groups", "groups.id", "group_items.group_id")
      .select(["items.id", "groups.name"]).where("items.is_favorite_of_mine", "=", 1).execute();
    assert(pooled.length > 0, "favourites in group pools");
    const pooledTags = await readTags(
      pooled.map((p) => `${f.archive}/${(best(p.id) ?? fileOf(p.id, "display"))!.path}.xmp`),
    );
    for (const [k, p] of pooled.entries()) {
      const keywords: string[] = [pooledTags[k]["XMP-lr:HierarchicalSubject"] ?? []].flat();
      assert(keywords.includes(`Flickr|Groups|${p.name.replaceAll("|", "/")}`), `${p.id}`);
    }

    // export: each copy alone presents Flickr's aspect; the largest file is what is copied.
    const out = `${f.dir}/all`;
    const run = await runMain(["export", out, "--by", "date", "--archive", f.archive], {});
    assertEquals(run.code, 0, run.stdout + run.stderr);
    const manifest: Record<string, { item: string; how: string }> = JSON.parse(
      await Deno.readTextFile(`${out}/${MANIFEST}`),
    ).files;
    const copyOf = (id: string) =>
      Object.entries(manifest).find(([, v]) => v.item === id && v.how === "embedded")![0];
    const copies = await readTags(photos.map((p) => `${out}/${copyOf(p.id)}`));
    for (const [k, p] of photos.entries()) {
      const c = copies[k];
      const display = fileOf(p.id, "display")!;
      const got = shownAspect(c["File:ImageWidth"], c["File:ImageHeight"], c["IFD0:Orientation"]);
      assert(sameAspect(got, display.width! / display.height!), `copy of ${p.id}: ${got}`);
      const source = best(p.id)!;
      assertEquals(c["File:ImageWidth"], source.width, `${p.id}: the best file is copied`);
    }

    // The viewer serves such an original turned; the site links a turned copy.
    const turned = photos.find((p) => {
      const t = byPath.get(`${f.archive}/${best(p.id)!.path}.xmp`)!;
      return t["XMP-tiff:Orientation"] !== undefined && fileOf(p.id, "original");
    })!;
    assert(turned, "an original turned on Flickr");
    const app = createApp({ archiveDir: f.archive, catalog, allowedHosts: ["localhost"] });
    const page = await (await app.request(`http://localhost/photos/${turned.id}`)).text();
    const link = /href="(\/files\/\d+\?v=[0-9a-f]+&amp;turn=\d)"/.exec(page);
    assert(link, "the Original link asks for the turned file");
    const res = await app.request(`http://localhost${link[1].replaceAll("&amp;", "&")}`);
    assertEquals(res.status, 200);
    const served = `${f.dir}/served.jpg`;
    await Deno.writeFile(served, new Uint8Array(await res.arrayBuffer()));
    const [s] = await readTags([served]);
    const display = fileOf(turned.id, "display")!;
    assert(
      sameAspect(
        shownAspect(s["File:ImageWidth"], s["File:ImageHeight"], s["IFD0:Orientation"]),
        display.width! / display.height!,
      ),
      "served turned",
    );
    const site = `${f.dir}/site`;
    await writeSite({ catalog, archiveDir: f.archive, siteDir: site, media: "copy" });
    const sitePage = await Deno.readTextFile(`${site}/photos/${turned.id}.html`).catch(() =>
      Deno.readTextFile(`${site}/photos/${turned.id}/index.html`)
    );
    assertStringIncludes(sitePage, `media/turned/${best(turned.id)!.path}`);
    const [sc] = await readTags([`${site}/media/turned/${best(turned.id)!.path}`]);
    assertEquals(sc["IFD0:Orientation"], s["IFD0:Orientation"], "the site's copy is the viewer's");
    await catalog.close();

    // --privacy public: only public items, and a later run into a folder of all takes back the rest.
    const notPublic = items.filter((i) =>
      i.is_public !== 1 && (best(i.id) ?? fileOf(i.id, "video"))
    );
    assert(notPublic.length > 0, "items that are not public");
    for (const dir of [`${f.dir}/public`, out]) {
      const r = await runMain(
        ["export", dir, "--privacy", "public", "--archive", f.archive],
        {},
      );
      assertEquals(r.code, 0, r.stdout + r.stderr);
      assertStringIncludes(r.stdout, "not shown to public on Flickr, left out");
      const shared = Object.values(
        JSON.parse(await Deno.readTextFile(`${dir}/${MANIFEST}`)).files as Record<
          string,
          { item: string }
        >,
      ).map((v) => v.item);
      const publicIds = new Set(items.filter((i) => i.is_public === 1).map((i) => i.id));
      assert(shared.length > 0 && shared.every((id) => publicIds.has(id)), dir);
      for (const i of notPublic) assert(!shared.includes(i.id), `${i.id} left out of ${dir}`);
    }
    const bad = await runMain(["export", out, "--privacy", "everyone", "--archive", f.archive], {});
    assertEquals(bad.code, 2);
    assertStringIncludes(bad.stderr, "--privacy takes 'public', 'friends', 'family', 'all'");
  });
});
