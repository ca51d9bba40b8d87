// Long on purpose: every list shares one definition for its pages, its cursor and its neighbours.
/**
 * Read queries for the viewer's lists: the photostream, favourites, albums, tags, groups, a person's
 * faves and tags. Every list pages with a keyset cursor (never OFFSET), so page 500 costs what
 * page 1 costs, and the same list definition gives a photo's previous and next neighbours.
 * @module
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "./schema.ts";

/** A thumbnail file of an item, served by file id. */
export interface Thumb {
  fileId: number;
  sha256: string;
  width: number | null;
  height: number | null;
}

/** One tile of a grid. */
export interface GridItem {
  id: string;
  media: string;
  title: string;
  owner: string;
  ownerName: string | null;
  dateTaken: string | null;
  dateTakenGranularity: number;
  dateTakenUnknown: boolean;
  dateUploaded: number | null;
  duration: number | null;
  deletedOnFlickr: boolean;
  needsManualDownload: boolean;
  thumb: Thumb | null;
}

/** One page of a list and the cursor of the next page (null at the end). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * Turns the rows of a keyset query that asked for `limit + 1` rows into a page: the extra row
 * only says that there is a next page, whose cursor is the last kept row's position.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  position: (row: R) => [Key, string],
): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return {
    items: kept.map(map),
    next: more && last ? encodeCursor(...position(last)) : null,
  };
}

/** A cursor that does not decode: the request is bad, not the catalog. */
export class BadCursorError extends Error {
  constructor(cursor: string) {
    super(`Cannot read the page cursor '${cursor.slice(0, 40)}'`);
    this.name = "BadCursorError";
  }
}

type Key = string | number | null;

/** Encodes a keyset position (sort key and tie-breaking id) as an opaque URL-safe string. */
export function encodeCursor(key: Key, id: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify([key, id]));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes {@link encodeCursor}; throws {@link BadCursorError} on anything else. */
export function decodeCursor(cursor: string): [Key, string] {
  try {
    const bin = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const value = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))),
    );
    if (
      Array.isArray(value) && value.length === 2 && typeof value[1] === "string" &&
      (value[0] === null || typeof value[0] === "string" || typeof value[0] === "number")
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw new BadCursorError(cursor);
}

/**
 * A list the viewer pages through: which rows (`from` joined with `items i`, filtered by `where`)
 * and in which order (`k1` then the item id `id`, both in `dir`). `nullable` says `k1` may be NULL;
 * NULLs come last in a descending list, as SQLite sorts them. `id` is `i.id` unless the list's
 * index holds the item id under another name (`tg.item_id`): SQLite only walks an index in order
 * when the ORDER BY names its columns.
 */
export interface ListSpec {
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
  k1: RawBuilder<unknown>;
  id: RawBuilder<unknown>;
  dir: "asc" | "desc";
  nullable: boolean;
}

/** The lists a photo page can be opened from, written in its `?in=` parameter. */
export type ListRef =
  | { kind: "stream"; order: "taken" | "uploaded" }
  | { kind: "favorites" }
  | { kind: "album"; id: string }
  | { kind: "tag"; tag: string }
  | { kind: "group"; id: string }
  | { kind: "faved-by"; nsid: string }
  | { kind: "tagged"; nsid: string }
  | { kind: "favorites-by"; nsid: string };

/** `?in=` value of a list: `taken`, `album:123`, `tag:sunset`... */
export function listRefParam(ref: ListRef): string {
  switch (ref.kind) {
    case "stream":
      return ref.order;
    case "favorites":
      return "favorites";
    case "album":
    case "group":
      return `${ref.kind}:${ref.id}`;
    case "tag":
      return `tag:${ref.tag}`;
    case "faved-by":
    case "tagged":
    case "favorites-by":
      return `${ref.kind}:${ref.nsid}`;
  }
}

