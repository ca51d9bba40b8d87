// Long on purpose: one run read top to bottom (lock, sign-in, phases in order, summary, failures).
/**
 * One `flickrvault archive` run: takes the archive's lock, proves the sign-in with the first call
 * it needs anyway, opens the catalog, and runs the phases in order:
 *
 * 1. listing (`listing.ts`): own photos and favourites, written page by page; then, when own
 *    photos come without originals, whether the account is a free one (`free_account.ts`);
 * 2. originals (`originals.ts`): every original, display copy and thumbnail, before any
 *    per-photo API call;
 * 3. details, people, structure, videos, manual videos (part 2: getInfo, comments, faves,
 *    people and avatars, albums/collections/galleries/groups/licences, video fallbacks, files
 *    dropped into `manual/`);
 * 4. sidecars (`../tree/sidecars.ts`): the XMP beside each original, from the catalog alone.
 *
 * Every phase keeps its state per item in the catalog, so a run stopped at any moment (Ctrl-C, or
 * killed outright) is resumed by the next one without fetching a complete file or repeating an API
 * call for a complete item. On abort (Ctrl-C) the run stops taking new work, lets files in flight
 * finish, and is recorded as interrupted.
 *
 * @example
 * ```ts
 * const creds = await loadCredentials(dir, Deno.env, {}, { requireToken: true });
 * const summary = await runArchive({ archiveDir: dir, credentials: creds, sink: consoleSink() });
 * console.log(summary.status, summary.apiCalls);
 * ```
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import { LAST_RUN_META, USER_NSID_META } from "../catalog/meta_keys.ts";
import { join, resolve } from "node:path";
import { CATALOG_FILE, CatalogError, openCatalog } from "../catalog/db.ts";
import { waitBoard } from "./awaiting.ts";
import { withHeartbeat } from "./heartbeat.ts";
import { acquireArchiveLock, type ArchiveLock, ArchiveLockedError } from "../catalog/lock.ts";
import { finishRun, getMeta, refreshSearch, setMeta, startRun } from "../catalog/writes.ts";
import { UsageError } from "../usage_error.ts";
import { CallBudget } from "../flickr/budget.ts";
import { FlickrClient, type FlickrClientOptions } from "../flickr/client.ts";
import { FlickrError, toUsageError } from "../flickr/errors.ts";
import type { Credentials } from "../flickr/credentials.ts";
import type { PhotoList } from "../flickr/types.ts";
import type { ArchiveContext } from "./context.ts";
import { syncDetails } from "./details.ts";
import { IdSet } from "./id_set.ts";
import { removeStaleTempFiles } from "../files/temp_files.ts";
import { isDiskFull } from "../files/disk_full.ts";
import { fetchOwnPage, type ListingPhaseResult, runListing } from "./listing.ts";
import { pickUpManualVideos } from "./manual_videos.ts";
import { checkChecksums } from "./checksum.ts";
import { runOriginals } from "./originals.ts";
import { makeMissingPictures } from "../tree/pictures.ts";
import { upgradeLesserCopies } from "./lesser_copies.ts";
import { checkAccountPlan, freeAccountNote } from "./free_account.ts";
import { countWaitingForExport, isFreeAccount } from "../catalog/free_account.ts";
import { defaultFileClient } from "../flickr/default_file_client.ts";
import { FetchFileClient } from "../flickr/fetch_file_client.ts";
import type { FileClient } from "../flickr/file_client.ts";
import { syncPeople } from "./people.ts";
import { countOf } from "../units.ts";
import { Progress, type ProgressSink } from "../progress.ts";
import { syncStructure } from "./structure.ts";
import { syncVideos } from "./videos.ts";
import { resolveNaming, type SidecarNaming, writeSidecars } from "../tree/sidecars.ts";

/** Options of {@link runArchive}. */
export interface RunArchiveOptions {
  archiveDir: string;
  /** Key, secret and access token (from `loadCredentials` with `requireToken`). */
  credentials: Credentials;
  /** `--flickr-origin`: replaces api.flickr.com and www.flickr.com. */
  origin?: string;
  /** API calls per hour (default `DEFAULTS.callsPerHour`); 0 means no limit. */
  rate?: number;
  /** Parallel file downloads (default `DEFAULTS.downloadConcurrency`). */
  concurrency?: number;
  /** Where progress goes (default: nowhere). */
  sink?: ProgressSink;
  /**
   * For API calls, and for file downloads unless `files` is given (tests wrap it to watch the
   * traffic).
   */
  fetch?: typeof fetch;
  /** For file downloads (default: {@link defaultFileClient}, or `fetch` when that is given). */
  files?: FileClient;
  /** Ctrl-C: stop taking new work, finish files in flight, record the run as interrupted. */
  signal?: AbortSignal;
  /** A download that receives nothing for this long is abandoned and retried (default 30 s). */
  stallTimeoutMs?: number;
  /** Client settings (retry delays, timeouts), mostly for tests. */
  client?: Pick<FlickrClientOptions, "maxRetries" | "retryBaseMs" | "retryMaxMs" | "timeoutMs">;
  /** First delay between download attempts (default 1 s). */
  downloadRetryBaseMs?: number;
  /**
   * The longest silence before a line says what the run waits on (default 8 s on a terminal,
   * 50 s in a log).
   */
  quietMs?: number;
  /** `--no-sidecars`: no XMP sidecars written in this run. */
  noSidecars?: boolean;
  /** `--sidecar-name`: remembered in the catalog; default the archive's choice, else "file". */
  sidecarName?: SidecarNaming;
}

