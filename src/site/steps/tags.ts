/**
 * The tags, plain and machine, a thousand to a page, and each tag's pages.
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts and src/site/site_resume_test.ts.
 * @module
 */
import { sql } from "kysely";
import { listTags } from "../../catalog/browse_tags.ts";
import { PAGES } from "../../pages/table.ts";
import { tagsUrl } from "../../../views/urls.ts";
import { allListFingerprints, EMPTY_LIST } from "../fingerprints.ts";
import type { SiteBuild } from "../build.tsx";
import { countOf } from "./count.ts";
import type { SiteStep } from "./step.ts";

async function writeTags(build: SiteBuild): Promise<void> {
  const { db } = build;
  const p = build.phase(
    "tag pages",
    await countOf(
      db,
      sql`(SELECT count(*) FROM list_counts WHERE list > 'tag:' AND list < 'tag;')`,
    ),
  );
  // Every tag's fingerprint in one pass, rather than a query per tag.
  const known = await allListFingerprints(db, "tag");
  for (const machine of [false, true]) {
    await build.index(
      PAGES.tags,
      tagsUrl(machine),
      (after) => listTags(db, { machine, after, limit: 1000 }),
      (list) => ({ machine, list }),
      async (tags) => {
        for (const tag of tags) {
          await build.grid(PAGES.tag, tag, { known: known.get(tag.tag) ?? EMPTY_LIST });
          p.tick();
        }
      },
    );
  }
  p.end();
}

/** The tags and their pages. */
export const tagsStep: SiteStep = {
  name: "tags",
  pages: [PAGES.tags, PAGES.tag],
  run: writeTags,
};
