/**
 * Opening the catalog: `<archive>/catalog.db`, in WAL mode with a busy timeout, migrated to the
 * schema of `migrations.ts`.
 *
 * @example
 * ```ts
 * import { openCatalog } from "./db.ts";
 * const catalog = await openCatalog("./flickr-archive");
 * try {
 *   const n = await catalog.db.selectFrom("items").select((eb) => eb.fn.countAll().as("n"))
 *     .executeTakeFirstOrThrow();
 * } finally {
 *   await catalog.close();
 * }
 * ```
 * @module
 */
import { LibsqlError } from "@libsql/client";
import { Kysely, sql } from "kysely";
import { dirname, join, resolve } from "node:path";
import { ARCHIVE_FOLDER_HINT, fileInTheWay } from "../files/file_in_the_way.ts";
import { LibsqlDialect } from "./dialect.ts";
import { type Migration, migrations as allMigrations } from "./migrations.ts";
import { NativeConnection } from "./native_connection.ts";
import type { Database } from "./schema.ts";

/** The catalog's file name inside an archive directory. */
export const CATALOG_FILE = "catalog.db";

/** WAL pages between automatic checkpoints on a writer (SQLite's default is 1,000). */
export const WAL_CHECKPOINT_PAGES = 10_000;

/**
 * A writer's page cache, in KiB (SQLite's `cache_size` takes a negative number as KiB; its
 * default is 2,000). An archive run's statements touch the same index pages (items, tags,
 * comments, people, search) again and again; with 2 MB, at 30,000 items, most of them were read
 * back from the OS with a system call each. 8 MB made the details phase about a fifth faster and
 * the sidecars phase a third, for about 8 MB more peak memory (32 MB gained nothing more).
 */
export const WRITER_CACHE_KIB = 8000;

/** How long a statement waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/** An open catalog. */
export interface Catalog {
  db: Kysely<Database>;
  /** Absolute path of `catalog.db`. */
  path: string;
  close(): Promise<void>;
}

/** Options of {@link openCatalog}. */
export interface OpenCatalogOptions {
  /** Create the directory and the file when missing (default true; false when `readonly`). */
  create?: boolean;
  /** Refuse writes on this connection and run no migrations. */
  readonly?: boolean;
  /** How long a statement waits for another process's lock (default {@link BUSY_TIMEOUT_MS}). */
  busyTimeoutMs?: number;
  /** Migrations to apply; tests pass their own, everyone else leaves the default. */
  migrations?: Migration[];
  /**
   * Run `PRAGMA quick_check` before anything else and refuse a damaged catalog (default: true
   * when writing). A writer must never write into a damaged file; the check reads the whole file
   * once (about 1 s of CPU for 350 MB here, measured with the sqlite3 shell).
   */
  integrityCheck?: boolean;
}

/** The catalog cannot be opened or used: a one-line message and a hint for the person. */
export class CatalogError extends Error {
  constructor(message: string, readonly hint?: string, readonly kind?: CatalogProblem) {
    super(message);
    this.name = "CatalogError";
  }
}

/** What kind of trouble a {@link CatalogError} is, where a caller may act on it. */
export type CatalogProblem = "damaged" | "locked" | "full" | "unwritable" | "unopenable";

/** What to do about a damaged catalog; none of it needs the damaged file to change first. */
export const DAMAGED_HINT = "it was left as it is: restore catalog.db from a backup, or move it " +
  "aside and run `flickrvault import` (Flickr's export) or `flickrvault archive` to rebuild it; " +
  "the photos on disk are kept";

/** A damaged or foreign catalog: `why` says what was found. */
export function damagedCatalog(path: string, why: string): CatalogError {
  return new CatalogError(
    `Cannot read the archive: ${path} is damaged (${why})`,
    DAMAGED_HINT,
    "damaged",
  );
}

