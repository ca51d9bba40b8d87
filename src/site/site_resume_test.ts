import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { seedCatalog } from "../../tests/seed_catalog.ts";
import { openCatalog } from "../catalog/db.ts";
import { writeSite } from "./site.tsx";

/** Every search document of the site, by item id. */
function searchDocs(site: string): Map<string, { t: string }> {
  const out = new Map<string, { t: string }>();
  for (const e of Deno.readDirSync(join(site, "search"))) {
    const text = Deno.readTextFileSync(join(site, "search", e.name));
    for (const line of text.split("\n")) {
      if (!line.startsWith('{"i":')) continue;
      const doc = JSON.parse(line.replace(/,$/, ""));
      out.set(doc.i, doc);
    }
  }
  return out;
}

Deno.test("site: a run resumed after one stopped midway ends as one uninterrupted run, search included", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_site_resume_" });
  try {
    const archive = join(dir, "archive");
    const seeded = await seedCatalog(archive, { photos: 30, videos: 2, favorites: 5 });
    const catalog = await openCatalog(archive);
    try {
      const run = (siteDir: string, stopAt?: string) =>
        writeSite({
          catalog,
          archiveDir: archive,
          siteDir,
          media: "copy",
          now: new Date(0),
          progress: {
            line(text) {
              // Stopped as a kill would stop it: between the photo pages and the search shards.
              if (stopAt && text.startsWith(stopAt)) throw new Error("killed");
            },
            status() {},
          },
        });
      const site = join(dir, "site");
      await run(site);
      // Titles are edited, and the next run stops once their pages are written (the journal
      // records each page as the next one is begun: all but the last are recorded whole).
      const edited = seeded.ownIds.slice(3, 9);
      for (const id of edited) {
        await catalog.db.updateTable("items").set({
          title: `Edited on Flickr: ${id}`,
          updated_at: "2030-01-01T00:00:00Z",
        }).where("id", "=", id).execute();
      }
      await assertRejects(() => run(site, "people pages:"), "killed");
      for (const id of edited) {
        assert(
          Deno.readTextFileSync(join(site, "photos", `${id}.html`)).includes(
            `Edited on Flickr: ${id}`,
          ),
          "its page was written before the stop",
        );
      }
      const resumed = await run(site);
      assertEquals(resumed.pages.leftAlone, 0);
      const docs = searchDocs(site);
      for (const id of edited) assertEquals(docs.get(id)?.t, `Edited on Flickr: ${id}`);

      // Byte for byte what one run writes into an empty folder.
      const fresh = join(dir, "fresh");
      await run(fresh);
      const files = (root: string) => {
        const out = new Map<string, string>();
        const walk = (rel: string) => {
          for (const e of Deno.readDirSync(join(root, rel))) {
            const path = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory) walk(path);
            else if (e.name !== ".flickrvault-site") {
              out.set(path, Deno.readTextFileSync(join(root, path)));
            }
          }
        };
        walk("");
        return out;
      };
      const a = files(site);
      const b = files(fresh);
      assertEquals([...a.keys()].sort(), [...b.keys()].sort());
      for (const [path, text] of b) {
        assert(a.get(path) === text, `${path} as a fresh run writes it`);
      }
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
