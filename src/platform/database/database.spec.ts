import { Database, type Dialect, type Transaction } from './database.js';
import { DatabaseTimeoutError } from './database-errors.js';
import type { ResultsOf, Statement } from './statement.js';

/** A database whose transactions run `outcome` (no SQL): the base class's policy alone. */
class Scripted extends Database {
  readonly dialect: Dialect = 'sqlite';
  attempts = 0;

  constructor(private readonly outcomes: (() => unknown)[]) {
    super(200);
  }

  read<const S extends readonly Statement<unknown>[]>(): Promise<ResultsOf<S>> {
    return Promise.reject(new Error('not used'));
  }

  protected attempt<T>(): Promise<T> {
    const outcome =
      this.outcomes[Math.min(this.attempts++, this.outcomes.length - 1)];
    return new Promise((resolve) => resolve(outcome?.() as T));
  }
}

const busy = () => {
  throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
};
const lost = () => {
  throw Object.assign(new Error('Connection lost'), {
    code: 'PROTOCOL_CONNECTION_LOST',
  });
};
const work = (transaction: Transaction) => Promise.resolve(transaction);

describe('Database', () => {
  it('runs a transaction again while the database is busy, then answers', async () => {
    const database = new Scripted([busy, busy, () => 'done']);

    await expect(database.transaction(work)).resolves.toBe('done');
    expect(database.attempts).toBe(3);
  });

  it('gives up at its deadline when the database stays busy', async () => {
    const database = new Scripted([busy]);

    await expect(database.transaction(work)).rejects.toBeInstanceOf(
      DatabaseTimeoutError,
    );
  });

  it('does not run again what a retry would not help', async () => {
    const database = new Scripted([lost]);

    await expect(database.transaction(work)).rejects.toThrow('Connection lost');
    expect(database.attempts).toBe(1);
  });

  it('says writes are failing after one failed for want of the database, until one succeeds', async () => {
    const database = new Scripted([lost, () => 'done']);
    expect(database.writesFailing()).toBe(false);

    await expect(database.transaction(work)).rejects.toThrow();
    expect(database.writesFailing()).toBe(true);
    // Quiet is no evidence either way: it clears after a while.
    expect(database.writesFailing(Date.now() + 60_000)).toBe(false);

    await database.transaction(work);
    expect(database.writesFailing()).toBe(false);
  });
});
