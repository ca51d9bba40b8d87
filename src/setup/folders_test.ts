import { assertEquals } from "../../tests/assert.ts";
import { foldersWithExports, holdsExport, importInputs, listFolder, typedPath } from "./folders.ts";

async function withHome(fn: (home: string) => Promise<void>) {
  const home = await Deno.makeTempDir({ prefix: "fv_home_" });
  try {
    await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("folders: the export's zips are found in Downloads, one level below it, and where chosen before", async () => {
  await withHome(async (home) => {
    await Deno.mkdir(`${home}/Downloads/flickr`, { recursive: true });
    await Deno.mkdir(`${home}/Desktop`, { recursive: true });
    await Deno.mkdir(`${home}/elsewhere`, { recursive: true });
    await Deno.writeTextFile(`${home}/Downloads/flickr/72157_abc123_part1.zip`, "zip");
    await Deno.writeTextFile(`${home}/Downloads/flickr/data-download-1.zip`, "zipzip");
    // A browser's name for a zip downloaded a second time.
    await Deno.writeTextFile(`${home}/Downloads/flickr/data-download-2 (1).zip`, "zip2");
    await Deno.writeTextFile(`${home}/Downloads/holiday.zip`, "not Flickr's");
    await Deno.writeTextFile(`${home}/elsewhere/data_72157_abcdef_2.zip`, "z");
    const found = await foldersWithExports(home, [`${home}/elsewhere`]);
    assertEquals(found.map((f) => f.path), [`${home}/elsewhere`, `${home}/Downloads/flickr`]);
    assertEquals(found[1].zips, [
      { name: "72157_abc123_part1.zip", bytes: 3, kind: "metadata" },
      { name: "data-download-1.zip", bytes: 6, kind: "media" },
      { name: "data-download-2 (1).zip", bytes: 4, kind: "media" },
    ]);
    assertEquals(importInputs(found[1]), [
      `${home}/Downloads/flickr/72157_abc123_part1.zip`,
      `${home}/Downloads/flickr/data-download-1.zip`,
      `${home}/Downloads/flickr/data-download-2 (1).zip`,
    ]);
  });
});

Deno.test("folders: a listing names subfolders and export zips only; what cannot be listed says why", async () => {
  await withHome(async (home) => {
    await Deno.mkdir(`${home}/a/B`, { recursive: true });
    await Deno.mkdir(`${home}/a/.hidden`);
    await Deno.writeTextFile(`${home}/a/notes.txt`, "private");
    await Deno.writeTextFile(`${home}/a/photo_123.json`, "{}");
    const view = await listFolder(`${home}/a`);
    assertEquals([view.folders, view.zips, view.unpacked, holdsExport(view)], [
      ["B"],
      [],
      true,
      true,
    ]);
    assertEquals(importInputs(view), [`${home}/a`]);
    const none = await listFolder(`${home}/a/B`);
    assertEquals([holdsExport(none), none.problem], [false, undefined]);
    assertEquals((await listFolder(`${home}/nope`)).problem, "there is no such folder");
    assertEquals((await listFolder(`${home}/a/notes.txt`)).problem, "it is a file, not a folder");
  });
});

Deno.test("folders: a typed path: quotes dropped, ~ and relative paths from home", () => {
  assertEquals(typedPath(" '/x/y' ", "/home/me"), "/x/y");
  assertEquals(typedPath("~", "/home/me"), "/home/me");
  assertEquals(typedPath("~/Downloads", "/home/me"), "/home/me/Downloads");
  assertEquals(typedPath("Downloads/flickr", "/home/me"), "/home/me/Downloads/flickr");
  assertEquals(typedPath("  ", "/home/me"), undefined);
});
