/**
 * Batched writers for the archive and import pipelines: one import for every catalog write, kept
 * in modules by what they write (`writes_items.ts`, `writes_children.ts`, `writes_people.ts`,
 * `writes_sets.ts`, `writes_runs.ts`, `writes_search.ts`; shared machinery in `writes_batch.ts`).
 *
 * Every function takes many rows at once, runs in one transaction (or inside the caller's, when
 * given a `Transaction`), and writes multi-row statements in chunks small enough for SQLite's limit
 * of bound variables. Rows are Kysely `Insertable` types; a key that is `undefined` (or absent) is
 * left alone by upserts, so a caller that does not know a pipeline-state column never clobbers it.
 *
 * @example
 * ```ts
 * import { openCatalog } from "./db.ts";
 * import { upsertItems, refreshSearch } from "./writes.ts";
 * const { db, close } = await openCatalog("./flickr-archive");
 * const now = new Date().toISOString();
 * await upsertItems(db, [{
 *   id: "1", owner: "1@N01", media: "photo", is_mine: 1, title: "Dawn", listing_json: "{}",
 *   first_seen_at: now, updated_at: now,
 * }]);
 * await refreshSearch(db, ["1"]);
 * await close();
 * ```
 * @module
 */
export { chunks, inTransaction } from "./writes_batch.ts";
export {
  markDeleted,
  setFileMd5s,
  upsertFiles,
  upsertItems,
  type UpsertItemsOptions,
} from "./writes_items.ts";
export {
  type ChildRows,
  replaceComments,
  replaceCommentsBulk,
  replaceFaves,
  replaceFavesBulk,
  replaceNotes,
  replaceNotesBulk,
  replacePhotoPeople,
  replacePhotoPeopleBulk,
  replaceTags,
  replaceTagsBulk,
} from "./writes_children.ts";
export { upsertPeople, type UpsertPeopleOptions } from "./writes_people.ts";
export {
  replaceAlbums,
  replaceCollections,
  replaceGalleries,
  replaceGroups,
} from "./writes_sets.ts";
export {
  type ApiResponseInput,
  finishRun,
  getMeta,
  type RunTotals,
  saveApiResponse,
  saveApiResponses,
  setMeta,
  startRun,
  updateRun,
  upsertLicenses,
} from "./writes_runs.ts";
export { plainText, refreshSearch } from "./writes_search.ts";
