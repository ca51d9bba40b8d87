import { join } from "node:path";
import { assertEquals } from "../../tests/assert.ts";
import { emptyReport, importExitCode, type ImportReport, reportLines } from "./report.ts";

const report = (over: Partial<ImportReport> = {}): ImportReport => ({ ...emptyReport(), ...over });

Deno.test("importExitCode: 0 when nothing needs attention, 1 for each kind of thing that does", () => {
  assertEquals(importExitCode(report({ photos: 10, mediaWritten: 10 })), 0);
  const attention: Partial<ImportReport>[] = [
    { damaged: ["1_a_part1.zip: photo_1.json cannot be read"] },
    { brokenZips: ["data-download-2.zip is truncated"] },
    { unmatched: [{ file: "IMG_1.jpg", reason: "no photo id in its name" }] },
    { photosWithoutMedia: { count: 1, ids: ["1"] } },
    { missingParts: ["data-download-3.zip"] },
    { albumPhotosWithoutRecord: 2 },
  ];
  for (const a of attention) assertEquals(importExitCode(report(a)), 1, JSON.stringify(a));
  // What was left as archive had it is not a problem.
  assertEquals(importExitCode(report({ keptFromApi: 5, setsKeptFromApi: true })), 0);
});

Deno.test("reportLines: what was imported in one sentence, sidecars said only when written", () => {
  const lines = reportLines(
    report({
      photos: 1200,
      favorites: 3,
      albums: 4,
      groups: 1,
      comments: 17,
      mediaWritten: 1190,
      mediaAlreadyPresent: 10,
      bytesWritten: 2_345_678_901,
      sidecarsWritten: 1200,
      sidecarsKept: 2,
    }),
    "/a",
  );
  assertEquals(lines.summary, [
    "Imported 1200 photos and videos, 3 favourites, 4 albums, 0 galleries, 1 groups, 17 comments; " +
    "1190 media files written (2345.7 MB), 10 already there; 1200 XMP sidecars written " +
    "(2 changed by another app, kept).",
  ]);
  assertEquals(lines.attention, []);
  assertEquals(lines.listedIn, null);
  const noSidecars = reportLines(report({ keptFromApi: 2, lesserCopiesUpgraded: 3 }), "/a");
  assertEquals(noSidecars.summary[0].endsWith("0 already there."), true, noSidecars.summary[0]);
  assertEquals(noSidecars.summary.slice(1), [
    "2 photos were already archived from Flickr and were left as they are.",
    "3 smaller copies were replaced by their originals.",
  ]);
});

Deno.test("reportLines: one line per thing to look at; the files not attached shown up to ten", () => {
  const unmatched = Array.from(
    { length: 13 },
    (_, i) => ({ file: `f${i}.jpg`, reason: "no photo id in its name" }),
  );
  const lines = reportLines(
    report({
      brokenZips: ["data-download-2.zip is truncated"],
      damaged: ["x.zip: photo_1.json cannot be read (not JSON)"],
      missingParts: ["data-download-3.zip"],
      photosWithoutMedia: { count: 7, ids: ["1", "2", "3", "4", "5", "6", "7"] },
      unmatched,
      albumPhotosWithoutRecord: 2,
      missingReport: "import-missing.txt",
    }),
    "/home/ada/archive",
  );
  assertEquals(lines.attention.slice(0, 4), [
    "skipped, the rest imported: data-download-2.zip is truncated",
    "damaged: x.zip: photo_1.json cannot be read (not JSON)",
    "missing from the export: data-download-3.zip",
    "7 photos or videos have no original yet (e.g. 1, 2, 3, 4, 5): add the zips that hold them, " +
    "or run 'flickrvault archive'",
  ]);
  const notAttached = lines.attention.filter((l) => l.startsWith("not attached: "));
  assertEquals(notAttached.length, 10);
  assertEquals(notAttached[0], "not attached: f0.jpg: no photo id in its name");
  assertEquals(lines.attention.at(-2), "... and 3 more files not attached");
  assertEquals(
    lines.attention.at(-1),
    "2 photos listed in albums have no photo_<id>.json: a metadata zip may be missing",
  );
  assertEquals(lines.listedIn, join("/home/ada/archive", "import-missing.txt"));
});
