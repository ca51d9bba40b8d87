// Long on purpose: getInfo, comments and faves of an item are planned, fetched and written as one.
/**
 * The details phase: for every item (own and favourites, not deleted on Flickr), what a photo page
 * shows beyond the listing, fetched only when the listing says something changed:
 *
 * - `flickr.photos.getInfo` when there is none yet or `lastupdate` moved since the last one
 *   (`info_last_update`): notes, raw tags with their authors (machine tags included), place names,
 *   `haspeople`, permissions and usage, video duration, the photo page URL, and whatever the
 *   listing left out (title, description, dates, licence, original secret, comment count); the
 *   answer is kept in `info_json`.
 * - `flickr.photos.comments.getList` when the comment count differs from what was synced, and
 *   only when it is above 0 or unknown. The count is the listing's, else getInfo's; with neither,
 *   the comments are fetched once and their number becomes the count. A rise is fetched from the
 *   newest stored comment's date on (`min_comment_date`) and merged; should the merge not add up,
 *   everything is fetched again.
 * - `flickr.photos.getFavorites` (50 a page) when `count_faves` differs, only when above 0 or
 *   unknown (older accounts' listings have no count, and getInfo has none: fetched once). Flickr
 *   lists the newest first, so a rise stops at the first page that reaches a known faver when the
 *   merge adds up. Short pages are asked for again; faves that still do not add up to Flickr's
 *   total are left unsynced for the next run.
 * - `flickr.photos.people.getList` where getInfo says `haspeople` and `lastupdate` moved.
 *
 * Items are worked on concurrently (the call budget serialises the calls); results are written in
 * batches, each batch in one transaction with the state columns that say it is done, so an
 * interrupted run repeats at most the batch in flight.
 * @module
 */
import PQueue from "p-queue";
import { type Kysely, sql } from "kysely";
import type {
  Database,
  NewComment,
  NewFave,
  NewNote,
  NewPerson,
  NewPhotoPerson,
  NewTag,
} from "../catalog/schema.ts";
import {
  type ApiResponseInput,
  type ChildRows,
  inTransaction,
  refreshSearch,
  replaceCommentsBulk,
  replaceFavesBulk,
  replaceNotesBulk,
  replacePhotoPeopleBulk,
  replaceTagsBulk,
  saveApiResponses,
  upsertPeople,
} from "../catalog/writes.ts";
import { FAVORITES_PER_PAGE, FlickrError } from "../flickr/client.ts";
import { parseComments } from "../flickr/responses.ts";
import type { Comment, FavoritePerson, PhotoInfo } from "../flickr/types.ts";
import { checkChecksums } from "./checksum.ts";
import type { ArchiveContext } from "./context.ts";
import { type ItemPatch, updateItems } from "./item_updates.ts";
import { feedQueue, keysetPages } from "./work_feed.ts";
import {
  othersOnly,
  personFromComment,
  personFromFave,
  personFromInfoOwner,
  personFromNote,
  personFromPhotoPerson,
} from "./people.ts";

/** Items worked on at once. */
const CONCURRENCY = 8;
/**
 * Items per write transaction, when their answers come faster than {@link FLUSH_MS} (no rate
 * limit): a COMMIT costs the WAL pages the batch dirtied and the search index's new segment,
 * largely the same pages for 100 items as for 400. At 10,000 items, 400 took 1.2 s of SQLite's CPU
 * off 4.4 s (COMMITs 1.6 → 1.1 s; people, met again in every batch, 0.49 → 0.21 s). Under
 * Flickr's 3,600 calls an hour the time bound flushes first, so an interrupted run repeats a few
 * seconds of calls either way.
 */
export const DETAILS_BATCH = 400;
/** Longest time results wait in memory before they are written. */
const FLUSH_MS = 3000;

