/**
 * Batched writers for the archive and import pipelines.
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
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type {
  Database,
  NewAlbum,
  NewCollection,
  NewComment,
  NewFave,
  NewFile,
  NewGallery,
  NewGalleryItem,
  NewGroup,
  NewGroupItem,
  NewItem,
  NewLicense,
  NewNote,
  NewPerson,
  NewPhotoPerson,
  NewTag,
  RunRow,
} from "./schema.ts";

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

/**
 * SQLite 3.45 allows 32,766 bound variables per statement; stay below it, and below 500 rows, which
 * measured as fast as larger statements.
 */
const MAX_VARIABLES = 30_000;
const MAX_ROWS_PER_STATEMENT = 500;

/** Runs `fn` in a transaction, or directly inside the caller's transaction. */
export function inTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return db.transaction().execute(fn);
}

/** Splits `rows` into statements of at most `MAX_VARIABLES` bound values. */
export function chunks<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(
    1,
    Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_VARIABLES / Math.max(1, columnsPerRow))),
  );
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Drops `undefined` values, so that a missing and an undefined key mean the same: "leave alone". */
function defined<T extends object>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return out as T;
}

/**
 * Groups rows by the set of keys they define. Kysely writes a missing key of a multi-row insert as
 * NULL (SQLite has no DEFAULT in VALUES), which would break NOT NULL DEFAULT columns and clobber
 * columns on upsert; rows of one shape avoid both.
 */
function byShape<T extends object>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const clean = defined(row);
    const shape = Object.keys(clean).sort().join(",");
    let group = groups.get(shape);
    if (!group) groups.set(shape, group = []);
    group.push(clean);
  }
  return [...groups.values()];
}

/** Keeps the last row for each key: one statement may not touch the same row twice on upsert. */
function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const map = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    map.delete(k);
    map.set(k, row);
  }
  return [...map.values()];
}

function excluded(column: string): RawBuilder<unknown> {
  return sql.ref(`excluded.${column}`);
}

function now(): string {
  return new Date().toISOString();
}

/** Columns of `items` an upsert never changes once the row exists. */
const ITEM_KEEP = new Set(["id", "first_seen_at"]);

/** Options of {@link upsertItems}. */
export interface UpsertItemsOptions {
  /** Update only these columns of existing rows (default: every column the row defines). */
  update?: (keyof NewItem)[];
}

/**
 * Inserts items, or updates the columns each row defines (never `id` or `first_seen_at`).
 * A new row needs `id`, `owner`, `media`, `is_mine`, `listing_json`, `first_seen_at`, `updated_at`.
 */
export async function upsertItems(
  db: Db,
  rows: readonly NewItem[],
  opts: UpsertItemsOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const only = opts.update ? new Set<string>(opts.update) : undefined;
  await inTransaction(db, async (trx) => {
    for (const group of byShape(lastByKey(rows, (r) => r.id))) {
      const columns = Object.keys(group[0]);
      const updates = columns.filter((c) => !ITEM_KEEP.has(c) && (!only || only.has(c)));
      for (const part of chunks(group, columns.length)) {
        const insert = trx.insertInto("items").values(part);
        await (updates.length === 0
          ? insert.onConflict((oc) => oc.column("id").doNothing())
          : insert.onConflict((oc) =>
            oc.column("id").doUpdateSet(Object.fromEntries(updates.map((c) => [c, excluded(c)])))
          )).execute();
      }
    }
  });
}

/**
 * Records files on disk. A row is the whole description of one file (by `path`): an existing row
 * with that path is overwritten, and its `verify_status` reset unless given. A current row
 * (`is_current` 1, the default) demotes the item's previous current file of the same kind to an
 * earlier version (`is_current` 0), as when a photo was replaced on Flickr.
 */
