/**
 * A Kysely dialect over `@libsql/client` 0.18 for local `file:` catalogs.
 *
 * The published `@libsql/kysely-libsql` pins a 0.8 client that cannot open files under Deno, so this is
 * our own. Kysely's SQLite adapter, query compiler and introspector do the SQL; this module only
 * moves statements to the client.
 *
 * One logical connection serves every query: the adapter says SQLite has no multiple connections, so
 * Kysely queues callers behind a mutex. That matters because the native client runs each statement
 * synchronously on the calling thread: two connections of one process contending for the write lock
 * would block the event loop for the whole busy timeout and then fail. A transaction runs on a
 * `client.transaction()` object, which holds one pooled connection from BEGIN to COMMIT/ROLLBACK, so no
 * other statement can land inside it (a raw `BEGIN` through `client.execute` would go back to the pool).
 *
 * Inside `db.transaction().execute(async (trx) => ...)` use `trx`, never `db`: `db` waits for the
 * mutex the transaction holds, and would wait forever.
 *
 * @example
 * ```ts
 * import { createClient } from "@libsql/client";
 * import { Kysely } from "kysely";
 * import { LibsqlDialect } from "./dialect.ts";
 * import type { Database } from "./schema.ts";
 *
 * const client = createClient({ url: "file:/tmp/catalog.db", timeout: 5000 });
 * const db = new Kysely<Database>({ dialect: new LibsqlDialect({ client }) });
 * await db.destroy(); // closes the client too
 * ```
 * @module
 */
import type { Client, InArgs, ResultSet, Transaction as LibsqlTransaction } from "@libsql/client";
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

/** Options of {@link LibsqlDialect}. */
export interface LibsqlDialectConfig {
  /** An open client; {@link LibsqlDialect} closes it when the Kysely instance is destroyed. */
  client: Client;
}

/** SQLite's adapter, except that DDL is transactional (it is in SQLite), so migrations roll back whole. */
export class LibsqlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** The Kysely dialect for a libSQL client. */
export class LibsqlDialect implements Dialect {
  readonly #client: Client;

  constructor(config: LibsqlDialectConfig) {
    this.#client = config.client;
  }

  createDriver(): Driver {
    return new LibsqlDriver(this.#client);
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
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
    this.#connection = new LibsqlConnection(client);
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
    this.#connection.abandon();
    this.#client.close();
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
  readonly #client: Client;
  #transaction: LibsqlTransaction | undefined;
  #commitFailed = false;

  constructor(client: Client) {
    this.#client = client;
  }

  async begin(settings: TransactionSettings): Promise<void> {
    if (this.#transaction) throw new Error("A catalog transaction is already open");
    this.#commitFailed = false;
    // "read only" becomes a deferred transaction: a consistent snapshot that takes no write lock
    // (the native client's "read" mode does not refuse writes either).
    this.#transaction = await this.#client.transaction(
      settings.accessMode === "read only" ? "deferred" : "write",
    );
  }

  async commit(): Promise<void> {
    const tx = this.#take();
    try {
      await tx.commit();
    } catch (e) {
      this.#commitFailed = true;
      throw e;
    }
  }

  async rollback(): Promise<void> {
    // A failed COMMIT (SQLITE_FULL on a full disk, SQLITE_BUSY) has already ended the client's
    // transaction, and Kysely then asks for a rollback: the commit's error must reach the caller,
    // not "no transaction is open".
    if (!this.#transaction && this.#commitFailed) {
      this.#commitFailed = false;
      return;
    }
    const tx = this.#take();
    await tx.rollback();
  }

  /** Drops an open transaction (rolled back) when the database is being closed. */
  abandon(): void {
    this.#transaction?.close();
    this.#transaction = undefined;
  }

  #take(): LibsqlTransaction {
    const tx = this.#transaction;
    if (!tx) throw new Error("No catalog transaction is open");
    this.#transaction = undefined;
    return tx;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = { sql: compiled.sql, args: withoutNul(compiled.parameters) as InArgs };
    const rs = this.#transaction
      ? await this.#transaction.execute(stmt)
      : await this.#client.execute(stmt);
    return toQueryResult<R>(rs);
  }

  /**
   * The native client has no cursor, so the whole answer is read and handed out in chunks: page
   * large reads with keyset queries instead (see `listing.ts`).
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

/**
 * The native client binds text as a C string, so a value with a NUL character was stored cut at
 * the NUL: a title "a\u0000b" came back as "a". NULs are dropped instead, as a browser shows
 * nothing for them, so the rest of the text is kept (the raw JSON answers keep them, escaped).
 * Parameters without one are passed as they are.
 */
function withoutNul(parameters: readonly unknown[]): readonly unknown[] {
  const hasNul = (p: unknown) => typeof p === "string" && p.includes("\0");
  if (!parameters.some(hasNul)) return parameters;
  return parameters.map((p) => hasNul(p) ? (p as string).replaceAll("\0", "") : p);
}

function toQueryResult<R>(rs: ResultSet): QueryResult<R> {
  const columns = rs.columns;
  const rows = new Array<R>(rs.rows.length);
  for (let i = 0; i < rs.rows.length; i++) {
    const src = rs.rows[i];
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]] = src[c];
    rows[i] = row as R;
  }
  return {
    rows,
    numAffectedRows: BigInt(rs.rowsAffected),
    insertId: rs.lastInsertRowid,
  };
}
