import { assertEquals } from "../../tests/assert.ts";
import { favouritesWithoutPicture, lastRun, runCounts } from "./run_counts.ts";
import { item, withCatalog } from "./test_helpers.ts";
import { finishRun, startRun, upsertFiles, upsertItems } from "./writes.ts";

Deno.test("runCounts: own items, favourites, originals, files and bytes; unknown privacy is not public", async () => {
  await withCatalog(async ({ db }) => {
    assertEquals(await runCounts(db), {
      own: 0,
      favorites: 0,
      originals: 0,
      files: 0,
      bytes: 0,
      notPublic: 0,
    });
    await upsertItems(db, [
      item("1", { is_public: 1 }),
      item("2", { is_public: 0, is_friend: 1 }),
      item("3"), // privacy unknown (an export that said nothing readable)
      item("6", { is_mine: 0, is_favorite_of_mine: 1, owner: "9@N09", is_public: 1 }),
    ]);
    assertEquals(await favouritesWithoutPicture(db), 1);
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
      file("6", "largest", "f/6.jpg", 7),
    ]);
    await upsertFiles(db, [file("1", "original", "p/1b.jpg", 110)]); // replaced: one current
    assertEquals(await runCounts(db), {
      own: 3,
      favorites: 1,
      originals: 2,
      files: 4,
      bytes: 110 + 5 + 200 + 7,
      notPublic: 2,
    });
    assertEquals(await favouritesWithoutPicture(db), 0, "its largest size is its picture");
  });
});

Deno.test("lastRun: the latest run of a kind, a killed one still 'running'", async () => {
  await withCatalog(async ({ db }) => {
    assertEquals(await lastRun(db, "import"), undefined);
    const first = await startRun(db, "import");
    await finishRun(db, first, "done");
    const second = await startRun(db, "import");
    await finishRun(db, await startRun(db, "archive"), "interrupted");
    const run = await lastRun(db, "import");
    assertEquals([run?.id, run?.status, run?.finishedAt], [second, "running", null]);
    assertEquals((await lastRun(db, "archive"))?.status, "interrupted");
  });
});
