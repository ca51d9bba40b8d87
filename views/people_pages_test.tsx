import { gridItem, html } from "../tests/render.ts";
import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import type { GridItem, Page } from "../src/catalog/browse.ts";
import type { PersonComment, PersonSummary } from "../src/catalog/browse_people.ts";
import {
  CommentItems,
  PeoplePage,
  PersonPage,
  PersonSectionHead,
  personSectionHeading,
} from "./people_pages.tsx";

const person = (over: Partial<PersonSummary> = {}): PersonSummary => ({
  nsid: "1@N01",
  username: "ada",
  realname: "Ada Lovelace",
  name: "Ada Lovelace",
  location: null,
  pathAlias: null,
  isDeleted: false,
  hasAvatar: false,
  comments: 0,
  faves: 0,
  tagged: 0,
  favorites: 0,
  ...over,
});

const tile = (id: string): GridItem => gridItem(id);

const page = <T,>(items: T[], next: string | null = null): Page<T> => ({ items, next });
const none = {
  comments: page<PersonComment>([]),
  faved: page<GridItem>([]),
  tagged: page<GridItem>([]),
  favorites: page<GridItem>([]),
};

Deno.test("PeoplePage: each person with what they did, linked by NSID; an empty archive explained", async () => {
  const body = await html(
    <PeoplePage
      people={[
        person({ comments: 2, faves: 1, tagged: 3 }),
        person({ nsid: "2@N01", name: "2@N01", comments: 1 }),
      ]}
      nextUrl="/people?after=x"
    />,
  );
  assertStringIncludes(body, 'href="/people/1%40N01"');
  assertStringIncludes(body, "2 comments · 1 fave · in 3 photos");
  assertStringIncludes(body, "1 comment</div>");
  assertStringIncludes(body, '<a href="/people?after=x">More people</a>');
  assertStringIncludes(await html(<PeoplePage people={[]} nextUrl={null} />), "No one here yet");
});

Deno.test("PersonPage: the username when it differs from the name, a deleted account, Flickr's page by alias", async () => {
  const body = await html(
    <PersonPage
      person={person({ isDeleted: true, pathAlias: "ada l", location: "London" })}
      lists={none}
      more={() => null}
    />,
  );
  assertStringIncludes(body, "<h1>Ada Lovelace</h1>");
  assertStringIncludes(body, "ada ·");
  assertStringIncludes(body, "London ·");
  assertStringIncludes(body, " · account deleted");
  assertStringIncludes(body, 'href="https://www.flickr.com/photos/ada%20l/"');
  assertStringIncludes(body, "No comments from Ada Lovelace in the archive.");
  // Sections with nothing in them are left out.
  assert(!body.includes("Their photos in your favorites"));
  const same = await html(
    <PersonPage person={person({ username: "Ada Lovelace" })} lists={none} more={() => null} />,
  );
  assert(!same.includes("Ada Lovelace ·"), "a username equal to the name is not repeated");
  assertStringIncludes(
    same,
    'href="https://www.flickr.com/photos/1%40N01/"',
    "by NSID without an alias",
  );
});

Deno.test("PersonPage: each list's tiles open in that list, with a link to the rest when there is more", async () => {
  const asked: string[] = [];
  const body = await html(
    <PersonPage
      person={person({ faves: 30, tagged: 1, comments: 1 })}
      lists={{
        comments: page<PersonComment>([{
          id: "c1",
          html: "Nice <b>one</b>",
          dateCreate: 1_600_000_000,
          permalink: null,
          item: tile("7"),
        }]),
        faved: page([tile("8")], "cursor"),
        tagged: page([tile("9")]),
        favorites: page<GridItem>([]),
      }}
      more={(section, next) => {
        asked.push(`${section}:${next}`);
        return next ? `/people/1%40N01/${section}?after=${next}` : null;
      }}
    />,
  );
  assertStringIncludes(body, "Faved 30 of your photos");
  assertStringIncludes(body, "Tagged in 1 photo");
  assertStringIncludes(body, 'href="/photos/8?in=faved-by%3A1%40N01"');
  assertStringIncludes(body, 'href="/photos/9?in=tagged%3A1%40N01"');
  assertStringIncludes(body, "/people/1%40N01/faved?after=cursor");
  assertEquals(asked.sort(), ["comments:null", "faved:cursor", "tagged:null"]);
  assertStringIncludes(body, "<b>one</b>");
});

Deno.test("CommentItems: each comment with its photo, when it was said, and a next page", async () => {
  const body = await html(
    <ol>
      <CommentItems
        comments={[{
          id: "c1",
          html: "<script>x()</script>Kind",
          dateCreate: 1_600_000_000,
          permalink: null,
          item: tile("7"),
        }]}
        nextUrl="/people/1%40N01/comments?after=z"
      />
    </ol>,
  );
  assertStringIncludes(body, 'href="/photos/7"');
  assertStringIncludes(body, "Photo 7");
  assert(!body.includes("<script>"), "a comment is sanitised");
  assertStringIncludes(body, "Kind");
  assertStringIncludes(body, "<time");
  assertStringIncludes(body, "More comments");
  // A comment whose date Flickr did not give says so, not 1970.
  const undated = await html(
    <ol>
      <CommentItems
        comments={[{ id: "c2", html: "Hi", dateCreate: null, permalink: null, item: tile("7") }]}
        nextUrl={null}
      />
    </ol>,
  );
  assertStringIncludes(undated, '<span class="muted">unknown</span>');
  assert(!undated.includes("1970"), undated);
});

Deno.test("personSectionHeading and PersonSectionHead: each section's title and the way back", async () => {
  assertEquals(personSectionHeading("faved", "Ada"), "Faved by Ada");
  assertEquals(personSectionHeading("tagged", "Ada"), "Ada tagged");
  assertEquals(personSectionHeading("favorites", "Ada"), "Ada's photos in your favorites");
  const head = await html(<PersonSectionHead person={person()} section="faved" />);
  assertStringIncludes(head, '<a href="/people/1%40N01">← Ada Lovelace</a>');
  assertStringIncludes(head, "<h1>Faved by Ada Lovelace</h1>");
});
