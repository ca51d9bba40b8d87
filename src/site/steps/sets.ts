/**
 * The favourites, the albums (their list and each album's pages), the collections, the galleries
 * and the groups.
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts and src/site/site_resume_test.ts.
 * @module
 */
import { sql } from "kysely";
import { getGallery, listAlbums } from "../../catalog/browse_sets.ts";
import { PAGES } from "../../pages/table.ts";
import { galleryUrl, URLS } from "../../../views/urls.ts";
import type { SiteBuild } from "../build.tsx";
import { countOf } from "./count.ts";
import type { SiteStep } from "./step.ts";

async function writeSets(build: SiteBuild): Promise<void> {
  const { db } = build;
  const p = build.phase(
    "albums, groups and galleries",
    await countOf(
      db,
      sql`(SELECT count(*) FROM albums) + (SELECT count(*) FROM galleries) +
        (SELECT count(*) FROM groups)`,
    ),
  );
  const favCount = Number(
    (await db.selectFrom("list_counts").select("count").where("list", "=", "favorites")
      .executeTakeFirst())?.count ?? 0,
  );
  await build.grid(PAGES.favorites, { count: favCount || null });

  await build.index(
    PAGES.albums,
    URLS.albums,
    (after) => listAlbums(db, { after, limit: 500 }),
    (list) => ({ list }),
    async (albums) => {
      for (const album of albums) {
        await build.grid(PAGES.album, album);
        p.tick();
      }
    },
  );

  await build.single(PAGES.collections, URLS.collections);
  const { galleries } = await build.single(PAGES.galleries, URLS.galleries);
  for (const summary of galleries) {
    const g = await getGallery(db, summary.id);
    if (!g) continue;
    await build.emit(PAGES.gallery, galleryUrl(summary.id), g);
    p.tick();
  }
  const { groups } = await build.single(PAGES.groups, URLS.groups);
  for (const group of groups) {
    await build.grid(PAGES.group, group);
    p.tick();
  }
  p.end();
}

/** Favourites, albums, collections, galleries and groups. */
export const setsStep: SiteStep = {
  name: "sets",
  pages: [
    PAGES.favorites,
    PAGES.albums,
    PAGES.album,
    PAGES.collections,
    PAGES.galleries,
    PAGES.gallery,
    PAGES.groups,
    PAGES.group,
  ],
  run: writeSets,
};
