import { createHash } from "node:crypto";
import { assert, assertEquals } from "../../tests/assert.ts";
import { offlineContext } from "../../tests/archive_phases_harness.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import { isVideoHead, manualFileId, pickUpManualVideos } from "./manual_videos.ts";

Deno.test("manualFileId reads the photo id a dropped file is named by", () => {
  assertEquals(manualFileId("51234567890.mp4"), "51234567890");
  assertEquals(manualFileId("51234567890_from the browser.MOV"), "51234567890");
  assertEquals(manualFileId("51234567890.original.avi"), "51234567890");
  assertEquals(manualFileId("video.mp4"), undefined);
  assertEquals(manualFileId("51234567890"), undefined);
});

Deno.test("isVideoHead knows video containers and refuses images and pages", async () => {
  const mov = await Deno.readFile(fixturePath("media/with-gps.mov"));
  const mp4 = await Deno.readFile(fixturePath("media/with-gps.mp4"));
  assert(isVideoHead(mov.subarray(0, 256)) && isVideoHead(mp4.subarray(0, 256)));
  const ascii = (s: string) => new TextEncoder().encode(s.padEnd(32, "\0"));
  assert(isVideoHead(ascii("RIFF\0\0\0\0AVI LIST")));
  assert(isVideoHead(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4, 5, 6, 7, 8])));
  assert(!isVideoHead(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0])));
  assert(!isVideoHead(ascii("<!DOCTYPE html><html>")));
  assert(!isVideoHead(new Uint8Array(0)));
});

Deno.test("pickUpManualVideos files a dropped video and leaves wrong files in place", async () => {
  await withCatalog(async (catalog, dir) => {
    const ctx = offlineContext(catalog, dir);
    await upsertItems(catalog.db, [
      item("51000000011", {
        media: "video",
        title: "Surf day",
        date_taken: "2021-08-14 10:00:00",
        original_secret: "abc",
        original_format: "jpg",
        needs_manual_download: 1,
        manual_reason: "refused",
      }),
      item("51000000022", { media: "video", needs_manual_download: 1 }),
      item("51000000033", { media: "photo" }),
    ]);
    const video = await Deno.readFile(fixturePath("media/with-gps.mov"));
    await Deno.mkdir(`${dir}/manual`);
    await Deno.writeFile(`${dir}/manual/51000000011_from-browser.mov`, video);
    await Deno.writeFile(
      `${dir}/manual/51000000022.mp4`,
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
    );
    await Deno.writeFile(`${dir}/manual/51000000033.mp4`, video);
    await Deno.writeFile(`${dir}/manual/notes.txt`, new TextEncoder().encode("hello"));
    await Deno.writeFile(`${dir}/manual/51000000011.mov.part-x1`, video);

    await pickUpManualVideos(ctx);

    const filed = await catalog.db.selectFrom("files").selectAll().execute();
    assertEquals(filed.length, 1);
    assertEquals(filed[0].item_id, "51000000011");
    assertEquals(filed[0].kind, "original");
    assertEquals(filed[0].path, "photos/2021/08/51000000011_surf-day.mov");
    assertEquals(filed[0].bytes, video.length);
    assertEquals(filed[0].sha256, createHash("sha256").update(video).digest("hex"));
    assertEquals(filed[0].content_type, "video/quicktime");
    assertEquals(await Deno.readFile(`${dir}/${filed[0].path}`), video);
    const items = Object.fromEntries(
      (await catalog.db.selectFrom("items").select(["id", "needs_manual_download", "manual_reason"])
        .execute()).map((r) => [r.id, [r.needs_manual_download, r.manual_reason]]),
    );
    assertEquals(items["51000000011"], [0, null]);
    assertEquals(items["51000000022"], [1, null]);
    const left = (await Array.fromAsync(Deno.readDir(`${dir}/manual`))).map((e) => e.name).sort();
    assertEquals(left, [
      "51000000011.mov.part-x1",
      "51000000022.mp4",
      "51000000033.mp4",
      "notes.txt",
    ]);
    assertEquals(ctx.attention.length, 3);
    assert(ctx.attention.some((a) => a.includes("51000000022.mp4") && a.includes("not a video")));
    assert(ctx.attention.some((a) => a.includes("51000000033") && a.includes("photo")));
    assert(ctx.attention.some((a) => a.includes("notes.txt")));
  });
});
