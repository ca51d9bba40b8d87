import { join } from "node:path";
import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertFiles, upsertItems } from "../catalog/writes.ts";
import { MISSING_REPORT, reportMissing } from "./missing.ts";
import { emptyReport } from "./report.ts";
import type { ExportInputs, ZipNumber } from "./sources.ts";

const inputs = (numbered: ZipNumber[], broken: string[] = []) =>
  ({
    numbered,
    broken: broken.map((label) => ({ label, message: "truncated" })),
  }) as unknown as ExportInputs;
const media = (n: number): ZipNumber => ({ kind: "media", series: "data-download-", n });
const meta = (n: number): ZipNumber => ({ kind: "metadata", series: "7215_ab_part", n });

Deno.test("reportMissing: gaps in each zip series are missing parts, remembered across imports", async () => {
  await withCatalog(async (catalog, dir) => {
    const first = emptyReport();
    await reportMissing(catalog, dir, inputs([meta(1), media(1), media(4)]), first);
    assertEquals(first.missingParts, [
      "media zip data-download-2.zip",
      "media zip data-download-3.zip",
    ]);
    assertEquals(first.missingReport, MISSING_REPORT);
    // Parts 2 and 3 arrive later, on their own: nothing is missing any more, and the file goes.
    const second = emptyReport();
    await reportMissing(catalog, dir, inputs([media(2), media(3)]), second);
    assertEquals(second.missingParts, []);
    assertEquals(second.missingReport, null);
    assertEquals(await Deno.stat(join(dir, MISSING_REPORT)).catch(() => null), null);
    // A zip passed but broken is named as damaged, not again as missing.
    const third = emptyReport();
    await reportMissing(catalog, dir, inputs([meta(3)], ["/dl/7215_ab_part2.zip"]), third);
    assertEquals(third.missingParts, []);
  });
});

Deno.test("reportMissing: own items without an original and files not attached, one tab-separated line each", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [
      item("10", { title: "Tabs\there\nand lines", path_alias: "ada" }),
      item("9", { media: "video", title: "Clip" }),
      item("11", { title: "Has its original" }),
      item("12", { is_mine: 0, is_favorite_of_mine: 1 }),
      item("13", { deleted_on_flickr: 1 }),
    ]);
    await upsertFiles(catalog.db, [{
      item_id: "11",
      kind: "original",
      path: "originals/11.jpg",
      bytes: 1,
      sha256: "a".repeat(64),
      fetched_at: "2024-01-01T00:00:00.000Z",
    }]);
    const report = emptyReport();
    report.unmatched.push({ file: "IMG_0001.JPG", reason: "no photo id in its name" });
    await reportMissing(catalog, dir, inputs([]), report);
    assertEquals(report.photosWithoutMedia, { count: 2, ids: ["9", "10"] });
    const text = await Deno.readTextFile(join(dir, MISSING_REPORT));
    const lines = text.split("\n");
    assertEquals(lines.slice(2), [
      "",
      "## Photos and videos without their original (2)",
      "id\tmedia\ttitle\tFlickr page",
      "9\tvideo\tClip\thttps://www.flickr.com/photos/1000@N01/9/",
      "10\tphoto\tTabs here and lines\thttps://www.flickr.com/photos/ada/10/",
      "",
      "## Files not attached to any photo (1)",
      "file\treason",
      "IMG_0001.JPG\tno photo id in its name",
      "",
    ]);
    assertEquals(
      lines[0].startsWith("# What Flickr's data export did not give this archive"),
      true,
    );
  });
});