/** Reads an `?in=` value; null when it names no list. */
export function parseListRef(value: string | undefined | null): ListRef | null {
  if (!value) return null;
  if (value === "taken" || value === "uploaded") return { kind: "stream", order: value };
  if (value === "favorites") return { kind: "favorites" };
  const i = value.indexOf(":");
  if (i < 1) return null;
  const kind = value.slice(0, i);
  const arg = value.slice(i + 1);
  if (!arg) return null;
  switch (kind) {
    case "album":
      return { kind: "album", id: arg };
    case "group":
      return { kind: "group", id: arg };
    case "tag":
      return { kind: "tag", tag: arg };
    case "faved-by":
      return { kind: "faved-by", nsid: arg };
    case "tagged":
      return { kind: "tagged", nsid: arg };
    case "favorites-by":
      return { kind: "favorites-by", nsid: arg };
  }
  return null;
}

/** The SQL of a list. */
export function listSpec(ref: ListRef): ListSpec {
  switch (ref.kind) {
    case "stream":
      return {
        from: sql`items i`,
        where: sql`i.is_mine = 1`,
        k1: ref.order === "taken" ? sql.raw("i.date_taken") : sql.raw("i.date_uploaded"),
        id: sql.raw("i.id"),
        dir: "desc",
        nullable: true,
      };
    case "favorites":
      return {
        from: sql`items i`,
        where: sql`i.is_favorite_of_mine = 1`,
        k1: sql.raw("i.faved_at"),
        id: sql.raw("i.id"),
        dir: "desc",
        nullable: true,
      };
    case "album":
      return {
        from: sql`album_items ai JOIN items i ON i.id = ai.item_id`,
        where: sql`ai.album_id = ${ref.id}`,
        k1: sql.raw("ai.position"),
        id: sql.raw("i.id"),
        dir: "asc",
        nullable: false,
      };
    case "tag":
      return {
        // tags.date_taken mirrors items.date_taken (triggers), so tags_tag walks the page in order.
        from: sql`tags tg JOIN items i ON i.id = tg.item_id`,
        where: sql`tg.tag = ${ref.tag}`,
        k1: sql.raw("tg.date_taken"),
        id: sql.raw("tg.item_id"),
        dir: "desc",
        nullable: true,
      };
    case "group":
      return {
        from: sql`group_items gi JOIN items i ON i.id = gi.item_id`,
        where: sql`gi.group_id = ${ref.id}`,
        k1: sql.raw("gi.date_added"),
        id: sql.raw("i.id"),
        dir: "desc",
        nullable: true,
      };
    case "faved-by":
      return {
        from: sql`faves f JOIN items i ON i.id = f.item_id`,
        where: sql`f.nsid = ${ref.nsid}`,
        k1: sql.raw("f.fave_date"),
        id: sql.raw("i.id"),
        dir: "desc",
        nullable: true,
      };
    case "tagged":
      return {
        from: sql`photo_people pp JOIN items i ON i.id = pp.item_id`,
        where: sql`pp.nsid = ${ref.nsid}`,
        k1: sql.raw("i.date_taken"),
        id: sql.raw("i.id"),
        dir: "desc",
        nullable: true,
      };
    case "favorites-by":
      return {
        // See browse_people.ts: statistics would otherwise steer SQLite off the owner index.
        from: sql`items i INDEXED BY items_owner`,
        where: sql`i.owner = ${ref.nsid} AND i.is_favorite_of_mine = 1`,
        k1: sql.raw("i.faved_at"),
        id: sql.raw("i.id"),
        dir: "desc",
        nullable: true,
      };
  }
}

/**
 * One stretch of a list that a single index range covers, with its order: the rows with a
 * non-NULL key, or the rows with a NULL key (ordered by id alone). Keeping them apart lets every
 * query seek in the list's index; a filter such as `k1 < ? OR k1 IS NULL`, or an ORDER BY on
 * `k1 IS NULL`, makes SQLite scan or sort the whole list instead.
 */
interface Segment {
  filter: RawBuilder<unknown>;
  order: RawBuilder<unknown>;
}

/** Where a walk starts: at the top, strictly past a row, or past a sort key. */
type Start =
  | { at: "top" }
  | { at: "row"; key: Key; id: string }
  | { at: "key"; key: string | number };

/**
 * The segments to read, in order, to walk the list from `start` forward (list order) or
 * backward. Descending lists hold their non-NULL keys first, ascending ones their NULL keys first
 * (SQLite's order for NULLs).
 */
