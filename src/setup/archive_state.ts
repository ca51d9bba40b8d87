/**
 * Where an archive stands, for the first-run pages to choose what to show: empty (the two doors),
 * a run stopped before its end (Resume), a run of another process holding it (wait), or complete
 * (the summary and what to do next). Read from the folder, the credentials file, the lock and the
 * catalog, never written.
 * @module
 */
import type { Kysely } from "kysely";
import { join, resolve } from "node:path";
import { CATALOG_FILE } from "../catalog/db.ts";
import { isFreeAccount } from "../catalog/free_account.ts";
import { type LockHolder, otherLockHolder } from "../catalog/lock.ts";
import { lastRun, type RecordedRun, type RunCounts, runCounts } from "../catalog/run_counts.ts";
import type { Database } from "../catalog/schema.ts";
import { loadCredentials } from "../flickr/credentials.ts";

/** What the pages need to know about the archive. */
export interface ArchiveState {
  /** Absolute path. */
  archiveDir: string;
  /** Whether `catalog.db` is there. */
  hasCatalog: boolean;
  /** What it holds; null without a readable catalog. */
  counts: RunCounts | null;
  /** The signed-in account when key and tokens are known (the archive's file or the environment). */
  signedIn: { userNsid?: string; username?: string } | null;
  /** The last import and archive runs. */
  lastImport: RecordedRun | undefined;
  lastArchive: RecordedRun | undefined;
  /**
   * The latest run, import or archive, that did not finish (interrupted, failed, or killed: still
   * 'running' with no process holding the archive); undefined when the latest of each finished.
   */
  unfinished: RecordedRun | undefined;
  /** Another process's run holds the archive now (a command in a terminal). */
  heldBy: LockHolder | undefined;
  /** The account is known to be a free one. */
  free: boolean;
  /** A run finished, none is unfinished, and the archive holds something: show the photostream. */
  complete: boolean;
}

/**
 * Reads the state of `archiveDir`, with `db` (a reader of its catalog) when it can be opened.
 * `runningHere` tells that this process runs import or archive right now: its 'running' row is
 * not a killed run.
 */
export async function readArchiveState(
  archiveDir: string,
  db: Kysely<Database> | undefined,
  runningHere = false,
): Promise<ArchiveState> {
  const dir = resolve(archiveDir);
  const hasCatalog = await exists(join(dir, CATALOG_FILE));
  const heldBy = await otherLockHolder(dir).catch(() => undefined);
  let signedIn: ArchiveState["signedIn"] = null;
  try {
    const creds = await loadCredentials(dir, Deno.env, {}, { requireToken: true });
    signedIn = { userNsid: creds.userNsid, username: creds.username };
  } catch {
    // no key, no token, or an unreadable file: not signed in
  }
  let counts: RunCounts | null = null;
  let lastImport: RecordedRun | undefined;
  let lastArchive: RecordedRun | undefined;
  let free = false;
  if (db && hasCatalog) {
    counts = await runCounts(db);
    lastImport = await lastRun(db, "import");
    lastArchive = await lastRun(db, "archive");
    free = await isFreeAccount(db);
  }
  const notDone = (r: RecordedRun | undefined) =>
    r !== undefined && r.status !== "done" &&
    !(r.status === "running" && (runningHere || heldBy !== undefined));
  const latest = [lastImport, lastArchive].filter((r) => r !== undefined)
    .sort((a, b) => b!.id - a!.id)[0];
  const unfinished = notDone(latest) ? latest : undefined;
  const anyDone = lastImport?.status === "done" || lastArchive?.status === "done";
  const items = counts ? counts.own + counts.favorites : 0;
  return {
    archiveDir: dir,
    hasCatalog,
    counts,
    signedIn,
    lastImport,
    lastArchive,
    unfinished,
    heldBy,
    free,
    complete: hasCatalog && items > 0 && anyDone && unfinished === undefined &&
      heldBy === undefined,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
