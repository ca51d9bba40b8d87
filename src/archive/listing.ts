/**
 * The listing phase: the whole account with `flickr.people.getPhotos` (500 a page) and the
 * person's favourites with `flickr.favorites.getList`, written to `items` page by page.
 *
 * Flickr's paging quirks handled here (flickr-api.md, "Listing everything with few calls"):
 * - stop on `page >= pages`, never on an empty page (a page past the end repeats the last);
 * - non-final pages sometimes come back short: they are fetched again (twice at most) and the
 *   answers merged; ids are de-duplicated;
 * - the distinct ids are reconciled against the listing's own `total` (no `people.getInfo` call):
 *   where they disagree, the gap around each short page, or failing that the whole account, is
 *   listed again by upload-date windows (`min_upload_date`/`max_upload_date`, both inclusive),
 *   bisected until every window's count agrees, so nothing is silently missed.
 *
 * Only a complete listing may conclude that something is gone: own items absent from it are
 * marked deleted on Flickr (kept, never removed locally), favourites absent from it lose
 * `is_favorite_of_mine` (the row and its files stay; the photo is simply no longer among the
 * person's favourites, or its owner deleted it, which Flickr does not tell apart). An incomplete
 * listing changes neither.
 * @module
 */
import type { Kysely } from "kysely";
import type { Database } from "../catalog/schema.ts";
import { chunks, markDeleted, upsertItems } from "../catalog/writes.ts";
import { LISTING_EXTRAS, MAX_PER_PAGE } from "../flickr/client.ts";
import { parsePhotoList } from "../flickr/responses.ts";
import type { ListedPhoto, PhotoList } from "../flickr/types.ts";
import type { ArchiveContext } from "./context.ts";
import { listedToItem, type ListingSource, wwwOrigin } from "./rows.ts";
import { countOf } from "../units.ts";

/**
 * The listing's extras: every useful one, plus the sizes the originals phase may need beyond the
 * defaults (`url_n`, `url_m`, `url_c` for a display copy of smaller photos, `url_h`/`url_k` as the
 * largest permitted copy of favourites whose owner disabled downloads).
 */
export const ARCHIVE_EXTRAS: string = `${LISTING_EXTRAS},url_n,url_m,url_c,url_h,url_k`;

/** How often a short non-final page is fetched again. */
const SHORT_PAGE_RETRIES = 2;

/** What one listing (own photos, or favourites) found. */
export interface ListingOutcome {
  source: ListingSource;
  /** Distinct ids listed. */
  ids: Set<string>;
  /** The count Flickr gave (`total` of the last page); undefined when the answers did not say. */
  total?: number;
  /** Every id Flickr counted was listed: only then may absence mean deletion. */
  complete: boolean;
  /** API calls spent. */
  calls: number;
}

/** What the listing phase did. */
export interface ListingPhaseResult {
  own: ListingOutcome;
  favorites: ListingOutcome;
  /** Items whose row is new or changed in this run (for the search index). */
  touched: Set<string>;
  /** Items first seen in this run. */
  added: number;
  /** Own items newly marked deleted on Flickr. */
  deleted: number;
  /** Favourites no longer among the person's favourites. */
  unfaved: number;
}

/** Options of {@link runListing}. */
export interface RunListingOptions {
  /**
   * Page 1 of the own listing, already fetched (the pipeline's first call, which also proves the
   * sign-in): it is used rather than fetched again.
   */
  firstOwnPage?: PhotoList;
  /** Items per page (default and most: 500); smaller pages let tests exercise paging. */
  perPage?: number;
}

/**
 * Fetches one page of the account's own photos with {@link ARCHIVE_EXTRAS}, optionally within
 * upload-date bounds (unix seconds, inclusive).
 */
export function fetchOwnPage(
  ctx: Pick<ArchiveContext, "client">,
  page: number,
  window: { min?: number; max?: number } = {},
  perPage: number = MAX_PER_PAGE,
): Promise<PhotoList> {
  return ctx.client.getPhotos({
    page,
    perPage,
    extras: ARCHIVE_EXTRAS,
    minUploadDate: window.min,
    maxUploadDate: window.max,
  });
}

/** Writes listed items as they arrive: one transaction per page, unchanged rows skipped. */
class ItemWriter {
  readonly touched = new Set<string>();
  added = 0;
  readonly #www: string;

  constructor(readonly ctx: ArchiveContext, origin: string | undefined) {
    this.#www = wwwOrigin(origin);
  }

