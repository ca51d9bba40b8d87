/**
 * People: everyone who appears in the archive (commenters, favers, people tagged in photos, note
 * authors, owners of the person's favourites), each recorded with what the answers mentioning them
 * already said, and their buddy icon downloaded once, and again when a later answer names another
 * icon server for them (a new icon).
 *
 * `flickr.people.getInfo` is spent only on someone no answer described (a note's author, whom
 * getInfo names but without an icon), once ever: its answer, or its refusal (code 5 for a deleted
 * account), is kept in `people.info_json`.
 *
 * The account's owner is not a row of `people`: the archive is theirs (the simulator's truth counts
 * people "other than the owner" the same way).
 * @module
 */
import PQueue from "p-queue";
import { sql } from "kysely";
import type { NewPerson } from "../catalog/schema.ts";
import { upsertPeople } from "../catalog/writes.ts";
import { FlickrError } from "../flickr/client.ts";
import { parseListedPhoto } from "../flickr/responses.ts";
import type {
  Comment,
  FavoritePerson,
  Note,
  Person,
  PhotoInfo,
  PhotoPerson,
} from "../flickr/types.ts";
import { buddyIconUrl, hasOwnIcon } from "../flickr/urls.ts";
import { type ArchiveContext, downloadRetry } from "./context.ts";
import { downloadWithRetry } from "./download_retry.ts";
import { DownloadError } from "./download.ts";
import { sha256File } from "../files/hash.ts";
import { avatarPath, resolveInArchive } from "../tree/layout.ts";
import { feedQueue, keysetPages } from "./work_feed.ts";

/** Where the default icon (for everyone without one of their own) is kept, once. */
export const DEFAULT_AVATAR_PATH = "avatars/buddyicon.gif";

/** Parallel people.getInfo calls (the budget serialises them; this only hides latency). */
const API_CONCURRENCY = 4;

function stamp(): string {
  return new Date().toISOString();
}

function flag(value: boolean | undefined): number | undefined {
  return value === undefined ? undefined : value ? 1 : 0;
}

/** A person as a comment describes its author. */
export function personFromComment(c: Comment): NewPerson {
  return {
    nsid: c.author,
    username: c.authorName,
    realname: c.realName,
    path_alias: c.pathAlias,
    iconserver: c.iconServer,
    iconfarm: c.iconFarm,
    is_deleted: flag(c.authorIsDeleted),
    updated_at: stamp(),
  };
}

/** A person as photos.getFavorites describes them. */
export function personFromFave(p: FavoritePerson): NewPerson {
  return {
    nsid: p.nsid,
    username: p.username,
    realname: p.realName,
    path_alias: p.pathAlias,
    iconserver: p.iconServer,
    iconfarm: p.iconFarm,
    updated_at: stamp(),
  };
}

/** A person as photos.people.getList describes them. */
export function personFromPhotoPerson(p: PhotoPerson): NewPerson {
  return {
    nsid: p.nsid,
    username: p.username,
    realname: p.realName,
    path_alias: p.pathAlias,
    iconserver: p.iconServer,
    iconfarm: p.iconFarm,
    is_deleted: flag(p.isDeleted),
    updated_at: stamp(),
  };
}

/** A note's author: a name, but no icon (so people.getInfo may be needed later). */
export function personFromNote(n: Note): NewPerson | undefined {
  if (!n.author) return undefined;
  return {
    nsid: n.author,
    username: n.authorName,
    realname: n.authorRealName,
    is_deleted: flag(n.authorIsDeleted),
    updated_at: stamp(),
  };
}

/** A photo's owner as photos.getInfo describes them. */
export function personFromInfoOwner(info: PhotoInfo): NewPerson {
  const o = info.owner;
  return {
    nsid: o.nsid,
    username: o.username,
    realname: o.realName,
    location: o.location,
    path_alias: o.pathAlias,
    iconserver: o.iconServer,
    iconfarm: o.iconFarm,
    updated_at: stamp(),
  };
}

/** A person as people.getInfo describes them, with the answer kept. */
export function personFromInfo(p: Person): NewPerson {
  return {
    nsid: p.nsid,
    username: p.username,
    realname: p.realName,
    location: p.location,
    path_alias: p.pathAlias,
    // An answer without an icon still describes the person: Flickr's default icon then.
    iconserver: p.iconServer ?? "0",
    iconfarm: p.iconFarm ?? 0,
    ispro: flag(p.isPro),
    is_deleted: flag(p.isDeleted),
    info_json: JSON.stringify(p.raw),
    updated_at: stamp(),
  };
}

