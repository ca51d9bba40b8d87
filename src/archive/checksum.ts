/**
 * `checksum:md5=<hex>` machine tags: a convention some uploaders (and upload tools) use to record
 * the MD5 of the file they uploaded. Where an item carries one and its original is in the archive,
 * the original's MD5 is compared with it: `items.checksum_md5_status` becomes `match` or
 * `mismatch`, and a mismatch is reported to the person (`ctx.attention`).
 *
 * The status is cleared whenever getInfo is fetched again (new tags, or a replaced original), so
 * each original is hashed once per version.
 *
 * A tag may also name another item's bytes: the same photo uploaded twice, once by a tool that
 * tags. To find that item (the viewer's /duplicates page), the MD5 of every current original is
 * kept in `files.md5` once any item carries such a tag: the originals phase takes it as each
 * original arrives (the listing already shows the tags), and `recordMd5s` (`src/tree/md5s.ts`,
 * which the import runs too) reads back only
 * what that missed (files adopted or recovered from an interrupted run, video originals, an
 * archive from before). Each file is hashed once, and the check above reads the stored MD5.
 * @module
 */
import { sql } from "kysely";
import type { ArchiveContext } from "./context.ts";
import { updateItems } from "./item_updates.ts";
import { resolveInArchive } from "../tree/layout.ts";
import { md5File } from "../files/hash.ts";
import { recordMd5s } from "../tree/md5s.ts";
import { checksumTag } from "../catalog/checksum_tag.ts";

interface Candidate {
  id: string;
  machine_tags: string;
  tag_rows: string | null;
  path: string;
  md5: string | null;
}

/**
 * Checks every item with a checksum tag, a current original and no status yet. Returns how many
 * mismatched.
 */
export async function checkChecksums(ctx: ArchiveContext): Promise<number> {
  await recordMd5s(ctx.catalog.db, ctx.archiveDir, {
    signal: ctx.signal,
    onStart: (total) => ctx.progress.phase("checksums", { total, unit: "files", plannedCalls: 0 }),
    onFile: (bytes) => ctx.progress.advance(1, 0, bytes),
  });
  const { rows } = await sql<Candidate>`SELECT i.id, i.machine_tags, f.path, f.md5,
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
      actual = row.md5 ?? await md5File(resolveInArchive(ctx.archiveDir, row.path));
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
