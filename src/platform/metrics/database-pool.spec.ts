import type { DataSource } from 'typeorm';
import { connectionsInUse } from './database-pool.js';

const dataSource = (fake: {
  isInitialized: boolean;
  type: string;
  pool?: unknown;
}): DataSource =>
  ({
    isInitialized: fake.isInitialized,
    options: { type: fake.type },
    driver: { pool: fake.pool },
  }) as unknown as DataSource;

const queue = (length: number) => ({ length });

describe('connectionsInUse', () => {
  it('is 0 before the database is connected, or after it is closed', () => {
    expect(
      connectionsInUse(dataSource({ isInitialized: false, type: 'mysql' })),
    ).toBe(0);
    expect(
      connectionsInUse(
        dataSource({ isInitialized: false, type: 'better-sqlite3' }),
      ),
    ).toBe(0);
  });

  it('is 1 for SQLite’s one connection while it is open', () => {
    expect(
      connectionsInUse(
        dataSource({ isInitialized: true, type: 'better-sqlite3' }),
      ),
    ).toBe(1);
  });

  it('is the mysql2 pool’s connections less its idle ones', () => {
    const pool = { _allConnections: queue(7), _freeConnections: queue(4) };

    expect(
      connectionsInUse(
        dataSource({ isInitialized: true, type: 'mysql', pool }),
      ),
    ).toBe(3);
  });

  it('is 0 for a pool it cannot read', () => {
    expect(
      connectionsInUse(
        dataSource({ isInitialized: true, type: 'mysql', pool: {} }),
      ),
    ).toBe(0);
    expect(
      connectionsInUse(dataSource({ isInitialized: true, type: 'mysql' })),
    ).toBe(0);
  });
});
