import type { Pool, PoolConnection } from 'mysql2';
import { CannotExecuteNotConnectedError, type DataSource } from 'typeorm';
import {
  classifyDatabaseError,
  DatabaseTimeoutError,
} from './database-errors.js';
import {
  Database,
  type Dialect,
  type ServerTraits,
  type Transaction,
} from './database.js';
import type { QueryResult, ResultsOf, Row, Statement } from './statement.js';
import { serverVersion, sessionLimits } from './mysql-session.repository.js';
import { toSqlValue } from './sql-values.js';

/** What mysql2 answers for a statement that returns no rows. */
interface ResultHeader {
  readonly affectedRows?: number;
  readonly insertId?: number | string;
}

/**
 * MySQL and MariaDB through the mysql2 pool that TypeORM opened. Several statements go in one
 * round trip (the pool has `multipleStatements`); every round trip and every wait for a
 * connection is bounded by the timeout, after which the connection is destroyed (mysql2 would
 * otherwise still wait for the server's answer on it) and the server rolls its transaction back.
 */
export class MysqlDatabase extends Database {
  readonly dialect: Dialect = 'mysql';
  /** Settled once per physical connection, on its first use. */
  private readonly traits = new WeakMap<PoolConnection, ServerTraits>();

  constructor(
    private readonly dataSource: DataSource,
    timeoutMs: number,
  ) {
    super(timeoutMs);
  }

  async read<const S extends readonly Statement<unknown>[]>(
    ...statements: S
  ): Promise<ResultsOf<S>> {
    const connection = await this.connection();
    let healthy = false;
    try {
      const results = await this.send(connection, statements);
      healthy = true;
      return results;
    } finally {
      this.giveBack(connection, healthy);
    }
  }

  protected async attempt<T>(
    work: (transaction: Transaction) => Promise<T>,
  ): Promise<T> {
    const connection = await this.connection();
    const server = this.traits.get(connection) ?? { insertReturning: false };
    let begun = false;
    let ended = false;
    const run = async <const S extends readonly Statement<unknown>[]>(
      statements: S,
      end: boolean,
    ): Promise<ResultsOf<S>> => {
      if (ended) throw new Error('the transaction has ended');
      const prefix = begun ? [] : ['START TRANSACTION'];
      begun = true;
      ended = end;
      return this.send(connection, statements, prefix, end ? ['COMMIT'] : []);
    };
    const transaction: Transaction = {
      run: (...statements) => run(statements, false),
      commit: (...statements) => run(statements, true),
      server,
    };
    try {
      const result = await work(transaction);
      if (!ended) await transaction.commit();
      this.giveBack(connection, true);
      return result;
    } catch (error) {
      await this.rollBack(connection, begun, error);
      throw error;
    }
  }

  /**
   * After a failure the connection is rolled back and reused, unless it is broken or timed out:
   * then it is destroyed, which ends the transaction on the server too.
   */
  private async rollBack(
    connection: PoolConnection,
    begun: boolean,
    error: unknown,
  ): Promise<void> {
    if (!begun || classifyDatabaseError(error) === 'unavailable') {
      this.giveBack(connection, !begun);
      return;
    }
    const rolledBack = await this.send(connection, [], ['ROLLBACK']).then(
      () => true,
      () => false,
    );
    this.giveBack(connection, rolledBack);
  }

  private giveBack(connection: PoolConnection, healthy: boolean): void {
    if (healthy) connection.release();
    else connection.destroy();
  }

  /** A pooled connection, waited for no longer than the timeout, its session set up on first use. */
  private async connection(): Promise<PoolConnection> {
    if (!this.dataSource.isInitialized) {
      throw new CannotExecuteNotConnectedError();
    }
    const pool = (this.dataSource.driver as unknown as { pool: Pool }).pool;
    const connection = await new Promise<PoolConnection>((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(
          new DatabaseTimeoutError('waiting for a connection', this.timeoutMs),
        );
      }, this.timeoutMs);
      pool.getConnection((error, acquired) => {
        clearTimeout(timer);
        if (late) {
          if (!error) acquired.release();
          return;
        }
        if (error) reject(error);
        else resolve(acquired);
      });
    });
    if (!this.traits.has(connection)) {
      try {
        this.traits.set(connection, await this.setUp(connection));
      } catch (error) {
        connection.destroy();
        throw error;
      }
    }
    return connection;
  }

  /**
   * Server-side limits a little under our own, so that a statement stuck behind a lock (a row
   * lock, or `FLUSH TABLES WITH READ LOCK`) fails on the server, cleanly, before we give up on the
   * connection. MariaDB also bounds each statement's run time.
   */
  private async setUp(connection: PoolConnection): Promise<ServerTraits> {
    const [version] = await this.send(connection, [serverVersion()]);
    const mariadb = /mariadb/i.test(version);
    await this.send(connection, [sessionLimits(this.timeoutMs, mariadb)]);
    return { insertReturning: mariadb && takesReturning(version) };
  }

  /**
   * One round trip: `prefix`, the statements, `suffix`, joined into one multi-statement query.
   * A failing statement stops the rest (COMMIT included).
   */
  private async send<const S extends readonly Statement<unknown>[]>(
    connection: PoolConnection,
    statements: S,
    prefix: readonly string[] = [],
    suffix: readonly string[] = [],
  ): Promise<ResultsOf<S>> {
    const sql = [...prefix, ...statements.map((s) => s.sql), ...suffix];
    if (sql.length === 0) return [] as ResultsOf<S>;
    // A loop, not flatMap: a group's statements bind thousands of values.
    const values: unknown[] = [];
    for (const { parameters } of statements) {
      for (const parameter of parameters) values.push(toSqlValue(parameter));
    }
    const results = await new Promise<unknown>((resolve, reject) => {
      connection.query(
        { sql: sql.join(';\n'), values, timeout: this.timeoutMs },
        (error, answer: unknown) => (error ? reject(error) : resolve(answer)),
      );
    });
    // One statement answers its own result; several, an array of theirs.
    const all = sql.length === 1 ? [results] : (results as unknown[]);
    return statements.map((s, index) =>
      s.decode(normalise(all[prefix.length + index])),
    ) as ResultsOf<S>;
  }
}

function normalise(result: unknown): QueryResult {
  if (Array.isArray(result)) {
    return { rows: result as Row[], affected: 0, insertId: undefined };
  }
  const header = (result ?? {}) as ResultHeader;
  return {
    rows: [],
    affected: header.affectedRows ?? 0,
    insertId:
      header.insertId === undefined ? undefined : String(header.insertId),
  };
}

/** MariaDB answers `INSERT … RETURNING` from 10.5 (`10.11.6-MariaDB-0+deb12u1`). */
export function takesReturning(version: string): boolean {
  const match = /(\d+)\.(\d+)\.\d+-MariaDB/i.exec(version);
  if (match === null) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 10 || (major === 10 && minor >= 5);
}
