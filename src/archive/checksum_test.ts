import { createHash } from "node:crypto";
import { assert, assertEquals } from "../../tests/assert.ts";
import { offlineContext } from "../../tests/archive_phases_harness.ts";
import { item, withCatalog, writeArchiveFile } from "../catalog/test_helpers.ts";
import { upsertFiles, upsertItems } from "../catalog/writes.ts";
import { checkChecksums } from "./checksum.ts";
import { checksumTag } from "../catalog/checksum_tag.ts";
import { md5File } from "../files/hash.ts";

Deno.test("checksumTag finds the md5 machine tag among others", () => {
  const md5 = "0cc175b9c0f1b6a831c399e269772661";
  assertEquals(checksumTag(`camera:make=canon checksum:md5=${md5.toUpperCase()}`), md5);
  assertEquals(checksumTag(["beach", `checksum:md5=${md5}`]), md5);
  assertEquals(checksumTag("checksum:md5=abc checksum:sha1=0cc175b9c0f1b6a831c3"), undefined);
  assertEquals(checksumTag(""), undefined);
});

Deno.test("checkChecksums: match, mismatch reported once, skipped without an original", async () => {
  await withCatalog(async (catalog, dir) => {
    const ctx = offlineContext(catalog, dir);
    const good = new TextEncoder().encode("the original bytes");
    const md5 = createHash("md5").update(good).digest("hex");
    const a = await writeArchiveFile(dir, "photos/2020/01/1_a.jpg", good);
    const b = await writeArchiveFile(dir, "photos/2020/01/2_b.jpg", "altered bytes");
    assertEquals(await md5File(`${dir}/${a.path}`), md5);
    await upsertItems(catalog.db, [
      item("1", { machine_tags: `checksum:md5=${md5}`, original_secret: "s1" }),
      item("2", { machine_tags: `checksum:md5=${md5}`, original_secret: "s2" }),
      item("3", { machine_tags: `checksum:md5=${md5}`, original_secret: "s3" }),
      item("4", { machine_tags: "", original_secret: "s4" }),
    ]);
    const at = new Date().toISOString();
    await upsertFiles(catalog.db, [
      { item_id: "1", kind: "original", secret: "s1", fetched_at: at, ...a },
      { item_id: "2", kind: "original", secret: "s2", fetched_at: at, ...b },
    ]);
    assertEquals(await checkChecksums(ctx), 1);
    const status = Object.fromEntries(
      (await catalog.db.selectFrom("items").select(["id", "checksum_md5_status"]).execute())
        .map((r) => [r.id, r.checksum_md5_status]),
    );
    assertEquals(status, { "1": "match", "2": "mismatch", "3": null, "4": null });
    assertEquals(ctx.attention.length, 1);
    assert(ctx.attention[0].includes("2") && ctx.attention[0].includes(md5));
    // Checked once: a second pass neither rehashes nor reports again.
    assertEquals(await checkChecksums(ctx), 0);
    assertEquals(ctx.attention.length, 1);
  });
});
