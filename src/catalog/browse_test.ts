import { assert, assertEquals, assertRejects, assertThrows } from "../../tests/assert.ts";
import { seedCatalog, type SeededArchive } from "../../tests/seed_catalog.ts";
import { type Catalog, openCatalog } from "./db.ts";
import {
  BadCursorError,
  decodeCursor,
  encodeCursor,
  type GridItem,
  listPage,
  type ListRef,
  listRefParam,
  monthStart,
  neighbours,
  ownItemCount,
  parseListRef,
  timeline,
} from "./browse.ts";
import {
  collectionTree,
  getGallery,
  listAlbums,
  listGalleries,
  listGroups,
} from "./browse_sets.ts";
import { getTag, listTags } from "./browse_tags.ts";
import { replaceTags } from "./writes.ts";
import { getPerson, listPeople, personComments } from "./browse_people.ts";
import { ftsQuery, searchItems } from "./browse_search.ts";
import { deletedItems, failingFiles, manualVideos } from "./browse_status.ts";

async function withSeeded(
  fn: (c: Catalog, s: SeededArchive) => Promise<void>,
  opts: { writable?: boolean } = {},
) {
  const dir = await Deno.makeTempDir();
  try {
    const seeded = await seedCatalog(dir, { photos: 60, videos: 3, favorites: 10 });
    const catalog = await openCatalog(dir, { readonly: !opts.writable });
    try {
      await fn(catalog, seeded);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function all(c: Catalog, ref: ListRef, limit: number): Promise<GridItem[]> {
  const out: GridItem[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await listPage(c.db, ref, { after, limit });
    out.push(...page.items);
    if (!page.next) return out;
    after = page.next;
  }
  throw new Error("paging never ended");
}

Deno.test("cursors round-trip and bad ones are refused", () => {
  assertEquals(decodeCursor(encodeCursor("2019-07-01 10:00:00", "123")), [
    "2019-07-01 10:00:00",
    "123",
  ]);
  assertEquals(decodeCursor(encodeCursor(null, "é")), [null, "é"]);
  assertEquals(decodeCursor(encodeCursor(-1.25e-7, "1")), [-1.25e-7, "1"]);
  const err = assertThrows(() => decodeCursor("not a cursor!"), "Cannot read the page cursor");
  assert(err instanceof BadCursorError);
  assertThrows(() => decodeCursor(btoa('{"a":1}')), "Cannot read the page cursor");
  for (
    const v of ["taken", "uploaded", "favorites", "album:1", "tag:a:b", "group:9@N01", "tagged:x"]
  ) {
    assertEquals(listRefParam(parseListRef(v)!), v);
  }
  assertEquals(parseListRef("album:"), null);
  assertEquals(parseListRef("bogus:1"), null);
});

Deno.test("keyset pages walk the whole photostream once, in order, and neighbours agree", async () => {
  await withSeeded(async (c, s) => {
    for (const order of ["taken", "uploaded"] as const) {
      const ref: ListRef = { kind: "stream", order };
      const items = await all(c, ref, 7);
      assertEquals(items.length, s.ownIds.length);
      assertEquals(new Set(items.map((i) => i.id)).size, s.ownIds.length);
      const keys = items.map((i) => order === "taken" ? i.dateTaken : i.dateUploaded);
      for (let k = 1; k < keys.length; k++) {
        const a = keys[k - 1], b = keys[k];
        assert(
          b === null || (a !== null && a >= b),
          `${order} out of order at ${k}: ${a} then ${b}`,
        );
      }
      for (const k of [0, 1, 17, items.length - 1]) {
        const n = await neighbours(c.db, ref, items[k].id);
        assertEquals(n, {
          inList: true,
          prev: items[k - 1]?.id ?? null,
          next: items[k + 1]?.id ?? null,
        });
      }
    }
    const oldest = (await all(c, { kind: "stream", order: "taken" }, 500)).at(-1)!;
    assertEquals(oldest.id, s.circaId, "the circa-1975 photo is the oldest");
    assertEquals((await neighbours(c.db, { kind: "favorites" }, s.richId)).inList, false);
  });
});

Deno.test("items without a date are walked after the dated ones, in the stream and a tag, and neighbours agree", async () => {
  await withSeeded(async (c, s) => {
    const undated = s.ownIds.slice(20, 26);
    await c.db.updateTable("items").set({ date_taken: null }).where("id", "in", undated).execute();
    const tagged = [...s.ownIds.slice(0, 30), ...s.favoriteIds.slice(0, 3)];
    for (const id of tagged) {
      await replaceTags(c.db, id, [{ tag: "keyset", raw: "KeySet", author: s.ownerNsid }]);
    }
    const rows = await c.db.selectFrom("items").select(["id", "date_taken", "is_mine"]).execute();
    // The expected order, built here: dated newest first (ties by id), then undated by id.
    const order = (list: typeof rows) =>
      list.sort((a, b) => {
        if ((a.date_taken === null) !== (b.date_taken === null)) return a.date_taken ? -1 : 1;
        if (a.date_taken !== b.date_taken) return a.date_taken! > b.date_taken! ? -1 : 1;
        return a.id > b.id ? -1 : 1;
      }).map((r) => r.id);
    const cases: [ListRef, string[]][] = [
      [{ kind: "stream", order: "taken" }, order(rows.filter((r) => r.is_mine === 1))],
      [{ kind: "tag", tag: "keyset" }, order(rows.filter((r) => tagged.includes(r.id)))],
    ];
    for (const [ref, expected] of cases) {
      for (const limit of [1, 4, 500]) {
        assertEquals((await all(c, ref, limit)).map((i) => i.id), expected);
      }
      for (let k = 0; k < expected.length; k++) {
        assertEquals(await neighbours(c.db, ref, expected[k]), {
          inList: true,
          prev: expected[k - 1] ?? null,
          next: expected[k + 1] ?? null,
        });
      }
    }
    const stream = cases[0][1];
    const below = await listPage(c.db, { kind: "stream", order: "taken" }, {
      startBelow: "1990-01-01 00:00:00",
      limit: 500,
    });
    assertEquals(below.items.map((i) => i.id), stream.slice(stream.indexOf(s.circaId)));

    // A date changed later reorders the tag page too.
    await c.db.updateTable("items").set({ date_taken: "2099-01-01 00:00:00" })
      .where("id", "=", undated[0]).execute();
    const first = await listPage(c.db, { kind: "tag", tag: "keyset" }, { limit: 1 });
    assertEquals(first.items.map((i) => i.id), [undated[0]]);
  }, { writable: true });
});

Deno.test("counts of the stream and of tags follow every write", async () => {
  await withSeeded(async (c, s) => {
    assertEquals(await ownItemCount(c.db), s.ownIds.length);
    const counted = async (tag: string) =>
      Number(
        (await c.db.selectFrom("tags").select((eb) => eb.fn.countAll().as("n"))
          .where("tag", "=", tag).executeTakeFirstOrThrow()).n,
      );
    const common = await getTag(c.db, s.commonTag);
    assertEquals(common!.count, await counted(s.commonTag));
    for (const id of s.ownIds.slice(0, 3)) {
      await replaceTags(c.db, id, [{ tag: "counted", raw: "Counted", author: null }]);
    }
    await replaceTags(c.db, s.ownIds[0], [{ tag: "counted", raw: "Counted", author: null }]);
    assertEquals(await getTag(c.db, "counted"), { tag: "counted", raw: "Counted", count: 3 });
    await replaceTags(c.db, s.ownIds[1], []);
    assertEquals((await getTag(c.db, "counted"))!.count, 2);
    const listed = await listTags(c.db, { limit: 1000 });
    for (const t of listed.items) assertEquals(t.count, await counted(t.tag), t.tag);
    await replaceTags(c.db, s.ownIds[0], []);
    await replaceTags(c.db, s.ownIds[2], []);
    assertEquals(await getTag(c.db, "counted"), null);
    assert(!(await listTags(c.db, { limit: 1000 })).items.some((t) => t.tag === "counted"));
    await c.db.updateTable("items").set({ is_mine: 0 }).where("id", "=", s.ownIds[5]).execute();
    assertEquals(await ownItemCount(c.db), s.ownIds.length - 1);
  }, { writable: true });
});

Deno.test("album pages keep album order; the timeline jumps to a month", async () => {
  await withSeeded(async (c, s) => {
    const stored = await c.db.selectFrom("album_items").select("item_id")
      .where("album_id", "=", s.albumIds[0]).orderBy("position").execute();
    const listed = await all(c, { kind: "album", id: s.albumIds[0] }, 4);
    assertEquals(listed.map((i) => i.id), stored.map((r) => r.item_id));
    const n = await neighbours(c.db, { kind: "album", id: s.albumIds[0] }, stored[1].item_id);
    assertEquals(n.prev, stored[0].item_id);
    assertEquals(n.next, stored[2]?.item_id ?? null);

    const { months } = await timeline(c.db, "taken");
    assert(months.length > 5);
    const month = months[3];
    const page = await listPage(c.db, { kind: "stream", order: "taken" }, {
      startBelow: monthStart("taken", month.month)!,
      limit: 3,
    });
    assertEquals(page.items[0].dateTaken!.slice(0, 7), month.month);
    assertEquals(monthStart("uploaded", "2019-12"), Date.UTC(2020, 0, 1) / 1000);
    assertEquals(monthStart("taken", "junk"), null);
  });
});

Deno.test("search quotes what people type and finds titles, tags, comments and places", async () => {
  assertEquals(ftsQuery('sunset "beach'), '"sunset" """beach"*');
  assertEquals(ftsQuery("  *** ()  "), null);
  assertEquals(ftsQuery("a OR b NEAR(c)"), '"a" "OR" "b" "NEAR(c)"*');
  await withSeeded(async (c, s) => {
    const harbour = await searchItems(c.db, "harbour lights");
    assertEquals(harbour.items[0]?.id, s.richId);
    const prefix = await searchItems(c.db, "harbour ligh");
    assertEquals(prefix.items[0]?.id, s.richId);
    const place = await searchItems(c.db, "covent garden");
    assert(place.items.some((i) => i.id === s.richId));
    for (const nasty of ['"', "NEAR(", "a:b", "*", "-x", "'; DROP TABLE items; --", "(((", "^a"]) {
      await searchItems(c.db, nasty); // must not throw an FTS5 syntax error
    }
    const many = await searchItems(c.db, "travel", { limit: 5 });
    assertEquals(many.items.length, 5);
    assert(many.next);
    const second = await searchItems(c.db, "travel", { limit: 5, after: many.next });
    assertEquals(second.items.filter((i) => many.items.some((j) => j.id === i.id)).length, 0);
  });
});

Deno.test("sets, tags and people list what the archive holds", async () => {
  await withSeeded(async (c, s) => {
    const albums = await listAlbums(c.db, { limit: 2 });
    assertEquals(albums.items.map((a) => a.id), s.albumIds.slice(0, 2));
    const rest = await listAlbums(c.db, { after: albums.next, limit: 10 });
    assertEquals(rest.items.map((a) => a.id), s.albumIds.slice(2));
    assert(albums.items[0].cover !== null);

    const tree = await collectionTree(c.db);
    assertEquals(tree.map((t) => t.title), ["Travel", "Home"]);
    assertEquals(tree[0].children.map((t) => t.title), ["By the sea"]);
    assertEquals(tree[1].albums.length, 2);

    const galleries = await listGalleries(c.db);
    assertEquals(galleries.length, 2);
    const g = await getGallery(c.db, s.galleryIds[0]);
    assertEquals(g!.entries.length, 4);
    assertEquals(g!.entries.filter((e) => e.item === null).length, 1);
    assertEquals((await listGroups(c.db)).map((g) => g.id), s.groupIds);

    const tags = await listTags(c.db, { limit: 3 });
    assertEquals(tags.items.length, 3);
    const sorted = [...tags.items].sort((a, b) => a.tag < b.tag ? -1 : 1);
    assertEquals(tags.items, sorted);
    const next = await listTags(c.db, { limit: 3, after: tags.next });
    assert(next.items[0].tag > tags.items[2].tag);
    const machine = await listTags(c.db, { machine: true });
    assert(machine.items.some((t) => t.tag === "dc:subject=harbour"));

    const people = await listPeople(c.db, { limit: 500 });
    assert(people.items.some((p) => p.nsid === s.commenterNsid));
    assert(!people.items.some((p) => p.nsid === s.ownerNsid), "the owner is not among 'people'");
    const commenter = await getPerson(c.db, s.commenterNsid);
    assert(commenter!.comments > 0 && commenter!.faves > 0);
    const said = await personComments(c.db, s.commenterNsid, { limit: 1 });
    assertEquals(said.items.length, 1);
    await assertRejects(() => listPeople(c.db, { after: "%%%" }), "Cannot read the page cursor");
  });
});

Deno.test("the status lists: videos to download by hand, items deleted on Flickr, failing files", async () => {
  await withSeeded(async (c, s) => {
    assertEquals((await manualVideos(c.db)).map((v) => v.item.id), [s.manualVideoId]);
    assertEquals((await deletedItems(c.db)).map((i) => i.id), [s.deletedId]);
    assertEquals((await failingFiles(c.db)).map((f) => f.fileId), [s.missingFileId]);
  });
});