/**
 * Opens (and by default creates) the catalog of `archiveDir` and brings its schema up to date.
 *
 * Throws {@link CatalogError} when the file is missing and `create` is false, when it is locked by
 * another process for longer than the busy timeout, when it is not a catalog, or when it was written
 * by a newer flickrvault.
 */
export async function openCatalog(
  archiveDir: string,
  opts: OpenCatalogOptions = {},
): Promise<Catalog> {
  const readonly = opts.readonly ?? false;
  const create = opts.create ?? !readonly;
  const dir = resolve(archiveDir);
  const path = join(dir, CATALOG_FILE);
  const verb = readonly ? "read" : "write";

  const size = await fileSize(path);
  if (size === undefined) {
    if (!create) {
      throw new CatalogError(
        `Cannot read the archive: no ${CATALOG_FILE} in ${dir}`,
        "run `flickrvault archive` or `flickrvault import` to create it, or pass --archive DIR",
      );
    }
    await Deno.mkdir(dir, { recursive: true });
  } else {
    await checkHeader(path, size, dir, create);
  }

  let connection;
  try {
    const timeout = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
    connection = readonly ? openReadOnly(path, timeout) : NativeConnection.open(path, { timeout });
  } catch (e) {
    throw describe(e, verb, path);
  }
  const db = new Kysely<Database>({ dialect: new LibsqlDialect({ connection }) });
  try {
    if (opts.integrityCheck ?? !readonly) await quickCheck(db, path);
    if (!readonly) {
      // WAL persists in the file; readers then never wait for the archiver, nor it for them.
      await sql`PRAGMA journal_mode = WAL`.execute(db);
    }
    await sql`PRAGMA foreign_keys = ON`.execute(db);
    // Safe in WAL mode (a power cut can lose the last commits, never corrupt) and much faster.
    if (!readonly) {
      await sql`PRAGMA synchronous = NORMAL`.execute(db);
      // A checkpoint copies the WAL's pages into the database file and syncs it. By default one
      // runs every 1,000 pages (4 MB), a few seconds of an archive run apart, and the pages every
      // batch dirties again (indexes, counts, people) were copied over and over. Every 10,000
      // pages: at 20,000 items 12 % fewer bytes written and a third less system time in one A/B.
      await sql`PRAGMA wal_autocheckpoint = ${sql.raw(String(WAL_CHECKPOINT_PAGES))}`.execute(db);
      await sql`PRAGMA cache_size = ${sql.raw(String(-WRITER_CACHE_KIB))}`.execute(db);
    }
    if (readonly) {
      // libsql is built with SQLITE_TEMP_STORE=2: a big sort or GROUP BY (the site's bulk
      // fingerprints, say) builds its temporary b-trees in memory, tens of MB at 100,000 items,
      // which the allocator then keeps. As files they spill past the page cache instead. Only on
      // readers (serve, site, status, list, export): the archiver's writer makes no such sorts,
      // and there every multi-row statement past 64 KiB spilled its statement journal to a file.
      await sql`PRAGMA temp_store = FILE`.execute(db);
    }
    await migrate(db, opts.migrations ?? allMigrations, readonly);
  } catch (e) {
    await db.destroy().catch(() => {});
    throw describe(e, verb, path);
  }
  let closed = false;
  return {
    db,
    path,
    async close() {
      if (closed) return;
      closed = true;
      // libSQL closes its connections only when they are garbage-collected, which a process that
      // exits never does: fold the WAL into catalog.db now, so that the file alone is the whole
      // catalog (a copy of it, a read-only reader that cannot use the WAL).
      // Without waiting: a reader or another program may hold the file, and closing must not
      // stall behind it (a passive checkpoint then copies what it can).
      if (!readonly) {
        await sql`PRAGMA busy_timeout = 0`.execute(db).catch(() => {});
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db)
          .catch(() => sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(db)).catch(() => {});
      }
      await db.destroy();
    },
  };
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction.
 * Returns the names applied. Running it again applies nothing.
 */
