/**
 * People: everyone who commented, faved or was tagged; one person's page; and the whole of each
 * of their lists (comments, faves, photos they are tagged in, their photos in the favourites).
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/site_paths_test.ts.
 * @module
 */
import type { Page } from "../catalog/browse.ts";
import {
  getPerson,
  listPeople,
  PERSON_SECTIONS,
  type PersonComment,
  personComments,
  personList,
  type PersonOverview,
  personOverview,
  type PersonSection,
  type PersonSummary,
} from "../catalog/browse_people.ts";
import { Empty } from "../../views/components.tsx";
import {
  CommentItems,
  PeopleItems,
  PeoplePage,
  PersonPage,
  PersonSectionHead,
  personSectionHeading,
} from "../../views/people_pages.tsx";
import { sanitizeFlickrHtml } from "../../views/sanitize.ts";
import { PATTERNS, personSectionUrl, personUrl, URLS } from "../../views/urls.ts";
import { gridPage, type GridPageDef, itemJson } from "./grid.tsx";
import { definePage } from "./page.ts";

const NO_ONE = "This person does not appear in the archive.";

/** `/people`: everyone in the archive, a page at a time. */
export const peoplePage = definePage<{ list: Page<PersonSummary> }>({
  name: "people",
  pattern: URLS.people,
  load: async ({ db }, req) => ({
    list: await listPeople(db, { after: req.after, limit: req.limit }),
  }),
  view: ({ list }, out) => ({
    layout: { title: "People", section: URLS.people },
    body: <PeoplePage people={list.items} nextUrl={out.next(list.next)} />,
  }),
  fragment: ({ list }, out) => <PeopleItems people={list.items} nextUrl={out.next(list.next)} />,
  json: ({ list }, out) => ({ items: list.items, next: list.next, nextUrl: out.next(list.next) }),
});

/** `/people/NSID`: a person, with the first of each of their lists. */
export const personPage = definePage<{ person: PersonSummary; lists: PersonOverview }>({
  name: "person",
  pattern: PATTERNS.person,
  notFound: NO_ONE,
  async load({ db }, req) {
    const person = await getPerson(db, req.param("nsid"));
    if (!person) return null;
    return { person, lists: await personOverview(db, person.nsid) };
  },
  view: ({ person, lists }, out) => ({
    layout: { title: person.name, section: URLS.people },
    body: (
      <PersonPage
        person={person}
        lists={lists}
        more={(section, next) => out.more(personSectionUrl(person.nsid, section), next)}
      />
    ),
  }),
  json: ({ person, lists: { comments, faved, tagged, favorites } }) => ({
    person,
    comments: {
      items: comments.items.map((cm) => ({ ...cm, html: sanitizeFlickrHtml(cm.html) })),
      next: comments.next,
    },
    faved: { items: faved.items.map((i) => itemJson(i)), next: faved.next },
    tagged: { items: tagged.items.map((i) => itemJson(i)), next: tagged.next },
    favorites: { items: favorites.items.map((i) => itemJson(i)), next: favorites.next },
  }),
  key: ({ person }) => person,
});

/** `/people/NSID/comments`: all of a person's comments, newest first. */
export const personCommentsPage = definePage<
  { person: PersonSummary; list: Page<PersonComment> }
>({
  name: "person-comments",
  pattern: PATTERNS.personSection("comments"),
  notFound: NO_ONE,
  async load({ db }, req) {
    const person = await getPerson(db, req.param("nsid"));
    if (!person) return null;
    const list = await personComments(db, person.nsid, { after: req.after, limit: req.limit });
    return { person, list };
  },
  view: ({ person, list }, out) => ({
    layout: { title: `Comments by ${person.name}`, section: URLS.people },
    body: (
      <>
        <p class="small muted">
          <a href={personUrl(person.nsid)}>← {person.name}</a>
        </p>
        <h1>Comments by {person.name}</h1>
        <ol class="comments panel">
          <CommentItems comments={list.items} nextUrl={out.next(list.next)} />
        </ol>
      </>
    ),
  }),
  fragment: ({ list }, out) => <CommentItems comments={list.items} nextUrl={out.next(list.next)} />,
  json: ({ list }, out) => ({
    items: list.items.map((cm) => ({ ...cm, html: sanitizeFlickrHtml(cm.html) })),
    next: list.next,
    nextUrl: out.next(list.next),
  }),
  key: ({ person }) => person,
});

/** `/people/NSID/faved` (and `tagged`, `favorites`): the whole of one of a person's lists. */
function personSectionPage(section: PersonSection): GridPageDef<PersonSummary> {
  return gridPage<PersonSummary>({
    name: `person-${section}`,
    pattern: PATTERNS.personSection(section),
    notFound: NO_ONE,
    subject: ({ db }, req) => getPerson(db, req.param("nsid")),
    ref: (person) => personList(section, person.nsid),
    url: (person) => personSectionUrl(person.nsid, section),
    count: () => null,
    key: (person) => person,
    layout: (person) => ({
      title: personSectionHeading(section, person.name),
      section: URLS.people,
    }),
    section: (person) => ({
      heading: <PersonSectionHead person={person} section={section} />,
      empty: <Empty title="Nothing here" />,
    }),
    extra: (person) => ({ person }),
  });
}

/** The entries of a person's lists, by section. */
export const personSectionPages = Object.fromEntries(
  PERSON_SECTIONS.map((s) => [s, personSectionPage(s)]),
) as Record<PersonSection, GridPageDef<PersonSummary>>;
