import { assertEquals } from "../../tests/assert.ts";
import { archiveStatus } from "./status.ts";
import { ACCOUNT_IS_PRO_META } from "./meta_keys.ts";
import { item, withCatalog } from "./test_helpers.ts";
import {
  finishRun,
  markDeleted,
  replaceAlbums,
  replaceCollections,
  replaceComments,
  replaceFaves,
  replaceGalleries,
  replaceGroups,
  replaceNotes,
  setMeta,
  startRun,
  upsertFiles,
  upsertItems,
  upsertPeople,
} from "./writes.ts";

Deno.test("archiveStatus counts an empty archive as zeros and no run", async () => {
  await withCatalog(async (catalog, dir) => {
    const s = await archiveStatus(catalog, dir);
    assertEquals(s.photos + s.videos + s.favorites + s.files + s.bytes + s.missing_files, 0);
    assertEquals([s.last_run, s.api_calls_last_run], [null, 0]);
  });
});

Deno.test("archiveStatus counts what the archive holds and what is missing", async () => {
  await withCatalog(async (catalog, dir) => {
    const { db } = catalog;
    await upsertItems(db, [
      item("1"),
      item("2"),
      item("3"),
      item("4", { media: "video" }),
      item("5", { media: "video", needs_manual_download: 1, manual_reason: "no original" }),
      item("6", { is_mine: 0, is_favorite_of_mine: 1, owner: "9@N09" }),
      // Favourites with only their largest size: 7's owner allows the original, 8's does not.
      item("7", { is_mine: 0, is_favorite_of_mine: 1, owner: "9@N09", can_download: 1 }),
      item("8", { is_mine: 0, is_favorite_of_mine: 1, owner: "9@N09", can_download: 0 }),
    ]);
    await markDeleted(db, ["3"]);
    const file = (item_id: string, kind: string, path: string, bytes: number) => ({
      item_id,
      kind,
      path,
      bytes,
      sha256: `sha256 of ${path}`,
      fetched_at: "t",
    });
    await upsertFiles(db, [
      file("1", "original", "p/1.jpg", 100),
      file("1", "thumb", "t/1.jpg", 5),
      file("2", "original", "p/2.jpg", 200),
      file("3", "original", "p/3.jpg", 300),
      file("4", "original", "v/4.mp4", 1000),
      // item 6 (a favourite) has no original yet: missing
      file("7", "largest", "f/7.jpg", 7),
      file("8", "largest", "f/8.jpg", 8),
    ]);
    await upsertFiles(db, [file("1", "original", "p/1b.jpg", 110)]); // replaced: 1 current
    await db.updateTable("files").set({ verify_status: "missing" }).where("path", "=", "p/2.jpg")
      .execute();
    await db.updateTable("files").set({ verify_status: "altered" }).where("path", "=", "p/3.jpg")
      .execute();
    await replaceComments(db, "1", [
      { id: "c1", author: "a", date_create: 1, html: "hi", raw_json: "{}" },
      { id: "c2", author: "b", date_create: 2, html: "hi", raw_json: "{}" },
    ]);
    await replaceComments(db, "6", [{
      id: "c3",
      author: "a",
      date_create: 1,
      html: "hi",
      raw_json: "{}",
    }]);
    await replaceFaves(db, "1", [{ nsid: "a" }, { nsid: "b" }, { nsid: "c" }]);
    await replaceNotes(db, "1", [{ id: "n", x: 0, y: 0, w: 1, h: 1, text: "t" }]);
    await upsertPeople(db, [
      { nsid: "a", updated_at: "t" },
      { nsid: "b", updated_at: "t" },
      { nsid: "a", username: "A", updated_at: "t" },
    ]);
    await replaceAlbums(db, [{ id: "A", position: 0, raw_json: "{}" }, {
      id: "B",
      position: 1,
      raw_json: "{}",
    }], new Map());
    await replaceCollections(db, [{ id: "K", position: 0, raw_json: "{}" }], new Map());
    await replaceGalleries(db, [], new Map());
    await replaceGroups(db, [{ id: "g", position: 0, raw_json: "{}" }], new Map());
    const first = await startRun(db, "archive");
    await finishRun(db, first, "done", { api_calls: 40 });
    const second = await startRun(db, "archive");
    await finishRun(db, second, "interrupted", { api_calls: 7 });
    await startRun(db, "archive"); // still running: not the last run

    const s = await archiveStatus(catalog, dir);
    const lastRun = await db.selectFrom("runs").select("finished_at").where("id", "=", second)
      .executeTakeFirstOrThrow();
    assertEquals(s, {
      archive: dir,
      photos: 3,
      videos: 2,
      photos_on_flickr: 2,
      videos_on_flickr: 2,
      favorites: 3,
      albums: 2,
      collections: 1,
      galleries: 0,
      groups: 1,
      comments: 3,
      faves: 3,
      people: 2,
      notes: 1,
      files: 7,
      bytes: 110 + 5 + 200 + 300 + 1000 + 7 + 8,
      missing_files: 2, // item 6 has no original, p/2.jpg found missing by verify
      altered_files: 1,
      lesser_copies: 1, // 7: only a smaller copy although its owner allows the original
      waiting_for_export: 0,
      free_account: false,
      videos_needing_manual_download: 1,
      deleted_on_flickr: 1,
      duplicates: 0,
      duplicate_items: 0,
      last_run: lastRun.finished_at,
      last_run_status: "interrupted",
      api_calls_last_run: 7,
    });
  });
});

Deno.test("archiveStatus: on a free account, own photos held as the 1,024 px copy wait for the export, not for the next run", async () => {
  await withCatalog(async (catalog, dir) => {
    const { db } = catalog;
    await upsertItems(db, [
      // Own photos the API gives at most 1,024 px (can_download as Flickr says, or unknown).
      item("1", { can_download: 0 }),
      item("2"),
      item("3", { can_download: 1 }),
      item("4"), // deleted on Flickr since: no export will hold it
      item("5"), // its original came with the export
      // A favourite whose owner allows the original, left with a smaller copy: a lesser copy.
      item("7", { is_mine: 0, is_favorite_of_mine: 1, owner: "9@N09", can_download: 1 }),
    ]);
    await markDeleted(db, ["4"]);
    const file = (item_id: string, kind: string) => ({
      item_id,
      kind,
      path: `p/${item_id}-${kind}.jpg`,
      bytes: 10,
      sha256: `sha256 of ${item_id}`,
      fetched_at: "t",
    });
    await upsertFiles(db, [
      file("1", "largest"),
      file("2", "largest"),
      file("3", "largest"),
      file("4", "largest"),
      file("5", "original"),
      file("7", "largest"),
    ]);
    // Until the account is known to be free, they are lesser copies like any other.
    const before = await archiveStatus(catalog, dir);
    assertEquals(
      [before.lesser_copies, before.waiting_for_export, before.free_account],
      [3, 0, false],
    );
    await setMeta(db, ACCOUNT_IS_PRO_META, "0");
    const s = await archiveStatus(catalog, dir);
    assertEquals(
      {
        lesser_copies: s.lesser_copies,
        waiting_for_export: s.waiting_for_export,
        free_account: s.free_account,
        missing_files: s.missing_files,
      },
      { lesser_copies: 1, waiting_for_export: 3, free_account: true, missing_files: 0 },
    );
  });
});
