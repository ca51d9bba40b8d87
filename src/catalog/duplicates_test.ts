import { assertEquals } from "../../tests/assert.ts";
import { sql } from "kysely";
import { item, withCatalog, writeArchiveFile } from "./test_helpers.ts";
import { replaceTags, upsertFiles, upsertItems } from "./writes.ts";
import { duplicateCounts, duplicateGroups, duplicateSets } from "./duplicates.ts";

const AT = "2024-01-01T00:00:00.000Z";
const MD5_X = "0cc175b9c0f1b6a831c399e269772661";
const MD5_Y = "92eb5ffee6ae2fec3ad71c777531578f";
const MD5_Z = "4a8a08f09d37b73795649038408b5f33";

Deno.test("duplicates: same bytes and a checksum tag join items into groups, transitively", async () => {
  await withCatalog(async (catalog, dir) => {
    const { db } = catalog;
    const same = await writeArchiveFile(dir, "o/same.jpg", "same bytes");
    const other = (n: string) => writeArchiveFile(dir, `o/${n}.jpg`, `bytes of ${n}`);
    await upsertItems(db, [
      item("1", { date_uploaded: 100 }),
      item("2", { date_uploaded: 200 }),
      // Its tag names 2's original (2's bytes have MD5 X): joins 1 and 2's group.
      item("3", { date_uploaded: 300, machine_tags: `checksum:md5=${MD5_X.toUpperCase()}` }),
      // Tagged with its own bytes' MD5: the same photo as itself only.
      item("4", { machine_tags: `checksum:md5=${MD5_Y}` }),
      // The tag in the tags table, naming 6's largest copy (a favourite's best copy).
      item("5", { date_uploaded: 50 }),
      item("6", { is_mine: 0, date_uploaded: 60 }),
      // Not a checksum tag: "xchecksum:md5=".
      item("7", { machine_tags: `xchecksum:md5=${MD5_X}` }),
      // Same bytes as 1, but only in an earlier version of a replaced photo: not a duplicate now.
      item("8"),
      // Same bytes as 1, but in its thumbnail: not its original.
      item("9"),
      // 11's original has 10's bytes and its largest copy 12's: one group of three.
      item("10"),
      item("11"),
      item("12"),
      // Names 10's original by its tag: joins them.
      item("13", { machine_tags: `checksum:md5=${MD5_Z}` }),
    ]);
    await replaceTags(db, "5", [
      { tag: `checksum:md5=${MD5_Y.slice(0, 31)}0`, raw: "x", author: "a", is_machine: 1 },
    ]);
    const f = async (
      item_id: string,
      kind: string,
      file: Promise<typeof same> | typeof same,
      md5?: string,
      is_current = 1,
    ) => ({
      item_id,
      kind,
      fetched_at: AT,
      md5: md5 ?? null,
      is_current,
      ...(await file),
    });
    await upsertFiles(db, [
      await f("1", "original", same),
      await f("2", "original", { ...same, path: "o/same-again.jpg" }, MD5_X),
      await f("3", "original", other("3")),
      await f("4", "original", other("4"), MD5_Y),
      await f("5", "original", other("5")),
      await f("6", "largest", other("6"), `${MD5_Y.slice(0, 31)}0`),
      await f("7", "original", other("7")),
      await f("8", "original", { ...same, path: "o/8-old.jpg" }, undefined, 0),
      await f("8", "original", other("8")),
      await f("9", "thumb", { ...same, path: "o/9_t.jpg" }),
      await f("9", "original", other("9")),
      await f("10", "original", { ...await other("p"), path: "o/10.jpg" }, MD5_Z),
      await f("11", "original", { ...await other("p"), path: "o/11.jpg" }),
      await f("11", "largest", { ...await other("q"), path: "o/11_l.jpg" }),
      await f("12", "original", { ...await other("q"), path: "o/12.jpg" }),
      await f("13", "original", other("13")),
    ]);

    const sets = await duplicateSets(db);
    assertEquals(sets.map((s) => s.itemIds.sort()).sort(), [
      ["1", "2", "3"],
      ["10", "11", "12", "13"],
      ["5", "6"],
    ]);
    // Counted in SQL without reading the groups: the same answer.
    assertEquals(await duplicateCounts(db), { groups: 3, items: 9 });

    const groups = await duplicateGroups(db);
    // The group with the latest upload first; in a group, the first upload first.
    assertEquals(groups.map((g) => g.items.map((i) => i.id)), [
      ["1", "2", "3"],
      ["5", "6"],
      ["10", "11", "12", "13"],
    ]);
    assertEquals(groups[0].reasons, [
      { kind: "same-bytes", sha256: same.sha256, itemIds: ["1", "2"] },
      { kind: "checksum-tag", md5: MD5_X, taggedId: "3", holderId: "2" },
    ]);
    assertEquals(groups[1].reasons[0].kind, "checksum-tag");
  });
});