export async function upsertFiles(db: Db, rows: readonly NewFile[]): Promise<void> {
  if (rows.length === 0) return;
  const unique = lastByKey(
    lastByKey(rows, (r) => r.path),
    (r) => (r.is_current ?? 1) === 1 ? `${r.item_id}\0${r.kind}` : `path\0${r.path}`,
  );
  const all: (keyof NewFile)[] = [
    "item_id",
    "kind",
    "path",
    "bytes",
    "sha256",
    "content_type",
    "width",
    "height",
    "secret",
    "is_current",
    "fetched_at",
    "verify_status",
    "verified_at",
  ];
  const full = unique.map((r) => ({
    item_id: r.item_id,
    kind: r.kind,
    path: r.path,
    bytes: r.bytes,
    sha256: r.sha256,
    content_type: r.content_type ?? null,
    width: r.width ?? null,
    height: r.height ?? null,
    secret: r.secret ?? null,
    is_current: r.is_current ?? 1,
    fetched_at: r.fetched_at,
    verify_status: r.verify_status ?? null,
    verified_at: r.verified_at ?? null,
  }));
  await inTransaction(db, async (trx) => {
    for (const part of chunks(full, all.length)) {
      const current = part.filter((r) => r.is_current === 1);
      if (current.length > 0) {
        const pairs = sql.join(current.map((r) => sql`(${r.item_id}, ${r.kind})`));
        await sql`UPDATE files SET is_current = 0
          WHERE is_current = 1 AND (item_id, kind) IN (VALUES ${pairs})`.execute(trx);
      }
      await trx.insertInto("files").values(part)
        .onConflict((oc) =>
          oc.column("path").doUpdateSet(
            Object.fromEntries(all.filter((c) => c !== "path").map((c) => [c, excluded(c)])),
          )
        )
        .execute();
    }
  });
}

/** Child tables of `items` that are replaced wholesale per item. */
type ItemChild = "comments" | "faves" | "tags" | "notes" | "photo_people";

/** Replaces the rows of `table` for every item of `byItem` (an empty list clears the item's rows). */
async function replaceForItems<T extends object>(
  db: Db,
  table: ItemChild,
  byItem: ReadonlyMap<string, readonly T[]>,
  withItem: (itemId: string, row: T) => T,
): Promise<void> {
  if (byItem.size === 0) return;
  const ids = [...byItem.keys()];
  const rows: T[] = [];
  for (const [itemId, list] of byItem) for (const row of list) rows.push(withItem(itemId, row));
  await inTransaction(db, async (trx) => {
    for (const part of chunks(ids, 1)) {
      await trx.deleteFrom(table).where("item_id", "in", part).execute();
    }
    for (const group of byShape(rows)) {
      for (const part of chunks(group, Object.keys(group[0]).length)) {
        // deno-lint-ignore no-explicit-any
        await trx.insertInto(table).values(part as any).execute();
      }
    }
  });
}

function setItem<T extends { item_id: string }>(itemId: string, row: T): T {
  return { ...row, item_id: itemId };
}

/** Row types of per-item child tables with `item_id` optional (the map key supplies it). */
export type ChildRows<T extends { item_id: string }> = Omit<T, "item_id"> & { item_id?: string };

function single<T>(itemId: string, rows: readonly T[]): Map<string, readonly T[]> {
  return new Map([[itemId, rows]]);
}

/** Replaces the comments of one item. */
export function replaceComments(
  db: Db,
  itemId: string,
  rows: readonly ChildRows<NewComment>[],
): Promise<void> {
  return replaceCommentsBulk(db, single(itemId, rows));
}

/** Replaces the comments of many items (item id → its comments, oldest first). */
export function replaceCommentsBulk(
  db: Db,
  byItem: ReadonlyMap<string, readonly ChildRows<NewComment>[]>,
): Promise<void> {
  return replaceForItems(
    db,
    "comments",
    byItem as ReadonlyMap<string, NewComment[]>,
    setItem,
  );
}

