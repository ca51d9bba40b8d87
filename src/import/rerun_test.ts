import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import type { ItemRow, NewItem } from "../catalog/schema.ts";
import { existingItems, mergeWithExisting } from "./rerun.ts";

const fresh = (over: Partial<NewItem> = {}): NewItem =>
  item("1", { title: "Quay", updated_at: "2025-06-01T00:00:00.000Z", ...over });

Deno.test("existingItems and mergeWithExisting: the same record imported again leaves the row as it was", async () => {
  await withCatalog(async (c) => {
    await upsertItems(c.db, [fresh({ updated_at: "2025-01-01T00:00:00.000Z" })]);
    const stored = await existingItems(c, ["1", "2"]);
    assertEquals([...stored.keys()], ["1"], "ids the catalog does not hold are left out");
    assertEquals((await existingItems(c, [])).size, 0);
    const row = mergeWithExisting(fresh(), stored.get("1"));
    assertEquals(row.updated_at, "2025-01-01T00:00:00.000Z", "nothing changed: not touched");
    const renamed = mergeWithExisting(fresh({ title: "Quay at dusk" }), stored.get("1"));
    assertEquals([renamed.title, renamed.updated_at], ["Quay at dusk", "2025-06-01T00:00:00.000Z"]);
  });
});

Deno.test("mergeWithExisting: what the original file told wins over the record", () => {
  const existing = {
    ...item("1"),
    media: "video",
    original_format: "mov",
    exif_source: "file",
    exif_json: '{"Make":"Canon"}',
    camera_make: "Canon",
    updated_at: "2025-01-01T00:00:00.000Z",
  } as unknown as ItemRow;
  const row = mergeWithExisting(
    fresh({
      media: "photo",
      original_format: null,
      exif_source: "export",
      exif_json: "[]",
      camera_make: "Export",
    }),
    existing,
  );
  assertEquals([row.media, row.original_format], ["video", "mov"]);
  // The file's EXIF columns are not written at all, so the stored ones stay.
  assertEquals(["exif_json", "exif_source", "camera_make"].filter((k) => k in row), []);
  // A record's own format is kept when it has one.
  assertEquals(
    mergeWithExisting(fresh({ original_format: "jpg" }), existing).original_format,
    "jpg",
  );
  // A new item: the record as it is.
  const first = fresh();
  assertEquals(mergeWithExisting(first, undefined), first);
});
