import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import { memorySink } from "../progress.ts";
import type { Located } from "./export_files.ts";
import { importPhotoRecords, type PhotoRecordsContext } from "./photo_records.ts";
import { emptyReport } from "./report.ts";
import type { ExportSource } from "./sources.ts";

const ME = { nsid: "1000@N01", pathAlias: "me" };

/** Records held in memory, as a zip source would hand them over. */
function recordsOf(records: Record<string, unknown>[]): Located[] {
  const source = { label: "/x/1_a_part1.zip" } as ExportSource;
  return records.map((r, i) => ({
    source,
    entry: { name: `photo_${r.id ?? `noid${i}`}.json`, size: 0 },
    record: r,
  } as Located & { record: Record<string, unknown> }));
}

function context(over: Partial<PhotoRecordsContext> = {}): PhotoRecordsContext {
  return {
    readJson: (at) => Promise.resolve((at as Located & { record: Record<string, unknown> }).record),
    account: ME,
    now: "2025-01-01T00:00:00.000Z",
    batchSize: 2,
    sink: memorySink(),
    report: emptyReport(),
    ...over,
  };
}

const record = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Photo ${id}`,
  date_imported: "2019-07-04 10:00:00",
  original: `https://live.staticflickr.com/65535/${id}_abc123_o.jpg`,
  privacy: "public",
  tags: [{ tag: "Café", user: "https://www.flickr.com/people/me/" }],
  comments: [{ id: `c${id}`, date: "2019-07-05 10:00:00", user: "2000@N01", comment: "Nice" }],
  ...over,
});

Deno.test("importPhotoRecords: every record's rows in batches, counted in the report", async () => {
  await withCatalog(async (catalog) => {
    const ctx = context();
    const seen = await importPhotoRecords(
      catalog,
      recordsOf([
        record("11"),
        record("12"),
        record("13", { original: "https://www.flickr.com/photos/me/13/play/orig/0a0b/" }),
      ]),
      ctx,
    );
    const rows = await catalog.db.selectFrom("items").select(["id", "title", "media"]).orderBy("id")
      .execute();
    assertEquals(rows, [
      { id: "11", title: "Photo 11", media: "photo" },
      { id: "12", title: "Photo 12", media: "photo" },
      { id: "13", title: "Photo 13", media: "video" },
    ]);
    assertEquals([ctx.report.photos, ctx.report.comments, ctx.report.keptFromApi], [3, 3, 0]);
    assertEquals(Object.fromEntries(seen.mediaOf), { "11": "photo", "12": "photo", "13": "video" });
    const tags = await catalog.db.selectFrom("tags").select(["item_id", "raw"]).orderBy("item_id")
      .execute();
    assertEquals(tags.map((t) => `${t.item_id}:${t.raw}`), ["11:Café", "12:Café", "13:Café"]);
    // Searchable in the same transaction as its rows.
    const found = await catalog.db.selectFrom("api_responses").select("key").where(
      "method",
      "=",
      "export",
    )
      .execute();
    assertEquals(found.length, 3);
    const sink = ctx.sink as ReturnType<typeof memorySink>;
    assertEquals(sink.statuses.at(-1), "Metadata: 3/3");
  });
});

Deno.test("importPhotoRecords: items the API archived are left alone; a record without an id is named as damaged", async () => {
  await withCatalog(async (catalog) => {
    await upsertItems(catalog.db, [
      item("21", { title: "From the API", listing_json: '{"id":"21"}' }),
    ]);
    const ctx = context();
    const seen = await importPhotoRecords(
      catalog,
      recordsOf([record("21", { name: "From the export" }), record("22"), { name: "no id" }]),
      ctx,
    );
    const title = await catalog.db.selectFrom("items").select("title").where("id", "=", "21")
      .executeTakeFirst();
    assertEquals(title?.title, "From the API");
    assertEquals([ctx.report.photos, ctx.report.keptFromApi], [1, 1]);
    assertEquals(ctx.report.damaged, ["1_a_part1.zip: photo_noid2.json has no photo id"]);
    // The later steps still learn of the item the API holds.
    assertEquals(seen.mediaOf.has("21"), true);
  });
});

Deno.test("importPhotoRecords: importing the same export again leaves the rows it wrote; a changed record is written again", async () => {
  await withCatalog(async (catalog) => {
    const records = recordsOf([record("31"), record("32")]);
    await importPhotoRecords(catalog, records, context());
    // Something else changed a row since (the media step, an archive run): a record whose stored
    // copy is the same is not written again over it.
    await catalog.db.updateTable("items").set({ title: "changed since" }).execute();
    const again = context();
    await importPhotoRecords(catalog, records, again);
    const titles = await catalog.db.selectFrom("items").select("title").orderBy("id").execute();
    assertEquals(titles.map((t) => t.title), ["changed since", "changed since"]);
    assertEquals(again.report.photos, 2, "still counted as imported");
    // A record that differs from its stored copy is written.
    await importPhotoRecords(
      catalog,
      recordsOf([record("31", { name: "Renamed on Flickr" }), record("32")]),
      context(),
    );
    const after = await catalog.db.selectFrom("items").select("title").orderBy("id").execute();
    assertEquals(after.map((t) => t.title), ["Renamed on Flickr", "changed since"]);
  });
});
