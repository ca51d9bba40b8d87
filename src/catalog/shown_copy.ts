/**
 * A copy of the catalog that holds only what one audience may see (`site --privacy`). The static
 * site reads it exactly as it reads the whole catalog, so no page's query needs a condition of
 * its own, and a page added later is limited too.
 *
 * The copy is made with `VACUUM INTO` (a consistent snapshot, even while an archive run writes)
 * into a temporary folder, which {@link Catalog.close} removes. Then the items the audience may
 * not see go ({@link shownTo}: an unknown privacy is never public), with every row that hangs on
 * them, and what only they made visible: album, gallery and group entries of items the copy does
 * not hold (never archived: their privacy is unknown), sets left empty, collections left without
 * albums, people nothing left names, and the sets' counts and covers, made again from what is
 * left. The catalog itself is only read.
 * @module
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { type Kysely, type RawBuilder, sql } from "kysely";
import { type Audience, groupShownTo, privacyGroups } from "./audience.ts";
import { LibsqlError } from "@libsql/client";
import { type Catalog, CATALOG_FILE, CatalogError, openCatalog } from "./db.ts";
import { isAlive } from "./lock.ts";
import { USER_NSID_META } from "./meta_keys.ts";
import type { Database } from "./schema.ts";

/**
 * Tables whose rows belong to one item (`item_id`), with a foreign key to it: emptied of the
 * hidden items' rows before the items themselves go. `shown_copy_test.ts` checks that every
 * table with an `item_id` column is either here or among {@link MEMBERSHIPS}.
 */
export const ITEM_ROWS = [
  "files",
  "comments",
  "faves",
  "tags",
  "notes",
  "photo_people",
  "sidecars",
  "search",
] as const;

/** Set memberships, without a foreign key to the item (a set may name items not archived). */
export const MEMBERSHIPS = ["album_items", "gallery_items", "group_items"] as const;

/** Tables a copy never needs and that name items of every audience: emptied. */
const DROPPED = ["api_responses", "commit_journal"] as const;

/** A copy made by {@link openShownCopy}. */
export interface ShownCopy extends Catalog {
  /** Items of the catalog the copy left out. */
  leftOut: number;
}

/**
 * Copies `source` and keeps only what `audience` may see; see the module doc. The copy is made
 * in a new folder under `tempRoot` (default: the system's temporary folder, `TMPDIR`), and is the
 * caller's to close, which removes it.
 */
export async function openShownCopy(
  source: Catalog,
  audience: Exclude<Audience, "all">,
  tempRoot?: string,
): Promise<ShownCopy> {
  await removeOrphanedCopies(tempRoot);
  const dir = await Deno.makeTempDir({ dir: tempRoot, prefix: `${COPY_PREFIX}${Deno.pid}-` });
  const remove = () => {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // gone already
    }
  };
  // A copy holds the person's photos' details: it must not outlive the run, even one stopped
  // at once by a signal (Deno.exit dispatches "unload").
  globalThis.addEventListener("unload", remove);
  let copy: Catalog | undefined;
  let leftOut: number;
  try {
    await sql`VACUUM INTO ${join(dir, CATALOG_FILE)}`.execute(source.db);
    copy = await openCatalog(dir, { create: false, integrityCheck: false });
    // A scratch file: a power cut loses it with the run, so nothing need reach the disk first.
    await sql`PRAGMA synchronous = OFF`.execute(copy.db);
    // Rows go children first, so the foreign keys need no checks, which would scan `files` (no
    // full index on its item_id) once per item deleted.
    await sql`PRAGMA foreign_keys = OFF`.execute(copy.db);
    // The site's bulk GROUP BYs spill to files, as on the catalog's readers (see db.ts).
    await sql`PRAGMA temp_store = FILE`.execute(copy.db);
    leftOut = await keepShown(copy.db, audience);
  } catch (e) {
    await copy?.close().catch(() => {});
    globalThis.removeEventListener("unload", remove);
    remove();
    throw copyFailure(e, dir);
  }
  const opened = copy;
  return {
    db: opened.db,
    path: opened.path,
    leftOut,
    async close() {
      try {
        await opened.close();
      } finally {
        globalThis.removeEventListener("unload", remove);
        remove();
      }
    },
  };
}

/** How copies' folders are named: the prefix, then the pid of the process that made it. */
const COPY_PREFIX = "flickrvault-shown-";
const COPY_NAME = new RegExp(`^${COPY_PREFIX}(\\d+)-`);

/**
 * Removes the copies whose process is gone: a run killed at once (`kill -9`, a power cut) never
 * removed its copy, which holds the person's private details and, for a large archive, a gigabyte
 * or more. A copy of a running process (this one's too) is left alone, and so is a folder named
 * without a pid (made by an older flickrvault: whose it is cannot be told).
 */
async function removeOrphanedCopies(tempRoot = tmpdir()): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(tempRoot));
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = COPY_NAME.exec(entry.name)?.[1];
    if (!entry.isDirectory || !pid || isAlive(Number(pid))) continue;
    await Deno.remove(join(tempRoot, entry.name), { recursive: true }).catch(() => {});
  }
}

