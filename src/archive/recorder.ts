/**
 * The recorder of downloaded files: the originals phase's are made durable, put in place and
 * recorded in the catalog a batch at a time ({@link RECORD_BATCH}); the videos phase's one video
 * at a time ({@link Recorder.recordNow}).
 *
 * A batch goes through three steps: its entries are written to `commit_journal`, its files are
 * flushed and renamed into place (`commitFiles`), and one transaction writes their rows and clears
 * their journal entries. A run killed between the renames and that transaction leaves files under
 * their final names that no row names; the journal says what each one is (which secret, which
 * hash), so the next run records them as they are ({@link Recorder.recover}) before it plans
 * anything. Without it, such a file could only be adopted as the item's current file, and if the
 * photo had been replaced on Flickr in the meantime its old bytes would be recorded under the new
 * secret.
 * @module
 */
import { dirname } from "node:path";
import { sql, type Transaction } from "kysely";
import type { Database } from "../catalog/schema.ts";
import type { NewFile } from "../catalog/schema.ts";
import { chunks, upsertFiles } from "../catalog/writes.ts";
import type { ArchiveContext } from "./context.ts";
import { commitFiles, discardFiles, type PendingFile } from "../files/batch_commit.ts";
import type { DownloadResult } from "./download.ts";
import { removeIfPresent } from "../files/temp_files.ts";
import { sha256File } from "../files/hash.ts";
import { syncDirectories } from "../files/durable.ts";
import { canSyncFilesystems } from "../files/filesystem_sync.ts";
import { resolveInArchive } from "../tree/layout.ts";
import type { FileTask } from "./file_task.ts";

/** A finished file waiting to be written to the catalog. */
export interface Done {
  task: FileTask;
  result: Pick<DownloadResult, "bytes" | "sha256" | "md5" | "contentType">;
  /** Where the file ended up (a video may be renamed after its container). */
  rel: string;
  exif?: {
    exif_json: string | null;
    exif_error: string | null;
    camera_make: string | null;
    camera_model: string | null;
  };
  /** The previous original, now under versions/. */
  version?: string;
  /** The downloaded file, made durable and put in place when its batch is recorded. */
  pending?: PendingFile;
}

/**
 * Downloads are made durable, put in place and recorded a batch at a time: when this many files
 * or bytes are waiting, or this long after the first of them finished, whichever comes first. The
 * count shares a syncfs (or the folder fsyncs) and a transaction among many small files. The bytes
 * and the delay bound what an interruption loses, and start the disk writing large originals
 * while the next ones download: Linux would hold gigabytes in its page cache before writing them
 * on its own, and then the batch's flush would wait for all of it.
 */
export const RECORD_BATCH = { files: 500, bytes: 32 * 1024 * 1024, delayMs: 1000 } as const;

/**
 * Gathers finished downloads into the batches of {@link RECORD_BATCH} and hands each one to
 * `onBatch`; the recorder and the benchmark's downloader both batch through it.
 *
 * @example
 * ```ts
 * const batches = new RecordBatches<PendingFile>((files) => void commitFiles(files));
 * batches.add(result.pending!, result.bytes);
 * batches.flush(); // the rest, at the end
 * ```
 */
export class RecordBatches<T> {
  #items: T[] = [];
  #bytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly onBatch: (items: T[]) => void) {}

  /** Adds an item of `bytes` downloaded bytes (0 for a file found on disk). */
  add(item: T, bytes: number): void {
    this.#items.push(item);
    this.#bytes += bytes;
    if (this.#items.length >= RECORD_BATCH.files || this.#bytes >= RECORD_BATCH.bytes) {
      this.flush();
    } else this.#timer ??= setTimeout(() => this.flush(), RECORD_BATCH.delayMs);
  }