/** Replaces the faves of one item. */
export function replaceFaves(
  db: Db,
  itemId: string,
  rows: readonly ChildRows<NewFave>[],
): Promise<void> {
  return replaceFavesBulk(db, single(itemId, rows));
}

/** Replaces the faves of many items; a person listed twice for one item is kept once. */
export function replaceFavesBulk(
  db: Db,
  byItem: ReadonlyMap<string, readonly ChildRows<NewFave>[]>,
): Promise<void> {
  const deduped = new Map<string, NewFave[]>();
  for (const [id, rows] of byItem) {
    deduped.set(id, lastByKey(rows as NewFave[], (r) => r.nsid));
  }
  return replaceForItems(db, "faves", deduped, setItem);
}

/** Replaces the tags of one item. */
export function replaceTags(
  db: Db,
  itemId: string,
  rows: readonly ChildRows<NewTag>[],
): Promise<void> {
  return replaceTagsBulk(db, single(itemId, rows));
}

/** Replaces the tags of many items; a tag listed twice for one item is kept once. */
export function replaceTagsBulk(
  db: Db,
  byItem: ReadonlyMap<string, readonly ChildRows<NewTag>[]>,
): Promise<void> {
  const deduped = new Map<string, NewTag[]>();
  for (const [id, rows] of byItem) deduped.set(id, lastByKey(rows as NewTag[], (r) => r.tag));
  return replaceForItems(db, "tags", deduped, setItem);
}

/** Replaces the notes of one item. */
export function replaceNotes(
  db: Db,
  itemId: string,
  rows: readonly ChildRows<NewNote>[],
): Promise<void> {
  return replaceNotesBulk(db, single(itemId, rows));
}

/** Replaces the notes of many items. */
export function replaceNotesBulk(
  db: Db,
  byItem: ReadonlyMap<string, readonly ChildRows<NewNote>[]>,
): Promise<void> {
  return replaceForItems(db, "notes", byItem as ReadonlyMap<string, NewNote[]>, setItem);
}

/** Replaces the people tagged in one item. */
export function replacePhotoPeople(
  db: Db,
  itemId: string,
  rows: readonly ChildRows<NewPhotoPerson>[],
): Promise<void> {
  return replacePhotoPeopleBulk(db, single(itemId, rows));
}

/** Replaces the people tagged in many items. */
export function replacePhotoPeopleBulk(
  db: Db,
  byItem: ReadonlyMap<string, readonly ChildRows<NewPhotoPerson>[]>,
): Promise<void> {
  const deduped = new Map<string, NewPhotoPerson[]>();
  for (const [id, rows] of byItem) {
    deduped.set(id, lastByKey(rows as NewPhotoPerson[], (r) => r.nsid));
  }
  return replaceForItems(db, "photo_people", deduped, setItem);
}

/** Columns of `people` besides the key. */
const PERSON_COLUMNS = [
  "username",
  "realname",
  "path_alias",
  "location",
  "iconserver",
  "iconfarm",
  "is_deleted",
  "ispro",
  "info_json",
  "avatar_path",
  "avatar_sha256",
] as const;

/** Options of {@link upsertPeople}. */
export interface UpsertPeopleOptions {
  /**
   * Only fill fields the catalog does not know yet (a commenter's name from a comment must not
   * replace what people.getInfo said). Default false: known values win over stored ones.
   */
  onlyFill?: boolean;
}

/**
 * Inserts people, or merges into the stored row. A `null` or missing field never erases a stored
 * value; with `onlyFill`, stored values also win over new ones. Rows for the same nsid in one call
 * are merged, later fields first.
 */