function segments(spec: ListSpec, start: Start, forward: boolean): Segment[] {
  const { k1, id } = spec;
  const desc = (spec.dir === "desc") === forward;
  const dir = sql.raw(desc ? "DESC" : "ASC");
  const op = sql.raw(desc ? "<" : ">");
  const values: Segment = {
    filter: spec.nullable ? sql`${k1} IS NOT NULL` : sql`1 = 1`,
    order: sql`${k1} ${dir}, ${id} ${dir}`,
  };
  const nulls: Segment = { filter: sql`${k1} IS NULL`, order: sql`${id} ${dir}` };
  // In walking order: a descending walk meets the values first, an ascending one the NULLs.
  const parts: ("values" | "nulls")[] = !spec.nullable
    ? ["values"]
    : desc
    ? ["values", "nulls"]
    : ["nulls", "values"];
  const seg = (part: "values" | "nulls") => part === "values" ? values : nulls;
  if (start.at === "top") return parts.map(seg);
  if (start.at === "key") {
    // Past a key: the rest of the values, then the NULLs if they come after them.
    const rest: Segment = { filter: sql`${k1} ${op} ${start.key}`, order: values.order };
    return parts[0] === "values" ? [rest, ...parts.slice(1).map(seg)] : [rest];
  }
  const inPart = start.key === null && spec.nullable ? "nulls" : "values";
  const rest: Segment = inPart === "nulls"
    ? { filter: sql`${k1} IS NULL AND ${id} ${op} ${start.id}`, order: nulls.order }
    : {
      // A row value seeks in an index on (k1, id); NULL keys never compare, so they stay out.
      filter: sql`(${k1}, ${id}) ${op} (${start.key}, ${start.id})`,
      order: values.order,
    };
  return [rest, ...parts.slice(parts.indexOf(inPart) + 1).map(seg)];
}

interface GridRow {
  id: string;
  media: string;
  title: string;
  owner: string;
  owner_name: string | null;
  date_taken: string | null;
  date_taken_granularity: number;
  date_taken_unknown: number;
  date_uploaded: number | null;
  duration: number | null;
  deleted_on_flickr: number;
  needs_manual_download: number;
  thumb_id: number | null;
  thumb_sha256: string | null;
  thumb_w: number | null;
  thumb_h: number | null;
  k1: Key;
}

/** Columns of a grid tile, over `items i` with the thumbnail `t` and owner `o` joined. */
export const gridColumns = sql`i.id, i.media, i.title, i.owner,
  COALESCE(NULLIF(o.realname, ''), o.username) AS owner_name,
  i.date_taken, i.date_taken_granularity, i.date_taken_unknown, i.date_uploaded, i.duration,
  i.deleted_on_flickr, i.needs_manual_download,
  t.id AS thumb_id, t.sha256 AS thumb_sha256, t.width AS thumb_w, t.height AS thumb_h`;

/** Joins for {@link gridColumns}. */
export const gridJoins =
  sql`LEFT JOIN files t ON t.item_id = i.id AND t.kind = 'thumb' AND t.is_current = 1
  LEFT JOIN people o ON o.nsid = i.owner`;

/** Turns a row selected with {@link gridColumns} into a {@link GridItem}. */
export function toGridItem(r: Omit<GridRow, "k1">): GridItem {
  return {
    id: r.id,
    media: r.media,
    title: r.title,
    owner: r.owner,
    ownerName: r.owner_name,
    dateTaken: r.date_taken,
    dateTakenGranularity: r.date_taken_granularity,
    dateTakenUnknown: r.date_taken_unknown === 1,
    dateUploaded: r.date_uploaded,
    duration: r.duration,
    deletedOnFlickr: r.deleted_on_flickr === 1,
    needsManualDownload: r.needs_manual_download === 1,
    thumb: r.thumb_id === null ? null : {
      fileId: r.thumb_id,
      sha256: r.thumb_sha256 ?? "",
      width: r.thumb_w,
      height: r.thumb_h,
    },
  };
}

/** Options of {@link listPage}. */
export interface PageOptions {
  /** The `next` of the previous page. */
  after?: string | null;
  /** Rows per page (default 60, at most 500). */
  limit?: number;
  /**
   * Start below this sort key instead of at the top (descending lists): the timeline's jump to a
   * month passes e.g. `"2019-07~"` to start at the end of July 2019.
   */
  startBelow?: string | number;
}

