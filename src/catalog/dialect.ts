/**
 * A Kysely dialect over `libsql`'s native connection ({@link NativeConnection}) for local catalogs.
 *
 * The published `@libsql/kysely-libsql` pins a 0.8 client that cannot open files under Deno, and
 * `@libsql/client` 0.18 costs more CPU per row than the query itself (see `native_connection.ts`),
 * so this is our own. Kysely's SQLite adapter, query compiler and introspector do the SQL; this
 * module only moves statements to the connection.
 *
 * One connection serves every query: the adapter says SQLite has no multiple connections, so
 * Kysely queues callers behind a mutex, and a transaction holds it from BEGIN to COMMIT/ROLLBACK,
 * so no other statement can land inside it. That matters because the native connection runs each
 * statement synchronously on the calling thread: two connections of one process contending for
 * the write lock would block the event loop for the whole busy timeout and then fail. A
 * transaction starts with `BEGIN IMMEDIATE` (the write lock at once, so that it cannot fail half
 * way for want of it), a "read only" one with `BEGIN DEFERRED`, which takes no write lock.
 *
 * Inside `db.transaction().execute(async (trx) => ...)` use `trx`, never `db`: `db` waits for the
 * mutex the transaction holds, and would wait forever.
 *
 * @example
 * ```ts
 * import { Kysely } from "kysely";
 * import { LibsqlDialect } from "./dialect.ts";
 * import { NativeConnection } from "./native_connection.ts";
 * import type { Database } from "./schema.ts";
 *
 * const connection = NativeConnection.open("/tmp/catalog.db", { timeout: 5000 });
 * const db = new Kysely<Database>({ dialect: new LibsqlDialect({ connection }) });
 * await db.destroy(); // closes the connection too
 * ```
 * @module
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type TransactionSettings,
} from "kysely";
import type { NativeConnection } from "./native_connection.ts";

/** Options of {@link LibsqlDialect}. */
export interface LibsqlDialectConfig {
  /** An open connection; {@link LibsqlDialect} closes it when the Kysely instance is destroyed. */
  connection: NativeConnection;
}

/** SQLite's adapter, except that DDL is transactional (it is in SQLite), so migrations roll back whole. */
export class LibsqlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** The Kysely dialect for a libSQL connection. */
export class LibsqlDialect implements Dialect {
  readonly #connection: NativeConnection;

  constructor(config: LibsqlDialectConfig) {
    this.#connection = config.connection;
  }

  createDriver(): Driver {
    return new LibsqlDriver(this.#connection);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new LibsqlAdapter();
  }

  // deno-lint-ignore no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class LibsqlDriver implements Driver {
  readonly #connection: LibsqlConnection;

  constructor(native: NativeConnection) {
    this.#connection = new LibsqlConnection(native);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(this.#connection);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await (connection as LibsqlConnection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection) {
    await (connection as LibsqlConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as LibsqlConnection).rollback();
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler["compileQuery"],
  ) {
    await connection.executeQuery(savepointQuery("savepoint", name, compileQuery));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler["compileQuery"],
  ) {
    await connection.executeQuery(savepointQuery("rollback to", name, compileQuery));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler["compileQuery"],
  ) {
    await connection.executeQuery(savepointQuery("release", name, compileQuery));
  }

  async releaseConnection(): Promise<void> {}

  destroy(): Promise<void> {
    this.#connection.close();
    return Promise.resolve();
  }
}

function savepointQuery(
  command: "savepoint" | "rollback to" | "release",
  name: string,
  _compileQuery: QueryCompiler["compileQuery"],
): CompiledQuery {
  // Kysely's own savepoint parser is internal; the statement is simple enough to write here.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`Invalid savepoint name '${name}'`);
  }
  return CompiledQuery.raw(`${command} ${name}`);
}

class LibsqlConnection implements DatabaseConnection {
  readonly #native: NativeConnection;
  #inTransaction = false;
  #commitFailed = false;

  constructor(native: NativeConnection) {
    this.#native = native;
  }

  begin(settings: TransactionSettings): Promise<void> {
    if (this.#inTransaction) throw new Error("A catalog transaction is already open");
    this.#commitFailed = false;
    // "read only" becomes a deferred transaction: a consistent snapshot that takes no write lock
    // (SQLite does not refuse writes in it either).
    this.#native.execute(
      settings.accessMode === "read only" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE",
      [],
    );
    this.#inTransaction = true;
    return Promise.resolve();
  }

  commit(): Promise<void> {
    this.#take();
    try {
      this.#native.execute("COMMIT", []);
    } catch (e) {
      // A COMMIT that failed for SQLITE_BUSY leaves the transaction open: end it, so that the
      // next statement does not land inside it, and let the commit's own error reach the caller.
      this.#commitFailed = true;
      if (this.#native.inTransaction) {
        try {
          this.#native.execute("ROLLBACK", []);
        } catch {
          // The commit's error is the one to report.
        }
      }
      throw e;
    }
    return Promise.resolve();
  }

  rollback(): Promise<void> {
    // A failed COMMIT (SQLITE_FULL on a full disk, SQLITE_BUSY) has already ended the
    // transaction, and Kysely then asks for a rollback: the commit's error must reach the caller,
    // not "no transaction is open".
    if (!this.#inTransaction && this.#commitFailed) {
      this.#commitFailed = false;
      return Promise.resolve();
    }
    this.#take();
    // SQLite rolls a transaction back by itself after some errors (SQLITE_FULL in a statement,
    // an interrupt): then there is nothing to roll back, and the statement's error is the one
    // that reaches the caller.
    if (this.#native.inTransaction) this.#native.execute("ROLLBACK", []);
    return Promise.resolve();
  }

  /** Closes the connection; SQLite rolls back a transaction left open. */
  close(): void {
    this.#inTransaction = false;
    this.#native.close();
  }

  #take(): void {
    if (!this.#inTransaction) throw new Error("No catalog transaction is open");
    this.#inTransaction = false;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const rs = this.#native.execute(compiled.sql, compiled.parameters);
      return Promise.resolve({
        rows: rs.rows as R[],
        numAffectedRows: BigInt(rs.changes),
        insertId: rs.lastInsertRowid,
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * The native connection has no cursor here, so the whole answer is read and handed out in
   * chunks: page large reads with keyset queries instead (see `listing.ts`).
   */
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 100): AsyncIterableIterator<
    QueryResult<R>
  > {
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) {
      yield { rows: rows.slice(i, i + chunkSize) };
    }
  }
}
