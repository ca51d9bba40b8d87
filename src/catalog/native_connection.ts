/**
 * One connection to the catalog file through `libsql`'s native `Database`, the layer under
 * `@libsql/client`, without the client's per-row and per-statement costs: the client builds every
 * row as an object with `Object.defineProperty` for each column, index and name, sets `raw` and
 * `safeIntegers` and reads the statement's column metadata twice for every statement it runs. Here
 * a statement is prepared and set up once ({@link StatementCache}), its rows come as arrays and
 * become plain objects in one pass. Reading 100,000 items rows in pages of 500 took 1.2-1.4 s of
 * CPU this way against 5.6-7.3 s through the client and the dialect's copy (docs/performance.md).
 *
 * What a caller sees is what the client gave: the same `LibsqlError` (code, extended code, message
 * "SQLITE_BUSY: database is locked"), integers as numbers and a `RangeError` for one beyond 2^53,
 * BLOBs as `ArrayBuffer`s, the same parameter checks.
 *
 * Tested by src/catalog/dialect_test.ts and src/catalog/statement_cache_test.ts.
 * @module
 */
import { LibsqlError } from "@libsql/client";
import Database from "libsql";
import { Buffer } from "node:buffer";
import { StatementCache } from "./statement_cache.ts";

/** What one statement gave. */
export interface StatementResult {
  /** Its rows, one object per row keyed by column name (the last of equal names wins). */
  rows: Record<string, unknown>[];
  /** Rows changed by a statement that returns none; 0 for one that returns rows. */
  changes: number;
  /** The last inserted rowid after a statement that returns none. */
  lastInsertRowid: bigint | undefined;
}

/** Options of {@link NativeConnection.open}. */
export interface NativeConnectionOptions {
  /** How long a statement waits for another connection's lock, in milliseconds. */
  timeout: number;
}

/** A connection to one SQLite file; statements run synchronously on the calling thread. */
export class NativeConnection {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = new StatementCache((sql) => db.prepare(sql));
  }

  /**
   * Opens `path`: a file path, or a `file:` URI with SQLite's parameters (`?mode=ro`). As
   * `@libsql/client` did, a first statement runs at once, so that a file that cannot be opened
   * fails here (with a `LibsqlError`); the constructor's own errors pass as they are.
   */
  static open(path: string, opts: NativeConnectionOptions): NativeConnection {
    const connection = new NativeConnection(new Database(path, { timeout: opts.timeout }));
    try {
      connection.execute("SELECT 1 AS checkThatTheDatabaseCanBeOpened", []);
    } catch (e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** Runs one statement with positional parameters. Throws `LibsqlError` for SQLite's errors. */
  execute(sql: string, parameters: readonly unknown[]): StatementResult {
    const args = toSql(parameters);
    try {
      const entry = this.#statements.get(sql);
      if (!entry.reader) {
        const info = entry.stmt.run(args as unknown[]);
        if (SCHEMA_CHANGE.test(sql)) this.#statements.forgetColumns();
        return { rows: [], changes: info.changes, lastInsertRowid: BigInt(info.lastInsertRowid) };
      }
      const raw = entry.stmt.all(args as unknown[]) as unknown[][];
      let columns = entry.columns;
      // Another process's migration may have added a column that `SELECT *` now returns.
      if (columns === undefined || (raw.length > 0 && raw[0].length !== columns.length)) {
        columns = entry.columns = entry.stmt.columns().map((c) => c.name);
      }
      return { rows: toRows(raw, columns), changes: 0, lastInsertRowid: undefined };
    } catch (e) {
      throw toLibsqlError(e);
    }
  }

  /** Whether a transaction is open on the connection (SQLite ends one by itself after some errors). */
  get inTransaction(): boolean {
    return this.#db.open && this.#db.inTransaction;
  }

  /** Closes the connection; an open transaction is rolled back. Closing twice does nothing. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

/**
 * Statements after which a cached statement may return other columns: DDL, and a rollback that
 * may undo some (a migration runs in a transaction). Leading comments and spaces are skipped.
 */
const SCHEMA_CHANGE = /^(?:\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:create|alter|drop|rollback)\b/i;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function toRows(raw: unknown[][], columns: string[]): Record<string, unknown>[] {
  const rows = new Array<Record<string, unknown>>(raw.length);
  const n = columns.length;
  for (let i = 0; i < raw.length; i++) {
    const src = raw[i];
    const row: Record<string, unknown> = {};
    for (let c = 0; c < n; c++) {
      const v = src[c];
      row[columns[c]] = typeof v === "bigint" ? toNumber(v) : v instanceof Buffer ? v.buffer : v;
    }
    rows[i] = row;
  }
  return rows;
}

/** `@libsql/client`'s "number" mode: a safe integer as a number, any other a `RangeError`. */
function toNumber(v: bigint): number {
  if (v < MIN_SAFE || v > MAX_SAFE) {
    throw new RangeError(
      "Received integer which cannot be safely represented as a JavaScript number",
    );
  }
  return Number(v);
}

/**
 * The parameters as the native statement takes them, checked and converted as `@libsql/client`
 * did; the array itself when nothing needs converting (the usual case).
 *
 * The native binding binds text as a C string, so a value with a NUL character was stored cut at
 * the NUL: a title "a\u0000b" came back as "a". NULs are dropped instead, as a browser shows
 * nothing for them, so the rest of the text is kept (the raw JSON answers keep them, escaped).
 */
function toSql(parameters: readonly unknown[]): readonly unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < parameters.length; i++) {
    const p = parameters[i];
    const v = toSqlValue(p);
    if (v !== p) {
      out ??= parameters.slice();
      out[i] = v;
    }
  }
  return out ?? parameters;
}

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