  /** Hands on what is gathered, if anything. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const items = this.#items;
    this.#items = [];
    this.#bytes = 0;
    if (items.length > 0) this.onBatch(items);
  }
}

/** Batches file rows and EXIF into one transaction per batch ({@link RECORD_BATCH}). */
export class Recorder {
  #batches = new RecordBatches<Done>((batch) => {
    this.#chain = this.#chain.then(() => this.#write(batch)).catch((e) => {
      this.#error ??= e;
    });
  });
  #chain: Promise<void> = Promise.resolve();
  #error: unknown;

  constructor(readonly ctx: ArchiveContext) {}

  add(done: Done): void {
    this.#batches.add(done, done.pending ? done.result.bytes : 0);
  }

  /** Writes what is pending; resolves when every write so far is done. */
  flush(): Promise<void> {
    this.#batches.flush();
    return this.#chain.then(() => {
      if (this.#error) throw this.#error;
    });
  }

  /**
   * Records the files a killed run had put in place but not recorded, from its journal: each one
   * still on disk with the hash the journal gives. Entries whose file is not (the run was killed
   * before its rename; its temporary file is gone) are dropped. Returns how many were recorded.
   */
  async recover(): Promise<number> {
    const db = this.ctx.catalog.db;
    const entries = await db.selectFrom("commit_journal").selectAll().execute();
    if (entries.length === 0) return 0;
    const found: Done[] = [];
    for (const entry of entries) {
      const path = resolveInArchive(this.ctx.archiveDir, entry.path);
      const onDisk = await sha256File(path).catch((e) => {
        if (e instanceof Deno.errors.NotFound) return undefined;
        throw e;
      });
      if (onDisk?.sha256 === entry.sha256) found.push(JSON.parse(entry.entry_json) as Done);
    }
    // The killed run may not have made its renames durable yet: they are, before the rows.
    await syncDirectories(
      found.map((d) => dirname(resolveInArchive(this.ctx.archiveDir, d.rel))),
    );
    await this.#record(found, { clearJournal: "all" });
    return found.length;
  }

  /**
   * Journals, puts in place and records `batch` now rather than in a batch, with `alongside`
   * written in the same transaction as the rows (the videos phase: each video is a large file
   * worth recording at once, with its item's state).
   */
  async recordNow(
    batch: Done[],
    alongside?: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<void> {
    await this.#write(batch, alongside);
  }

  async #write(
    batch: Done[],
    alongside?: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<void> {
    const downloaded = batch.filter((d) => d.pending);
    try {
      await this.#journal(downloaded);
    } catch (e) {
      // Not journaled (a full disk, say), so not put in place: the next run fetches them again.
      await discardFiles(downloaded.map((d) => d.pending!)).catch(() => {});
      throw e;
    }
    // The batch's downloads are made durable and put in place here, and the folders of files
    // adopted from a killed run synced, before the rows that record them. A crash before this
    // point may lose a rename, but then no row names the file either, and the next run fetches
    // (or adopts) it again; a crash after it leaves the journal to say what the files are.
    await commitFiles(downloaded.map((d) => d.pending!));
    await syncDirectories(
      batch.flatMap((d) =>
        d.pending ? [] : [dirname(resolveInArchive(this.ctx.archiveDir, d.rel))]
      ),
    );
    await this.#record(batch, { clearJournal: downloaded.map((d) => d.rel), alongside });
  }

  /**
   * Notes what the downloads are before any is renamed into place. On Linux the syncfs before the
   * renames makes this durable with the files (the catalog's WAL is on the archive's filesystem).
   * Elsewhere its own commit does: the catalog runs with `synchronous = NORMAL`, whose commits
   * survive a killed process but not always a power cut, so the journal is written under `FULL`,
   * which flushes the WAL at commit (one flush per batch).
   */
  async #journal(downloaded: Done[]): Promise<void> {
    if (downloaded.length === 0) return;
    const entries = downloaded.map((d) => ({
      path: d.rel,
      sha256: d.result.sha256,
      entry_json: JSON.stringify(
        {
          task: d.task,
          result: {
            bytes: d.result.bytes,
            sha256: d.result.sha256,
            md5: d.result.md5,
            contentType: d.result.contentType,
          },
          rel: d.rel,
          exif: d.exif,
          version: d.version,
        } satisfies Done,
      ),
    }));
    const db = this.ctx.catalog.db;
    const ownFlush = !canSyncFilesystems();
    if (ownFlush) await sql`PRAGMA synchronous = FULL`.execute(db);
    try {
      await this.#insertJournal(entries);
    } finally {
      if (ownFlush) await sql`PRAGMA synchronous = NORMAL`.execute(db);
    }
  }

  async #insertJournal(
    entries: { path: string; sha256: string; entry_json: string }[],
  ): Promise<void> {
    await this.ctx.catalog.db.transaction().execute(async (trx) => {
      for (const part of chunks(entries, 3)) {
        await trx.insertInto("commit_journal").values(part)
          .onConflict((oc) =>
            oc.column("path").doUpdateSet({
              sha256: (eb) => eb.ref("excluded.sha256"),
              entry_json: (eb) => eb.ref("excluded.entry_json"),
            })
          ).execute();
      }
    });
  }

  /** One transaction: the batch's file rows and EXIF, and its journal entries cleared. */
  async #record(
    batch: Done[],
    opts: {
      clearJournal: readonly string[] | "all";
      alongside?: (trx: Transaction<Database>) => Promise<void>;
    },
  ): Promise<void> {
    const fetchedAt = new Date().toISOString();
    const db = this.ctx.catalog.db;
    const stale: string[] = [];
    await db.transaction().execute(async (trx) => {
      const rows: NewFile[] = [];
      for (const d of batch) {
        const { task } = d;
        if (d.version && task.previous) {
          rows.push({
            item_id: task.itemId,
            kind: task.kind,
            path: d.version,
            bytes: task.previous.bytes,
            sha256: task.previous.sha256,
            content_type: task.previous.content_type ?? null,
            width: task.previous.width ?? null,
            height: task.previous.height ?? null,
            secret: task.previous.secret,
            is_current: 0,
            fetched_at: task.previous.fetched_at ?? fetchedAt,
          });
        }
        if (task.previous && task.previous.path !== d.rel) stale.push(task.previous.path);
        rows.push({
          item_id: task.itemId,
          kind: task.kind,
          path: d.rel,
          bytes: d.result.bytes,
          sha256: d.result.sha256,
          md5: d.result.md5 ?? null,
          content_type: d.result.contentType,
          width: task.width,
          height: task.height,
          secret: task.secret,
          fetched_at: fetchedAt,
        });
      }
      if (stale.length > 0) {
        for (const part of chunks(stale, 1)) {
          await trx.deleteFrom("files").where("path", "in", part).where("is_current", "=", 1)
            .execute();
        }
      }
      await upsertFiles(trx, rows);
      const exif = batch.filter((d) => d.exif);
      for (const part of chunks(exif, 6)) {
        const values = sql.join(
          part.map((d) =>
            sql`(${d.task.itemId}, ${d.exif!.exif_json}, ${d.exif!.exif_error}, ${
              d.exif!.camera_make
            }, ${d.exif!.camera_model})`
          ),
        );
        await sql`UPDATE items SET exif_json = v.column2, exif_source = 'file',
            exif_error = v.column3, camera_make = v.column4, camera_model = v.column5,
            updated_at = ${fetchedAt}
          FROM (VALUES ${values}) AS v WHERE items.id = v.column1`.execute(trx);
      }
      await opts.alongside?.(trx);
      if (opts.clearJournal === "all") await trx.deleteFrom("commit_journal").execute();
      else {
        for (const part of chunks(opts.clearJournal, 1)) {
          await trx.deleteFrom("commit_journal").where("path", "in", part).execute();
        }
      }
    });
    // The stale file is the previous original under an old name (its bytes are kept in versions/),
    // or the lesser copy an original replaced.
    for (const rel of stale) await removeIfPresent(resolveInArchive(this.ctx.archiveDir, rel));
  }
}