/** The state of one item that decides what to fetch. */
export interface DetailsWork {
  id: string;
  is_mine: number;
  last_update: number | null;
  /** Unknown (null) when neither the listing nor getInfo gave it. */
  count_comments: number | null;
  count_faves: number | null;
  /** 1 when a getInfo answer is stored. */
  has_info: number;
  info_last_update: number | null;
  comments_synced: number | null;
  faves_synced: number | null;
  has_people: number | null;
  people_synced: number | null;
}

/** What is due for an item, from its state columns alone. */
export interface DetailsDue {
  info: boolean;
  comments: boolean;
  faves: boolean;
  /** people.getList is due without a new getInfo (has_people already known to be 1). */
  people: boolean;
}

/** Decides which calls an item needs. */
export function detailsDue(w: DetailsWork): DetailsDue {
  const info = w.has_info === 0 || w.info_last_update !== w.last_update;
  return {
    info,
    comments: w.comments_synced === null || w.comments_synced !== w.count_comments,
    faves: w.faves_synced === null || w.faves_synced !== w.count_faves,
    people: !info && w.has_people === 1 &&
      (w.people_synced === null || w.people_synced !== w.last_update),
  };
}

/** Upper bound of the calls an item needs (people.getList after a new getInfo is found later). */
export function plannedCalls(w: DetailsWork): number {
  const due = detailsDue(w);
  let calls = due.info ? 1 : 0;
  if (due.comments && w.count_comments !== 0) calls++;
  const faves = w.count_faves;
  if (due.faves && faves === null) calls++;
  else if (due.faves && faves !== null && faves > 0) {
    const rise = w.faves_synced !== null && faves > w.faves_synced ? faves - w.faves_synced : faves;
    calls += Math.ceil(rise / FAVORITES_PER_PAGE);
  }
  if (due.people) calls++;
  return calls;
}

/** Everything fetched for one item, written together. */
interface ItemDetails {
  id: string;
  patch: ItemPatch;
  notes?: ChildRows<NewNote>[];
  tags?: ChildRows<NewTag>[];
  comments?: ChildRows<NewComment>[];
  faves?: ChildRows<NewFave>[];
  photoPeople?: ChildRows<NewPhotoPerson>[];
  people: NewPerson[];
  responses: ApiResponseInput[];
}

/** Items read from the catalog at a time. */
const PAGE = 1000;

/** Where the work of the phase stands in its order (newest own items first). */
interface DetailsCursor {
  mine: number;
  /** Null for an item whose upload date is unknown (those come last, newest id first). */
  uploaded: number | null;
  id: string;
}

type DueRow = DetailsWork & { uploaded: number | null };

/**
 * The phase's order in four ranges, each a seek and an ordered walk of `items_uploaded` (is_mine,
 * date_uploaded DESC, id DESC): own items with an upload date, own items without one, then
 * favourites the same way. One query over the whole order (`ORDER BY -is_mine, ...`) could use no
 * index: every page scanned and sorted every item, reading each row whole (the pipeline-state
 * columns sit after the JSON ones), so the phase cost grew with the square of the account: about
 * 0.2 s a page at 20,000 items.
 */
const RANGES = [
  { mine: 1, dated: true },
  { mine: 1, dated: false },
  { mine: 0, dated: true },
  { mine: 0, dated: false },
] as const;

/**
 * A page of the items with details due, after `after` in the phase's order: own items first, the
 * newest uploads first (an interrupted run has the ones most likely to be looked at).
 */
