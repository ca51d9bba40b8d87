/**
 * The `photo_<id>.json` records: mapped to catalog rows and written in batches, each batch in one
 * transaction with its comments, tags, notes, people and raw record, then indexed for search.
 * @module
 */
import { basename } from "node:path";
import type { ProgressSink } from "../progress.ts";
import type { Catalog } from "../catalog/db.ts";
import type { NewItem, NewPerson } from "../catalog/schema.ts";
import {
  type ApiResponseInput,
  chunks,
  getMeta,
  inTransaction,
  refreshSearch,
  replaceCommentsBulk,
  replaceNotesBulk,
  replacePhotoPeopleBulk,
  replaceTagsBulk,
  saveApiResponses,
  setMeta,
  upsertItems,
  upsertPeople,
} from "../catalog/writes.ts";
import type { Located, ReadJson } from "./export_files.ts";
import type { ByIndex } from "./entry_list.ts";
import { itemsFromApi } from "./items_from_api.ts";
import { existingItems, mergeWithExisting } from "./rerun.ts";
import { type AccountIdentity, type MappedPhoto, mapPhoto } from "./map_photo.ts";
import { type ExportPhotoJson, text } from "./records.ts";
import type { ImportReport } from "./report.ts";

/** What the later steps need to know of every record read, written or not. */
export interface PhotoRecordsSeen {
  /** Item id → `photo` or `video`. */
  mediaOf: Map<string, string>;
  /** Item id → the groups its record says it is in. */
  groupRefs: Map<string, MappedPhoto["groups"]>;
}

/** How {@link importPhotoRecords} works and where it reports. */
export interface PhotoRecordsContext {
  readJson: ReadJson;
  account: AccountIdentity;
  /** ISO time stamped on new rows. */
  now: string;
  /** Records written per transaction. */
  batchSize: number;
  sink: ProgressSink;
  report: ImportReport;
}

/**
 * Writes the records, leaving alone items the API already archived; counts photos, comments and
 * records kept from the API in the report.
 */
export async function importPhotoRecords(
  catalog: Catalog,
  records: ByIndex<Located>,
  ctx: PhotoRecordsContext,
): Promise<PhotoRecordsSeen> {
  const { batchSize, report } = ctx;
  const seen: PhotoRecordsSeen = { mediaOf: new Map(), groupRefs: new Map() };
  // Records this version of the mapping wrote before can be recognised by their stored copy.
  const sameMapping = (await getMeta(catalog.db, RECORDS_MAPPING_META)) === RECORDS_MAPPING;
  for (let start = 0; start < records.length; start += batchSize) {
    const mapped: MappedRecord[] = [];
    for (let i = start; i < Math.min(start + batchSize, records.length); i++) {
      const at = records.at(i)!;
      const raw = await ctx.readJson(at);
      if (!raw) continue;
      if (!text(raw.id) || !/^\d+$/.test(text(raw.id)!)) {
        report.damaged.push(`${basename(at.source.label)}: ${at.entry.name} has no photo id`);
        continue;
      }
      mapped.push({
        m: mapPhoto(raw as unknown as ExportPhotoJson, ctx.account, ctx.now),
        raw,
        key: basename(at.entry.name),
      });
    }
    const fromApi = await itemsFromApi(catalog, mapped.map((x) => x.m.item.id));
    const fresh = mapped.filter((x) => !fromApi.has(x.m.item.id));
    const unchanged = sameMapping ? await storedAlike(catalog, fresh) : new Set<string>();
    const toWrite = fresh.filter((x) => !unchanged.has(x.key));
    const before = await existingItems(catalog, toWrite.map((x) => x.m.item.id));
    for (const x of toWrite) x.m.item = mergeWithExisting(x.m.item, before.get(x.m.item.id));
    report.keptFromApi += mapped.length - fresh.length;
    for (const { m } of mapped) {
      seen.mediaOf.set(m.item.id, m.item.media);
      // Most photos are in no group: one empty list for them all, not 83,000 (2.7 MB).
      seen.groupRefs.set(m.item.id, m.groups.length > 0 ? m.groups : IN_NO_GROUP);
    }
    await writePhotos(catalog, toWrite);
    report.photos += fresh.length;
    report.comments += fresh.reduce((n, x) => n + x.m.comments.length, 0);
    ctx.sink.status(`Metadata: ${Math.min(start + batchSize, records.length)}/${records.length}`);
    // A turn of the event loop, so V8 frees what the batch left (the driver's promises settle
    // without one).
    await new Promise((r) => setTimeout(r, 0));
  }
  if (!sameMapping) await setMeta(catalog.db, RECORDS_MAPPING_META, RECORDS_MAPPING);
  return seen;
}

