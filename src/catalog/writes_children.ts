/**
 * The per-item child tables (comments, faves, tags, notes, people tagged in a photo), each replaced
 * wholesale per item: one function for an item, a `...Bulk` one for many.
 *
 * Tested by src/catalog/writes_test.ts and src/catalog/status_test.ts.
 * @module
 */
import type { NewComment, NewFave, NewNote, NewPhotoPerson, NewTag } from "./schema.ts";
import { byShape, chunks, type Db, inTransaction, lastByKey } from "./writes_batch.ts";

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