async function readDue(
  db: Kysely<Database>,
  after: DetailsCursor | undefined,
  limit: number,
): Promise<DueRow[]> {
  const first = after
    ? RANGES.findIndex((r) => r.mine === after.mine && r.dated === (after.uploaded !== null))
    : 0;
  const rows: DueRow[] = [];
  for (let k = first; k < RANGES.length && rows.length < limit; k++) {
    const range = RANGES[k];
    const bound = k === first ? after : undefined;
    const where = range.dated
      ? bound
        ? sql`(date_uploaded, id) < (${bound.uploaded}, ${bound.id})`
        : sql`date_uploaded IS NOT NULL`
      : bound
      ? sql`date_uploaded IS NULL AND id < ${bound.id}`
      : sql`date_uploaded IS NULL`;
    const { rows: page } = await sql<DueRow>`SELECT id, is_mine, last_update,
        count_comments, count_faves, info_json IS NOT NULL AS has_info, info_last_update,
        comments_synced, faves_synced, has_people, people_synced, date_uploaded AS uploaded
      FROM items INDEXED BY items_uploaded
      WHERE is_mine = ${range.mine} AND ${where} AND deleted_on_flickr = 0 AND (
        info_json IS NULL OR info_last_update IS NOT last_update
        OR comments_synced IS NULL OR comments_synced IS NOT count_comments
        OR faves_synced IS NULL OR faves_synced IS NOT count_faves
        OR (has_people = 1 AND people_synced IS NOT last_update))
      ORDER BY date_uploaded DESC, id DESC
      LIMIT ${limit - rows.length}`.execute(db);
    rows.push(...page);
  }
  return rows;
}

const cursorOf = (w: DueRow): DetailsCursor => ({
  mine: w.is_mine,
  uploaded: w.uploaded,
  id: w.id,
});

/** The items with details due, `size` at a time, in the phase's order (see {@link RANGES}). */
export function duePages(db: Kysely<Database>, size: number): AsyncGenerator<readonly DueRow[]> {
  return keysetPages((after) => readDue(db, after, size), cursorOf);
}

/** Runs the details phase (see the module documentation). */
export async function syncDetails(ctx: ArchiveContext): Promise<void> {
  // Totals for the progress line, counted page by page: no row is kept.
  let total = 0;
  let planned = 0;
  for await (const page of duePages(ctx.catalog.db, PAGE * 5)) {
    total += page.length;
    for (const w of page) planned += plannedCalls(w);
  }
  ctx.progress.phase("details", { total, unit: "items", plannedCalls: planned });

  const pending: ItemDetails[] = [];
  let lastFlush = Date.now();
  let writing = Promise.resolve();
  const flush = () => {
    const batch = pending.splice(0);
    lastFlush = Date.now();
    // Writes are chained so that batches land in order and never overlap.
    writing = writing.then(() => writeDetails(ctx, batch));
    return writing;
  };

  const queue = new PQueue({ concurrency: CONCURRENCY });
  try {
    // Items whose results are written drop out of the query; the cursor pages on regardless.
    const pages = duePages(ctx.catalog.db, PAGE);
    await feedQueue(queue, pages, async (w) => {
      if (ctx.signal.aborted) return;
      const before = ctx.client.stats.calls;
      const details = await fetchDetails(ctx, w);
      if (details) pending.push(details);
      ctx.progress.advance(1, ctx.client.stats.calls - before);
      if (pending.length >= DETAILS_BATCH || Date.now() - lastFlush > FLUSH_MS) await flush();
    }, { signal: ctx.signal });
  } finally {
    await flush();
  }
  await checkChecksums(ctx);
}

