/**
 * The person's own activity on others' photos: their favourites (`faves_partN.json`), recorded as
 * items that are not theirs, and their comments (`photos_comments_partN.json`), added to those
 * items when `archive` never fetched the comments.
 * @module
 */
import type { Catalog } from "../catalog/db.ts";
import type { NewComment, NewItem, NewPerson } from "../catalog/schema.ts";
import {
  type ChildRows,
  chunks,
  inTransaction,
  replaceCommentsBulk,
  upsertItems,
  upsertPeople,
} from "../catalog/writes.ts";
import type { Located, ReadJson } from "./export_files.ts";
import { itemsFromApi } from "./items_from_api.ts";
import type { AccountIdentity } from "./map_photo.ts";
import {
  exportTime,
  type FaveJson,
  isNsid,
  list,
  type OwnCommentJson,
  personSegment,
  photoIdOfPage,
  text,
} from "./records.ts";
import type { ImportReport } from "./report.ts";
import { existingItems, mergeWithExisting } from "./rerun.ts";

/** Records the favourites (and their owners) not already archived from the API. */
export async function importFavourites(
  catalog: Catalog,
  files: Located[],
  readJson: ReadJson,
  account: AccountIdentity,
  now: string,
  report: ImportReport,
): Promise<void> {
  const rows: NewItem[] = [];
  const owners: NewPerson[] = [];
  for (const at of files) {
    const json = await readJson(at);
    if (!json) continue;
    for (const f of list<FaveJson>(json.faves)) {
      const id = text(f.photo_id) ?? photoIdOfPage(f.photo_url);
      if (!id || !/^\d+$/.test(id)) continue;
      const who = personSegment(f.photo_url);
      const owner = who && isNsid(who) ? who : "";
      if (owner && owner !== account.nsid) owners.push({ nsid: owner, updated_at: now });
      rows.push({
        id,
        owner,
        media: "photo",
        is_mine: 0,
        is_favorite_of_mine: 1,
        path_alias: who && !isNsid(who) ? who : null,
        photopage_url: text(f.photo_url) ?? null,
        listing_json: "{}",
        first_seen_at: now,
        updated_at: now,
      });
    }
  }
  await upsertPeople(catalog.db, owners, { onlyFill: true });
  // A batch at a time: the stored rows of 16,000 favourites, read at once to be compared, came
  // at the end of the metadata, where a 100,000-item import (and a re-import most) peaked.
  for (let k = 0; k < rows.length; k += FAVES_PER_BATCH) {
    const batch = rows.slice(k, k + FAVES_PER_BATCH);
    const fromApi = await itemsFromApi(catalog, batch.map((r) => r.id));
    const before = await existingItems(catalog, batch.map((r) => r.id));
    const fresh = batch.filter((r) => !fromApi.has(r.id))
      .map((r) => mergeWithExisting(r, before.get(r.id)));
    await inTransaction(catalog.db, async (trx) => {
      for (const part of chunks(fresh, 20)) await upsertItems(trx, part);
    });
  }
  report.favorites = rows.length;
}

/** Favourites compared with the catalog and written per transaction. */
const FAVES_PER_BATCH = 500;

/** The person's own comments on others' photos: added to favourites whose comments were never fetched. */
export async function importOwnComments(
  catalog: Catalog,
  files: Located[],
  readJson: ReadJson,
  account: AccountIdentity,
  report: ImportReport,
): Promise<void> {
  if (!account.nsid) return;
  const byItem = new Map<string, ChildRows<NewComment>[]>();
  for (const at of files) {
    const json = await readJson(at);
    if (!json) continue;
    for (const c of list<OwnCommentJson>(json.comments)) {
      const item = text(c.photo_id);
      if (!item) continue;
      const l = byItem.get(item) ?? [];
      l.push({
        id: text(c.comment_id) || `${item}-export-own-${l.length}`,
        author: account.nsid,
        date_create: exportTime(c.date),
        permalink: text(c.url) ?? null,
        html: text(c.comment) ?? "",
        raw_json: JSON.stringify(c),
      });
      byItem.set(item, l);
    }
  }
  const open = new Set<string>();
  for (const part of chunks([...byItem.keys()], 1)) {
    const rows = await catalog.db.selectFrom("items").select("id").where("id", "in", part)
      .where("is_mine", "=", 0).where("comments_synced", "is", null).execute();
    for (const r of rows) open.add(r.id);
  }
  const writable = new Map([...byItem].filter(([id]) => open.has(id)));
  await replaceCommentsBulk(catalog.db, writable);
  report.comments += [...writable.values()].reduce((n, l) => n + l.length, 0);
}
