import { assertEquals } from "../../tests/assert.ts";
import type { Catalog } from "./db.ts";
import { withCatalog } from "./test_helpers.ts";
import { upsertPeople } from "./writes_people.ts";

const STAMP = "2024-01-01T00:00:00.000Z";

async function row(c: Catalog, nsid: string) {
  return await c.db.selectFrom("people")
    .select([
      "username",
      "realname",
      "location",
      "iconserver",
      "avatar_path",
      "avatar_sha256",
      "is_deleted",
    ])
    .where("nsid", "=", nsid).executeTakeFirstOrThrow();
}

Deno.test("upsertPeople: a missing or null field never erases what is stored; a known one replaces it", async () => {
  await withCatalog(async (c) => {
    await upsertPeople(c.db, [{
      nsid: "1@N01",
      username: "ada",
      realname: "Ada L",
      location: "London",
      updated_at: STAMP,
    }]);
    await upsertPeople(c.db, [{
      nsid: "1@N01",
      username: "ada2",
      realname: null,
      updated_at: STAMP,
    }]);
    const r = await row(c, "1@N01");
    assertEquals([r.username, r.realname, r.location], ["ada2", "Ada L", "London"]);
  });
});

Deno.test("upsertPeople with onlyFill: what the catalog knows wins; only gaps are filled", async () => {
  await withCatalog(async (c) => {
    await upsertPeople(c.db, [{ nsid: "1@N01", username: "ada", updated_at: STAMP }]);
    // A commenter's name from a comment must not replace what people.getInfo said.
    await upsertPeople(c.db, [{
      nsid: "1@N01",
      username: "from a comment",
      realname: "Ada L",
      is_deleted: 1,
      updated_at: STAMP,
    }], {
      onlyFill: true,
    });
    const r = await row(c, "1@N01");
    assertEquals([r.username, r.realname, r.is_deleted], ["ada", "Ada L", 0]);
  });
});

Deno.test("upsertPeople: rows for one person in one call are merged, the later row's fields first", async () => {
  await withCatalog(async (c) => {
    await upsertPeople(c.db, [
      { nsid: "1@N01", username: "first", location: "Paris", updated_at: STAMP },
      { nsid: "1@N01", username: "second", updated_at: STAMP },
    ]);
    const r = await row(c, "1@N01");
    assertEquals([r.username, r.location], ["second", "Paris"]);
  });
});

Deno.test("upsertPeople: a new buddy icon marks the stored one stale, keeping its file until replaced", async () => {
  await withCatalog(async (c) => {
    const icon = {
      iconserver: "65535",
      iconfarm: 66,
      avatar_path: "avatars/1.jpg",
      avatar_sha256: "abc",
    };
    await upsertPeople(c.db, [{ nsid: "1@N01", ...icon, updated_at: STAMP }]);
    // The same icon again: still current.
    await upsertPeople(c.db, [{
      nsid: "1@N01",
      iconserver: "65535",
      iconfarm: 66,
      updated_at: STAMP,
    }]);
    assertEquals((await row(c, "1@N01")).avatar_sha256, "abc");
    await upsertPeople(c.db, [{ nsid: "1@N01", iconserver: "7", iconfarm: 8, updated_at: STAMP }]);
    const r = await row(c, "1@N01");
    assertEquals([r.iconserver, r.avatar_path, r.avatar_sha256], ["7", "avatars/1.jpg", null]);
  });
});

Deno.test("upsertPeople: deletion is kept unless a row says otherwise", async () => {
  await withCatalog(async (c) => {
    await upsertPeople(c.db, [{ nsid: "1@N01", is_deleted: 1, updated_at: STAMP }, {
      nsid: "2@N01",
      updated_at: STAMP,
    }]);
    assertEquals([(await row(c, "1@N01")).is_deleted, (await row(c, "2@N01")).is_deleted], [1, 0]);
    await upsertPeople(c.db, [{ nsid: "1@N01", username: "back", updated_at: STAMP }]);
    assertEquals((await row(c, "1@N01")).is_deleted, 1, "a row that does not say keeps it");
    await upsertPeople(c.db, [{ nsid: "1@N01", is_deleted: 0, updated_at: STAMP }]);
    assertEquals((await row(c, "1@N01")).is_deleted, 0);
    await upsertPeople(c.db, []);
  });
});