/** Drops the account's owner (not a row of `people`) and rows without an NSID. */
export function othersOnly(rows: readonly (NewPerson | undefined)[], owner: string): NewPerson[] {
  return rows.filter((r): r is NewPerson => r !== undefined && !!r.nsid && r.nsid !== owner);
}

/**
 * The people phase: records the owners of the person's favourites from their listing entries,
 * asks people.getInfo about anyone still undescribed (once ever), and downloads every buddy icon
 * not yet in the archive (the default icon once, shared by everyone without one of their own).
 */
export async function syncPeople(ctx: ArchiveContext): Promise<void> {
  await recordFavoriteOwners(ctx);
  await describeUndescribed(ctx);
  await downloadAvatars(ctx);
}

/** Owners of favourites, as the listing described them (`ownername`, `iconserver`...). */
async function recordFavoriteOwners(ctx: ArchiveContext): Promise<void> {
  const { db } = ctx.catalog;
  const rows = await db.selectFrom("items").select(["owner", "listing_json"])
    .where("is_mine", "=", 0)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("people").select("nsid").whereRef("people.nsid", "=", "items.owner")))
    )
    .execute();
  const people: NewPerson[] = [];
  for (const row of rows) {
    let listed;
    try {
      listed = parseListedPhoto(JSON.parse(row.listing_json));
    } catch {
      listed = undefined;
    }
    people.push({
      nsid: row.owner,
      username: listed?.ownerName,
      realname: listed?.realName,
      path_alias: listed?.pathAlias,
      iconserver: listed?.iconServer,
      iconfarm: listed?.iconFarm,
      updated_at: stamp(),
    });
  }
  await upsertPeople(db, othersOnly(people, ctx.userNsid));
}

