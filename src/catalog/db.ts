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
import { createClient, LibsqlError } from "@libsql/client";
import "./statement_cache.ts";
import { Kysely, sql } from "kysely";
import { dirname, join, resolve } from "node:path";
import { ARCHIVE_FOLDER_HINT, fileInTheWay } from "../file_in_the_way.ts";
import { LibsqlDialect } from "./dialect.ts";
import { type Migration, migrations as allMigrations } from "./migrations.ts";
import type { Database } from "./schema.ts";

/** The catalog's file name inside an archive directory. */
export const CATALOG_FILE = "catalog.db";

/** WAL pages between automatic checkpoints on a writer (SQLite's default is 1,000). */
export const WAL_CHECKPOINT_PAGES = 10_000;

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
}

/** The catalog cannot be opened or used: a one-line message and a hint for the person. */
export class CatalogError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "CatalogError";
  }
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

  if (!(await exists(path))) {
    if (!create) {
      throw new CatalogError(
        `Cannot read archive: no ${CATALOG_FILE} in ${dir}`,
        "run `flickrvault archive` or `flickrvault import` to create it, or pass --archive DIR",
      );
    }
    await Deno.mkdir(dir, { recursive: true });
  }

  let client;
  try {
    client = createClient({ url: `file:${path}`, timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
  } catch (e) {
    throw describe(e, verb, path);
  }
  const db = new Kysely<Database>({ dialect: new LibsqlDialect({ client }) });
  try {
    if (readonly) {
      await sql`PRAGMA query_only = ON`.execute(db);
    } else {
      // WAL persists in the file; readers then never wait for the archiver, nor it for them.
      await sql`PRAGMA journal_mode = WAL`.execute(db);
    }
    await sql`PRAGMA foreign_keys = ON`.execute(db);
    // Safe in WAL mode (a power cut can lose the last commits, never corrupt) and much faster.
    await sql`PRAGMA synchronous = NORMAL`.execute(db);
    if (!readonly) {
      // A checkpoint copies the WAL's pages into the database file and syncs it. By default one
      // runs every 1,000 pages (4 MB), a few seconds of an archive run apart, and the pages every
      // batch dirties again (indexes, counts, people) were copied over and over. Every 10,000
      // pages: at 20,000 items 12 % fewer bytes written and a third less system time in one A/B.
      await sql`PRAGMA wal_autocheckpoint = ${sql.raw(String(WAL_CHECKPOINT_PAGES))}`.execute(db);
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
      `Cannot read archive: ${CATALOG_FILE} was written by a newer flickrvault (migration ${
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
      `Cannot read archive: ${CATALOG_FILE} needs an upgrade (${needed.name})`,
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

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    if (e instanceof Deno.errors.NotADirectory) throw await notAFolder(dirname(path));
    throw e;
  }
}

/** `dir` or one of its parents is a file: names the file rather than repeating the OS's words. */
async function notAFolder(dir: string): Promise<CatalogError> {
  return new CatalogError(
    `Cannot open archive: ${await fileInTheWay(dir) ?? dir} is a file, not a folder`,
    ARCHIVE_FOLDER_HINT,
  );
}

/** Turns libSQL's errors into messages a person can act on. */
function describe(e: unknown, verb: "read" | "write", path: string): Error {
  if (e instanceof CatalogError) return e;
  const code = e instanceof LibsqlError ? e.code : "";
  const text = e instanceof Error ? e.message : String(e);
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new CatalogError(
      `Cannot ${verb} archive: ${CATALOG_FILE} is locked by another program`,
      "wait for the other flickrvault run to finish, then try again",
    );
  }
  if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) {
    return new CatalogError(
      `Cannot ${verb} archive: ${path} is not a flickrvault catalog or is damaged`,
      "restore catalog.db from a backup, or move it away and run `flickrvault archive` to rebuild",
    );
  }
  if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_PERM")) {
    return new CatalogError(
      `Cannot ${verb} archive: ${path} cannot be opened (${text})`,
      "check that the archive directory exists and is readable and writable",
    );
  }
  return e instanceof Error ? e : new Error(text);
}