/** What a run did: the closing summary. */
export interface ArchiveSummary {
  runId: number;
  /** 'done', or 'interrupted' after Ctrl-C. */
  status: "done" | "interrupted";
  /** Own photos and videos listed. */
  own: number;
  /** Favourites listed. */
  favorites: number;
  /** Items first seen in this run. */
  added: number;
  /** Own items found deleted on Flickr in this run (kept in the archive). */
  deleted: number;
  /** Files written in this run, and their bytes. */
  files: number;
  bytes: number;
  /** API calls (retries included), by method. */
  apiCalls: number;
  byMethod: Record<string, number>;
  /** API calls that failed transiently and were made again. */
  retries: number;
  /** File downloads that failed transiently and were made again. */
  downloadRetries: number;
  /** XMP sidecars written (new or changed) in this run; null with `--no-sidecars`. */
  sidecars: number | null;
  /** Sidecars another app changed, left as they are. */
  sidecarsKept: number;
  durationMs: number;
  /** Problems to tell the person (exit code 1 when any). */
  attention: string[];
  /** The account is a free one (`flickr.people.getInfo` said `ispro` 0). */
  freeAccount: boolean;
  /**
   * Own photos of a free account held as the copy Flickr gives apps (at most 1,024 px): their
   * originals come with Flickr's data export (`flickrvault import`). Not a problem of the run.
   */
  waitingForExport: number;
}

/** A phase after the originals (issue 4's part of the pipeline). */
interface LaterPhase {
  name: string;
  run: (ctx: ArchiveContext) => Promise<unknown>;
}

/**
 * The phases after the originals, in order. The checksum check runs at the end of the details
 * phase (it needs the machine tags that getInfo brings), and once more last, for the originals
 * the video phases filed: every complete run ends with the MD5s the duplicates page matches.
 */
const LATER_PHASES: readonly LaterPhase[] = [
  { name: "details", run: syncDetails },
  { name: "people", run: syncPeople },
  { name: "structure", run: syncStructure },
  { name: "videos", run: syncVideos },
  { name: "manual videos", run: pickUpManualVideos },
  // Photos only: the video play URLs that need `--flickr-origin` are not involved.
  { name: "smaller copies", run: (ctx) => upgradeLesserCopies(ctx) },
  // Where no sized copy came from Flickr (photos imported from the export, listings without them).
  {
    name: "pictures",
    run: (ctx) =>
      makeMissingPictures(ctx.catalog, ctx.archiveDir, {
        progress: ctx.progress,
        signal: ctx.signal,
        problem: (text) => ctx.attention.push(text),
      }),
  },
  { name: "checksums", run: checkChecksums },
];

const never = new AbortController().signal;

/** Items whose search rows are rebuilt per transaction after a run that follows no complete one. */
const SEARCH_PAGE = 2000;

