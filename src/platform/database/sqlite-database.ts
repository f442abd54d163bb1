import { createRequire } from 'node:module';
import { CannotExecuteNotConnectedError, type DataSource } from 'typeorm';
import { DatabaseTimeoutError, isTransient } from './database-errors.js';
import {
  Database,
  type Dialect,
  type ServerTraits,
  type Transaction,
} from './database.js';
import type { QueryResult, ResultsOf, Row, Statement } from './statement.js';
import { toSqlValue } from './sql-values.js';

/** The parts of a better-sqlite3 connection this class uses. */
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  pragma(source: string): unknown;
  close(): void;
  readonly open: boolean;
}

interface SqliteStatement {
  readonly reader: boolean;
  safeIntegers(on: boolean): SqliteStatement;
  all(...values: unknown[]): Row[];
  run(...values: unknown[]): {
    changes: number;
    lastInsertRowid: number | bigint;
  };
}

type SqliteConstructor = new (
  path: string,
  options: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteConnection;

/** SQLite 3.35+ (bundled with better-sqlite3) answers `INSERT … RETURNING`. */
const SQLITE_TRAITS: ServerTraits = { insertReturning: true };

/** Most prepared statements kept per connection; the SQL of chunked statements varies. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The embedded SQLite file, through better-sqlite3. Writes go through TypeORM's connection, one
 * transaction at a time in this process, each taking the file's write lock up front (`BEGIN
 * IMMEDIATE`): another process's writer makes it wait, never fail half-way. The wait is spent
 * off the event loop (the connection's busy timeout is 0; a busy file is tried again a few
 * milliseconds later) and ends at the deadline. Reads go through a connection of their own, so
 * that they never see a transaction that has not committed (WAL lets them run beside it).
 */
export class SqliteDatabase extends Database {
  readonly dialect: Dialect = 'sqlite';
  private readonly cache = new WeakMap<
    SqliteConnection,
    Map<string, SqliteStatement>
  >();
  private reader: SqliteConnection | undefined;
  /** The transaction in flight in this process; the next one starts after it. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly path: string,
    timeoutMs: number,
  ) {
    super(timeoutMs);
  }

  /** A read rarely finds the file busy (a checkpoint, a recovery): it is tried again. */
  read<const S extends readonly Statement<unknown>[]>(
    ...statements: S
  ): Promise<ResultsOf<S>> {
    return this.whileBusy('a read', () =>
      this.execute(this.readConnection(), statements),
    );
  }

  /** Closes the read connection; the write connection is TypeORM's to close. */
  onApplicationShutdown(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  protected attempt<T>(
    work: (transaction: Transaction) => Promise<T>,
  ): Promise<T> {
    const turn = this.tail.then(() => this.exclusively(work));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async exclusively<T>(
    work: (transaction: Transaction) => Promise<T>,
  ): Promise<T> {
    const connection = this.writeConnection();
    await this.begin(connection);
    let ended = false;
    // A throw inside the executor rejects the promise: SQLite answers synchronously.
    const run = <const S extends readonly Statement<unknown>[]>(
      statements: S,
      end: boolean,
    ): Promise<ResultsOf<S>> =>
      new Promise((resolve) => {
        if (ended) throw new Error('the transaction has ended');
        const results = this.execute(connection, statements);
        if (end) {
          this.execute(connection, [COMMIT]);
          ended = true;
        }
        resolve(results);
      });
    try {
      const result = await work({
        run: (...statements) => run(statements, false),
        commit: (...statements) => run(statements, true),
        server: SQLITE_TRAITS,
      });
      if (!ended) await run([], true);
      return result;
    } catch (error) {
      // SQLite may have rolled back already (a full disk, an I/O error); then there is nothing to end.
      if (!ended) {
        try {
          this.execute(connection, [ROLLBACK]);
        } catch {
          // the transaction is gone either way
        }
      }
      throw error;
    }
  }

  /** Takes the write lock, trying again off the event loop while another process holds it. */
  private begin(connection: SqliteConnection): Promise<void> {
    return this.whileBusy('waiting for the write lock', () => {
      this.execute(connection, [BEGIN]);
    });
  }

  /**
   * Runs `work`, and again a few milliseconds later for as long as the file is busy (another
   * process holds a lock), up to the deadline: the wait never blocks the event loop.
   */
  private async whileBusy<T>(what: string, work: () => T): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return work();
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (Date.now() - started >= this.timeoutMs) {
          throw new DatabaseTimeoutError(what, this.timeoutMs);
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(attempt, 10)),
        );
      }
    }
  }

  private execute<const S extends readonly Statement<unknown>[]>(
    connection: SqliteConnection,
    statements: S,
  ): ResultsOf<S> {
    return statements.map((s) =>
      s.decode(this.runOne(connection, s.sql, s.parameters)),
    ) as ResultsOf<S>;
  }

  private runOne(
    connection: SqliteConnection,
    sql: string,
    parameters: readonly unknown[],
  ): QueryResult {
    const prepared = this.prepared(connection, sql);
    const values = parameters.map(toSqlValue);
    if (prepared.reader) {
      return {
        rows: prepared.all(...values),
        affected: 0,
        insertId: undefined,
      };
    }
    const { changes, lastInsertRowid } = prepared.run(...values);
    return { rows: [], affected: changes, insertId: String(lastInsertRowid) };
  }

  private prepared(connection: SqliteConnection, sql: string): SqliteStatement {
    let statements = this.cache.get(connection);
    if (statements === undefined) {
      statements = new Map();
      this.cache.set(connection, statements);
    }
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      prepared = connection.prepare(sql);
      // Integers as BigInt: a sum of amounts in micro-units passes 2^53 long before 2^63, and
      // a double would round its last digits away. The decoders take either.
      if (prepared.reader) prepared.safeIntegers(true);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statements.set(sql, prepared);
    }
    return prepared;
  }

  private writeConnection(): SqliteConnection {
    if (!this.dataSource.isInitialized) {
      throw new CannotExecuteNotConnectedError();
    }
    return (
      this.dataSource.driver as unknown as {
        databaseConnection: SqliteConnection;
      }
    ).databaseConnection;
  }

  /** An in-memory database exists only in its one connection, which then serves reads too. */
  private readConnection(): SqliteConnection {
    const writer = this.writeConnection();
    if (this.path === ':memory:') return writer;
    if (this.reader === undefined || !this.reader.open) {
      const BetterSqlite = createRequire(import.meta.url)(
        'better-sqlite3',
      ) as SqliteConstructor;
      this.reader = new BetterSqlite(this.path, {
        readonly: true,
        fileMustExist: true,
      });
      this.reader.pragma('busy_timeout = 0');
    }
    return this.reader;
  }
}

const statementOf = (sql: string): Statement<void> => ({
  sql,
  parameters: [],
  decode: () => undefined,
});
const BEGIN = statementOf('BEGIN IMMEDIATE');
const COMMIT = statementOf('COMMIT');
const ROLLBACK = statementOf('ROLLBACK');