/** Fetches what is due for one item; undefined when the photo is gone or hidden now. */
async function fetchDetails(ctx: ArchiveContext, w: DetailsWork): Promise<ItemDetails | undefined> {
  const due = detailsDue(w);
  const out: ItemDetails = { id: w.id, patch: { id: w.id }, people: [], responses: [] };
  try {
    let hasPeople = w.has_people === 1;
    // The best count known: the listing's, else getInfo's (below), else none (fetch once).
    let countComments = w.count_comments;
    if (due.info) {
      const info = await ctx.client.getInfo(w.id);
      applyInfo(ctx, out, info, w);
      // Unknown (no `people` element) is asked about once, not taken for "nobody".
      hasPeople = info.hasPeople !== false;
      if (countComments === null && info.comments !== undefined) {
        countComments = out.patch.count_comments = info.comments;
      }
    }
    if (w.comments_synced === null || w.comments_synced !== countComments) {
      const comments = countComments !== 0
        ? await fetchComments(ctx, { ...w, count_comments: countComments })
        : [];
      out.comments = comments.map(commentRow);
      out.people.push(...othersOnly(comments.map(personFromComment), ctx.userNsid));
      if (countComments === null) countComments = out.patch.count_comments = comments.length;
      out.patch.comments_synced = countComments;
    }
    if (due.faves) {
      const fetched = w.count_faves !== 0
        ? await fetchFaves(ctx, w)
        : { faves: [], complete: true };
      const { faves } = fetched;
      out.faves = faves.map((f) => ({ nsid: f.nsid, fave_date: f.faveDate ?? null }));
      out.people.push(...othersOnly(faves.map(personFromFave), ctx.userNsid));
      if (w.count_faves === null) out.patch.count_faves = faves.length;
      if (fetched.complete) out.patch.faves_synced = w.count_faves ?? faves.length;
      else {
        ctx.progress.note(
          `faves of ${w.id}: Flickr listed ${faves.length} of ${fetched.total}; ` +
            "the next run asks again",
        );
      }
      if (faves.length > 0) {
        out.responses.push({
          method: "flickr.photos.getFavorites",
          key: w.id,
          body: { photo: { id: w.id, person: faves.map((f) => f.raw) } },
        });
      }
    }
    if (due.info || due.people) {
      if (hasPeople) {
        const list = await ctx.client.photosPeopleGetList(w.id);
        out.photoPeople = list.people.map((p) => ({
          nsid: p.nsid,
          added_by: p.addedBy ?? null,
          x: p.box?.x ?? null,
          y: p.box?.y ?? null,
          w: p.box?.w ?? null,
          h: p.box?.h ?? null,
        }));
        out.people.push(...othersOnly(list.people.map(personFromPhotoPerson), ctx.userNsid));
        out.responses.push({
          method: "flickr.photos.people.getList",
          key: w.id,
          body: { people: { ...list, people: undefined, person: list.people.map((p) => p.raw) } },
        });
      } else {
        out.photoPeople = [];
      }
      out.patch.people_synced = w.last_update;
    }
  } catch (e) {
    // 1: not found (deleted since the listing, or no longer visible); 2: permission denied.
    if (e instanceof FlickrError && (e.code === 1 || e.code === 2)) {
      ctx.progress.note(`Skipped details of ${w.id} for now: ${e.message}`);
      return undefined;
    }
    throw e;
  }
  return out;
}

/** What getInfo adds to an item: columns, notes, tags and the people they name. */
function applyInfo(ctx: ArchiveContext, out: ItemDetails, info: PhotoInfo, w: DetailsWork): void {
  const loc = info.location;
  // What getInfo knows is as good as the listing's, and fills what a listing left out; what it
  // does not say (undefined) leaves the column alone.
  const lastUpdate = w.last_update ?? info.dates.lastUpdate ?? null;
  const bit = (v: boolean | undefined) => v === undefined ? undefined : v ? 1 : 0;
  const raw = info.raw as Record<string, unknown>;
  Object.assign(
    out.patch,
    {
      media: "media" in raw ? info.media : undefined,
      title: "title" in raw ? info.title : undefined,
      description: "description" in raw ? info.description : undefined,
      license: info.license,
      date_uploaded: info.dates.posted,
      last_update: lastUpdate ?? undefined,
      views: info.views,
      safety_level: info.safetyLevel,
      rotation: info.rotation,
      is_public: bit(info.visibility.isPublic),
      is_friend: bit(info.visibility.isFriend),
      is_family: bit(info.visibility.isFamily),
      ...(info.dates.taken === undefined ? {} : {
        date_taken: info.dates.taken,
        date_taken_granularity: info.dates.takenGranularity ?? 0,
        date_taken_unknown: info.dates.takenUnknown ? 1 : 0,
      }),
      // Others' photos show their original secret only where the owner allows downloads.
      ...(info.originalSecret === undefined ? {} : {
        original_secret: info.originalSecret,
        original_format: info.originalFormat ?? null,
      }),
    } satisfies Omit<ItemPatch, "id">,
  );
  Object.assign(
    out.patch,
    {
      info_json: JSON.stringify(info.raw),
      info_last_update: lastUpdate,
      has_people: info.hasPeople === undefined ? null : info.hasPeople ? 1 : 0,
      can_download: bit(info.usage.canDownload),
      duration: info.video?.duration === undefined ? null : Math.round(info.video.duration),
      photopage_url: info.urls.find((u) => u.type === "photopage")?.url ?? null,
      neighbourhood: loc?.neighbourhood?.name ?? null,
      locality: loc?.locality?.name ?? null,
      county: loc?.county?.name ?? null,
      region: loc?.region?.name ?? null,
      country: loc?.country?.name ?? null,
      // The tags (or the original) may have changed: check the checksum tag again.
      checksum_md5_status: null,
    } satisfies Omit<ItemPatch, "id">,
  );
  // An answer without a notes or tags element says nothing about them: the stored ones stay.
  out.notes = info.notes?.map((n) => ({
    id: n.id,
    author: n.author ?? null,
    authorname: n.authorName ?? null,
    x: n.x,
    y: n.y,
    w: n.w,
    h: n.h,
    text: n.text,
  }));
  out.tags = info.tags?.map((t) => ({
    tag: t.tag,
    raw: t.raw,
    author: t.author ?? null,
    is_machine: t.machineTag ? 1 : 0,
  }));
  out.people.push(...othersOnly((info.notes ?? []).map(personFromNote), ctx.userNsid));
  if (w.is_mine === 0) out.people.push(...othersOnly([personFromInfoOwner(info)], ctx.userNsid));
}