/** people.getInfo for people no answer described (no icon known, never asked before). */
async function describeUndescribed(ctx: ArchiveContext): Promise<void> {
  const { db } = ctx.catalog;
  const undescribed = () =>
    db.selectFrom("people").where("iconserver", "is", null).where("info_json", "is", null)
      .where("nsid", "!=", ctx.userNsid);
  const total = Number(
    (await undescribed().select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n,
  );
  if (total === 0) return;
  ctx.progress.phase("people no answer described", {
    total,
    unit: "people",
    plannedCalls: total,
  });
  const todo = keysetPages(
    (after: string | undefined) =>
      undescribed().select("nsid").where("nsid", ">", after ?? "").orderBy("nsid").limit(PAGE)
        .execute(),
    (p) => p.nsid,
  );
  const queue = new PQueue({ concurrency: API_CONCURRENCY });
  const found: NewPerson[] = [];
  const flush = async () => {
    await upsertPeople(db, found.splice(0));
  };
  try {
    await feedQueue(queue, todo, async ({ nsid }) => {
      if (ctx.signal.aborted) return;
      try {
        found.push(personFromInfo(await ctx.client.peopleGetInfo(nsid)));
      } catch (e) {
        // 1 "User not found", 5 "User deleted": remember the refusal so it is never asked again.
        if (!(e instanceof FlickrError) || (e.code !== 1 && e.code !== 5)) throw e;
        found.push({
          nsid,
          is_deleted: e.code === 5 ? 1 : undefined,
          info_json: JSON.stringify({ stat: "fail", code: e.code, message: e.message }),
          updated_at: stamp(),
        });
      }
      ctx.progress.advance(1, 1);
      if (found.length >= 100) await flush();
    }, { signal: ctx.signal });
  } finally {
    await flush();
  }
}

/** People read from the catalog at a time. */
const PAGE = 500;

/** A person whose buddy icon is not in the archive yet, or is stale. */
interface IconRow {
  nsid: string;
  iconserver: string | null;
  iconfarm: number | null;
  /** Set for a stale icon (see `upsertPeople`): the file there is the old one. */
  avatar_path: string | null;
}

/**
 * Buddy icons not yet downloaded, and those a newer answer named another icon server for
 * (`avatar_sha256` cleared by `upsertPeople`).
 */
async function downloadAvatars(ctx: ArchiveContext): Promise<void> {
  const { db } = ctx.catalog;
  const due = sql<boolean>`(avatar_path IS NULL OR avatar_sha256 IS NULL)`;
  const total = Number(
    (await db.selectFrom("people").select((eb) => eb.fn.countAll().as("n"))
      .where(due).executeTakeFirstOrThrow()).n,
  );
  if (total === 0) return;
  const origin = ctx.client.origin;
  const hasIcon = (p: IconRow) =>
    hasOwnIcon({ nsid: p.nsid, iconServer: p.iconserver, iconFarm: p.iconfarm });

  ctx.progress.phase("buddy icons", { total, unit: "people", plannedCalls: 0 });
  const done: { nsid: string; path: string; sha256: string }[] = [];
  const flush = async () => {
    const rows = done.splice(0);
    if (rows.length === 0) return;
    // One statement per flush: the pairs go in as a VALUES list.
    await sql`WITH v(nsid, path, sha256) AS (VALUES ${
      sql.join(rows.map((r) => sql`(${r.nsid}, ${r.path}, ${r.sha256})`))
    }) UPDATE people SET avatar_path = v.path, avatar_sha256 = v.sha256, updated_at = ${stamp()}
      FROM v WHERE people.nsid = v.nsid`.execute(db);
  };

  let fallback: { path: string; sha256: string } | undefined;
  const defaultIcon = async () => {
    if (!fallback) {
      const dest = resolveInArchive(ctx.archiveDir, DEFAULT_AVATAR_PATH);
      const result = await onDisk(dest) ?? await downloadWithRetry({
        url: buddyIconUrl({ nsid: "" }, origin),
        dest,
        expect: "image",
        files: ctx.files,
        stallTimeoutMs: ctx.stallTimeoutMs,
        signal: ctx.signal,
      }, downloadRetry(ctx));
      fallback = { path: DEFAULT_AVATAR_PATH, sha256: result.sha256 };
    }
    return fallback;
  };

  // An icon that cannot be had now is tried again by the next run; it never fails this one.
  const skipped = (e: unknown, what: string): undefined => {
    if (!(e instanceof DownloadError)) throw e;
    ctx.progress.note(`Cannot download ${what} (next run tries again): ${e.message}`);
    return undefined;
  };
  const queue = new PQueue({ concurrency: Math.max(1, ctx.concurrency) });
  // Pages of people without an icon; those with the default icon are settled as the page is read
  // (the queue is fed with the others, a page at a time: see work_feed.ts).
  async function* own(): AsyncGenerator<IconRow[]> {
    const pages = keysetPages(
      (after: string | undefined) =>
        db.selectFrom("people").select(["nsid", "iconserver", "iconfarm", "avatar_path"])
          .where(due).where("nsid", ">", after ?? "")
          .orderBy("nsid").limit(PAGE).execute(),
      (p) => p.nsid,
    );
    for await (const page of pages) {
      const plain = page.filter((p) => !hasIcon(p));
      if (plain.length > 0) {
        const icon = await defaultIcon().catch((e) => skipped(e, "the default icon"));
        if (icon) { for (const p of plain) done.push({ nsid: p.nsid, ...icon }); }
        ctx.progress.advance(plain.length);
      }
      yield page.filter(hasIcon);
    }
  }
  try {
    await feedQueue(queue, own(), async (p) => {
      if (ctx.signal.aborted) return;
      const path = avatarPath(p.nsid);
      const url = buddyIconUrl(
        { nsid: p.nsid, iconServer: p.iconserver, iconFarm: p.iconfarm },
        origin,
      );
      try {
        const dest = resolveInArchive(ctx.archiveDir, path);
        // A stale icon's file is the old icon: fetched again, not adopted.
        const found = p.avatar_path === null ? await onDisk(dest) : undefined;
        const result = found ?? await downloadWithRetry({
          url,
          dest,
          expect: "image",
          files: ctx.files,
          stallTimeoutMs: ctx.stallTimeoutMs,
          signal: ctx.signal,
        }, downloadRetry(ctx));
        done.push({ nsid: p.nsid, path, sha256: result.sha256 });
      } catch (e) {
        if (!(e instanceof DownloadError)) throw e;
        if (e.transient) {
          skipped(e, `the buddy icon of ${p.nsid}`);
        } else {
          // Flickr answers 404 for an icon that is gone: the person then shows the default.
          const icon = await defaultIcon().catch((e) => skipped(e, "the default icon"));
          if (icon) done.push({ nsid: p.nsid, ...icon });
        }
      }
      ctx.progress.advance(1);
      if (done.length >= 200) await flush();
    }, { signal: ctx.signal });
  } finally {
    await flush();
  }
}

/**
 * A buddy icon already under its final name: written by a run killed before it recorded it (files
 * appear only complete), or the default icon another person already uses. Hashed, not fetched again.
 */
async function onDisk(dest: string): Promise<{ sha256: string } | undefined> {
  try {
    return await sha256File(dest);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}