  async write(source: ListingSource, items: readonly ListedPhoto[]): Promise<void> {
    if (items.length === 0) return;
    const now = new Date().toISOString();
    const rows = items.map((p) =>
      listedToItem(p, { source, userNsid: this.ctx.userNsid, now, wwwOrigin: this.#www })
    );
    await this.ctx.catalog.db.transaction().execute(async (trx) => {
      const stored = await storedState(trx, rows.map((r) => r.id));
      const changed = rows.filter((r) => {
        const before = stored.get(r.id);
        if (!before) return true;
        // Own items are never turned into favourites by a stray listing entry.
        if (before.is_mine === 1 && source === "favorites") return false;
        return before.listing_json !== r.listing_json || before.deleted_on_flickr !== 0 ||
          (source === "favorites" && before.is_favorite_of_mine !== 1);
      });
      for (const r of changed) {
        if (!stored.has(r.id)) this.added++;
        this.touched.add(r.id);
      }
      await upsertItems(trx, changed);
    });
  }
}

async function storedState(db: Kysely<Database>, ids: readonly string[]) {
  const out = new Map<
    string,
    {
      listing_json: string;
      deleted_on_flickr: number;
      is_favorite_of_mine: number;
      is_mine: number;
    }
  >();
  for (const part of chunks(ids, 1)) {
    const rows = await db.selectFrom("items")
      .select(["id", "listing_json", "deleted_on_flickr", "is_favorite_of_mine", "is_mine"])
      .where("id", "in", part).execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** An upload-date (own) or fave-date (favourites) window, unix seconds, both ends inclusive. */
export interface DateWindow {
  min?: number;
  max?: number;
}

/** How to list one source: its pages (optionally within a date window) and each item's date. */
interface Source {
  source: ListingSource;
  /** "photos" or "favourites", for messages. */
  noun: string;
  perPage: number;
  fetchPage(page: number, window: DateWindow): Promise<PhotoList>;
  /** The date the listing is ordered by (newest first) and windows filter on. */
  dateOf(p: ListedPhoto): number | undefined;
}

/** One pass over a paged listing. */
interface Pass {
  /** Distinct ids seen in this pass. */
  ids: Set<string>;
  /** Flickr's count, when the answers gave one. */
  total?: number;
  /** Pages still short after retries, as the date windows around them. */
  gaps: DateWindow[];
}

/**
 * Pages through a listing: stops on `page >= pages`, fetches short non-final pages again and
 * merges the answers, hands each page's items to `onItems` as it arrives.
 */
async function pageThrough(
  src: Source,
  window: DateWindow,
  onItems: (items: ListedPhoto[]) => Promise<void>,
  opts: { first?: PhotoList; onPage?: (page: PhotoList) => void; signal?: AbortSignal } = {},
): Promise<Pass> {
  const ids = new Set<string>();
  const pass: Pass = { ids, gaps: [] };
  /** Newest and oldest date of each page, to bound the gap around a short page. */
  const bounds: { first?: number; last?: number; short: boolean }[] = [];
  let prefetched: Promise<PhotoList> | undefined;
  for (let page = 1;; page++) {
    opts.signal?.throwIfAborted();
    let answer = page === 1 && opts.first
      ? opts.first
      : await (prefetched ?? src.fetchPage(page, window));
    prefetched = undefined;
    opts.onPage?.(answer);
    const merged = new Map(answer.items.map((p) => [p.id, p]));
    const isShort = () => answer.page < answer.pages && merged.size < answer.perPage;
    for (let retry = 0; retry < SHORT_PAGE_RETRIES && isShort(); retry++) {
      const again = await src.fetchPage(page, window);
      for (const p of again.items) if (!merged.has(p.id)) merged.set(p.id, p);
      answer = { ...again, items: [...merged.values()] };
    }
    const items = [...merged.values()];
    for (const p of items) ids.add(p.id);
    // The next page is asked for while this one is written: otherwise the catalog's writes and
    // Flickr's answer take turns, and at 30,000 items the phase waited 3 of its 7 s on the answer.
    // Only a page the loop would ask for anyway (a listing is read to its last page).
    if (answer.page < answer.pages) {
      prefetched = src.fetchPage(page + 1, window);
      prefetched.catch(() => {}); // awaited at the next page; a write failing first ends the pass
      // A turn of the event loop sends the request: the writes below hold this thread, and the
      // request would otherwise leave only when they are done.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await onItems(items);
    const dates = items.map(src.dateOf).filter((d): d is number => d !== undefined);
    bounds.push({
      first: dates.length ? Math.max(...dates) : undefined,
      last: dates.length ? Math.min(...dates) : undefined,
      short: isShort(),
    });
    pass.total = answer.total;
    if (answer.page >= answer.pages) break;
  }
  // Listings are newest first: what a short page missed is dated between the last item of the
  // page before it and the first item of the page after it (or the window's own ends).
  for (let k = 0; k < bounds.length; k++) {
    if (!bounds[k].short) continue;
    pass.gaps.push({
      max: bounds[k - 1]?.last ?? window.max,
      min: bounds[k + 1]?.first ?? window.min,
    });
  }
  return pass;
}

/**
 * Lists a source, reconciled against Flickr's count: where the distinct ids fall short of `total`,
 * the gaps around short pages (or, when none was seen, everything) are listed again by date
 * windows. Items are written through `writer` as they arrive.
 */
async function listSource(
  ctx: ArchiveContext,
  writer: ItemWriter,
  src: Source,
  first?: PhotoList,
): Promise<ListingOutcome> {
  const onItems = (items: ListedPhoto[]) => writer.write(src.source, items);
  const before = ctx.client.stats.calls;
  let planned = false;
  const pass = await pageThrough(src, {}, onItems, {
    first,
    signal: ctx.signal,
    onPage: (answer) => {
      if (!planned) {
        planned = true;
        ctx.progress.planMore(Math.max(0, answer.pages - 1));
      }
      ctx.progress.advance(1, 1);
    },
  });
  const ids = pass.ids;
  // Without Flickr's count nothing can be reconciled, and nothing concluded from absence.
  const total = pass.total ?? Infinity;
  if (pass.total !== undefined && ids.size < pass.total) {
    ctx.progress.note(
      `listing: ${pass.total - ids.size} of ${pass.total} ${src.noun} missing from the pages; ` +
        "listing them again by date",
    );
    const windows = pass.gaps.length > 0 ? mergeWindows(pass.gaps) : [{}];
    // An item Flickr counts but never lists (it happens) must not cost a bisection every run.
    const limit = ctx.client.stats.calls + Math.max(16, 2 * Math.ceil(pass.total / src.perPage));
    for (const w of windows) {
      await listWindow(ctx, src, onItems, ids, w.min ?? 0, w.max ?? nowPlusADay(), limit);
      if (ids.size >= pass.total || ctx.client.stats.calls >= limit) break;
    }
  }
  const complete = ids.size >= total;
  if (!complete) {
    ctx.progress.note(
      pass.total === undefined
        ? `listing: Flickr gave no count of the ${src.noun}; none is marked gone in this run`
        : `listing: only ${ids.size} of ${pass.total} ${src.noun} could be listed; ` +
          "none is marked gone in this run",
    );
  }
  const calls = ctx.client.stats.calls - before;
  return { source: src.source, ids, total: pass.total, complete, calls };
}

/**
 * Lists one date window (inclusive bounds) into `ids`; when its count disagrees with what was
 * listed, bisects it, as long as the reconciliation's call limit allows.
 */
async function listWindow(
  ctx: ArchiveContext,
  src: Source,
  onItems: (items: ListedPhoto[]) => Promise<void>,
  ids: Set<string>,
  min: number,
  max: number,
  callLimit: number,
): Promise<void> {
  ctx.signal.throwIfAborted();
  if (ctx.client.stats.calls >= callLimit) return;
  const pass = await pageThrough(src, { min, max }, onItems, {
    signal: ctx.signal,
    onPage: () => ctx.progress.advance(0, 1),
  });
  for (const id of pass.ids) ids.add(id);
  if (pass.total === undefined || pass.ids.size >= pass.total || min >= max) return;
  const mid = Math.floor((min + max) / 2);
  await listWindow(ctx, src, onItems, ids, min, mid, callLimit);
  await listWindow(ctx, src, onItems, ids, mid + 1, max, callLimit);
}

function nowPlusADay(): number {
  return Math.floor(Date.now() / 1000) + 86_400;
}

/** Sorts windows and merges overlapping ones (an unbounded side stays unbounded). */
export function mergeWindows(windows: readonly DateWindow[]): DateWindow[] {
  const lo = (w: DateWindow) => w.min ?? -Infinity;
  const hi = (w: DateWindow) => w.max ?? Infinity;
  const sorted = [...windows].sort((a, b) => lo(a) - lo(b));
  const out: DateWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && lo(w) <= hi(last)) {
      if (w.max === undefined) delete last.max;
      else if (hi(w) > hi(last)) last.max = w.max;
    } else {
      out.push({ ...w });
    }
  }
  return out;
}

/** The account's own photos and videos: people.getPhotos by upload date. */
function ownSource(ctx: ArchiveContext, perPage: number): Source {
  return {
    source: "own",
    noun: "photos and videos",
    perPage,
    fetchPage: (page, window) => fetchOwnPage(ctx, page, window, perPage),
    dateOf: (p) => p.dateUpload,
  };
}

/**
 * The person's favourites: favorites.getList by fave date (`min_fave_date`/`max_fave_date`,
 * which the client's typed wrapper does not take, hence the raw call and the same parser).
 */
function favoritesSource(ctx: ArchiveContext, perPage: number): Source {
  return {
    source: "favorites",
    noun: "favourites",
    perPage,
    fetchPage: async (page, window) => {
      if (window.min === undefined && window.max === undefined) {
        return await ctx.client.favoritesGetList({ page, perPage, extras: ARCHIVE_EXTRAS });
      }
      return parsePhotoList(
        await ctx.client.call("flickr.favorites.getList", {
          extras: ARCHIVE_EXTRAS,
          per_page: perPage,
          page,
          min_fave_date: window.min,
          max_fave_date: window.max,
        }),
      );
    },
    dateOf: (p) => p.dateFaved,
  };
}

/** Own items in the catalog, still on Flickr, that a complete listing did not name. */
async function absentOwn(ctx: ArchiveContext, listed: Set<string>): Promise<string[]> {
  const rows = await ctx.catalog.db.selectFrom("items").select("id")
    .where("is_mine", "=", 1).where("deleted_on_flickr", "=", 0).execute();
  return rows.map((r) => r.id).filter((id) => !listed.has(id));
}

/** Clears `is_favorite_of_mine` of favourites a complete listing no longer names. */
async function dropUnfaved(ctx: ArchiveContext, listed: Set<string>): Promise<string[]> {
  const { db } = ctx.catalog;
  const rows = await db.selectFrom("items").select("id")
    .where("is_mine", "=", 0).where("is_favorite_of_mine", "=", 1).execute();
  const gone = rows.map((r) => r.id).filter((id) => !listed.has(id));
  if (gone.length === 0) return gone;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const part of chunks(gone, 1)) {
      await trx.updateTable("items").set({ is_favorite_of_mine: 0, updated_at: now })
        .where("id", "in", part).execute();
    }
  });
  return gone;
}

