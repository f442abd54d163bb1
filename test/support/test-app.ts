import type { InjectOptions } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { Call } from '../../src/call-billing/persistence/call.entity.js';
import { Api, type Response } from './api.js';
import type { IssuedInvoice } from '../../src/invoicing/domain/issued-invoice.js';
import { insertCalls, type CallOverrides } from '../factories/call.factory.js';
import { insertInvoices } from '../factories/invoice.factory.js';
import {
  createTestDatabase,
  emptyTables,
  type TestDatabase,
  type TestEnv,
} from './test-database.js';

export type Env = Readonly<Record<string, string>>;

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly dataSource: DataSource;
  readonly database: TestDatabase;
  /** Empties every table, so each test starts from nothing. */
  clear(): Promise<void>;
  /** A new app on the same database, as after a restart of the service (close this one first). */
  restart(env?: Env): Promise<TestApp>;
  close(): Promise<void>;
}

/**
 * The real app, as `main.ts` builds it, on a fresh test database migrated with `migrationEnv`
 * (see `createTestDatabase`), for a test that runs its own lifecycle (most want `useTestApp`).
 */
export async function createTestApp(
  env: Env = {},
  migrationEnv: TestEnv = {},
): Promise<TestApp> {
  return startOn(await createTestDatabase(migrationEnv), env);
}

async function startOn(database: TestDatabase, env: Env): Promise<TestApp> {
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
    clear: () => emptyTables(dataSource),
    restart: (changes = {}) => startOn(database, { ...env, ...changes }),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export interface UseTestAppOptions {
  /** Whether every table is emptied before each test (the default). */
  readonly clearBeforeEach?: boolean;
  /**
   * The variables the migrations run with, such as BILLING_BLOCK_SECONDS and
   * BILLING_PRICE_PER_BLOCK for the `default` plan's first version (none by default).
   */
  readonly migrationEnv?: TestEnv;
}

/**
 * The suite's app (one per `useTestApp` call, on its own database) and the service's endpoints,
 * as typed calls. The app and its DataSource are there from `beforeAll` on, and change with
 * `restart`.
 */
export class TestAppHandle extends Api {
  private current: TestApp | undefined;
  private env: Env = {};

  /** `env`: the app's settings, or how to find them once the suite starts. */
  constructor(
    private readonly settings: Env | (() => Promise<Env>),
    private readonly migrationEnv: TestEnv = {},
  ) {
    super();
  }

  get app(): NestFastifyApplication {
    return this.started().app;
  }

  get dataSource(): DataSource {
    return this.started().dataSource;
  }

  inject(options: InjectOptions): Promise<Response> {
    return this.app.inject(options);
  }

  /** Closes the app and starts a new one on the same database, with `env` over the suite's. */
  async restart(env: Env = {}): Promise<void> {
    const { app, database } = this.started();
    await app.close();
    this.current = await startOn(database, { ...this.env, ...env });
  }

  /** Empties every table but the migrations' record. */
  clear(): Promise<void> {
    return this.started().clear();
  }

  /** Every stored call, oldest id first. */
  storedCalls(): Promise<Call[]> {
    return this.dataSource.getRepository(Call).find({ order: { id: 'ASC' } });
  }

  callCount(): Promise<number> {
    return this.dataSource.getRepository(Call).count();
  }

  /**
   * Stores calls as the factory builds them, rated with the database's default tariff, which
   * no BILLING_BLOCK_SECONDS given to the app changes (SPEC §7).
   */
  insertCalls(partials: readonly CallOverrides[]): Promise<Call[]> {
    const { app, database } = this.started();
    return insertCalls(app, partials, database.defaultTariff);
  }

  /** Stores invoices as a close issues them (their lines, and their numbers taken). */
  insertInvoices(invoices: readonly IssuedInvoice[]): Promise<void> {
    return insertInvoices(this.app, invoices);
  }

  /** For the hooks `useTestApp` registers. */
  async start(): Promise<void> {
    const { settings } = this;
    this.env = typeof settings === 'function' ? await settings() : settings;
    this.current = await createTestApp(this.env, this.migrationEnv);
  }

  async stop(): Promise<void> {
    await this.current?.close();
    this.current = undefined;
  }

  private started(): TestApp {
    if (this.current === undefined)
      throw new Error('the test app starts in beforeAll: use it inside a test');
    return this.current;
  }
}

/**
 * Registers the suite's hooks: a fresh migrated database and the app on it before all tests,
 * every table emptied before each test, both gone after all. Call it at the top of a file or of
 * a `describe`; `env` may be a function, for settings known only once the suite starts.
 */
export function useTestApp(
  env: Env | (() => Promise<Env>) = {},
  { clearBeforeEach = true, migrationEnv = {} }: UseTestAppOptions = {},
): TestAppHandle {
  const handle = new TestAppHandle(env, migrationEnv);
  beforeAll(() => handle.start());
  if (clearBeforeEach) beforeEach(() => handle.clear());
  afterAll(() => handle.stop());
  return handle;
}
