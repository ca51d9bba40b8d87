import { assert, assertEquals, assertNotEquals } from "../../tests/assert.ts";
import { seedCatalog, type SeededArchive } from "../../tests/seed_catalog.ts";
import { type Catalog, openCatalog } from "../catalog/db.ts";
import type { ListRef } from "../catalog/browse.ts";
import { replaceAlbums, replaceCommentsBulk, upsertPeople } from "../catalog/writes.ts";
import {
  allListFingerprints,
  EMPTY_LIST,
  itemFingerprints,
  listFingerprint,
  setsDigest,
} from "./fingerprints.ts";

async function withSeeded(fn: (c: Catalog, s: SeededArchive) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fv_fingerprints_" });
  try {
    const seeded = await seedCatalog(dir, { photos: 30, videos: 2, favorites: 8 });
    const catalog = await openCatalog(dir);
    try {
      await fn(catalog, seeded);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("allListFingerprints: each list's fingerprint is the one listFingerprint gives it alone", async () => {
  await withSeeded(async (c) => {
    const kinds: [Parameters<typeof allListFingerprints>[1], (k: string) => ListRef][] = [
      ["tag", (tag) => ({ kind: "tag", tag })],
      ["faved-by", (nsid) => ({ kind: "faved-by", nsid })],
      ["tagged", (nsid) => ({ kind: "tagged", nsid })],
      ["favorites-by", (nsid) => ({ kind: "favorites-by", nsid })],
    ];
    for (const [kind, ref] of kinds) {
      const all = await allListFingerprints(c.db, kind);
      assert(all.size > 0, `the seeded archive has ${kind} lists`);
      for (const [key, fp] of all) {
        assertEquals(await listFingerprint(c.db, ref(key)), fp, `${kind} ${key}`);
      }
    }
    // A list nobody has counts nothing, as EMPTY_LIST says.
    assertEquals(
      (await listFingerprint(c.db, { kind: "tag", tag: "no-such-tag" })).count,
      EMPTY_LIST.count,
    );
  });
});

Deno.test("itemFingerprints: the same until something a photo page shows changes", async () => {
  await withSeeded(async (c, s) => {
    const ids = [s.richId, s.videoId, "no-such-item"];
    const before = await itemFingerprints(c.db, ids);
    assertEquals([...before.keys()].sort(), [s.richId, s.videoId].sort(), "absent ids left out");
    assertEquals(before.get(s.richId)!.mine, true);
    assertEquals(await itemFingerprints(c.db, ids), before, "nothing changed: the same");
    // A comment added by the importer, which does not touch the item's row.
    await replaceCommentsBulk(
      c.db,
      new Map([[s.richId, [{
        id: "new-comment",
        author: s.commenterNsid,
        date_create: 1_700_000_000,
        html: "Lovely",
        raw_json: "{}",
      }]]]),
    );
    const afterComment = await itemFingerprints(c.db, ids);
    assertNotEquals(afterComment.get(s.richId)!.fp, before.get(s.richId)!.fp);
    assertEquals(afterComment.get(s.videoId), before.get(s.videoId), "other items untouched");
    // The commenter renames themselves: their name on the page changes.
    await upsertPeople(c.db, [{
      nsid: s.commenterNsid,
      realname: "New Name",
      updated_at: "2099-01-01T00:00:00.000Z",
    }]);
    const afterRename = await itemFingerprints(c.db, ids);
    assertNotEquals(afterRename.get(s.richId)!.fp, afterComment.get(s.richId)!.fp);
    // The photo leaves every album.
    await replaceAlbums(c.db, [], new Map());
    assertNotEquals(
      (await itemFingerprints(c.db, ids)).get(s.richId)!.fp,
      afterRename.get(s.richId)!.fp,
    );
  });
});

Deno.test("setsDigest: changes with an album's title, not with anything else", async () => {
  await withSeeded(async (c, s) => {
    const before = await setsDigest(c.db);
    await c.db.updateTable("items").set({ title: "retitled" }).where("id", "=", s.richId).execute();
    assertEquals(await setsDigest(c.db), before);
    await c.db.updateTable("albums").set({ title: "Renamed album" }).where("id", "=", s.albumIds[0])
      .execute();
    assertNotEquals(await setsDigest(c.db), before);
  });
});
