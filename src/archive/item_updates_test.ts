import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import { updateItems } from "./item_updates.ts";

Deno.test("updateItems: patches of different shapes, nulls kept, unknown ids ignored", async () => {
  await withCatalog(async ({ db }) => {
    const ids = Array.from({ length: 1200 }, (_, i) => String(1000 + i));
    await upsertItems(db, ids.map((id) => item(id, { title: `t${id}`, locality: "Lisbon" })));
    await updateItems(db, [
      ...ids.map((id, i) => ({ id, comments_synced: i, locality: null })),
      { id: "1000", title: "renamed" },
      { id: "nope", title: "never inserted" },
    ]);
    const rows = await db.selectFrom("items").select(["id", "title", "comments_synced", "locality"])
      .orderBy("id").execute();
    assertEquals(rows.length, 1200);
    assertEquals(rows[0], { id: "1000", title: "renamed", comments_synced: 0, locality: null });
    assertEquals(rows[1199], { id: "2199", title: "t2199", comments_synced: 1199, locality: null });
    assertEquals(await updateItems(db, []), undefined);
  });
});