function commentRow(c: Comment): ChildRows<NewComment> {
  return {
    id: c.id,
    author: c.author,
    authorname: c.authorName ?? null,
    realname: c.realName ?? null,
    author_is_deleted: c.authorIsDeleted ? 1 : 0,
    date_create: c.dateCreate ?? null,
    permalink: c.permalink ?? null,
    html: c.html,
    raw_json: JSON.stringify(c.raw),
  };
}

/**
 * The comments of an item. After a rise, only comments since the newest stored one are fetched
 * (Flickr's `min_comment_date` is inclusive) and merged by id; a merge that does not reach the
 * listing's count (a comment deleted meanwhile) falls back to fetching them all.
 */
async function fetchComments(ctx: ArchiveContext, w: DetailsWork): Promise<Comment[]> {
  if (
    w.comments_synced !== null && w.count_comments !== null && w.count_comments > w.comments_synced
  ) {
    const stored = await ctx.catalog.db.selectFrom("comments").selectAll()
      .where("item_id", "=", w.id).execute();
    // A stored comment whose date is unknown cannot bound the fetch; the dated ones can.
    const dates = stored.flatMap((c) => c.date_create === null ? [] : [c.date_create]);
    if (dates.length > 0) {
      const since = Math.max(...dates);
      const fresh = parseComments(
        await ctx.client.call("flickr.photos.comments.getList", {
          photo_id: w.id,
          min_comment_date: since,
        }),
      );
      const merged = new Map<string, Comment>();
      for (const c of stored) {
        merged.set(c.id, parseComments({ comments: { comment: [JSON.parse(c.raw_json)] } })[0]);
      }
      for (const c of fresh) merged.set(c.id, c);
      if (merged.size === w.count_comments) {
        return [...merged.values()].sort((a, b) =>
          (a.dateCreate ?? 0) - (b.dateCreate ?? 0) || a.id.localeCompare(b.id)
        );
      }
    }
  }
  return await ctx.client.commentsGetList(w.id);
}

/** How often a short non-final page of faves is asked for again. */
const SHORT_PAGE_RETRIES = 2;

/** The faves fetched, and whether they add up to what Flickr counts. */
interface FetchedFaves {
  faves: FavoritePerson[];
  complete: boolean;
  /** Flickr's total (getFavorites' own, else the listing's count). */
  total?: number;
}