/**
 * Runs one archive run (see the module doc). Throws a {@link UsageError} for what the person must
 * fix (bad key, secret or token, unreachable Flickr, archive locked or of another account), and a
 * `FlickrError` for a permanent failure of Flickr mid-run (the run is then recorded as failed).
 */
export async function runArchive(opts: RunArchiveOptions): Promise<ArchiveSummary> {
  const beat = withHeartbeat(opts.sink ?? { line() {}, status() {} }, {
    quietMs: opts.quietMs,
    terminal: opts.sink ? undefined : false,
  });
  try {
    return await runArchiveSpeaking({ ...opts, sink: beat.sink });
  } finally {
    beat.stop();
  }
}

async function runArchiveSpeaking(opts: RunArchiveOptions): Promise<ArchiveSummary> {
  const started = Date.now();
  const archiveDir = resolve(opts.archiveDir);
  const creds = opts.credentials;
  if (!creds.oauthToken || !creds.oauthTokenSecret) {
    throw new UsageError(
      "Cannot call Flickr: not signed in",
      "run 'flickrvault auth' (or set FLICKR_OAUTH_TOKEN and FLICKR_OAUTH_TOKEN_SECRET)",
    );
  }
  const budget = new CallBudget(opts.rate ?? DEFAULTS.callsPerHour);
  // One keep-alive client for the files and the API's small answers.
  const files = opts.files ?? (opts.fetch ? new FetchFileClient(opts.fetch) : defaultFileClient());
  const client = new FlickrClient({
    origin: opts.origin,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
    oauthToken: creds.oauthToken,
    oauthTokenSecret: creds.oauthTokenSecret,
    budget,
    fetch: opts.fetch,
    http: files,
    signal: opts.signal,
    ...opts.client,
    onEvent(e) {
      if (e.type === "retry") waitBoard.retry(e.method, e.attempt, e.reason, e.delayMs);
    },
  });

  const existed = await isDirectory(archiveDir);
  let lock: ArchiveLock;
  try {
    lock = await acquireArchiveLock(archiveDir);
  } catch (e) {
    if (e instanceof ArchiveLockedError) throw new UsageError(e.message, e.hint);
    if (isDiskFull(e)) throw diskFull();
    if (isUnwritable(e)) {
      throw new UsageError(
        `Cannot write the archive: ${archiveDir} is not writable (${osReason(e)})`,
        "pass --archive DIR with a folder you can write to, or fix its permissions",
      );
    }
    throw e;
  }
  try {
    // The first call the run needs anyway proves the key, secret and token: nothing is written
    // before Flickr has accepted them. The account is known from the credentials file, else from
    // an existing catalog; only a new archive signed in by environment variables asks
    // flickr.test.login.
    let catalogChecked = false;
    let userNsid = creds.userNsid ??
      await catalogAccount(archiveDir, () => catalogChecked = true);
    let firstOwnPage: PhotoList | undefined;
    try {
      if (userNsid) {
        firstOwnPage = await fetchOwnPage({ client }, 1);
        const owner = firstOwnPage.items.find((p) => p.owner)?.owner;
        if (owner && owner !== userNsid) userNsid = owner;
      } else {
        userNsid = (await client.testLogin()).nsid;
      }
    } catch (e) {
      await lock.release();
      if (!existed) await Deno.remove(archiveDir).catch(() => {});
      throw asUsageError(e);
    }
    return await archiveWithLock(opts, {
      archiveDir,
      client,
      files,
      userNsid,
      firstOwnPage,
      started,
      catalogChecked,
    });
  } finally {
    files.close();
    await lock.release();
  }
}

/**
 * Permanent Flickr errors (bad key, secret, token; unreachable origin) and a full disk as one line
 * and a hint.
 */
function asUsageError(e: unknown): unknown {
  if (isDiskFull(e)) return diskFull();
  return e instanceof FlickrError && e.permanent ? toUsageError(e) : e;
}

function diskFull(): UsageError {
  return new UsageError(
    "Cannot write the archive: the disk is full",
    "free some space and run 'flickrvault archive' again: it continues where it stopped",
  );
}