function toSqlValue(value: unknown): unknown {
  switch (typeof value) {
    case "string":
      return value.includes("\0") ? value.replaceAll("\0", "") : value;
    case "number":
      if (!Number.isFinite(value)) {
        throw new RangeError(
          "Only finite numbers (not Infinity or NaN) can be passed as arguments",
        );
      }
      return value;
    case "bigint":
      if (value < MIN_INT64 || value > MAX_INT64) {
        throw new RangeError(
          "bigint is too large to be represented as a 64-bit integer and passed as argument",
        );
      }
      return value;
    case "boolean":
      return value ? 1 : 0;
    case "undefined":
      throw new TypeError("undefined cannot be passed as argument to the database");
  }
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  return value;
}

/** SQLite's primary result codes, by number, as `@libsql/client` names them. */
const BASE_CODES: (string | undefined)[] = [
  undefined, // 0 is SQLITE_OK, never an error
  "SQLITE_ERROR",
  "SQLITE_INTERNAL",
  "SQLITE_PERM",
  "SQLITE_ABORT",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_NOMEM",
  "SQLITE_READONLY",
  "SQLITE_INTERRUPT",
  "SQLITE_IOERR",
  "SQLITE_CORRUPT",
  "SQLITE_NOTFOUND",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_PROTOCOL",
  "SQLITE_EMPTY",
  "SQLITE_SCHEMA",
  "SQLITE_TOOBIG",
  "SQLITE_CONSTRAINT",
  "SQLITE_MISMATCH",
  "SQLITE_MISUSE",
  "SQLITE_NOLFS",
  "SQLITE_AUTH",
  "SQLITE_FORMAT",
  "SQLITE_RANGE",
  "SQLITE_NOTADB",
  "SQLITE_NOTICE",
  "SQLITE_WARNING",
];

/**
 * SQLite's error as `@libsql/client` gave it: a `LibsqlError` whose `code` is the primary code
 * ("SQLITE_BUSY"), `extendedCode` the native one, the native error as its cause. Other errors
 * (a `RangeError` for an unsafe integer) pass as they are.
 */
export function toLibsqlError(e: unknown): unknown {
  // `libsql` converts most native errors to its SqliteError; one thrown straight from the
  // binding carries `libsqlError` instead.
  const native = e as { libsqlError?: unknown; code?: unknown; rawCode?: unknown };
  if (!(e instanceof Database.SqliteError) && !(e instanceof Error && native.libsqlError)) {
    return e;
  }
  const rawCode = typeof native.rawCode === "number" ? native.rawCode : undefined;
  const base = rawCode === undefined
    ? "SQLITE_UNKNOWN"
    : BASE_CODES[rawCode & 0xff] ?? `SQLITE_UNKNOWN_${rawCode & 0xff}`;
  return new LibsqlError(
    (e as Error).message,
    base,
    typeof native.code === "string" ? native.code : undefined,
    rawCode,
    e as Error,
  );
}
