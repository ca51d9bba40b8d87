// Long on purpose: the sidecars phase read top to bottom (plan, build, batched durable writes, foreign sidecars kept).
/**
 * The sidecars phase: an XMP sidecar beside every item's original (or, where no original could be
 * had, its video stream or display copy), generated from the catalog alone, so it runs at the end
 * of `archive` and of `import` and repairs a missing sidecar without an API call.
 *
 * A sidecar is written only when the XMP it should hold differs from what was last written (the
 * SHA-256 in the `sidecars` table) or the file is gone or of another size: a run with nothing
 * changed writes nothing. Each sidecar goes to a temporary name as soon as it is built (no batch
 * of bodies is held in memory); the batch is then flushed together (one syncfs per batch where the
 * system has it) and renamed into place, like the originals.
 *
 * A sidecar another app changed (darktable and digiKam write their edits into `<file>.xmp`) is
 * never overwritten nor removed: a sidecar is flickrvault's only while its packet names flickrvault
 * as its writer (`x:xmptk`). Every app that rewrites XMP puts its own toolkit there (exiv2, behind
 * both apps: "XMP Core 4.4.0-Exiv2"; Adobe's; ExifTool's). Deleting such a sidecar has the next run
 * write flickrvault's again.
 *
 * `verifySidecars` (for `verify`) compares each sidecar on disk with what the catalog says now.
 * @module
 */
import { basename, dirname, join } from "node:path";
import type { Kysely } from "kysely";
import type { Catalog } from "../catalog/db.ts";
import type { Database } from "../catalog/schema.ts";
import { loadSetNames, loadSidecarPage, sidecarTarget } from "../catalog/sidecar_items.ts";
import { getMeta, inTransaction, setMeta } from "../catalog/writes.ts";
import { chunks } from "../catalog/writes_batch.ts";
import { XmpEncoder } from "../xmp/xmp.ts";
import { canSyncFilesystems, syncFilesystems } from "../files/filesystem_sync.ts";
import { removeIfPresent, tempName } from "../files/temp_files.ts";
import { syncDirectories } from "../files/durable.ts";
import { sha256Bytes } from "../files/hash.ts";
import type { Progress } from "../progress.ts";

/** `<file>.xmp` (darktable, digiKam, Immich) or `<basename>.xmp` (Lightroom). */
export type SidecarNaming = "file" | "basename";

/** The archive's sidecar naming, kept in `meta` once chosen. */
export const SIDECAR_NAME_META = "sidecar_name";

/** The sidecar path for a media file path ('/'-separated, relative or absolute). */
export function sidecarPath(mediaPath: string, naming: SidecarNaming): string {
  if (naming === "file") return `${mediaPath}.xmp`;
  const slash = mediaPath.lastIndexOf("/");
  const dot = mediaPath.lastIndexOf(".");
  return `${dot > slash + 1 ? mediaPath.slice(0, dot) : mediaPath}.xmp`;
}

/**
 * The naming to use: `requested` when given (and then remembered), else the archive's remembered
 * choice, else `<file>.xmp`.
 */
export async function resolveNaming(
  db: Kysely<Database>,
  requested?: SidecarNaming,
): Promise<SidecarNaming> {
  if (requested) {
    if ((await getMeta(db, SIDECAR_NAME_META)) !== requested) {
      await setMeta(db, SIDECAR_NAME_META, requested);
    }
    return requested;
  }
  const stored = await getMeta(db, SIDECAR_NAME_META);
  return stored === "basename" ? "basename" : "file";
}

/** What {@link writeSidecars} did. */
export interface SidecarSummary {
  /** Items looked at. */
  items: number;
  /** Sidecars written (new, changed or repaired). */
  written: number;
  /** Sidecars already as they should be. */
  unchanged: number;
  /** Old sidecars removed (their media file or the naming changed). */
  removed: number;
  /** Sidecars another app changed, left as they are (see the module doc). */
  kept: number;
}

/** Sidecars written together (one flush of the file system for the batch). */
const COMMIT_FILES = 4000;

/** Options of {@link writeSidecars}. */
export interface WriteSidecarsOptions {
  naming: SidecarNaming;
  progress?: Progress;
  signal?: AbortSignal;
  /** Sidecars per batch (one flush each); 4,000 unless a test needs several batches. */
  batch?: number;
}

/** A sidecar as the `sidecars` table records it. */
interface Recorded {
  itemId: string;
  rel: string;
  sha256: string;
  /** The path recorded before, when the sidecar moved (it is removed). */
  previous: string | null;
}

