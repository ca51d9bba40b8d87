import { join } from "node:path";
import { assert, assertEquals } from "../../tests/assert.ts";
import { seedCatalog } from "../../tests/seed_catalog.ts";
import { openCatalog } from "../catalog/db.ts";
import { writeSite } from "./site.tsx";

/** Every file under `dir`, relative, `/`-separated. */
function filesUnder(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(join(dir, rel))) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...filesUnder(dir, path));
    else out.push(path);
  }
  return out;
}

Deno.test("site media: copies of what left the archive are removed from a site handed on alone, a file put there is not", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_site_media_" });
  try {
    const archive = join(dir, "archive");
    const site = join(dir, "site");
    const seeded = await seedCatalog(archive, { photos: 30, videos: 3, favorites: 8 });
    const catalog = await openCatalog(archive);
    try {
      const run = () =>
        writeSite({ catalog, archiveDir: archive, siteDir: site, media: "copy", now: new Date(0) });
      const first = await run();
      assert(first.media.placed > 0, "media copied");
      const media = join(site, "media");
      const copied = filesUnder(media);
      const replaced = seeded.ownIds[2];
      const gone = (await catalog.db.selectFrom("files").select("path")
        .where("item_id", "=", replaced).where("is_current", "=", 1).execute()).map((r) => r.path);
      assert(gone.length > 0 && gone.every((p) => copied.includes(p)), "its files were copied");

      // Its files are an earlier version now (the photo was replaced), and a file of the
      // person's lies among the copies.
      await catalog.db.updateTable("files").set({ is_current: 0 }).where("item_id", "=", replaced)
        .execute();
      await Deno.writeTextFile(join(media, "photos", "stray.jpg"), "not from the archive");

      const second = await run();
      assertEquals(second.media.pruned, gone.length);
      const left = filesUnder(media);
      assertEquals(left.filter((p) => gone.includes(p)), []);
      // Everything else stays, avatars and the person's file included.
      assertEquals(
        left.sort(),
        [...copied.filter((p) => !gone.includes(p)), "photos/stray.jpg"].sort(),
      );
      assertEquals(
        await Deno.readTextFile(join(media, "photos", "stray.jpg")),
        "not from the archive",
      );
      assert(left.some((p) => p.startsWith("avatars/")), "avatars are kept");

      const third = await run();
      assertEquals([third.media.pruned, third.media.placed], [0, 0]);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