Deno.test("duplicates: none in a catalog without shared bytes or tags", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("1"), item("2")]);
    await upsertFiles(catalog.db, [
      { item_id: "1", kind: "original", fetched_at: AT, ...await writeArchiveFile(dir, "a", "a") },
      { item_id: "2", kind: "original", fetched_at: AT, ...await writeArchiveFile(dir, "b", "b") },
    ]);
    assertEquals(await duplicateGroups(catalog.db), []);
    assertEquals(await duplicateCounts(catalog.db), { groups: 0, items: 0 });
  });
});

Deno.test("duplicates: a catalog from before files.md5 is read as it is, by bytes alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_dup_" });
  try {
    const { openCatalog } = await import("./db.ts");
    const { migrations } = await import("./migrations.ts");
    const old = await openCatalog(dir, {
      migrations: migrations.filter((m) => m.name !== "0004_duplicates"),
    });
    await upsertItems(old.db, [item("1"), item("2")]);
    const file = (id: string) => ({
      item_id: id,
      kind: "original",
      path: `o/${id}.jpg`,
      bytes: 1,
      sha256: "same",
      fetched_at: AT,
    });
    await old.db.insertInto("files").values([file("1"), file("2")]).execute();
    await old.close();
    // The viewer opens it read-only: no upgrade asked for, and the same bytes still found.
    const ro = await openCatalog(dir, { readonly: true });
    try {
      assertEquals(await duplicateCounts(ro.db), { groups: 1, items: 2 });
    } finally {
      await ro.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A small seeded generator (mulberry32), so that a failing round can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// duplicateCounts answers status and the site's about page without reading every group's members
// (duplicateSets does, for the /duplicates page): two groupings, kept apart for memory, so they
// must agree on every catalog. Random catalogs: shared bytes, an original and a largest copy that
// differ (which joins two byte groups), tags naming another item's MD5, earlier versions and
// thumbnails that must not count.
Deno.test("duplicates: the counts equal the groups' sizes on 40 random catalogs", async () => {
  await withCatalog(async (catalog) => {
    const { db } = catalog;
    for (let round = 0; round < 40; round++) {
      const random = rng(round + 1);
      const pick = (n: number) => Math.floor(random() * n);
      await sql`DELETE FROM files`.execute(db);
      await sql`DELETE FROM tags`.execute(db);
      await sql`DELETE FROM items`.execute(db);
      const n = 6 + pick(20);
      const shas = 2 + pick(n);
      const sha = (k: number) => k.toString(16).padStart(64, "0");
      const md5 = (k: number) => k.toString(16).padStart(32, "0");
      const ids = Array.from({ length: n }, (_, i) => String(100 + i));
      await upsertItems(
        db,
        ids.map((id) =>
          item(id, random() < 0.2 ? { machine_tags: `checksum:md5=${md5(pick(shas))}` } : {})
        ),
      );
      let path = 0;
      const file = (item_id: string, kind: string, k: number, is_current = 1) => ({
        item_id,
        kind,
        fetched_at: AT,
        path: `o/${path++}.jpg`,
        bytes: 1,
        sha256: sha(k),
        md5: md5(k),
        is_current,
      });
      const files = ids.flatMap((id) => {
        const own = [file(id, random() < 0.8 ? "original" : "largest", pick(shas))];
        if (random() < 0.15) {
          own.push(file(id, own[0].kind === "original" ? "largest" : "original", pick(shas)));
        }
        if (random() < 0.2) own.push(file(id, "thumb", pick(shas)));
        if (random() < 0.1) own.push(file(id, "original", pick(shas), 0));
        return own;
      });
      await upsertFiles(db, files);
      const sets = await duplicateSets(db);
      const expected = {
        groups: sets.length,
        items: sets.reduce((sum, s) => sum + s.itemIds.length, 0),
      };
      assertEquals(await duplicateCounts(db), expected, `round ${round}`);
    }
  });
});
