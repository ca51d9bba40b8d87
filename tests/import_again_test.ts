/**
 * Importing an export again: records stored before from the same JSON are left as they are (that
 * is what makes a second import of 100,000 items fast), while a record whose JSON changed (a newer
 * export) is written again, with its search row, and only it.
 */
import { join } from "node:path";
import { unzipSync } from "fflate";
import { sql } from "kysely";
import { assert, assertEquals } from "./assert.ts";
import { addToZip } from "./export_variants.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { importExport } from "../src/import/pipeline.ts";
import { Account } from "../src/simulator/account.ts";
import { writeExport } from "../src/simulator/export.ts";

interface Row {
  id: string;
  title: string;
  updated_at: string;
}

async function items(archive: string): Promise<Row[]> {
  const catalog = await openCatalog(archive);
  try {
    return await catalog.db.selectFrom("items").select(["id", "title", "updated_at"])
      .where("is_mine", "=", 1).orderBy("id").execute();
  } finally {
    await catalog.close();
  }
}

async function searchHits(archive: string, word: string): Promise<string[]> {
  const catalog = await openCatalog(archive);
  try {
    const { rows } = await sql<{ item_id: string }>`SELECT item_id FROM search
      WHERE search MATCH ${word}`.execute(catalog.db);
    return rows.map((r) => r.item_id);
  } finally {
    await catalog.close();
  }
}

Deno.test("import again: a changed record is written again with its search row, the others left alone", async () => {
  const root = await Deno.makeTempDir({ prefix: "fv_import_again_" });
  try {
    const exportDir = join(root, "export");
    await writeExport(new Account({ photos: 12, videos: 1, favorites: 2, seed: 5 }), exportDir);
    const archive = join(root, "archive");
    const opts = { archiveDir: archive, inputs: [exportDir], noPictures: true, noSidecars: true };
    const first = await importExport(opts);
    const before = await items(archive);
    assertEquals(before.length, first.photos);

    // A newer export: one photo retitled, every other record the same bytes.
    const metadataZip = [...Deno.readDirSync(exportDir)].map((e) => e.name)
      .find((n) => /_part\d+\.zip$/.test(n))!;
    const target = before[3];
    const entries = unzipSync(await Deno.readFile(join(exportDir, metadataZip)));
    const name = Object.keys(entries).find((n) => n.endsWith(`photo_${target.id}.json`))!;
    const record = JSON.parse(new TextDecoder().decode(entries[name]));
    record.name = "Retitled zeppelin";
    await addToZip(join(exportDir, metadataZip), {
      [name]: new TextEncoder().encode(JSON.stringify(record)),
    });

    const second = await importExport(opts);
    assertEquals(second.photos, first.photos, "every record counted, written or not");
    const after = await items(archive);
    for (const [k, row] of after.entries()) {
      if (row.id === target.id) {
        assertEquals(row.title, "Retitled zeppelin");
        assert(row.updated_at > before[k].updated_at, "the changed row is stamped anew");
      } else assertEquals(row, before[k], `item ${row.id} left alone`);
    }
    assertEquals(await searchHits(archive, "zeppelin"), [target.id]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