/** The copy's own trouble (its folder's disk), in words; other errors as they are. */
function copyFailure(e: unknown, dir: string): unknown {
  const code = e instanceof LibsqlError ? e.code : "";
  if (!/^SQLITE_(FULL|IOERR|CANTOPEN)/.test(code)) return e;
  const why = code.startsWith("SQLITE_FULL")
    ? "the disk is full"
    : (e as Error).message.replace(/^(?:SQLITE_\w+: )+/, "");
  return new CatalogError(
    `Cannot make the copy of the catalog that --privacy reads, in ${dir}: ${why}`,
    "it takes about the size of catalog.db in the temporary folder: free some space there, or " +
      "set TMPDIR to a folder on a disk with room",
    code.startsWith("SQLITE_FULL") ? "full" : "unwritable",
  );
}

/**
 * Deletes from the catalog `db` what `audience` may not see (see the module doc); answers how
 * many items went.
 */
export async function keepShown(
  db: Kysely<Database>,
  audience: Exclude<Audience, "all">,
): Promise<number> {
  const run = (q: RawBuilder<unknown>) => q.execute(db);
  const hidden = (await privacyGroups(db)).filter((g) => !groupShownTo(g, audience));
  if (hidden.length) {
    // `IS` matches NULL too: each hidden combination of the three columns, exactly.
    const where = sql.join(
      hidden.map((g) =>
        sql`(is_public IS ${g.is_public} AND is_friend IS ${g.is_friend} AND
          is_family IS ${g.is_family})`
      ),
      sql` OR `,
    );
    for (const table of ITEM_ROWS) {
      await run(sql`DELETE FROM ${sql.table(table)}
        WHERE item_id IN (SELECT id FROM items WHERE ${where})`);
    }
    await run(sql`DELETE FROM items WHERE ${where}`);
  }
  for (const table of MEMBERSHIPS) {
    await run(sql`DELETE FROM ${sql.table(table)} WHERE item_id NOT IN (SELECT id FROM items)`);
  }
  for (const table of DROPPED) await run(sql`DELETE FROM ${sql.table(table)}`);

  // Albums: only those with an item left, counted and covered from what is left.
  await run(sql`DELETE FROM albums WHERE id NOT IN (SELECT album_id FROM album_items)`);
  const inAlbum = (media: string) =>
    sql`(SELECT count(*) FROM album_items ai JOIN items i ON i.id = ai.item_id
      WHERE ai.album_id = albums.id AND i.media = ${media})`;
  await run(sql`UPDATE albums SET count_photos = ${inAlbum("photo")},
    count_videos = ${inAlbum("video")}, raw_json = '{}',
    primary_photo_id = CASE WHEN primary_photo_id IN
        (SELECT item_id FROM album_items WHERE album_id = albums.id) THEN primary_photo_id
      ELSE (SELECT item_id FROM album_items WHERE album_id = albums.id
        ORDER BY position, item_id LIMIT 1) END`);
  await run(sql`DELETE FROM collection_albums WHERE album_id NOT IN (SELECT id FROM albums)`);
  // Collections with neither an album nor a collection left in them, from the leaves up.
  for (let depth = 0; depth < 100; depth++) {
    const r = await sql`DELETE FROM collections
      WHERE id NOT IN (SELECT collection_id FROM collection_albums)
        AND id NOT IN (SELECT parent_id FROM collections WHERE parent_id IS NOT NULL
          AND parent_id != id)`.execute(db);
    if (!r.numAffectedRows) break;
  }
  await run(sql`DELETE FROM galleries WHERE id NOT IN (SELECT gallery_id FROM gallery_items)`);
  const inGallery = (media: string) =>
    sql`(SELECT count(*) FROM gallery_items gi JOIN items i ON i.id = gi.item_id
      WHERE gi.gallery_id = galleries.id AND i.media = ${media})`;
  await run(sql`UPDATE galleries SET count_photos = ${inGallery("photo")},
    count_videos = ${inGallery("video")}, raw_json = '{}'`);
  await run(sql`DELETE FROM groups WHERE id NOT IN (SELECT group_id FROM group_items)`);

  // People whom nothing left names (the status page counts people).
  await run(sql`DELETE FROM people WHERE nsid NOT IN (SELECT owner FROM items)
    AND nsid NOT IN (SELECT author FROM comments)
    AND nsid NOT IN (SELECT nsid FROM faves)
    AND nsid NOT IN (SELECT nsid FROM photo_people)
    AND nsid NOT IN (SELECT added_by FROM photo_people WHERE added_by IS NOT NULL)
    AND nsid NOT IN (SELECT author FROM notes WHERE author IS NOT NULL)
    AND nsid NOT IN (SELECT author FROM tags WHERE author IS NOT NULL)
    AND nsid NOT IN (SELECT owner FROM gallery_items WHERE owner IS NOT NULL)
    AND nsid NOT IN (SELECT value FROM meta WHERE key = ${USER_NSID_META})`);
  return hidden.reduce((n, g) => n + g.items, 0);
}
