import { join, resolve } from "node:path";
import { assertEquals, assertThrows } from "../../tests/assert.ts";
import {
  avatarPath,
  displayPath,
  favoritePath,
  fileExtension,
  MANUAL_DIR,
  originalPath,
  resolveInArchive,
  slugify,
  thumbPath,
  versionPath,
  videoStreamPath,
} from "./layout.ts";

Deno.test("originalPath files own items by month taken, else uploaded, else undated", () => {
  const base = { id: "53912345678", title: "Sunset over Ærøskøbing", originalFormat: "JPG" };
  assertEquals(
    originalPath({ ...base, dateTaken: "2019-07-04 21:10:00", dateUploaded: 1700000000 }),
    "photos/2019/07/53912345678_sunset-over-aeroskobing.jpg",
  );
  // 1700000000 is 2023-11-14 UTC.
  assertEquals(
    originalPath({
      ...base,
      dateTaken: "2023-11-14 22:13:20",
      dateTakenUnknown: true,
      dateUploaded: 1700000000,
    }),
    "photos/2023/11/53912345678_sunset-over-aeroskobing.jpg",
  );
  assertEquals(
    originalPath({ ...base, dateTaken: "0000-00-00 00:00:00", dateUploaded: 1577836799 }),
    "photos/2019/12/53912345678_sunset-over-aeroskobing.jpg",
  );
  assertEquals(
    originalPath({ id: "7", title: "", originalFormat: "mov", media: "video" }),
    "photos/undated/7.mov",
  );
  assertEquals(
    originalPath({ id: "8", title: "東京タワー", media: "video" }),
    "photos/undated/8.mp4",
  );
});

Deno.test("other folders: favourites, display, thumbs, videos, versions, avatars", () => {
  assertEquals(
    favoritePath({ id: "123", owner: "12345678@N01", title: "A dog", originalFormat: null }),
    "favorites/12345678@N01/123_a-dog.jpg",
  );
  assertEquals(
    favoritePath({ id: "124", owner: "../../etc", title: "x" }),
    "favorites/_2e2e2f2e2e2f657463/124_x.jpg",
  );
  assertEquals(displayPath("53912345678"), "display/78/53912345678_b.jpg");
  assertEquals(thumbPath("5"), "thumbs/05/5_q.jpg");
  assertEquals(videoStreamPath("1001"), "videos/01/1001.mp4");
  assertEquals(versionPath("1001", "a1b2c3d4e5", "PNG"), "versions/1001/1001_a1b2c3d4e5.png");
  assertEquals(avatarPath("99@N04"), "avatars/99@N04.jpg");
  assertThrows(() => versionPath("1001", "../x"), "secret");
  assertThrows(() => displayPath("12/../3"), "photo id");
  assertThrows(() => avatarPath(""), "NSID");
});

Deno.test("fileExtension allow-lists and lower-cases formats", () => {
  assertEquals(fileExtension("JPEG"), "jpg");
  assertEquals(fileExtension(".Tiff"), "tif");
  assertEquals(fileExtension("MOV", "video"), "mov");
  assertEquals(fileExtension("exe"), "jpg");
  assertEquals(fileExtension("jpg/../../x", "video"), "mp4");
  assertEquals(fileExtension("constructor"), "jpg");
  assertEquals(fileExtension(undefined), "jpg");
});

Deno.test("slugify gives short, safe, never-surprising slugs", () => {
  assertEquals(slugify("Crème brûlée — 2019!"), "creme-brulee-2019");
  assertEquals(slugify("Straße in Łódź"), "strasse-in-lodz");
  assertEquals(slugify("IMG_1234.JPG"), "img-1234-jpg");
  assertEquals(slugify("../../etc/passwd\u0000\n"), "etc-passwd");
  assertEquals(slugify("Tom & Jerry"), "tom-and-jerry");
  assertEquals(slugify("🌅🌅"), "");
  assertEquals(slugify(null), "");
  const long = slugify("a very long title ".repeat(10));
  assertEquals(long.length <= 50 && !long.endsWith("-"), true);
  assertEquals(long, "a-very-long-title-a-very-long-title-a-very-long-ti");
});

Deno.test("resolveInArchive joins inside the root and refuses escapes", async () => {
  const root = await Deno.makeTempDir();
  try {
    assertEquals(
      resolveInArchive(root, "photos/2019/07/1_x.jpg"),
      join(resolve(root), "photos", "2019", "07", "1_x.jpg"),
    );
    assertEquals(resolveInArchive(root + "/", "./a//b.jpg"), join(resolve(root), "a", "b.jpg"));
    // The layout's own paths, the same as node:path joins them, from any spelling of the root.
    for (const r of [root, root + "/", root + "/./", `${root}/x/..`, "/"]) {
      for (
        const rel of ["favorites/12345678@N01/53_x-y.jpg", "a/.hidden", "a/b..c/d.xmp", "a/./b"]
      ) {
        assertEquals(resolveInArchive(r, rel), join(resolve(r), rel), `${r} + ${rel}`);
      }
    }
    for (
      const bad of [
        "../x",
        "a/../../x",
        "/etc/passwd",
        "a\\..\\..\\x",
        "C:/x",
        "",
        ".",
        "a\0b",
        "a/..",
        "./..",
        "a/../b",
      ]
    ) {
      assertThrows(() => resolveInArchive(root, bad), "Refusing path");
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the viewer tells people to drop manual downloads where the archiver looks", async () => {
  const { MANUAL_DROP_DIR } = await import("../catalog/browse_status.ts");
  assertEquals(MANUAL_DROP_DIR, MANUAL_DIR);
});