/**
 * The people who faved an item, newest first. After a rise, paging stops at the first page that
 * reaches someone already stored, when the new ones and the stored ones add up to the count.
 * Short non-final pages are asked for again; when what was listed still falls short of Flickr's
 * total, the whole list is paged once more, and failing that it is marked incomplete.
 */
async function fetchFaves(ctx: ArchiveContext, w: DetailsWork): Promise<FetchedFaves> {
  let fetched = await pageFaves(ctx, w);
  if (!fetched.complete) fetched = await pageFaves(ctx, w, fetched.faves);
  return fetched;
}

async function pageFaves(
  ctx: ArchiveContext,
  w: DetailsWork,
  earlier: FavoritePerson[] = [],
): Promise<FetchedFaves> {
  const known = new Map<string, FavoritePerson>();
  if (w.faves_synced !== null && w.count_faves !== null && w.count_faves > w.faves_synced) {
    const stored = await ctx.catalog.db.selectFrom("faves").select(["nsid", "fave_date"])
      .where("item_id", "=", w.id).execute();
    for (const f of stored) {
      known.set(f.nsid, {
        nsid: f.nsid,
        faveDate: f.fave_date ?? undefined,
        raw: { nsid: f.nsid },
      });
    }
  }
  const fetched = new Map<string, FavoritePerson>(earlier.map((p) => [p.nsid, p]));
  let total: number | undefined;
  for (let page = 1;; page++) {
    let answer = await ctx.client.getFavorites(w.id, page);
    const isShort = () => answer.page < answer.pages && answer.items.length < answer.perPage;
    for (let retry = 0; retry < SHORT_PAGE_RETRIES && isShort(); retry++) {
      // The answer asked again leads (in Flickr's order); what only the earlier one had follows.
      const again = await ctx.client.getFavorites(w.id, page);
      const merged = new Map(again.items.map((p) => [p.nsid, p]));
      for (const p of answer.items) if (!merged.has(p.nsid)) merged.set(p.nsid, p);
      answer = { ...again, items: [...merged.values()] };
    }
    total = answer.total;
    for (const p of answer.items) fetched.set(p.nsid, p);
    if (known.size > 0 && answer.items.some((p) => known.has(p.nsid))) {
      const merged = new Map(fetched);
      for (const [nsid, p] of known) if (!merged.has(nsid)) merged.set(nsid, p);
      if (merged.size === w.count_faves) {
        const faves = [...merged.values()].sort((a, b) => (b.faveDate ?? 0) - (a.faveDate ?? 0));
        return { faves, complete: true, total };
      }
      known.clear();
    }
    if (answer.page >= answer.pages || answer.items.length === 0) break;
  }
  total ??= w.count_faves ?? undefined;
  return {
    faves: [...fetched.values()],
    complete: total === undefined || fetched.size >= total,
    total,
  };
}

/** Writes one batch of results in one transaction. */
async function writeDetails(ctx: ArchiveContext, batch: ItemDetails[]): Promise<void> {
  if (batch.length === 0) return;
  const pick = <T>(key: "notes" | "tags" | "comments" | "faves" | "photoPeople") => {
    const map = new Map<string, T[]>();
    for (const d of batch) {
      const rows = d[key];
      if (rows) map.set(d.id, rows as T[]);
    }
    return map;
  };
  const searchable = batch.filter((d) => d.tags || d.comments).map((d) => d.id);
  await inTransaction(ctx.catalog.db, async (trx) => {
    await upsertPeople(trx, batch.flatMap((d) => d.people));
    await replaceNotesBulk(trx, pick("notes"));
    await replaceTagsBulk(trx, pick("tags"));
    await replaceCommentsBulk(trx, pick("comments"));
    await replaceFavesBulk(trx, pick("faves"));
    await replacePhotoPeopleBulk(trx, pick("photoPeople"));
    await saveApiResponses(trx, batch.flatMap((d) => d.responses));
    await updateItems(trx, batch.map((d) => d.patch));
    await refreshSearch(trx, searchable);
  });
  for (const id of searchable) ctx.searchIndexed?.add(id);
}
