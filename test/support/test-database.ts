import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, type QueryRunner } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { DEFAULT_TARIFF, type BlockTariff } from '../factories/call.factory.js';
import { validateEnv } from '../../src/platform/config/validate-env.js';
import { dataSourceOptions } from '../../src/platform/database/data-source-options.js';

/** The variables that point the app at this test file's own database. */
export type TestEnv = Readonly<Record<string, string | undefined>>;

export interface TestDatabase {
  readonly env: TestEnv;
  /** The `default` plan's first version, as the migrations made it. */
  readonly defaultTariff: BlockTariff;
  /**
   * A DataSource on the database, initialised, with `list` as its migrations (all by default),
   * for a test that writes to it as an earlier version of the service would. The caller
   * destroys it.
   */
  open(list?: MigrationList): Promise<DataSource>;
  /** Runs the migrations not run yet, with `migrationEnv` as `createTestDatabase` does. */
  migrate(migrationEnv?: TestEnv): Promise<void>;
  /** Removes the database, its files and everything in it. */
  drop(): Promise<void>;
}

export type MigrationList = typeof migrations;

const TEST_NAME = /test/i;

/** Whether the suites run on MySQL/MariaDB (DB_HOST set), or else on SQLite files. */
export const ON_MYSQL =
  process.env.DB_HOST !== undefined && process.env.DB_HOST !== '';

/** `describe` for what only MySQL/MariaDB has: skipped on SQLite. */
export const describeOnMysql = ON_MYSQL ? describe : describe.skip;

/**
 * Creates a fresh, migrated database for one test file: a SQLite file in the temp folder, or with
 * `DB_HOST` set a MySQL database named after `DB_NAME` (default `call_billing_test`) and the
 * Jest worker. It refuses any name that does not say it is a test database.
 *
 * The migrations run with `migrationEnv` over the process's environment, as `npm run migrate`
 * would with those variables: BILLING_BLOCK_SECONDS and BILLING_PRICE_PER_BLOCK there make the
 * `default` plan's first version (SPEC §7), which the service then rates with whatever it is
 * started with. `run` are the migrations to run: all of them unless a test builds an older
 * schema (to fill it as an earlier version of the service did, then {@link TestDatabase.migrate}).
 */
export async function createTestDatabase(
  migrationEnv: TestEnv = {},
  run: MigrationList = migrations,
): Promise<TestDatabase> {
  const suffix = `${process.env.JEST_WORKER_ID ?? '0'}_${randomUUID().slice(0, 8)}`;
  // Every database variable is set here, so that a developer's `.env` (which the app also
  // reads) can never point a test at a real database.
  const env: TestEnv = !ON_MYSQL
    ? {
        DB_HOST: '',
        DB_PATH: join(tmpdir(), `call_billing_test_${suffix}.sqlite`),
      }
    : {
        DB_HOST: process.env.DB_HOST,
        DB_PORT: process.env.DB_PORT ?? '3306',
        DB_USERNAME: process.env.DB_USERNAME ?? 'root',
        DB_PASSWORD: process.env.DB_PASSWORD ?? '',
        DB_NAME: `${process.env.DB_NAME ?? 'call_billing_test'}_${suffix}`,
      };
  const { database } = validateEnv({ ...process.env, ...env });
  const name = database.type === 'mysql' ? database.name : database.path;
  if (!TEST_NAME.test(name)) {
    throw new Error(
      `Refusing to run tests against "${name}": its name does not say "test"`,
    );
  }

  if (database.type === 'mysql') {
    const server = await createConnection({
      host: database.host,
      port: database.port,
      user: database.username,
      password: database.password,
    });
    await server.query(`CREATE DATABASE \`${name}\``);
    await server.end();
  }
  const open = (list: MigrationList = migrations) =>
    new DataSource({
      ...dataSourceOptions(database),
      migrations: list,
    }).initialize();
  const migrate = (list: MigrationList, variables: TestEnv) =>
    withEnv(variables, async () => {
      const dataSource = await open(list);
      try {
        await dataSource.runMigrations();
      } finally {
        await dataSource.destroy();
      }
    });
  await migrate(run, migrationEnv);

  return {
    env,
    open,
    migrate: (variables = {}) => migrate(migrations, variables),
    defaultTariff: {
      blockSeconds: Number(
        migrationEnv.BILLING_BLOCK_SECONDS ?? DEFAULT_TARIFF.blockSeconds,
      ),
      price: migrationEnv.BILLING_PRICE_PER_BLOCK ?? DEFAULT_TARIFF.price,
    },
    async drop() {
      if (database.type === 'sqlite') {
        for (const file of [name, `${name}-wal`, `${name}-shm`])
          rmSync(file, { force: true });
        return;
      }
      const server = await createConnection({
        host: database.host,
        port: database.port,
        user: database.username,
        password: database.password,
      });
      await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await server.end();
    },
  };
}

/** The last migration run with an environment of its own: the next one waits for it. */
let migrating: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` with `changes` over `process.env`, then puts every variable back as it was. Runs
 * one at a time, so that two databases created at once never see each other's variables.
 */
function withEnv(changes: TestEnv, work: () => Promise<void>): Promise<void> {
  const run = migrating.then(async () => {
    const saved = Object.keys(changes).map(
      (name) => [name, process.env[name]] as const,
    );
    setEnv(Object.entries(changes));
    try {
      await work();
    } finally {
      setEnv(saved);
    }
  });
  migrating = run.catch(() => undefined);
  return run;
}

function setEnv(
  variables: readonly (readonly [string, string | undefined])[],
): void {
  for (const [name, value] of variables) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** Tables holding what a new database starts with: reset, not emptied. */
const SEEDED = ['ledger_state', 'tariff_versions', 'tariff_rates'];

/**
 * Empties every table of the database but TypeORM's record of the migrations run, so that each
 * test starts from nothing. The tables are read from the database itself, so a table a later
 * migration adds is emptied too; foreign keys are not checked while they are.
 */
export async function emptyTables(dataSource: DataSource): Promise<void> {
  const kept = dataSource.options.migrationsTableName ?? 'migrations';
  const runner = dataSource.createQueryRunner();
  const mysql = dataSource.options.type === 'mysql';
  try {
    const rows = (await runner.query(
      mysql
        ? `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`
        : `SELECT name FROM sqlite_master
           WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
    )) as { name: string }[];
    await setForeignKeyChecks(runner, mysql, false);
    try {
      for (const { name } of rows) {
        if (name === kept || SEEDED.includes(name)) continue;
        await runner.query(`DELETE FROM ${dataSource.driver.escape(name)}`);
      }
      // Back to what the migrations leave: the default plan's first version, no period
      // closed, and a new tariff revision so that every app's catalog reloads.
      for (const [table, key] of [
        ['tariff_rates', 'rate_set'],
        ['tariff_versions', 'plan'],
      ]) {
        await runner.query(
          `DELETE FROM ${table} WHERE ${key} <> 'default' OR effective_from <> '1970-01-01 00:00:00.000'`,
        );
      }
      await runner.query(
        'UPDATE ledger_state SET tariff_revision = tariff_revision + 1, closed_through = NULL',
      );
    } finally {
      await setForeignKeyChecks(runner, mysql, true);
    }
  } finally {
    await runner.release();
  }
}

function setForeignKeyChecks(
  runner: QueryRunner,
  mysql: boolean,
  on: boolean,
): Promise<unknown> {
  return runner.query(
    mysql
      ? `SET FOREIGN_KEY_CHECKS = ${on ? 1 : 0}`
      : `PRAGMA foreign_keys = ${on ? 'ON' : 'OFF'}`,
  );
}