export async function upsertPeople(
  db: Db,
  rows: readonly NewPerson[],
  opts: UpsertPeopleOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const merged = new Map<string, NewPerson>();
  for (const row of rows) {
    const before = merged.get(row.nsid);
    const clean = defined(row);
    merged.set(row.nsid, before ? mergePerson(before, clean, opts.onlyFill ?? false) : clean);
  }
  const stamp = now();
  const full = [...merged.values()].map((r) => {
    const out: Record<string, unknown> = { nsid: r.nsid, updated_at: r.updated_at ?? stamp };
    for (const c of PERSON_COLUMNS) out[c] = r[c] ?? null;
    return out;
  });
  const merge = (c: string) =>
    opts.onlyFill
      ? sql`coalesce(people.${sql.ref(c)}, ${excluded(c)})`
      : sql`coalesce(${excluded(c)}, people.${sql.ref(c)})`;
  const nullable = PERSON_COLUMNS.filter((c) => c !== "is_deleted");
  const set: Record<string, unknown> = Object.fromEntries(nullable.map((c) => [c, merge(c)]));
  set.updated_at = excluded("updated_at");
  // is_deleted is NOT NULL DEFAULT 0: rows that do not say are inserted as 0 and keep the stored
  // value on update; rows that say overwrite it (unless onlyFill).
  const said = full.filter((r) => r.is_deleted !== null);
  const unsaid = full.filter((r) => r.is_deleted === null).map((r) => ({ ...r, is_deleted: 0 }));
  await inTransaction(db, async (trx) => {
    for (
      const [rowsOfKind, isDeleted] of [[said, opts.onlyFill ? "keep" : "new"], [
        unsaid,
        "keep",
      ]] as const
    ) {
      for (const part of chunks(rowsOfKind, PERSON_COLUMNS.length + 2)) {
        await trx.insertInto("people").values(part as NewPerson[])
          .onConflict((oc) =>
            oc.column("nsid").doUpdateSet({
              ...set,
              is_deleted: isDeleted === "new"
                ? excluded("is_deleted")
                : sql.ref("people.is_deleted"),
            } as never)
          )
          .execute();
      }
    }
  });
}

function mergePerson(a: NewPerson, b: NewPerson, onlyFill: boolean): NewPerson {
  return onlyFill ? { ...b, ...a } : { ...a, ...b };
}

/**
 * Replaces the list of albums (in the person's order: `position` is theirs) and the items of the
 * albums in `itemsByAlbum` (album id → item ids in album order). Albums no longer listed are removed
 * with their items; listed albums missing from `itemsByAlbum` keep the items already stored.
 */
export async function replaceAlbums(
  db: Db,
  albums: readonly NewAlbum[],
  itemsByAlbum: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const keep = albums.map((a) => a.id);
    await deleteMissing(trx, "album_items", "album_id", keep);
    await deleteMissing(trx, "albums", "id", keep);
    await upsertWhole(trx, "albums", albums, "id");
    const changed = [...itemsByAlbum.keys()];
    for (const part of chunks(changed, 1)) {
      await trx.deleteFrom("album_items").where("album_id", "in", part).execute();
    }
    const rows = [...itemsByAlbum].flatMap(([album_id, ids]) =>
      dedupe(ids).map((item_id, position) => ({ album_id, item_id, position }))
    );
    for (const part of chunks(rows, 3)) await trx.insertInto("album_items").values(part).execute();
  });
}

/**
 * Replaces the collection tree (`parent_id` links, `position` within the parent) and the albums of
 * the collections in `albumsByCollection` (collection id → album ids in order). Collections no longer
 * listed are removed; listed ones missing from the map keep their stored albums.
 */
export async function replaceCollections(
  db: Db,
  collections: readonly NewCollection[],
  albumsByCollection: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const keep = collections.map((c) => c.id);
    await deleteMissing(trx, "collection_albums", "collection_id", keep);
    await deleteMissing(trx, "collections", "id", keep);
    await upsertWhole(trx, "collections", collections, "id");
    for (const part of chunks([...albumsByCollection.keys()], 1)) {
      await trx.deleteFrom("collection_albums").where("collection_id", "in", part).execute();
    }
    const rows = [...albumsByCollection].flatMap(([collection_id, ids]) =>
      dedupe(ids).map((album_id, position) => ({ collection_id, album_id, position }))
    );
    for (const part of chunks(rows, 3)) {
      await trx.insertInto("collection_albums").values(part).execute();
    }
  });
}

