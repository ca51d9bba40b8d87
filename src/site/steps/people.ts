/**
 * People: the list, each person's page, and the whole of their comments, faves, tags and
 * favourites where their page shows only the first. All of a person's pages are kept together,
 * unread, when nothing they show changed.
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts and src/site/site_resume_test.ts.
 * @module
 */
import { sql } from "kysely";
import {
  listPeople,
  PERSON_FIRST,
  PERSON_SECTIONS,
  personComments,
  personOverview,
  type PersonSummary,
} from "../../catalog/browse_people.ts";
import { PAGES } from "../../pages/table.ts";
import { personSectionPages } from "../../pages/people.tsx";
import { personSectionUrl, personUrl, URLS, withQuery } from "../../../views/urls.ts";
import { allListFingerprints, EMPTY_LIST, type ListFingerprint } from "../fingerprints.ts";
import { pagePath, pagesOf, RENDER_VERSION, type SiteBuild } from "../build.tsx";
import { countOf } from "./count.ts";
import type { SiteStep } from "./step.ts";

/** Comments per page of a person's comments. */
const COMMENTS_PER_PAGE = 200;

type Fingerprints = Record<
  "comments" | "faved" | "tagged" | "favorites",
  Map<string, ListFingerprint>
>;

async function personPages(build: SiteBuild, person: PersonSummary, fps: Fingerprints) {
  const { db } = build;
  const base = personUrl(person.nsid);
  const [cf, ff, tf, vf] = (["comments", "faved", "tagged", "favorites"] as const).map((k) =>
    fps[k].get(person.nsid) ?? EMPTY_LIST
  );
  const personKey = JSON.stringify([RENDER_VERSION, "person", person, cf, ff, tf, vf]);
  const paths = [pagePath(base, 1)];
  if (cf.count > PERSON_FIRST.comments) {
    for (let i = 1; i <= Math.ceil(cf.count / COMMENTS_PER_PAGE); i++) {
      paths.push(pagePath(personSectionUrl(person.nsid, "comments"), i));
    }
  }
  for (const [section, f] of [["faved", ff], ["tagged", tf], ["favorites", vf]] as const) {
    if (f.count > PERSON_FIRST.tiles) {
      for (let i = 1; i <= pagesOf(f.count); i++) {
        paths.push(pagePath(personSectionUrl(person.nsid, section), i));
      }
    }
  }
  if (build.reuse(paths, personKey)) return;
  const lists = await personOverview(db, person.nsid);
  await build.emit(PAGES.person, base, { person, lists }, { key: personKey });
  if (lists.comments.next) {
    const url = personSectionUrl(person.nsid, "comments");
    let after: string | null = null;
    let page = 1;
    do {
      const list = await personComments(db, person.nsid, { after, limit: COMMENTS_PER_PAGE });
      await build.emit(
        PAGES.personComments,
        withQuery(url, { page: page > 1 ? page : null }),
        { person, list },
        { page },
      );
      after = list.next;
      page++;
    } while (after);
  }
  const known = { faved: ff, tagged: tf, favorites: vf };
  for (const section of PERSON_SECTIONS) {
    if (!lists[section].next) continue;
    await build.grid(personSectionPages[section], person, { known: known[section] });
  }
}

async function writePeople(build: SiteBuild): Promise<void> {
  const { db } = build;
  const p = build.phase("people pages", await countOf(db, sql`(SELECT count(*) FROM people)`));
  // Everyone's lists' fingerprints in one pass each, rather than queries per person.
  const fps: Fingerprints = {
    comments: await allListFingerprints(db, "comments"),
    faved: await allListFingerprints(db, "faved-by"),
    tagged: await allListFingerprints(db, "tagged"),
    favorites: await allListFingerprints(db, "favorites-by"),
  };
  await build.index(
    PAGES.people,
    URLS.people,
    (after) => listPeople(db, { after, limit: 500 }),
    (list) => ({ list }),
    async (people) => {
      for (const person of people) {
        await personPages(build, person, fps);
        p.tick();
      }
    },
  );
  p.end();
}

/** The people and their pages. */
export const peopleStep: SiteStep = {
  name: "people",
  pages: [
    PAGES.people,
    PAGES.person,
    PAGES.personComments,
    ...PERSON_SECTIONS.map((s) => personSectionPages[s]),
  ],
  run: writePeople,
};
