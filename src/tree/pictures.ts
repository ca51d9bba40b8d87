/**
 * The pictures phase: a display copy and a thumbnail made on this machine for every photo whose
 * original is in the archive but whose sized copies are not (`picture_maker.ts` makes them).
 *
 * Flickr's data export holds originals only, so after an `import` this phase gives every photo
 * the `display` (1024 px) and `thumb` (150 px square) files an `archive` run fetches from Flickr,
 * under the same names (`display/<nn>/<id>_b.jpg`, `thumbs/<nn>/<id>_q.jpg`) and recorded the same
 * way, so that the viewer, the static site and `verify` treat them alike. It runs at the end of
 * `import` and of `archive` (there it finds work only where Flickr's listing named no sized copy).
 *
 * - A made file's row names the SHA-256 of its original (`files.made_from`); Flickr's have none.
 *   Only missing copies and made ones are ever (re)made: a made copy whose original changed, or
 *   that `verify` found missing or altered. A copy fetched from Flickr is never replaced here, and
 *   the next `archive` replaces a made one with Flickr's (its secret differs), so that import
 *   then archive ends with the same files as archive alone.
 * - Files appear only complete (temporary name, one flush per batch, rename), then are recorded;
 *   a run killed in between leaves complete files that the next run makes again over themselves.
 * - An original the library cannot read is reported once and remembered (with its SHA-256) in
 *   `meta`, so that later runs do not try it again until the original changes.
 * - Videos get no made picture: no poster frame can be had without a video decoder, which the
 *   single binary does not carry. Their tiles show the video badge over the title.
 * @module
 */
import { dirname } from "node:path";
import { sql } from "kysely";
import type { Catalog } from "../catalog/db.ts";
import type { NewFile } from "../catalog/schema.ts";
import { getMeta, inTransaction, setMeta, upsertFiles } from "../catalog/writes.ts";
import { commitFiles, discardFiles, handOver, type PendingFile } from "../files/batch_commit.ts";
import { tempName } from "../files/temp_files.ts";
import { sha256Bytes } from "../files/hash.ts";
import { displayPath, resolveInArchive, thumbPath } from "./layout.ts";
import { loadPictureMaker, makePictures } from "./picture_maker.ts";
import { countOf, formatCount } from "../units.ts";
import type { Progress } from "../progress.ts";

/** `meta` key: the originals that could not be read, `{"<item id>": "<original sha256>"}`. */
export const UNREADABLE_META = "pictures_unreadable";

/** Originals larger than this are not read whole into memory to make pictures. */
const MAX_ORIGINAL_BYTES = 512 * 1024 * 1024;
/** Items read from the catalog at a time. */
const PAGE = 200;
/** Files flushed and recorded together. */
const BATCH = 64;

/** What the phase did. */
export interface PicturesSummary {
  /** Photos that needed a display copy or a thumbnail. */
  items: number;
  /** Files made (display copies and thumbnails). */
  made: number;
  /** Photos whose original could not be read (this run). */
  failed: number;
  /** Photos skipped because an earlier run could not read the same original. */
  skipped: number;
}

/** Options of {@link makeMissingPictures}. */
export interface MakePicturesOptions {
  progress?: Progress;
  signal?: AbortSignal;
  /** Told about each original that cannot be read (`archive`: its "needs attention" list). */
  problem?: (text: string) => void;
}

/** A photo needing pictures, with what it has. */
interface Candidate {
  id: string;
  src_path: string;
  src_sha256: string;
  src_bytes: number;
  need_display: number;
  need_thumb: number;
}

/**
 * Makes the missing display copies and thumbnails (see the module doc). Loads the picture library
 * only when some photo needs one.
 *
 * @example
 * ```ts
 * const s = await makeMissingPictures(catalog, "./flickr-archive", { progress });
 * console.log(`${s.made} pictures made`);
 * ```
 */