/**
 * Replaces the galleries and the items of the galleries in `itemsByGallery` (gallery id → its
 * items in order; `gallery_id` and `position` are filled in). Same rules as {@link replaceAlbums}.
 */
export async function replaceGalleries(
  db: Db,
  galleries: readonly NewGallery[],
  itemsByGallery: ReadonlyMap<string, readonly Omit<NewGalleryItem, "gallery_id" | "position">[]>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const keep = galleries.map((g) => g.id);
    await deleteMissing(trx, "gallery_items", "gallery_id", keep);
    await deleteMissing(trx, "galleries", "id", keep);
    await upsertWhole(trx, "galleries", galleries, "id");
    for (const part of chunks([...itemsByGallery.keys()], 1)) {
      await trx.deleteFrom("gallery_items").where("gallery_id", "in", part).execute();
    }
    const rows: NewGalleryItem[] = [...itemsByGallery].flatMap(([gallery_id, items]) =>
      lastByKey(items, (i) => i.item_id).map((i, position) => ({
        gallery_id,
        item_id: i.item_id,
        owner: i.owner ?? null,
        title: i.title ?? null,
        position,
        raw_json: i.raw_json,
      }))
    );
    for (const part of chunks(rows, 6)) {
      await trx.insertInto("gallery_items").values(part).execute();
    }
  });
}

/**
 * Replaces the groups and the person's items in the groups of `itemsByGroup` (group id → items).
 * Same rules as {@link replaceAlbums}.
 */
export async function replaceGroups(
  db: Db,
  groups: readonly NewGroup[],
  itemsByGroup: ReadonlyMap<string, readonly Omit<NewGroupItem, "group_id">[]>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const keep = groups.map((g) => g.id);
    await deleteMissing(trx, "group_items", "group_id", keep);
    await deleteMissing(trx, "groups", "id", keep);
    await upsertWhole(trx, "groups", groups, "id");
    for (const part of chunks([...itemsByGroup.keys()], 1)) {
      await trx.deleteFrom("group_items").where("group_id", "in", part).execute();
    }
    const rows: NewGroupItem[] = [...itemsByGroup].flatMap(([group_id, items]) =>
      lastByKey(items, (i) => i.item_id).map((i) => ({
        group_id,
        item_id: i.item_id,
        date_added: i.date_added ?? null,
      }))
    );
    for (const part of chunks(rows, 3)) await trx.insertInto("group_items").values(part).execute();
  });
}

/** Inserts or updates Flickr's licenses. */
export async function upsertLicenses(db: Db, rows: readonly NewLicense[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, (trx) => upsertWhole(trx, "licenses", rows, "id"));
}

function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

type Listed = "albums" | "collections" | "galleries" | "groups";

/** Deletes rows of `table` whose `column` is not among `keep` (ids of the `parent` list). */
async function deleteMissing(
  trx: Tx,
  table: Listed | "album_items" | "collection_albums" | "gallery_items" | "group_items",
  column: string,
  keep: readonly string[],
): Promise<void> {
  if (keep.length === 0) {
    await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
    return;
  }
  // A temporary table keeps the statement small however many ids there are.
  await sql`CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)`.execute(trx);
  await sql`DELETE FROM temp.keep_ids`.execute(trx);
  for (const part of chunks(dedupe(keep), 1)) {
    await sql`INSERT INTO temp.keep_ids (id) VALUES ${sql.join(part.map((id) => sql`(${id})`))}`
      .execute(trx);
  }
  await sql`DELETE FROM ${sql.table(table)}
    WHERE ${sql.ref(column)} NOT IN (SELECT id FROM temp.keep_ids)`.execute(trx);
  await sql`DELETE FROM temp.keep_ids`.execute(trx);
}