/** The archive folder cannot be created or written (read-only, permissions, a file in the way). */
function isUnwritable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotADirectory ||
    e instanceof Deno.errors.AlreadyExists || code === "EROFS" || code === "EACCES" ||
    code === "EPERM" || /Read-only file system/.test(String((e as Error)?.message));
}

/** "Read-only file system (os error 30): mkdir '/x'" → "Read-only file system". */
function osReason(e: unknown): string {
  return String((e as Error)?.message ?? e).replace(/ \(os error \d+\).*$/s, "");
}

async function archiveWithLock(
  opts: RunArchiveOptions,
  run: {
    archiveDir: string;
    client: FlickrClient;
    files: FileClient;
    userNsid: string;
    firstOwnPage?: PhotoList;
    started: number;
    /** The catalog was opened, and so checked for damage, earlier in this run. */
    catalogChecked?: boolean;
  },
): Promise<ArchiveSummary> {
  const { archiveDir, client, files, userNsid } = run;
  const signal = opts.signal ?? never;
  let catalog;
  try {
    // The catalog was checked already if this run opened it to learn the account (under the
    // same lock): once is enough.
    catalog = await openCatalog(archiveDir, { integrityCheck: !run.catalogChecked });
  } catch (e) {
    if (e instanceof CatalogError) throw new UsageError(e.message, e.hint);
    throw e;
  }
  try {
    const { db } = catalog;
    const owner = await getMeta(db, USER_NSID_META);
    if (owner && owner !== userNsid) {
      throw new UsageError(
        `Cannot archive: this archive holds the account ${owner}, but the sign-in is for ${userNsid}`,
        "pass --archive DIR for another account's archive, or run 'flickrvault auth' as " + owner,
      );
    }
    if (!owner) await setMeta(db, USER_NSID_META, userNsid);
    const removed = await removeStaleTempFiles(archiveDir);
    const previous = await db.selectFrom("runs").select("status").where("kind", "=", "archive")
      .orderBy("id", "desc").executeTakeFirst();
    const runId = await startRun(db, "archive");
    const startedAt = new Date(run.started).toISOString();

    const sink = opts.sink ?? { line() {}, status() {} };
    const progress = new Progress(sink, {
      get callsPerHour() {
        return client.budget.callsPerHour;
      },
      get callsMade() {
        return client.stats.calls;
      },
    });
    if (removed > 0) {
      progress.note(`removed ${countOf(removed, "unfinished files")} of an interrupted run`);
    }
    const ctx: ArchiveContext = {
      archiveDir,
      catalog,
      client,
      progress,
      userNsid,
      runId,
      concurrency: Math.max(1, opts.concurrency ?? DEFAULTS.downloadConcurrency),
      files,
      stallTimeoutMs: opts.stallTimeoutMs ?? 30_000,
      signal,
      downloadRetryBaseMs: opts.downloadRetryBaseMs ?? 1000,
      downloadRetries: 0,
      attention: [],
      searchIndexed: new IdSet(),
    };

    // Only the counts and the touched ids outlive the listing phase: its sets of listed ids (one
    // string per item) are dropped as soon as it ends.
    let listing:
      | Pick<ListingPhaseResult, "touched" | "added" | "deleted"> & {
        own: number;
        favorites: number;
      }
      | undefined;
    let status: "done" | "interrupted" = "done";
    let sidecarsWritten: number | null = opts.noSidecars ? null : 0;
    let sidecarsKept = 0;
    const totals = () => ({
      api_calls: client.stats.calls,
      retries: client.stats.retries + ctx.downloadRetries,
    });
    // A free account is told at once what Flickr allows and the way out (again after the listing
    // when this run is the first to find out).
    let freeNoted = false;
    if (await isFreeAccount(db)) {
      const waiting = await countWaitingForExport(db);
      if (waiting > 0) {
        for (const line of freeAccountNote(waiting)) progress.note(line);
        freeNoted = true;
      }
    }
    try {
      const listed = await runListing(ctx, { firstOwnPage: run.firstOwnPage, origin: opts.origin });
      listing = {
        own: listed.own.ids.size,
        favorites: listed.favorites.ids.size,
        // Used only after a complete run (otherwise every item is indexed again).
        touched: previous?.status === "done" ? listed.touched : new Set(),
        added: listed.added,
        deleted: listed.deleted,
      };
      if (!signal.aborted) {
        const plan = await checkAccountPlan(ctx);
        if (plan.free && !freeNoted) {
          for (const line of freeAccountNote(plan.withoutOriginal)) progress.note(line);
        }
        await runOriginals(ctx, { origin: opts.origin });
      }
      for (const phase of LATER_PHASES) {
        if (signal.aborted) break;
        await phase.run(ctx);
      }
      if (!signal.aborted && !opts.noSidecars) {
        const naming = await resolveNaming(db, opts.sidecarName);
        const s = await writeSidecars(catalog, archiveDir, { naming, progress, signal });
        sidecarsWritten = s.written;
        sidecarsKept = s.kept;
      }
      if (signal.aborted) status = "interrupted";
    } catch (e) {
      if (!signal.aborted) {
        // On a full disk the run row may not be writable either: the error matters more.
        await finishRun(db, runId, "failed", {
          ...totals(),
          summary: { error: e instanceof Error ? e.message : String(e) },
        }).catch((f) => {
          if (!isDiskFull(f)) throw f;
        });
        throw asUsageError(e);
      }
      status = "interrupted";
    }

    // The search index follows every item this run listed as new or changed; after a run that
    // did not complete, everything (what it fetched after listing was never indexed). Items the
    // details phase indexed are left out: nothing after it changes what they index, and on a
    // first archive that is nearly every item (their rows were all written twice before).
    const due = (ids: string[]) => ids.filter((id) => !ctx.searchIndexed?.has(id));
    if (previous?.status === "done" && status === "done") {
      await refreshSearch(db, due([...(listing?.touched ?? [])]));
    } else {
      // Page by page (each page its own transaction): the index is derived data, and a run that
      // stops before the end is not 'done', so the next one rebuilds it all again.
      let after = "";
      while (true) {
        const page = await db.selectFrom("items").select("id").where("id", ">", after)
          .orderBy("id").limit(SEARCH_PAGE).execute();
        if (page.length === 0) break;
        await refreshSearch(db, due(page.map((r) => r.id)));
        after = page[page.length - 1].id;
      }
    }
    const fetched = await db.selectFrom("files")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("bytes").as("bytes")])
      .where("fetched_at", ">=", startedAt).executeTakeFirstOrThrow();
    const freeAccount = await isFreeAccount(db);
    const summary: ArchiveSummary = {
      runId,
      status,
      own: listing?.own ?? 0,
      favorites: listing?.favorites ?? 0,
      added: listing?.added ?? 0,
      deleted: listing?.deleted ?? 0,
      files: Number(fetched.n),
      bytes: Number(fetched.bytes ?? 0),
      apiCalls: client.stats.calls,
      byMethod: { ...client.stats.byMethod },
      retries: client.stats.retries,
      downloadRetries: ctx.downloadRetries,
      sidecars: sidecarsWritten,
      sidecarsKept,
      durationMs: Date.now() - run.started,
      attention: ctx.attention,
      freeAccount,
      waitingForExport: freeAccount ? await countWaitingForExport(db) : 0,
    };
    await finishRun(db, runId, status, {
      ...totals(),
      bytes_downloaded: summary.bytes,
      summary,
    });
    if (status === "done") await setMeta(db, LAST_RUN_META, startedAt);
    return summary;
  } finally {
    await catalog.close();
  }
}

/**
 * The account an existing catalog belongs to (`meta.user_nsid`), without creating anything;
 * `onChecked` is told when the catalog was opened, and so checked for damage.
 */
async function catalogAccount(
  archiveDir: string,
  onChecked: () => void,
): Promise<string | undefined> {
  const path = join(archiveDir, CATALOG_FILE);
  // An empty catalog.db is a run killed between creating the file and its first write: no
  // account in it yet (opened to write, below, it is checked against the archive's media).
  if (!(await isFile(path)) || (await Deno.stat(path)).size === 0) return undefined;
  let catalog;
  try {
    catalog = await openCatalog(archiveDir, { create: false });
    onChecked();
  } catch (e) {
    if (e instanceof CatalogError) throw new UsageError(e.message, e.hint);
    throw e;
  }
  try {
    return await getMeta(catalog.db, USER_NSID_META);
  } finally {
    await catalog.close();
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
