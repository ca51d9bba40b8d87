import { assertEquals } from "../../tests/assert.ts";
import {
  matchMedia,
  type MediaCandidate,
  type PhotoEvidence,
  readMediaName,
} from "./media_match.ts";

Deno.test("readMediaName: every digit run of five or more is a candidate, in any position", () => {
  assertEquals(readMediaName("sunset_51000002287_o.jpg"), {
    ext: "jpg",
    candidates: ["51000002287"],
  });
  assertEquals(readMediaName("30410016513_b941ab820b_o.JPG"), {
    ext: "jpg",
    candidates: ["30410016513"],
  });
  assertEquals(readMediaName("data-download-1/51000002287_IMG_20190523_142233_O.jpeg"), {
    ext: "jpeg",
    candidates: ["51000002287", "20190523", "142233"],
  });
  assertEquals(readMediaName("dsc_0026_12345678_o.mp4")?.candidates, ["12345678"]);
  assertEquals(readMediaName("DSC_0026.jpg"), { ext: "jpg", candidates: [] });
  // A secret that happens to be all digits is not a candidate.
  assertEquals(readMediaName("30410016513_1234567890_o.jpg")?.candidates, ["30410016513"]);
  assertEquals(readMediaName("photo_12345678.json"), undefined);
  assertEquals(readMediaName("notes_12345678.txt"), undefined);
});

function files(...names: string[]): MediaCandidate<string>[] {
  return names.map((n) => ({ file: n, label: n, identity: n, name: readMediaName(n)! }));
}

const photo = (originalFormat: string | null): PhotoEvidence => ({
  media: "photo",
  originalFormat,
});

Deno.test("matchMedia: a file names a photo only on agreeing evidence", () => {
  const known = new Map<string, PhotoEvidence>([
    ["51000001136", photo("jpg")],
    ["51000002287", photo("jpg")],
    ["30410016513", photo("png")],
    ["142233", photo("jpg")],
    ["51000002288", photo("jpg")],
    ["98765432101", { media: "video", originalFormat: null }],
    ["12345678", photo(null)],
  ]);
  const r = matchMedia(
    files(
      // Names two photos: attached to neither, and no claim on either.
      "51000001136_img_51000002287.jpg",
      "beach_51000002287_o.jpg",
      "51000001136_b941ab820b_o.jpg",
      // The id fits but the extension does not.
      "30410016513_b941ab820b_o.jpg",
      // A camera name whose digit run is a photo's id, beside an id with no record: unsure.
      "99999999999_IMG_20190523_142233.jpg",
      // A camera name with a date and a time, and the photo's id.
      "img_20190524_101010_51000002288_o.jpg",
      "clip_98765432101_o.mp4",
      "12345678_o.JPEG",
      "DSC_0026.jpg",
    ),
    known,
  );
  assertEquals([...r.matched].map(([id, f]) => [id, f.file]).sort(), [
    ["12345678", "12345678_o.JPEG"],
    ["51000001136", "51000001136_b941ab820b_o.jpg"],
    ["51000002287", "beach_51000002287_o.jpg"],
    ["51000002288", "img_20190524_101010_51000002288_o.jpg"],
    ["98765432101", "clip_98765432101_o.mp4"],
  ]);
  assertEquals(r.unmatched, [
    {
      file: "51000001136_img_51000002287.jpg",
      reason: "its name holds the ids of 2 photos (51000001136, 51000002287)",
    },
    {
      file: "30410016513_b941ab820b_o.jpg",
      reason: "named for photo 30410016513, but its original is .png",
    },
    {
      file: "99999999999_IMG_20190523_142233.jpg",
      reason: "named for photo 142233, but it also holds 99999999999, which may be the id of a " +
        "photo whose photo_<id>.json was not imported",
    },
    { file: "DSC_0026.jpg", reason: "no photo id in its name" },
  ]);
  assertEquals(r.conflicts, []);
});

Deno.test("matchMedia: two files claiming one photo attach neither; copies of one file count once", () => {
  const known = new Map<string, PhotoEvidence>([["51000002287", photo("jpg")]]);
  const twice = files("a/beach_51000002287_o.jpg", "b/beach_51000002287_o.jpg")
    .map((f) => ({ ...f, identity: "beach_51000002287_o.jpg" }));
  assertEquals(matchMedia(twice, known).matched.size, 1);
  const strays = files("a/stray_99999999999_o.jpg", "b/stray_99999999999_o.jpg")
    .map((f) => ({ ...f, identity: "stray_99999999999_o.jpg" }));
  assertEquals(matchMedia(strays, known).unmatched.map((u) => u.file), [
    "a/stray_99999999999_o.jpg",
  ]);

  const r = matchMedia(files("beach_51000002287_o.jpg", "sunset_51000002287_o.jpg"), known);
  assertEquals(r.matched.size, 0);
  assertEquals(r.conflicts, ["51000002287"]);
  assertEquals(r.unmatched.map((u) => u.file), [
    "beach_51000002287_o.jpg",
    "sunset_51000002287_o.jpg",
  ]);
  assertEquals(
    r.unmatched[0].reason,
    "photo 51000002287 is also claimed by sunset_51000002287_o.jpg: neither is attached",
  );
  // One original named after two titles (an older and a newer export): the same size is one file.
  const renamed = files("beach_51000002287_o.jpg", "sunset_51000002287_o.jpg")
    .map((f) => ({ ...f, bytes: 2048 }));
  assertEquals(
    matchMedia(renamed, known).matched.get("51000002287")?.file,
    "beach_51000002287_o.jpg",
  );
  assertEquals(matchMedia(renamed, known).unmatched, []);
  const replaced = renamed.map((f, i) => ({ ...f, bytes: 2048 + i }));
  assertEquals(matchMedia(replaced, known).conflicts, ["51000002287"]);
  // A video named for a photo, and a photo's id on a video file.
  const v = matchMedia(files("clip_51000002287_o.mp4"), known);
  assertEquals(v.unmatched[0].reason, "named for photo 51000002287, but its original is .jpg");
});