const IN_NO_GROUP: MappedPhoto["groups"] = [];

/**
 * The version of what `mapPhoto` makes of a record: change it when the mapping changes, so that
 * the next import writes every record again rather than skip those it stored before.
 */
const RECORDS_MAPPING = "1";
/** `meta` key: the mapping version of the records the last completed import wrote. */
const RECORDS_MAPPING_META = "import_records_mapping";

/**
 * The keys of the records whose stored copy (`api_responses`, written in the same transaction as
 * their rows) is the same JSON: their rows were written from the same record and are left as
 * they are, which makes importing the same export again cheap.
 */
async function storedAlike(catalog: Catalog, batch: MappedRecord[]): Promise<Set<string>> {
  const alike = new Set<string>();
  const byKey = new Map(batch.map((x) => [x.key, x.raw]));
  for (const part of chunks([...byKey.keys()], 1)) {
    const rows = await catalog.db.selectFrom("api_responses").select(["key", "body"])
      .where("method", "=", "export").where("key", "in", part).execute();
    for (const r of rows) if (r.body === JSON.stringify(byKey.get(r.key))) alike.add(r.key);
  }
  return alike;
}

/** A record's rows, the record itself and its file name (the key it is kept under). */
interface MappedRecord {
  m: MappedPhoto;
  raw: Record<string, unknown>;
  key: string;
}

/** The item without the columns the media step fills from the file's own EXIF. */
function withoutExif(item: NewItem): NewItem {
  const { exif_json: _j, exif_source: _s, camera_make: _m, camera_model: _o, ...rest } = item;
  return rest as NewItem;
}

async function writePhotos(catalog: Catalog, batch: MappedRecord[]): Promise<void> {
  if (batch.length === 0) return;
  const by = <T>(pick: (m: MappedPhoto) => T[]) =>
    new Map(batch.map(({ m }) => [m.item.id as string, pick(m)]));
  const people: NewPerson[] = batch.flatMap(({ m }) => m.people);
  const raws: ApiResponseInput[] = batch.map(({ raw, key }) => ({
    method: "export",
    key,
    body: raw,
  }));
  await inTransaction(catalog.db, async (trx) => {
    // EXIF read from the original (a first import's media step) is worth more than the export's
    // copy of it: an import run again keeps it, so that it ends as one import would have.
    const fromFile = new Set(
      (await trx.selectFrom("items").select("id")
        .where("id", "in", batch.map(({ m }) => m.item.id as string))
        .where("exif_source", "=", "file").execute()).map((r) => r.id),
    );
    await upsertItems(
      trx,
      batch.map(({ m }) => {
        const item = fromFile.has(m.item.id as string) ? withoutExif(m.item) : { ...m.item };
        // Nor does it forget the format the media step learnt from the file's name.
        if (item.original_format == null) delete item.original_format;
        return item;
      }),
    );
    await replaceCommentsBulk(trx, by((m) => m.comments));
    await replaceTagsBulk(trx, by((m) => m.tags));
    await replaceNotesBulk(trx, by((m) => m.notes));
    await replacePhotoPeopleBulk(trx, by((m) => m.photoPeople));
    // The export knows less about people than the API: never overwrite what is stored.
    await upsertPeople(trx, people, { onlyFill: true });
    await saveApiResponses(trx, raws);
    // In the same transaction: a record whose copy is stored has its search row too.
    await refreshSearch(trx, batch.map(({ m }) => m.item.id));
  });
}