export async function migrate(
  db: Kysely<Database>,
  migrations: Migration[],
  readonly = false,
): Promise<string[]> {
  const known = new Set(migrations.map((m) => m.name));
  const applied = await appliedMigrations(db);
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new CatalogError(
      `Cannot read the archive: ${CATALOG_FILE} was written by a newer flickrvault (migration ${
        unknown[0]
      })`,
      "upgrade flickrvault",
    );
  }
  const pending = migrations.filter((m) => !applied.has(m.name));
  if (pending.length === 0) return [];
  if (readonly) {
    const needed = pending.find((m) => !m.writersOnly);
    if (!needed) return [];
    throw new CatalogError(
      `Cannot read the archive: ${CATALOG_FILE} needs an upgrade (${needed.name})`,
      "run `flickrvault archive` (or `import`, for an imported archive) once to upgrade it",
    );
  }
  if (applied.size === 0) {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(db);
  }
  const done: string[] = [];
  for (const migration of pending) {
    await db.transaction().execute(async (trx) => {
      // Another process may have applied it while this one waited for the write lock.
      const again = await trx.selectFrom("schema_migrations").select("name")
        .where("name", "=", migration.name).executeTakeFirst();
      if (again) return;
      for (const statement of migration.statements) {
        await sql.raw(statement).execute(trx);
      }
      await trx.insertInto("schema_migrations")
        .values({ name: migration.name, applied_at: new Date().toISOString() })
        .execute();
      done.push(migration.name);
    });
  }
  return done;
}

async function appliedMigrations(db: Kysely<Database>): Promise<Set<string>> {
  const table = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master
    WHERE type = 'table' AND name = 'schema_migrations'`.execute(db);
  if (table.rows[0].n === 0) return new Set();
  const rows = await db.selectFrom("schema_migrations").select("name").execute();
  return new Set(rows.map((r) => r.name));
}

/** The size of `path`, or undefined when there is no such file. */
async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).size;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof Deno.errors.NotADirectory) throw await notAFolder(dirname(path));
    throw e;
  }
}

/** What every SQLite database file starts with. */
const SQLITE_MAGIC = "SQLite format 3\0";

/**
 * Refuses a file that cannot be a catalog before libSQL touches it: libSQL would happily write a
 * new schema into an empty file, and reads of random bytes can crash it. An empty file is new
 * (a run stopped between creating it and its first write) only where no media were archived yet.
 */
async function checkHeader(path: string, size: number, dir: string, create: boolean) {
  if (size === 0) {
    if (create && !(await holdsMedia(dir))) return;
    throw damagedCatalog(path, "the file is empty");
  }
  const head = new Uint8Array(100);
  let n = 0;
  {
    using file = await Deno.open(path, { read: true });
    while (n < head.length) {
      const got = await file.read(head.subarray(n));
      if (got === null) break;
      n += got;
    }
  }
  const magic = new TextDecoder("latin1").decode(head.subarray(0, 16));
  if (n < 100 || magic !== SQLITE_MAGIC) {
    throw damagedCatalog(path, "it does not start as an SQLite database");
  }
  // Page size: a power of two from 512 to 32768, or 1 for 65536.
  const pageSize = (head[16] << 8) | head[17];
  if (
    !(pageSize === 1 || (pageSize >= 512 && pageSize <= 32768 && (pageSize & (pageSize - 1)) === 0))
  ) {
    throw damagedCatalog(path, "its header names no valid page size");
  }
}

/** Whether the archive folder already holds media (so an empty catalog there lost them). */
export async function holdsMedia(dir: string): Promise<boolean> {
  for (const sub of ["photos", "videos", "favorites"]) {
    try {
      for await (const _ of Deno.readDir(join(dir, sub))) return true;
    } catch {
      // absent or unreadable: not evidence of archived media
    }
  }
  return false;
}

/** `PRAGMA quick_check`: SQLite's page-by-page check, without the slower index cross-checks. */
async function quickCheck(db: Kysely<Database>, path: string): Promise<void> {
  const rows = (await sql<{ quick_check: string }>`PRAGMA quick_check(1)`.execute(db)).rows;
  const first = String(rows[0] ? Object.values(rows[0])[0] : "no answer");
  if (first === "ok") return;
  const finding = first.replace(/\*\*\* in database \w+ \*\*\*\s*/, "").split("\n")[0];
  throw damagedCatalog(path, `SQLite's check: ${finding}`);
}