/**
 * One page of a list, in list order.
 *
 * @example
 * ```ts
 * const first = await listPage(db, { kind: "stream", order: "taken" }, { limit: 60 });
 * const second = await listPage(db, { kind: "stream", order: "taken" }, { after: first.next });
 * ```
 */
export async function listPage(
  db: Kysely<Database>,
  ref: ListRef,
  opts: PageOptions = {},
): Promise<Page<GridItem>> {
  const spec = listSpec(ref);
  const limit = Math.min(Math.max(opts.limit ?? 60, 1), 500);
  let start: Start = { at: "top" };
  if (opts.after) {
    const [key, id] = decodeCursor(opts.after);
    start = { at: "row", key, id };
  } else if (opts.startBelow !== undefined) {
    start = { at: "key", key: opts.startBelow };
  }
  const rows: GridRow[] = [];
  for (const segment of segments(spec, start, true)) {
    const { rows: got } = await sql<GridRow>`SELECT ${gridColumns}, ${spec.k1} AS k1
      FROM ${spec.from} ${gridJoins}
      WHERE ${spec.where} AND ${segment.filter}
      ORDER BY ${segment.order}
      LIMIT ${limit + 1 - rows.length}`.execute(db);
    rows.push(...got);
    if (rows.length > limit) break;
  }
  return toPage(rows, limit, toGridItem, (r) => [r.k1, r.id]);
}

/** The items before and after one item in a list, for the photo page's arrows. */
export interface Neighbours {
  prev: string | null;
  next: string | null;
  /** False when the item is not in the list at all. */
  inList: boolean;
}

/** The previous and next item ids around `itemId` in the list `ref`. */
export async function neighbours(
  db: Kysely<Database>,
  ref: ListRef,
  itemId: string,
): Promise<Neighbours> {
  const spec = listSpec(ref);
  const { rows } = await sql<{ k1: Key }>`SELECT ${spec.k1} AS k1 FROM ${spec.from}
    WHERE ${spec.where} AND ${spec.id} = ${itemId} LIMIT 1`.execute(db);
  if (rows.length === 0) return { prev: null, next: null, inList: false };
  const start: Start = { at: "row", key: rows[0].k1, id: itemId };
  const one = async (forward: boolean) => {
    for (const segment of segments(spec, start, forward)) {
      const { rows } = await sql<{ id: string }>`SELECT ${spec.id} AS id FROM ${spec.from}
        WHERE ${spec.where} AND ${segment.filter}
        ORDER BY ${segment.order} LIMIT 1`.execute(db);
      if (rows[0]) return rows[0].id;
    }
    return null;
  };
  return { prev: await one(false), next: await one(true), inList: true };
}

/** How many of the account's own items the catalog holds (kept in `list_counts`, never counted). */
export async function ownItemCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("list_counts").select("count").where("list", "=", "mine")
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** One month of the timeline: `"2019-07"` and how many items it holds. */
export interface TimelineMonth {
  month: string;
  count: number;
}

/** Items per month of the photostream, newest first; `unknown` counts items without a date. */
export async function timeline(
  db: Kysely<Database>,
  order: "taken" | "uploaded",
): Promise<{ months: TimelineMonth[]; unknown: number }> {
  const month = order === "taken"
    ? sql`substr(date_taken, 1, 7)`
    : sql`strftime('%Y-%m', date_uploaded, 'unixepoch')`;
  const { rows } = await sql<{ month: string | null; count: number }>`SELECT ${month} AS month,
      count(*) AS count FROM items WHERE is_mine = 1 GROUP BY 1 ORDER BY 1 DESC`.execute(db);
  return {
    months: rows.filter((r) => r.month !== null).map((r) => ({
      month: r.month!,
      count: Number(r.count),
    })),
    unknown: Number(rows.find((r) => r.month === null)?.count ?? 0),
  };
}

/** The sort key below which a descending stream starts to show `YYYY-MM` first. */
export function monthStart(order: "taken" | "uploaded", month: string): string | number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  if (order === "taken") return `${month}~`; // '~' sorts after every digit and space
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  return Date.UTC(y, mo, 1) / 1000; // the first second of the next month
}
