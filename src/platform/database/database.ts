import {
  classifyDatabaseError,
  DatabaseTimeoutError,
  isDatabaseUnavailable,
} from './database-errors.js';
import type { ResultsOf, Statement } from './statement.js';

/** The SQL dialects the service speaks; MariaDB speaks `mysql`. */
export type Dialect = 'mysql' | 'sqlite';

/** Statements of one transaction; nothing is visible to others before it commits. */
export interface Transaction {
  /** Runs the statements in order; on MySQL in one round trip (the first also begins). */
  run<const S extends readonly Statement<unknown>[]>(
    ...statements: S
  ): Promise<ResultsOf<S>>;
  /**
   * Runs the statements and commits, on MySQL in the same round trip: the transaction ends here.
   * A transaction whose work returns without calling it is committed after.
   */
  commit<const S extends readonly Statement<unknown>[]>(
    ...statements: S
  ): Promise<ResultsOf<S>>;
  /** Facts about the server this transaction runs on, known once per connection. */
  readonly server: ServerTraits;
}

export interface ServerTraits {
  /** `INSERT … RETURNING` (MariaDB 10.5+, SQLite): a multi-row insert tells each row's id. */
  readonly insertReturning: boolean;
}

export interface TransactionOptions {
  /**
   * Errors after which the whole transaction is run again, from the start (transient ones, a
   * deadlock victim or a busy SQLite, always are), for as long as the deadline allows.
   */
  readonly retryIf?: (error: unknown) => boolean;
}

/**
 * The service's access to its database: reads, and transactions that are retried when the
 * database says they may be and that never wait past a deadline. Every round trip, every wait for
 * a connection or a lock, is bounded by `timeoutMs` (`DB_TIMEOUT_MS`); then the caller gets an
 * error that the API answers with 503 and `Retry-After`. The dialect is decided once, here;
 * repositories build their statements for it.
 */
export abstract class Database {
  abstract readonly dialect: Dialect;
  private lastFailedWrite = 0;
  private lastWrite = 0;

  protected constructor(protected readonly timeoutMs: number) {}

  /**
   * Whether writes are failing for want of the database: the latest transaction failed so, and
   * recently. A database that answers a ping but lets no write through (a global read lock, a
   * full disk) shows here; the next write that succeeds clears it, and so does quiet (no write
   * for a while is no evidence either way).
   */
  writesFailing(now = Date.now()): boolean {
    return (
      this.lastFailedWrite > this.lastWrite &&
      now - this.lastFailedWrite < Math.max(10_000, 3 * this.timeoutMs)
    );
  }

  /** Reads outside any transaction, each seeing committed data; on MySQL in one round trip. */
  abstract read<const S extends readonly Statement<unknown>[]>(
    ...statements: S
  ): Promise<ResultsOf<S>>;

  /** One attempt at a transaction: begin, `work`, commit; rolled back if anything fails. */
  protected abstract attempt<T>(
    work: (transaction: Transaction) => Promise<T>,
  ): Promise<T>;

  async transaction<T>(
    work: (transaction: Transaction) => Promise<T>,
    { retryIf }: TransactionOptions = {},
  ): Promise<T> {
    try {
      const result = await this.retrying(work, retryIf);
      this.lastWrite = Date.now();
      return result;
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.lastFailedWrite = Date.now();
      throw error;
    }
  }

  private async retrying<T>(
    work: (transaction: Transaction) => Promise<T>,
    retryIf: TransactionOptions['retryIf'],
  ): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work);
      } catch (error) {
        const retry =
          classifyDatabaseError(error) === 'transient' ||
          (retryIf?.(error) ?? false);
        if (!retry) throw error;
        if (Date.now() - started >= this.timeoutMs) {
          throw new DatabaseTimeoutError(
            `a transaction retried ${attempt} times`,
            this.timeoutMs,
          );
        }
        await pause(backoff(attempt));
      }
    }
  }
}

/** A few random milliseconds, growing, so that writers that collided do not collide again. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(50, 2 ** attempt);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
