import { createHash } from "node:crypto";
import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog, writeArchiveFile } from "../catalog/test_helpers.ts";
import { upsertFiles, upsertItems } from "../catalog/writes.ts";
import { anyChecksumTag, recordMd5s } from "./md5s.ts";

Deno.test("recordMd5s: nothing read without a checksum tag; then each current best copy once", async () => {
  await withCatalog(async (catalog, dir) => {
    const { db } = catalog;
    const at = new Date().toISOString();
    const o1 = await writeArchiveFile(dir, "photos/1.jpg", "one");
    const o2 = await writeArchiveFile(dir, "favorites/2.jpg", "two");
    const t1 = await writeArchiveFile(dir, "thumbs/1.jpg", "thumb");
    await upsertItems(catalog.db, [item("1"), item("2", { is_mine: 0 }), item("3")]);
    await upsertFiles(db, [
      { item_id: "1", kind: "original", fetched_at: at, ...o1 },
      { item_id: "1", kind: "thumb", fetched_at: at, ...t1 },
      { item_id: "2", kind: "largest", fetched_at: at, ...o2 },
      // Recorded but gone from disk: left for verify, not an error.
      {
        item_id: "3",
        kind: "original",
        fetched_at: at,
        path: "photos/3.jpg",
        bytes: 1,
        sha256: "x",
      },
    ]);
    assertEquals(await anyChecksumTag(db), false);
    assertEquals(await recordMd5s(db, dir), 0);

    await upsertItems(db, [item("3", { machine_tags: `checksum:md5=${"0".repeat(32)}` })]);
    assertEquals(await anyChecksumTag(db), true);
    const started: number[] = [];
    assertEquals(await recordMd5s(db, dir, { onStart: (n) => started.push(n) }), 2);
    assertEquals(started, [3]);
    const md5s = Object.fromEntries(
      (await db.selectFrom("files").select(["path", "md5"]).execute()).map((r) => [r.path, r.md5]),
    );
    const md5 = (s: string) => createHash("md5").update(s).digest("hex");
    assertEquals(md5s, {
      "photos/1.jpg": md5("one"),
      "favorites/2.jpg": md5("two"),
      "thumbs/1.jpg": null,
      "photos/3.jpg": null,
    });
    // Hashed once: the next pass reads only the file still missing.
    const again: number[] = [];
    assertEquals(await recordMd5s(db, dir, { onStart: (n) => again.push(n) }), 0);
    assertEquals(again, [1]);
    // A file recorded again (new bytes at the same path) is hashed again.
    const changed = await writeArchiveFile(dir, "photos/1.jpg", "one, edited");
    await upsertFiles(db, [{ item_id: "1", kind: "original", fetched_at: at, ...changed }]);
    assertEquals(await recordMd5s(db, dir), 1);
    const row = await db.selectFrom("files").select("md5").where("path", "=", "photos/1.jpg")
      .executeTakeFirstOrThrow();
    assertEquals(row.md5, md5("one, edited"));
  });
});