/** Inserts rows or overwrites every column they define (rows describe the whole record). */
async function upsertWhole<T extends object>(
  trx: Tx,
  table: Listed | "licenses",
  rows: readonly T[],
  key: string,
): Promise<void> {
  for (
    const group of byShape(lastByKey(rows, (r) => String((r as Record<string, unknown>)[key])))
  ) {
    const columns = Object.keys(group[0]);
    const updates = columns.filter((c) => c !== key);
    for (const part of chunks(group, columns.length)) {
      const insert = trx.insertInto(table).values(part as never);
      await (updates.length === 0
        // deno-lint-ignore no-explicit-any
        ? insert.onConflict((oc) => oc.column(key as any).doNothing())
        : insert.onConflict((oc) =>
          // deno-lint-ignore no-explicit-any
          oc.column(key as any).doUpdateSet(
            Object.fromEntries(updates.map((c) => [c, excluded(c)])) as never,
          )
        )).execute();
    }
  }
}

/** One raw API answer to keep. */
export interface ApiResponseInput {
  /** e.g. `flickr.photos.getInfo` */
  method: string;
  /** What the answer is about, e.g. the photo id or `page=3`. */
  key: string;
  /** The answer: a string is stored as is, anything else as JSON. */
  body: unknown;
  /** ISO time; default now. */
  fetched_at?: string;
}

/** Keeps the raw JSON of one API answer (the latest per method and key). */
export function saveApiResponse(
  db: Db,
  method: string,
  key: string,
  body: unknown,
): Promise<void> {
  return saveApiResponses(db, [{ method, key, body }]);
}

/** Keeps many raw API answers at once. */
export async function saveApiResponses(
  db: Db,
  rows: readonly ApiResponseInput[],
): Promise<void> {
  if (rows.length === 0) return;
  const stamp = now();
  const values = lastByKey(rows, (r) => `${r.method}\0${r.key}`).map((r) => ({
    method: r.method,
    key: r.key,
    fetched_at: r.fetched_at ?? stamp,
    body: typeof r.body === "string" ? r.body : JSON.stringify(r.body),
  }));
  await inTransaction(db, async (trx) => {
    for (const part of chunks(values, 4)) {
      await trx.insertInto("api_responses").values(part)
        .onConflict((oc) =>
          oc.columns(["method", "key"]).doUpdateSet({
            fetched_at: excluded("fetched_at"),
            body: excluded("body"),
          } as never)
        )
        .execute();
    }
  });
}