/** A sidecar to write. */
interface Planned extends Recorded {
  abs: string;
  tmp: string;
}

/**
 * Brings every item's sidecar in line with the catalog (see the module doc).
 *
 * @example
 * ```ts
 * const s = await writeSidecars(catalog, "./flickr-archive", { naming: "file" });
 * console.log(`${s.written} sidecars written`);
 * ```
 */
export async function writeSidecars(
  catalog: Catalog,
  archiveDir: string,
  opts: WriteSidecarsOptions,
): Promise<SidecarSummary> {
  const { db } = catalog;
  const summary: SidecarSummary = { items: 0, written: 0, unchanged: 0, removed: 0, kept: 0 };
  const total = await db.selectFrom("items").select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  opts.progress?.phase("sidecars", { total: Number(total.n), unit: "items", plannedCalls: 0 });
  const names = await loadSetNames(db);
  const packets = new XmpEncoder();
  // Sidecars waiting to be written: flushed together, so that a run pays one syncfs (or one
  // round of fsyncs) per few thousand sidecars rather than per page.
  let planned: Planned[] = [];
  // With syncfs, a batch goes through two flushes, each started at a batch's end and awaited at
  // the next one's, so that the disk works while the next batch is built (the main thread used to
  // sit idle a tenth of the phase waiting for it): the first makes its temporary files durable,
  // then it is renamed; the second makes the renames durable, then it is recorded.
  const syncfs = canSyncFilesystems();
  let flushing: Promise<void> | null = null;
  /** Written, and being made durable by `flushing`: renamed once it is done. */
  let written: Planned[] = [];
  /** Renamed, and the renames being made durable by `flushing`: recorded once it is done. */
  let renamed: Planned[] = [];
  /** Removes a sidecar of the old naming, unless another app has changed it since. */
  const removePrevious = async (rel: string) => {
    const abs = join(archiveDir, rel);
    const bytes = readOrNull(abs);
    if (bytes === null) return;
    if (!isOurs(bytes)) {
      summary.kept++;
      return;
    }
    await removeIfPresent(abs);
    summary.removed++;
  };
  /**
   * Removes the sidecars the batch replaces (their new ones are in place and durable), then
   * records the batch. In that order: a run killed in between still has the old paths recorded,
   * so the next run removes what is left of them and adopts the new files. Recorded first, the
   * old sidecars a kill left behind were never removed.
   */
  const settle = async (batch: Planned[]) => {
    if (batch.length === 0) return;
    for (const p of batch) {
      if (p.previous) await removePrevious(p.previous);
    }
    await record(batch);
    summary.written += batch.length;
  };
  /** Starts flushing the file system under the written batch and the renamed one. */
  const startFlush = () => {
    const dirs = new Set([
      ...written.map((p) => dirname(p.tmp)),
      ...renamed.map((p) => dirname(p.abs)),
    ]);
    flushing = dirs.size === 0 ? null : syncFilesystems(dirs);
    // Awaited at the next flush; a failure before then must not go unhandled.
    flushing?.catch(() => {});
  };
  /** Waits for the flush started last to end, failed or not. */
  const flushEnded = async () => {
    await flushing?.catch(() => {});
  };
  /**
   * Waits for the flush started last, then renames the batch it made durable and records the one
   * whose renames it made durable.
   */
  const advance = async () => {
    if (flushing) {
      const done = flushing;
      flushing = null;
      await done;
    }
    const durable = renamed;
    await renameBatch(written);
    renamed = written;
    written = [];
    await settle(durable);
  };
  const flush = async (last = false) => {
    const batch = planned;
    planned = [];
    if (!syncfs) {
      if (batch.length > 0) {
        await renameBatch(batch);
        await syncDirectories(batch.map((p) => dirname(p.abs)));
        await settle(batch);
      }
      return;
    }
    if (batch.length === 0 && !last) return;
    await advance();
    written = batch;
    if (!last) return startFlush();
    // The end: this batch's files made durable and renamed, the renames made durable, recorded.
    startFlush();
    await advance();
    if (renamed.length > 0) {
      await syncDirectories(renamed.map((p) => dirname(p.abs)));
      await settle(renamed);
      renamed = [];
    }
  };
  const adopted: Recorded[] = [];
  const record = async (rows: Recorded[]) => {
    const at = new Date().toISOString();
    await inTransaction(db, async (trx) => {
      for (const part of chunks(rows, 4)) {
        await trx.insertInto("sidecars")
          .values(part.map((p) => ({
            item_id: p.itemId,
            path: p.rel,
            sha256: p.sha256,
            written_at: at,
          })))
          .onConflict((oc) =>
            oc.column("item_id").doUpdateSet((eb) => ({
              path: eb.ref("excluded.path"),
              sha256: eb.ref("excluded.sha256"),
              written_at: eb.ref("excluded.written_at"),
            }))
          ).execute();
      }
    });
  };
  const listing = new DirectoryListing();
  let after = "";
  try {
    while (!opts.signal?.aborted) {
      const page = await loadSidecarPage(db, names, after);
      if (page.length === 0) break;
      const first = page[0].xmp.id;
      after = page[page.length - 1].xmp.id;
      const recorded = new Map(
        (await db.selectFrom("sidecars").select(["item_id", "path", "sha256"])
          .where("item_id", ">=", first).where("item_id", "<=", after).execute())
          .map((r) => [r.item_id, r]),
      );
      for (const item of page) {
        const target = sidecarTarget(item);
        if (!target) continue;
        const rel = sidecarPath(target, opts.naming);
        const abs = join(archiveDir, rel);
        // Reused for the next item: used only in this turn of the loop.
        const body = packets.encode(item.xmp);
        const sha256 = sha256Bytes(body);
        const was = recorded.get(item.xmp.id);
        const size = listing.has(abs) ? sizeOf(abs) : -1;
        if (was && was.sha256 === sha256 && was.path === rel && size === body.length) {
          summary.unchanged++;
          continue;
        }
        const previous = was && was.path !== rel ? was.path : null;
        const there = size < 0 ? null : readOrNull(abs);
        if (there && sameBytes(there, body)) {
          // Written by a run killed before it recorded it: the very file, kept and recorded.
          if (previous) await removePrevious(previous);
          adopted.push({ itemId: item.xmp.id, rel, sha256, previous });
          summary.unchanged++;
          continue;
        }
        if (there && !isOurs(there)) {
          summary.kept++;
          continue;
        }
        const tmp = tempName(abs);
        planned.push({ itemId: item.xmp.id, rel, abs, tmp, sha256, previous });
        // Written now rather than at the batch's flush: holding 4,000 bodies until then (about 14
        // MB, more in the V8 heap) made this phase the peak of a 100,000-item run's memory.
        writeTemp(tmp, body, !syncfs);
      }
      if (adopted.length > 0) {
        await record(adopted.splice(0));
      }
      if (planned.length >= (opts.batch ?? COMMIT_FILES)) await flush();
      summary.items += page.length;
      opts.progress?.advance(page.length);
    }
    // Also on Ctrl-C: what was generated is written (it takes a moment), not thrown away.
    await flush(true);
  } catch (e) {
    // Sidecars written under their temporary names and not renamed yet: removed (a kill leaves
    // them to the next run's sweep of temporary files).
    await flushEnded();
    for (const p of [...written, ...planned]) await removeIfPresent(p.tmp);
    throw e;
  }
  return summary;
}