/**
 * The listing phase: own photos, then favourites, each written to the catalog page by page; then,
 * for each listing that is complete, what it no longer names (see the module doc).
 *
 * API calls: one per page (plus retries of short pages, and upload-date windows only when the
 * count disagrees). No `flickr.test.login`, no `flickr.people.getInfo`.
 */
export async function runListing(
  ctx: ArchiveContext,
  opts: RunListingOptions & { origin?: string } = {},
): Promise<ListingPhaseResult> {
  const writer = new ItemWriter(ctx, opts.origin);
  ctx.progress.phase("listing", {
    total: opts.firstOwnPage ? opts.firstOwnPage.pages + 1 : 2,
    unit: "pages",
    plannedCalls: opts.firstOwnPage ? 1 : 2,
  });
  const perPage = opts.perPage ?? MAX_PER_PAGE;
  const own = await listSource(ctx, writer, ownSource(ctx, perPage), opts.firstOwnPage);
  const favorites = await listSource(ctx, writer, favoritesSource(ctx, perPage));

  let deleted = 0;
  if (own.complete) {
    const absent = await absentOwn(ctx, own.ids);
    deleted = await markDeleted(ctx.catalog.db, absent);
    for (const id of absent) writer.touched.add(id);
  }
  let unfaved = 0;
  if (favorites.complete) unfaved = (await dropUnfaved(ctx, favorites.ids)).length;

  const parts = [
    countOf(own.ids.size, "photos and videos"),
    countOf(favorites.ids.size, "favourites"),
    `${writer.added} new`,
  ];
  if (deleted) parts.push(`${deleted} deleted on Flickr (kept here)`);
  if (unfaved) parts.push(`${unfaved} no longer among your favourites (kept here)`);
  ctx.progress.note(`listing: ${parts.join(", ")}`);
  return { own, favorites, touched: writer.touched, added: writer.added, deleted, unfaved };
}