export async function makeMissingPictures(
  catalog: Catalog,
  archiveDir: string,
  opts: MakePicturesOptions = {},
): Promise<PicturesSummary> {
  const { db } = catalog;
  const summary: PicturesSummary = { items: 0, made: 0, failed: 0, skipped: 0 };
  const unreadable = parseUnreadable(await getMeta(db, UNREADABLE_META));
  const total = Number(
    (await sql<{ n: number }>`SELECT count(DISTINCT id) AS n FROM (${candidates("")})`
      .execute(db)).rows[0].n,
  );
  if (total === 0) return summary;
  // The phase is announced with its first photo to make: not for originals known to be unreadable.
  let started = false;
  let pending: PendingFile[] = [];
  let rows: NewFile[] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    const p = pending;
    const r = rows;
    pending = [];
    rows = [];
    await commitFiles(p);
    await inTransaction(db, (trx) => upsertFiles(trx, r));
  };
  let unreadableChanged = false;
  try {
    let after = "";
    while (!opts.signal?.aborted) {
      const page = (await sql<Candidate>`${candidates(after)}
        ORDER BY i.id, s.kind = 'original' DESC LIMIT ${PAGE}`.execute(db)).rows;
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      let previous = "";
      for (const c of page) {
        if (opts.signal?.aborted) break;
        if (c.id === previous) continue; // its largest copy, after its original
        previous = c.id;
        summary.items++;
        if (unreadable[c.id] === c.src_sha256) {
          summary.skipped++;
          if (started) opts.progress?.advance(1);
          continue;
        }
        if (!started) {
          opts.progress?.phase("pictures", { total, unit: "photos", plannedCalls: 0 });
          await loadPictureMaker();
          started = true;
        }
        let made;
        try {
          if (c.src_bytes > MAX_ORIGINAL_BYTES) {
            throw new Error(`its original is larger than ${MAX_ORIGINAL_BYTES / 2 ** 20} MiB`);
          }
          made = makePictures(await Deno.readFile(resolveInArchive(archiveDir, c.src_path)));
        } catch (e) {
          summary.failed++;
          opts.problem?.(
            `photo ${c.id}: cannot make its thumbnail and display copy from ${c.src_path}: ` +
              reasonOf(e),
          );
          if (!(e instanceof Deno.errors.NotFound)) {
            unreadable[c.id] = c.src_sha256;
            unreadableChanged = true;
          }
          opts.progress?.advance(1);
          continue;
        }
        const now = new Date().toISOString();
        const wanted = [
          ...(c.need_display ? [["display", displayPath(c.id), made.display] as const] : []),
          ...(c.need_thumb ? [["thumb", thumbPath(c.id), made.thumb] as const] : []),
        ];
        for (const [kind, rel, picture] of wanted) {
          pending.push(await stage(resolveInArchive(archiveDir, rel), picture.bytes));
          rows.push({
            item_id: c.id,
            kind,
            path: rel,
            bytes: picture.bytes.length,
            sha256: sha256Bytes(picture.bytes),
            content_type: "image/jpeg",
            width: picture.width,
            height: picture.height,
            secret: null,
            fetched_at: now,
            made_from: c.src_sha256,
          });
          summary.made++;
        }
        if (unreadable[c.id]) {
          delete unreadable[c.id];
          unreadableChanged = true;
        }
        opts.progress?.advance(1, 0, wanted.reduce((n, [, , p]) => n + p.bytes.length, 0));
        if (rows.length >= BATCH) await flush();
      }
    }
    await flush();
  } catch (e) {
    await discardFiles(pending);
    throw e;
  } finally {
    if (unreadableChanged) await setMeta(db, UNREADABLE_META, JSON.stringify(unreadable));
  }
  if (!started) return summary;
  const parts = [`${countOf(summary.made, "files")} made for ${countOf(summary.items, "photos")}`];
  if (summary.failed) parts.push(`${formatCount(summary.failed)} originals could not be read`);
  if (summary.skipped) {
    parts.push(`${formatCount(summary.skipped)} unreadable originals skipped, as before`);
  }
  opts.progress?.note(`pictures: ${parts.join(", ")}`);
  return summary;
}

/**
 * The photos after `after` (by id) that lack a display copy or a thumbnail, or whose made copy is
 * stale (its original changed) or was found missing or altered by `verify`. The original is the
 * current `original` file, else the current `largest` copy: an item with both comes twice, the
 * original first (callers keep the first row of an id). Plain joins, no correlated subquery: with
 * nothing to make, the whole scan is the phase's cost in every `archive` run (20,000 items:
 * 70 ms, against 1.1 s with a subquery choosing the original).
 */
function candidates(after: string) {
  const need = (f: string) => {
    const r = sql.raw(f);
    return sql`(${r}.id IS NULL OR (${r}.made_from IS NOT NULL AND (${r}.made_from != s.sha256
      OR ${r}.verify_status IN ('missing', 'altered'))))`;
  };
  return sql`SELECT i.id, s.path AS src_path, s.sha256 AS src_sha256, s.bytes AS src_bytes,
      ${need("d")} AS need_display, ${need("t")} AS need_thumb
    FROM items i
    JOIN files s ON s.item_id = i.id AND s.is_current = 1 AND s.kind IN ('original', 'largest')
    LEFT JOIN files d ON d.item_id = i.id AND d.is_current = 1 AND d.kind = 'display'
    LEFT JOIN files t ON t.item_id = i.id AND t.is_current = 1 AND t.kind = 'thumb'
    WHERE i.media = 'photo' AND i.id > ${after} AND (${need("d")} OR ${need("t")})`;
}

/** Why an original could not be read, in words (ImageMagick's own are codes with a source line). */
function reasonOf(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "the file is missing (run 'flickrvault verify')";
  const message = e instanceof Error ? e.message : String(e);
  if (/NoDecodeDelegate|ImproperImageHeader|NoImagesDefined|UnableToReadImage/.test(message)) {
    return "it is not a picture in a format flickrvault reads";
  }
  return message.replace(/ @ [a-z]+\/\S+$/, "");
}

function parseUnreadable(json: string | undefined): Record<string, string> {
  try {
    const v = JSON.parse(json ?? "{}");
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/** Writes `bytes` beside `dest` under a temporary name, for `commitFiles` to put in place. */
async function stage(dest: string, bytes: Uint8Array): Promise<PendingFile> {
  await Deno.mkdir(dirname(dest), { recursive: true });
  const tmp = tempName(dest);
  const file = await Deno.open(tmp, { write: true, createNew: true });
  try {
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
  } catch (e) {
    file.close();
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
  return await handOver(file, tmp, dest);
}