/**
 * Which sidecars exist, from one listing per folder: on a first run no sidecar exists yet, and a
 * stat per sidecar that fails costs an exception each (a tenth of the phase). Only `.xmp` names are
 * kept: every path asked about is a sidecar's, and the originals' and copies' names (three or more
 * per item) only filled the bound, which 100,000 items passed, so that folders a later page came
 * back to (favourites are filed by owner) were listed again.
 */
class DirectoryListing {
  #names = new Map<string, Set<string>>();
  #held = 0;

  has(path: string): boolean {
    const dir = dirname(path);
    let names = this.#names.get(dir);
    if (!names) {
      // Bounded memory: forgotten (and listed again when needed) past this many names.
      if (this.#held > 100_000) {
        this.#names.clear();
        this.#held = 0;
      }
      names = new Set();
      try {
        for (const e of Deno.readDirSync(dir)) if (e.name.endsWith(".xmp")) names.add(e.name);
        this.#held += names.size;
      } catch {
        // No folder: no file in it.
      }
      this.#names.set(dir, names);
    }
    return names.has(basename(path));
  }
}

/** A file's bytes, or null when it cannot be read. */
function readOrNull(path: string): Uint8Array | null {
  try {
    return Deno.readFileSync(path);
  } catch {
    return null;
  }
}

/** What flickrvault's packets say in their `x:xmpmeta` element; exiv2 puts its own version there. */
const OUR_TOOLKIT = new TextEncoder().encode('x:xmptk="flickrvault"');