/** Flags items as deleted on Flickr (they stay in the archive). Returns how many were newly flagged. */
export async function markDeleted(
  db: Db,
  ids: readonly string[],
  at: string = now(),
): Promise<number> {
  if (ids.length === 0) return 0;
  return await inTransaction(db, async (trx) => {
    let n = 0;
    for (const part of chunks(dedupe(ids), 1)) {
      const r = await trx.updateTable("items")
        .set({ deleted_on_flickr: 1, deleted_detected_at: at, updated_at: at })
        .where("id", "in", part).where("deleted_on_flickr", "=", 0)
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  });
}

/** Records the start of an archive or import run and returns its id. */
export async function startRun(db: Db, kind: "archive" | "import"): Promise<number> {
  const row = await db.insertInto("runs").values({ kind, started_at: now() })
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** What a run did, for {@link finishRun} (and for progress updates with {@link updateRun}). */
export interface RunTotals {
  api_calls?: number;
  retries?: number;
  bytes_downloaded?: number;
  /** Anything else worth keeping about the run; stored as JSON. */
  summary?: unknown;
}

/** Stores a running run's counters so far (an interrupted run then still tells what it did). */
export async function updateRun(db: Db, id: number, totals: RunTotals): Promise<void> {
  await db.updateTable("runs").set(runFields(totals)).where("id", "=", id).execute();
}

/** Ends a run with its status and totals. */
export async function finishRun(
  db: Db,
  id: number,
  status: "done" | "failed" | "interrupted",
  totals: RunTotals = {},
): Promise<void> {
  await db.updateTable("runs")
    .set({ ...runFields(totals), status, finished_at: now() })
    .where("id", "=", id).execute();
}

function runFields(t: RunTotals): Partial<Omit<RunRow, "id">> {
  return defined({
    api_calls: t.api_calls,
    retries: t.retries,
    bytes_downloaded: t.bytes_downloaded,
    summary_json: t.summary === undefined ? undefined : JSON.stringify(t.summary),
  });
}

/** Reads a `meta` value. */
export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("meta").select("value").where("key", "=", key)
    .executeTakeFirst();
  return row?.value;
}

/** Sets a `meta` value. */
export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto("meta").values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

/**
 * Rebuilds the full-text rows of these items from `items`, `tags` (raw forms, else the item's
 * listed tags), comment texts and place names. Items that no longer exist lose their row. The FTS
 * rowid is the numeric photo id, so the delete is an index lookup rather than a table scan.
 */
export async function refreshSearch(db: Db, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const part of chunks(dedupe(itemIds), 1)) {
      const numeric = part.filter((id) => /^\d{1,18}$/.test(id));
      const other = part.filter((id) => !/^\d{1,18}$/.test(id));
      if (numeric.length > 0) {
        await sql`DELETE FROM search WHERE rowid IN (${
          sql.join(numeric.map((id) => sql.lit(Number(id))))
        })`.execute(trx);
      }
      if (other.length > 0) {
        await sql`DELETE FROM search WHERE item_id IN (${sql.join(other)})`.execute(trx);
      }
      const items = await trx.selectFrom("items")
        .select([
          "id",
          "title",
          "description",
          "tags",
          "machine_tags",
          "neighbourhood",
          "locality",
          "county",
          "region",
          "country",
        ])
        .where("id", "in", part).execute();
      if (items.length === 0) continue;
      const tags = await trx.selectFrom("tags").select(["item_id", "raw", "tag"])
        .where("item_id", "in", part).execute();
      const comments = await trx.selectFrom("comments").select(["item_id", "html"])
        .where("item_id", "in", part).orderBy("date_create").execute();
      const tagsBy = groupTexts(tags.map((t) => [t.item_id, `${t.raw} ${t.tag}`]));
      const commentsBy = groupTexts(comments.map((c) => [c.item_id, plainText(c.html)]));
      const rows = items.map((i) => ({
        rowid: /^\d{1,18}$/.test(i.id) ? Number(i.id) : null,
        item_id: i.id,
        title: i.title,
        description: plainText(i.description),
        tags: tagsBy.get(i.id) ?? [i.tags, i.machine_tags].filter(Boolean).join(" "),
        comments: commentsBy.get(i.id) ?? "",
        places: [i.neighbourhood, i.locality, i.county, i.region, i.country]
          .filter(Boolean).join(", "),
      }));
      for (const rowsPart of chunks(rows, 7)) {
        await sql`INSERT INTO search (rowid, item_id, title, description, tags, comments, places)
          VALUES ${
          sql.join(rowsPart.map((r) =>
            sql`(${r.rowid}, ${r.item_id}, ${r.title}, ${r.description}, ${r.tags}, ${r.comments}, ${r.places})`
          ))
        }`.execute(trx);
      }
    }
  });
}

function groupTexts(pairs: [string, string][]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const [id, text] of pairs) {
    let list = out.get(id);
    if (!list) out.set(id, list = []);
    list.push(text);
  }
  return new Map([...out].map(([id, list]) => [id, list.join("\n")]));
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * Flickr descriptions and comments are HTML: index the words a person reads, not `href` and
 * `https` of every link.
 */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X"
          ? parseInt(e.slice(2), 16)
          : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000
          ? String.fromCodePoint(code)
          : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, " ")
    .trim();
}
