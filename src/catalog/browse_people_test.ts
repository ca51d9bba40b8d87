import { assertEquals } from "../../tests/assert.ts";
import type { Catalog } from "./db.ts";
import { item, withCatalog } from "./test_helpers.ts";
import {
  displayName,
  getPerson,
  listPeople,
  PERSON_FIRST,
  personComments,
  personList,
  personOverview,
} from "./browse_people.ts";
import {
  replaceCommentsBulk,
  replaceFavesBulk,
  replacePhotoPeopleBulk,
  upsertItems,
  upsertPeople,
} from "./writes.ts";

const STAMP = "2024-01-01T00:00:00.000Z";
const person = (nsid: string, over: Record<string, unknown> = {}) => ({
  nsid,
  updated_at: STAMP,
  ...over,
});
const comment = (id: string, author: string, date: number) => ({
  id,
  author,
  date_create: date,
  html: `said ${id}`,
  raw_json: "{}",
});

/** Three own items; people who commented, faved, were tagged, or only appear as owners. */
async function seed(c: Catalog): Promise<void> {
  await upsertItems(c.db, [
    item("1"),
    item("2"),
    item("3"),
    item("90", { owner: "9@N01", is_mine: 0, is_favorite_of_mine: 1 }),
  ]);
  await upsertPeople(c.db, [
    person("1@N01", { realname: "  ", username: "zed" }),
    person("2@N01", { realname: "Ängela", username: "angie", avatar_path: "avatars/2.jpg" }),
    person("3@N01"),
    person("9@N01", { username: "owner-only" }),
    person("1000@N01", { username: "me" }),
  ]);
  await replaceCommentsBulk(
    c.db,
    new Map([
      ["1", [comment("c1", "2@N01", 100), comment("c2", "1@N01", 300)]],
      ["2", [comment("c3", "2@N01", 200), comment("c4", "2@N01", 200)]],
    ]),
  );
  await replaceFavesBulk(c.db, new Map([["3", [{ nsid: "2@N01", fave_date: 5 }]]]));
  await replacePhotoPeopleBulk(c.db, new Map([["3", [{ nsid: "3@N01", added_by: "1000@N01" }]]]));
}

Deno.test("displayName: real name, else username, else the NSID; blank names do not count", () => {
  assertEquals(displayName({ realname: "Ada", username: "ada", nsid: "1@N01" }), "Ada");
  assertEquals(displayName({ realname: " ", username: " bob ", nsid: "1@N01" }), "bob");
  assertEquals(displayName({ realname: null, username: null, nsid: "1@N01" }), "1@N01");
});

Deno.test("listPeople: everyone who commented, faved or was tagged, by the name shown, a page at a time", async () => {
  await withCatalog(async (c) => {
    await seed(c);
    const all = await listPeople(c.db);
    // By the name shown, case and accents aside for the sort's lower(); owners of favourites
    // and the account itself are not "people" unless they did something.
    assertEquals(all.items.map((p) => p.name), ["3@N01", "zed", "Ängela"]);
    const angela = all.items[2];
    assertEquals([angela.comments, angela.faves, angela.tagged, angela.hasAvatar], [3, 1, 0, true]);
    assertEquals(all.items[0].tagged, 1);
    const first = await listPeople(c.db, { limit: 1 });
    const second = await listPeople(c.db, { limit: 1, after: first.next });
    const third = await listPeople(c.db, { limit: 1, after: second.next });
    assertEquals([first, second, third].flatMap((p) => p.items.map((x) => x.nsid)), [
      "3@N01",
      "1@N01",
      "2@N01",
    ]);
    assertEquals(third.next, null);
  });
});

Deno.test("getPerson: anyone the catalog knows, with the favourites of theirs the account keeps; null for a stranger", async () => {
  await withCatalog(async (c) => {
    await seed(c);
    const owner = await getPerson(c.db, "9@N01");
    assertEquals([owner?.name, owner?.favorites, owner?.comments, owner?.isDeleted], [
      "owner-only",
      1,
      0,
      false,
    ]);
    assertEquals(await getPerson(c.db, "404@N01"), null);
  });
});

Deno.test("personComments: newest first, ties by id, a page at a time, each with its item", async () => {
  await withCatalog(async (c) => {
    await seed(c);
    const first = await personComments(c.db, "2@N01", { limit: 2 });
    assertEquals(first.items.map((x) => [x.id, x.dateCreate, x.item.id]), [["c4", 200, "2"], [
      "c3",
      200,
      "2",
    ]]);
    const rest = await personComments(c.db, "2@N01", { limit: 2, after: first.next });
    assertEquals([rest.items.map((x) => x.id), rest.next], [["c1"], null]);
    assertEquals((await personComments(c.db, "3@N01")).items, []);
  });
});

Deno.test("personOverview: the first comments and tiles of each section, each list the section names", async () => {
  await withCatalog(async (c) => {
    await seed(c);
    const o = await personOverview(c.db, "2@N01");
    assertEquals(o.comments.items.length, 3);
    assertEquals(o.faved.items.map((i) => i.id), ["3"]);
    assertEquals(o.tagged.items, []);
    assertEquals((await personOverview(c.db, "3@N01")).tagged.items.map((i) => i.id), ["3"]);
    assertEquals((await personOverview(c.db, "9@N01")).favorites.items.map((i) => i.id), ["90"]);
    assertEquals(personList("favorites", "9@N01"), { kind: "favorites-by", nsid: "9@N01" });
    assertEquals(PERSON_FIRST.comments > 0 && PERSON_FIRST.tiles > 0, true);
  });
});
