import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog } from "./test_helpers.ts";
import {
  archiveMeta,
  deletedItems,
  failingFiles,
  MANUAL_DROP_DIR,
  manualVideos,
  recentRuns,
} from "./browse_status.ts";
import { setMeta, upsertFiles, upsertItems } from "./writes.ts";

const STAMP = "2024-01-01T00:00:00.000Z";

Deno.test("manualVideos: newest first, with Flickr's page (built from the alias or the NSID when unknown) and where to drop the file", async () => {
  await withCatalog(async (c) => {
    await upsertItems(c.db, [
      item("1", {
        media: "video",
        needs_manual_download: 1,
        date_uploaded: 100,
        path_alias: "ada",
      }),
      item("2", {
        media: "video",
        needs_manual_download: 1,
        date_uploaded: 200,
        photopage_url: "https://www.flickr.com/photos/ada/2/",
        manual_reason: "Flickr answered 403",
      }),
      item("3", { media: "video", needs_manual_download: 1, date_uploaded: 50 }),
      item("4", { media: "video", date_uploaded: 300 }),
    ]);
    const videos = await manualVideos(c.db);
    assertEquals(videos.map((v) => [v.item.id, v.photopageUrl, v.reason, v.dropPath]), [
      [
        "2",
        "https://www.flickr.com/photos/ada/2/",
        "Flickr answered 403",
        `${MANUAL_DROP_DIR}/2.mp4`,
      ],
      ["1", "https://www.flickr.com/photos/ada/1/", null, "manual/1.mp4"],
      ["3", "https://www.flickr.com/photos/1000@N01/3/", null, "manual/3.mp4"],
    ]);
  });
});

Deno.test("failingFiles and deletedItems: only current files that failed, items gone from Flickr, newest first", async () => {
  await withCatalog(async (c) => {
    await upsertItems(c.db, [
      item("1"),
      item("2", { deleted_on_flickr: 1, deleted_detected_at: "2024-02-01T00:00:00.000Z" }),
      item("3", { deleted_on_flickr: 1, deleted_detected_at: "2024-03-01T00:00:00.000Z" }),
    ]);
    const file = (
      id: string,
      path: string,
      status: string | null,
      verifiedAt: string,
      current = 1,
    ) => ({
      item_id: id,
      kind: current ? "original" : "display",
      path,
      bytes: 1,
      sha256: path.padEnd(64, "0"),
      fetched_at: STAMP,
      verify_status: status,
      verified_at: verifiedAt,
      is_current: current,
    });
    await upsertFiles(c.db, [
      file("1", "a.jpg", "missing", "2024-01-02"),
      file("2", "b.jpg", "altered", "2024-01-03"),
      file("3", "c.jpg", "ok", "2024-01-04"),
      file("1", "old.jpg", "missing", "2024-01-05", 0),
    ]);
    assertEquals((await failingFiles(c.db)).map((f) => [f.itemId, f.path, f.status]), [
      ["2", "b.jpg", "altered"],
      ["1", "a.jpg", "missing"],
    ]);
    assertEquals((await failingFiles(c.db, 1)).length, 1);
    assertEquals((await deletedItems(c.db)).map((i) => [i.id, i.deletedOnFlickr]), [["3", true], [
      "2",
      true,
    ]]);
    assertEquals((await deletedItems(c.db, 1)).map((i) => i.id), ["3"]);
  });
});

Deno.test("recentRuns and archiveMeta: the last runs newest first; the meta table as a map", async () => {
  await withCatalog(async (c) => {
    assertEquals(await recentRuns(c.db), []);
    for (let i = 0; i < 7; i++) {
      await c.db.insertInto("runs").values({
        kind: i % 2 ? "import" : "archive",
        started_at: `2024-01-0${i + 1}`,
      }).execute();
    }
    const runs = await recentRuns(c.db);
    assertEquals(runs.map((r) => r.started_at), [
      "2024-01-07",
      "2024-01-06",
      "2024-01-05",
      "2024-01-04",
      "2024-01-03",
    ]);
    assertEquals((await recentRuns(c.db, 2)).length, 2);
    await setMeta(c.db, "user_nsid", "1000@N01");
    assertEquals((await archiveMeta(c.db)).get("user_nsid"), "1000@N01");
  });
});
