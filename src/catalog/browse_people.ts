/**
 * Read queries for people: everyone who commented, faved or was tagged, and what each said.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";
import {
  decodeCursor,
  gridColumns,
  type GridItem,
  gridJoins,
  listPage,
  type ListRef,
  type Page,
  toGridItem,
  toPage,
} from "./browse.ts";

/** A person as shown in lists. */
export interface PersonSummary {
  nsid: string;
  username: string | null;
  realname: string | null;
  /** The name to show: real name, else username, else the NSID. */
  name: string;
  location: string | null;
  pathAlias: string | null;
  isDeleted: boolean;
  hasAvatar: boolean;
  comments: number;
  faves: number;
  tagged: number;
  /** Others' photos of theirs that the account faved. */
  favorites: number;
}

interface PersonRow {
  nsid: string;
  username: string | null;
  realname: string | null;
  location: string | null;
  path_alias: string | null;
  is_deleted: number;
  has_avatar: number;
  comments: number;
  faves: number;
  tagged: number;
  favorites: number;
  sort_name: string;
}

/** The name people are sorted by: the one {@link displayName} shows (a blank name is none). */
const sortName =
  sql`lower(COALESCE(NULLIF(trim(p.realname), ''), NULLIF(trim(p.username), ''), p.nsid))`;

// INDEXED BY: the account's own items all share one owner, so SQLite's statistics call the owner
// index unselective and it would scan every item for each person.
const personSelect = sql`SELECT p.nsid, p.username, p.realname, p.location, p.path_alias,
    p.is_deleted, (p.avatar_path IS NOT NULL) AS has_avatar,
    (SELECT count(*) FROM comments c WHERE c.author = p.nsid) AS comments,
    (SELECT count(*) FROM faves f WHERE f.nsid = p.nsid) AS faves,
    (SELECT count(*) FROM photo_people pp WHERE pp.nsid = p.nsid) AS tagged,
    (SELECT count(*) FROM items i INDEXED BY items_owner
      WHERE i.owner = p.nsid AND i.is_favorite_of_mine = 1) AS favorites,
    ${sortName} AS sort_name
  FROM people p`;

/** The name to show for a person. */
export function displayName(
  p: { realname: string | null; username: string | null; nsid: string },
): string {
  return p.realname?.trim() || p.username?.trim() || p.nsid;
}

function toPerson(r: PersonRow): PersonSummary {
  return {
    nsid: r.nsid,
    username: r.username,
    realname: r.realname,
    name: displayName(r),
    location: r.location,
    pathAlias: r.path_alias,
    isDeleted: r.is_deleted === 1,
    hasAvatar: r.has_avatar === 1,
    comments: Number(r.comments),
    faves: Number(r.faves),
    tagged: Number(r.tagged),
    favorites: Number(r.favorites),
  };
}

/** Everyone who commented on, faved or was tagged in an archived item, by name. */
export async function listPeople(
  db: Kysely<Database>,
  opts: { after?: string | null; limit?: number } = {},
): Promise<Page<PersonSummary>> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  let position = sql`1 = 1`;
  if (opts.after) {
    const [key, nsid] = decodeCursor(opts.after);
    position = sql`(${sortName} > ${key} OR (${sortName} = ${key} AND p.nsid > ${nsid}))`;
  }
  // Pick the page first (name order only), then count activity for those few people: counting
  // for everyone before sorting costs four subqueries per person in the archive.
  const { rows } = await sql<PersonRow>`${personSelect}
    WHERE p.nsid IN (SELECT p.nsid FROM people p
      WHERE (EXISTS (SELECT 1 FROM comments c WHERE c.author = p.nsid)
        OR EXISTS (SELECT 1 FROM faves f WHERE f.nsid = p.nsid)
        OR EXISTS (SELECT 1 FROM photo_people pp WHERE pp.nsid = p.nsid))
        AND ${position}
      ORDER BY ${sortName}, p.nsid LIMIT ${limit + 1})
    ORDER BY sort_name, p.nsid`.execute(db);
  return toPage(rows, limit, toPerson, (r) => [r.sort_name, r.nsid]);
}

/** One person, or null when the catalog has never heard of them. */
export async function getPerson(db: Kysely<Database>, nsid: string): Promise<PersonSummary | null> {
  const { rows } = await sql<PersonRow>`${personSelect} WHERE p.nsid = ${nsid}`.execute(db);
  return rows[0] ? toPerson(rows[0]) : null;
}

/** A comment a person left, with the item it is on. */
export interface PersonComment {
  id: string;
  html: string;
  dateCreate: number;
  permalink: string | null;
  item: GridItem;
}

/** What a person said, newest first, a page at a time. */
export async function personComments(
  db: Kysely<Database>,
  nsid: string,
  opts: { after?: string | null; limit?: number } = {},
): Promise<Page<PersonComment>> {
  const limit = Math.min(Math.max(opts.limit ?? 30, 1), 200);
  let position = sql`1 = 1`;
  if (opts.after) {
    const [key, id] = decodeCursor(opts.after);
    position = sql`(c.date_create < ${key} OR (c.date_create = ${key} AND c.id < ${id}))`;
  }
  const { rows } = await sql<
    Parameters<typeof toGridItem>[0] & {
      comment_id: string;
      html: string;
      date_create: number;
      permalink: string | null;
    }
  >`SELECT ${gridColumns}, c.id AS comment_id, c.html, c.date_create, c.permalink
    FROM comments c JOIN items i ON i.id = c.item_id ${gridJoins}
    WHERE c.author = ${nsid} AND ${position}
    ORDER BY c.date_create DESC, c.id DESC LIMIT ${limit + 1}`.execute(db);
  return toPage(rows, limit, (r) => ({
    id: r.comment_id,
    html: r.html,
    dateCreate: r.date_create,
    permalink: r.permalink,
    item: toGridItem(r),
  }), (r) => [r.date_create, r.comment_id]);
}

/** The lists of a person's page besides their comments. */
export const PERSON_SECTIONS = ["faved", "tagged", "favorites"] as const;
/** One of {@link PERSON_SECTIONS}. */
export type PersonSection = typeof PERSON_SECTIONS[number];

/** The list behind each section of a person's page. */
export function personList(section: PersonSection, nsid: string): ListRef {
  return section === "faved"
    ? { kind: "faved-by", nsid }
    : section === "tagged"
    ? { kind: "tagged", nsid }
    : { kind: "favorites-by", nsid };
}

/** What a person's page shows first: their latest comments and the first tiles of each list. */
export interface PersonOverview {
  comments: Page<PersonComment>;
  faved: Page<GridItem>;
  tagged: Page<GridItem>;
  favorites: Page<GridItem>;
}

/** Comments and tiles per section on a person's page; the rest is on the section's own pages. */
export const PERSON_FIRST = { comments: 20, tiles: 24 };

/** The first of everything a person's page shows (the viewer's and the static site's). */
export async function personOverview(
  db: Kysely<Database>,
  nsid: string,
): Promise<PersonOverview> {
  const first = (section: PersonSection) =>
    listPage(db, personList(section, nsid), { limit: PERSON_FIRST.tiles });
  const [comments, faved, tagged, favorites] = await Promise.all([
    personComments(db, nsid, { limit: PERSON_FIRST.comments }),
    first("faved"),
    first("tagged"),
    first("favorites"),
  ]);
  return { comments, faved, tagged, favorites };
}