/**
 * A connection that can only read: SQLite's `mode=ro`. In WAL mode a reader needs the `-shm`
 * file, which it cannot create where the folder cannot be written (a backup drive, another user's
 * archive); it then opens with `immutable=1`, which tells SQLite that nothing changes the file,
 * so that it needs no lock and no `-shm` (writers fold the WAL into the file when they close).
 */
function openReadOnly(path: string, timeout: number): NativeConnection {
  const uri = `file:${path.replace(/[%?#]/g, (c) => encodeURIComponent(c))}?mode=ro`;
  const connection = NativeConnection.open(uri, { timeout });
  try {
    // The first read of the schema is what needs the -shm file.
    connection.execute("SELECT count(*) FROM sqlite_master", []);
    return connection;
  } catch (e) {
    const code = e instanceof LibsqlError ? e.code : "";
    if (!code.startsWith("SQLITE_CANTOPEN") && !code.startsWith("SQLITE_READONLY")) {
      connection.close();
      throw e;
    }
    connection.close();
  }
  return NativeConnection.open(`${uri}&immutable=1`, { timeout });
}

/** `dir` or one of its parents is a file: names the file rather than repeating the OS's words. */
async function notAFolder(dir: string): Promise<CatalogError> {
  return new CatalogError(
    `Cannot open the archive: ${await fileInTheWay(dir) ?? dir} is a file, not a folder`,
    ARCHIVE_FOLDER_HINT,
  );
}

/** Turns libSQL's errors at open into messages a person can act on. */
function describe(e: unknown, verb: "read" | "write", path: string): Error {
  if (e instanceof CatalogError) return e;
  return catalogFailure(e, verb, path) ?? (e instanceof Error ? e : new Error(String(e)));
}

/**
 * The person's words for a libSQL error on the catalog at `path`, or undefined when `e` is not
 * one of the errors a person can act on (a bug, then).
 */
export function catalogFailure(
  e: unknown,
  verb: "read" | "write",
  path: string,
): CatalogError | undefined {
  const code = e instanceof LibsqlError ? e.code : "";
  const text = e instanceof Error ? e.message.replace(/^(?:SQLITE_\w+: )+/, "") : String(e);
  const what = `Cannot ${verb} the archive: ${path}`;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new CatalogError(
      `${what} is locked by another program`,
      "close the other program (an sqlite3 shell with a transaction open, another flickrvault " +
        "run), then run this again",
      "locked",
    );
  }
  if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) {
    return damagedCatalog(path, code.startsWith("SQLITE_NOTADB") ? "not a database" : text);
  }
  if (code.startsWith("SQLITE_FULL")) {
    return new CatalogError(
      `${what} cannot grow: the disk is full`,
      "free some space on that disk, then run this again; nothing archived was lost",
      "full",
    );
  }
  if (code.startsWith("SQLITE_READONLY")) {
    return new CatalogError(
      `${what} is read-only (the file, its folder or the disk)`,
      "make the archive folder writable for this user, or run as its owner; `serve`, `status` " +
        "and `list` work on a read-only archive as it is",
      "unwritable",
    );
  }
  if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_PERM")) {
    return new CatalogError(
      `${what} cannot be opened (${text})`,
      "check that the archive folder exists and that this user may read it (and write it, " +
        "for archive, import and verify)",
      "unopenable",
    );
  }
  if (code.startsWith("SQLITE_IOERR")) {
    return new CatalogError(
      `${what} could not be ${
        verb === "read" ? "read" : "written"
      }: the disk reported an error (${code})`,
      "check the disk (is it still connected? `dmesg` may say more), then run this again",
    );
  }
  return undefined;
}
