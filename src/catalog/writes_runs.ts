/**
 * Archive-wide records: runs of `archive` and `import`, `meta` values, the raw API answers kept
 * as they came, and Flickr's licences.
 *
 * Tested by src/catalog/writes_test.ts and src/catalog/run_counts_test.ts.
 * @module
 */
import type { NewLicense, RunRow } from "./schema.ts";
import {
  chunks,
  type Db,
  defined,
  excluded,
  inTransaction,
  lastByKey,
  now,
  upsertWhole,
} from "./writes_batch.ts";

/** Runs this process started and has not finished: what a signal's hard stop records. */
const openRuns = new Map<number, Db>();

/** Records the start of an archive or import run and returns its id. */
export async function startRun(db: Db, kind: "archive" | "import"): Promise<number> {
  const row = await db.insertInto("runs").values({ kind, started_at: now() })
    .returning("id").executeTakeFirstOrThrow();
  openRuns.set(row.id, db);
  return row.id;
}

/**
 * Records every run this process has open as interrupted: for a process stopped by a signal
 * before the run could finish by itself (`status` then tells when it stopped).
 */
export async function interruptOpenRuns(): Promise<void> {
  for (const [id, db] of [...openRuns]) {
    openRuns.delete(id);
    await db.updateTable("runs").set({ status: "interrupted", finished_at: now() })
      .where("id", "=", id).where("finished_at", "is", null).execute();
  }
}

/** What a run did, for {@link finishRun} (and for progress updates with {@link updateRun}). */
export interface RunTotals {
  api_calls?: number;
  retries?: number;
  bytes_downloaded?: number;
  /** Anything else worth keeping about the run; stored as JSON. */
  summary?: unknown;
}

/** Stores a running run's counters so far (an interrupted run then still tells what it did). */
export async function updateRun(db: Db, id: number, totals: RunTotals): Promise<void> {
  await db.updateTable("runs").set(runFields(totals)).where("id", "=", id).execute();
}

/** Ends a run with its status and totals. */
export async function finishRun(
  db: Db,
  id: number,
  status: "done" | "failed" | "interrupted",
  totals: RunTotals = {},
): Promise<void> {
  openRuns.delete(id);
  await db.updateTable("runs")
    .set({ ...runFields(totals), status, finished_at: now() })
    .where("id", "=", id).execute();
}

function runFields(t: RunTotals): Partial<Omit<RunRow, "id">> {
  return defined({
    api_calls: t.api_calls,
    retries: t.retries,
    bytes_downloaded: t.bytes_downloaded,
    summary_json: t.summary === undefined ? undefined : JSON.stringify(t.summary),
  });
}

/** Reads a `meta` value. */
export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom("meta").select("value").where("key", "=", key)
    .executeTakeFirst();
  return row?.value;
}

/** Sets a `meta` value. */
export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto("meta").values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

/** One raw API answer to keep. */
export interface ApiResponseInput {
  /** e.g. `flickr.photos.getInfo` */
  method: string;
  /** What the answer is about, e.g. the photo id or `page=3`. */
  key: string;
  /** The answer: a string is stored as is, anything else as JSON. */
  body: unknown;
  /** ISO time; default now. */
  fetched_at?: string;
}

/** Keeps the raw JSON of one API answer (the latest per method and key). */
export function saveApiResponse(
  db: Db,
  method: string,
  key: string,
  body: unknown,
): Promise<void> {
  return saveApiResponses(db, [{ method, key, body }]);
}

/** Keeps many raw API answers at once. */
export async function saveApiResponses(
  db: Db,
  rows: readonly ApiResponseInput[],
): Promise<void> {
  if (rows.length === 0) return;
  const stamp = now();
  const values = lastByKey(rows, (r) => `${r.method}\0${r.key}`).map((r) => ({
    method: r.method,
    key: r.key,
    fetched_at: r.fetched_at ?? stamp,
    body: typeof r.body === "string" ? r.body : JSON.stringify(r.body),
  }));
  await inTransaction(db, async (trx) => {
    for (const part of chunks(values, 4)) {
      await trx.insertInto("api_responses").values(part)
        .onConflict((oc) =>
          oc.columns(["method", "key"]).doUpdateSet({
            fetched_at: excluded("fetched_at"),
            body: excluded("body"),
          } as never)
        )
        .execute();
    }
  });
}

/** Inserts or updates Flickr's licenses. */
export async function upsertLicenses(db: Db, rows: readonly NewLicense[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, (trx) => upsertWhole(trx, "licenses", rows, "id"));
}