/** Whether a sidecar on disk is flickrvault's to replace or remove (see the module doc). */
function isOurs(bytes: Uint8Array): boolean {
  return indexOf(bytes.subarray(0, 512), OUR_TOOLKIT) >= 0;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Size of a file, or -1 when there is none. */
function sizeOf(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch {
    return -1;
  }
}

/**
 * Renames a batch's temporary files (already durable: each fsynced as it was written, or flushed
 * with the file system) into place. The caller makes these renames durable. On a failure the
 * batch's temporary files not renamed yet are removed.
 */
async function renameBatch(planned: Planned[]): Promise<void> {
  let renamedCount = 0;
  try {
    for (const p of planned) {
      Deno.renameSync(p.tmp, p.abs);
      renamedCount++;
    }
  } finally {
    for (const p of planned.slice(renamedCount)) await removeIfPresent(p.tmp);
  }
}

/** Writes a new temporary file, making its folder again when it is gone. */
function writeTemp(tmp: string, body: Uint8Array, fsync: boolean): void {
  try {
    writeNew(tmp, body, fsync);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    // The media file's folder is gone (`verify` reports the file missing): made again.
    Deno.mkdirSync(dirname(tmp), { recursive: true });
    writeNew(tmp, body, fsync);
  }
}

/**
 * A new file in one call where the batch is flushed with syncfs (open, write and close from
 * JavaScript were three trips to the runtime per sidecar), else with its own fsync. Synchronous:
 * asynchronous writes (16 in flight on the runtime's file threads) were tried, and on a loaded
 * machine took about a third more CPU time for 100,000 sidecars, for a wall time within the noise.
 */
function writeNew(tmp: string, body: Uint8Array, fsync: boolean): void {
  if (!fsync) {
    Deno.writeFileSync(tmp, body, { createNew: true });
    return;
  }
  using file = Deno.openSync(tmp, { write: true, createNew: true });
  let n = 0;
  while (n < body.length) n += file.writeSync(body.subarray(n));
  file.syncSync();
}

/** A sidecar that is not what the catalog says it should be. */
export interface SidecarProblem {
  item_id: string;
  /** Relative to the archive. */
  path: string;
  status: "missing" | "stale";
}

/** What {@link verifySidecars} found. */
export interface SidecarReport {
  checked: number;
  /** Missing, or flickrvault's and out of date: the next `archive` writes them. */
  problems: SidecarProblem[];
  /** Changed by another app: left as they are (archive-relative paths). */
  kept: string[];
}

/**
 * Compares each item's sidecar on disk with the XMP the catalog gives now (for `verify`). Skipped
 * (empty) when the archive never had sidecars (every run used `--no-sidecars`). Problems found are
 * forgotten in the `sidecars` table so that the next `archive` rewrites them.
 */
export async function verifySidecars(
  catalog: Catalog,
  archiveDir: string,
): Promise<SidecarReport> {
  const { db } = catalog;
  const any = await db.selectFrom("sidecars").select("item_id").limit(1).executeTakeFirst();
  if (!any) return { checked: 0, problems: [], kept: [] };
  const naming = await resolveNaming(db);
  const names = await loadSetNames(db);
  const packets = new XmpEncoder();
  const problems: SidecarProblem[] = [];
  const kept: string[] = [];
  let checked = 0;
  let after = "";
  while (true) {
    const page = await loadSidecarPage(db, names, after);
    if (page.length === 0) break;
    after = page[page.length - 1].xmp.id;
    const bad: string[] = [];
    for (const item of page) {
      const target = sidecarTarget(item);
      if (!target) continue;
      checked++;
      const rel = sidecarPath(target, naming);
      const want = packets.encode(item.xmp);
      let have: Uint8Array | null;
      try {
        have = await Deno.readFile(join(archiveDir, rel));
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
        have = null;
      }
      if (have && sameBytes(have, want)) continue;
      if (have && !isOurs(have)) {
        kept.push(rel);
        continue;
      }
      problems.push({ item_id: item.xmp.id, path: rel, status: have ? "stale" : "missing" });
      bad.push(item.xmp.id);
    }
    if (bad.length > 0) {
      await inTransaction(db, async (trx) => {
        for (const part of chunks(bad, 1)) {
          await trx.deleteFrom("sidecars").where("item_id", "in", part).execute();
        }
      });
    }
  }
  return { checked, problems, kept };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
