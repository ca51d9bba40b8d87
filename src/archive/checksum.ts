/**
 * `checksum:md5=<hex>` machine tags: a convention some uploaders (and upload tools) use to record
 * the MD5 of the file they uploaded. Where an item carries one and its original is in the archive,
 * the original's MD5 is compared with it: `items.checksum_md5_status` becomes `match` or
 * `mismatch`, and a mismatch is reported to the person (`ctx.attention`).
 *
 * The status is cleared whenever getInfo is fetched again (new tags, or a replaced original), so
 * each original is hashed once per version.
 * @module
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { ArchiveContext } from "./context.ts";
import { updateItems } from "./item_updates.ts";
import { resolveInArchive } from "./layout.ts";

const TAG = /(?:^|\s)checksum:md5=([0-9a-f]{32})(?=\s|$)/i;

/**
 * The MD5 a `checksum:md5=` machine tag records, lower-case, or undefined when there is none.
 *
 * @example
 * ```ts
 * checksumTag("camera:make=canon checksum:md5=0CC175B9C0F1B6A831C399E269772661");
 * // "0cc175b9c0f1b6a831c399e269772661"
 * ```
 */
export function checksumTag(tags: string | readonly string[]): string | undefined {
  const text = typeof tags === "string" ? tags : tags.join(" ");
  return TAG.exec(text)?.[1].toLowerCase();
}

/** Lower-case hex MD5 of a file, read in chunks. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash("md5");
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

interface Candidate {
  id: string;
  machine_tags: string;
  tag_rows: string | null;
  path: string;
}

/**
 * Checks every item with a checksum tag, a current original and no status yet. Returns how many
 * mismatched.
 */
export async function checkChecksums(ctx: ArchiveContext): Promise<number> {
  const { rows } = await sql<Candidate>`SELECT i.id, i.machine_tags, f.path,
      (SELECT group_concat(t.tag, ' ') FROM tags t
        WHERE t.item_id = i.id AND t.tag LIKE 'checksum:md5=%') AS tag_rows
    FROM items i JOIN files f ON f.item_id = i.id AND f.kind = 'original' AND f.is_current = 1
    WHERE i.checksum_md5_status IS NULL
      AND (i.machine_tags LIKE '%checksum:md5=%'
        OR EXISTS (SELECT 1 FROM tags t WHERE t.item_id = i.id AND t.tag LIKE 'checksum:md5=%'))
      -- the original itself, not the largest size of a photo whose owner disabled downloads
      AND i.original_secret IS NOT NULL
      AND (f.secret IS NULL OR f.secret = i.original_secret)`
    .execute(ctx.catalog.db);
  let mismatches = 0;
  const patches = [];
  for (const row of rows) {
    if (ctx.signal.aborted) break;
    const expected = checksumTag(row.tag_rows ?? "") ?? checksumTag(row.machine_tags);
    if (!expected) continue;
    let actual: string;
    try {
      actual = await md5File(resolveInArchive(ctx.archiveDir, row.path));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue; // `verify` reports missing files
      throw e;
    }
    const match = actual === expected;
    patches.push({ id: row.id, checksum_md5_status: match ? "match" : "mismatch" });
    if (!match) {
      mismatches++;
      ctx.attention.push(
        `Checksum mismatch for ${row.id}: its checksum:md5= tag says ${expected}, ` +
          `the archived original ${row.path} has MD5 ${actual}`,
      );
    }
  }
  await updateItems(ctx.catalog.db, patches);
  return mismatches;
}
