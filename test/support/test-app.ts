import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly dataSource: DataSource;
  readonly database: TestDatabase;
  /** Empties every table, so each test starts from nothing. */
  clear(): Promise<void>;
  /** A new app on the same database, as after a restart of the service (close this one first). */
  restart(env?: Record<string, string>): Promise<TestApp>;
  close(): Promise<void>;
}

/** The real app, as `main.ts` builds it, on a fresh migrated test database. */
export async function createTestApp(
  env: Record<string, string> = {},
): Promise<TestApp> {
  return startOn(await createTestDatabase(), env);
}

async function startOn(
  database: TestDatabase,
  env: Record<string, string>,
): Promise<TestApp> {
  const app = await createApp({
    // Suites send thousands of requests from one address: the limit is tested on its own.
    env: { RATE_LIMIT_PER_MINUTE: '0', ...database.env, ...env },
    logger: ['error', 'warn'],
  });
  const dataSource = app.get(DataSource);
  return {
    app,
    dataSource,
    database,
    async clear() {
      for (const table of ['calls', 'billing_totals', 'billing_state']) {
        await dataSource.query(`DELETE FROM ${table}`);
      }
    },
    restart: (changes = {}) => startOn(database, { ...env, ...changes }),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
