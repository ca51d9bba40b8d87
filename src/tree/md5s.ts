/**
 * The MD5 of every current original, kept in `files.md5` once any item carries a `checksum:md5=`
 * tag: the viewer's /duplicates page finds the same photo uploaded twice by it. Both doors run it
 * after their files arrive (the archive's checksums phase, the import's last step); see
 * `src/archive/checksum.ts` for the tags themselves.
 * @module
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../catalog/schema.ts";
import { setFileMd5s } from "../catalog/writes.ts";
import { md5File } from "../files/hash.ts";
import { resolveInArchive } from "./layout.ts";

/** Whether any item carries a `checksum:md5=` machine tag. */
export async function anyChecksumTag(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ any: number }>`SELECT
      EXISTS (SELECT 1 FROM items WHERE machine_tags LIKE '%checksum:md5=%')
      OR EXISTS (SELECT 1 FROM tags WHERE tag LIKE 'checksum:md5=%') AS any`.execute(db);
  return rows[0]?.any === 1;
}

/** Options of {@link recordMd5s}. */
export interface RecordMd5sOptions {
  signal?: AbortSignal;
  /** Called once with the number of files to hash, when there are any. */
  onStart?: (files: number) => void;
  /** Called after each file, with its size. */
  onFile?: (bytes: number) => void;
}

const MD5_BATCH = 500;

/**
 * Hashes the current originals and largest copies whose MD5 is not recorded yet, when any item
 * carries a `checksum:md5=` tag (without one there is nothing to match, and nothing is read).
 * Files missing from disk are left for `verify` to report. Returns how many were hashed.
 */
export async function recordMd5s(
  db: Kysely<Database>,
  archiveDir: string,
  opts: RecordMd5sOptions = {},
): Promise<number> {
  if (!(await anyChecksumTag(db))) return 0;
  const due = () =>
    db.selectFrom("files").where("is_current", "=", 1)
      .where("kind", "in", ["original", "largest"]).where("md5", "is", null);
  const total = Number(
    (await due().select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n,
  );
  if (total === 0) return 0;
  opts.onStart?.(total);
  let hashed = 0;
  let after = 0;
  while (!opts.signal?.aborted) {
    const rows = await due().select(["id", "path", "sha256", "bytes"]).where("id", ">", after)
      .orderBy("id").limit(MD5_BATCH).execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const found: { id: number; sha256: string; md5: string }[] = [];
    for (const row of rows) {
      if (opts.signal?.aborted) break;
      try {
        found.push({ ...row, md5: await md5File(resolveInArchive(archiveDir, row.path)) });
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
      opts.onFile?.(row.bytes);
    }
    await setFileMd5s(db, found);
    hashed += found.length;
  }
  return hashed;
}
