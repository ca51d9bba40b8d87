import { assertEquals } from "../../tests/assert.ts";
import { verifyArchive } from "./verify.ts";
import { archiveStatus } from "./status.ts";
import { item, withCatalog, writeArchiveFile } from "./test_helpers.ts";
import { upsertFiles, upsertItems } from "./writes.ts";

Deno.test("verifyArchive finds exactly the flipped, truncated, deleted and swapped files", async () => {
  await withCatalog(async (catalog, dir) => {
    const { db } = catalog;
    const ids = ["1", "2", "3", "4", "5", "6", "7"];
    await upsertItems(db, ids.map((id) => item(id)));
    const rows = [];
    for (const id of ids) {
      const f = await writeArchiveFile(
        dir,
        `photos/2024/01/${id}_photo.jpg`,
        `jpeg bytes of ${id} `.repeat(50),
      );
      rows.push({ ...f, item_id: id, kind: "original", fetched_at: "t" });
    }
    // an earlier version of a replaced photo is not checked
    rows.push({
      ...(await writeArchiveFile(dir, "photos/old.jpg", "old")),
      item_id: "1",
      kind: "original",
      fetched_at: "t",
    });
    await upsertFiles(db, rows.slice(-1));
    await upsertFiles(db, rows.slice(0, -1));
    await Deno.remove(`${dir}/photos/old.jpg`);

    // 2: one byte flipped; 3: truncated; 4: deleted; 5 and 6: swapped (same size)
    const two = await Deno.readFile(`${dir}/${rows[1].path}`);
    two[10] ^= 0x01;
    await Deno.writeFile(`${dir}/${rows[1].path}`, two);
    await Deno.truncate(`${dir}/${rows[2].path}`, 20);
    await Deno.remove(`${dir}/${rows[3].path}`);
    await Deno.rename(`${dir}/${rows[4].path}`, `${dir}/swap.tmp`);
    await Deno.rename(`${dir}/${rows[5].path}`, `${dir}/${rows[4].path}`);
    await Deno.rename(`${dir}/swap.tmp`, `${dir}/${rows[5].path}`);

    const report = await verifyArchive(catalog, dir, { concurrency: 3 });
    assertEquals(report.checked, 7);
    assertEquals(report.ok, 2);
    assertEquals(report.missing.map((p) => p.item_id), ["4"]);
    assertEquals(report.altered.map((p) => p.item_id).sort(), ["2", "3", "5", "6"]);
    const truncated = report.altered.find((p) => p.item_id === "3");
    assertEquals([truncated?.actual_bytes, truncated?.expected_bytes], [20, rows[2].bytes]);

    const statuses = await db.selectFrom("files").select(["item_id", "verify_status"])
      .where("is_current", "=", 1).orderBy("item_id").execute();
    assertEquals(statuses.map((s) => s.verify_status), [
      "ok",
      "altered",
      "altered",
      "missing",
      "altered",
      "altered",
      "ok",
    ]);
    const status = await archiveStatus(catalog, dir);
    assertEquals([status.missing_files, status.altered_files], [1, 4]);

    // repaired by the archive pipeline: the rows are written again and verify passes
    await Deno.writeFile(`${dir}/${rows[3].path}`, new Uint8Array(0));
    const fixed = await writeArchiveFile(dir, rows[3].path, "new copy");
    await upsertFiles(db, [{ ...fixed, item_id: "4", kind: "original", fetched_at: "t2" }]);
    const again = await verifyArchive(catalog, dir);
    assertEquals(again.missing, []);
    assertEquals(again.ok, 3);
  });
});
