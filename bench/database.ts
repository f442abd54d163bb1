// The bench's own databases (all named bench_*): each made fresh with the migrations of the
// build that uses it (or the raw server's schema), checked after the loads, and dropped on the
// way out. Seeds are in seed.ts.
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { DB } from './options.js';
import { ROOT, run } from './processes.js';
import { RAW_SCHEMA } from './raw-schema.js';
import { serviceEnv } from './service.js';

const PREFIX = 'bench';
/** The service's default block, which the raw server's totals count in. */
export const BLOCK_MS = 30_000;
/**
 * The rest of how the service rates a call without destination on a new database (migration 3):
 * the default plan's first version, one rate of prefix '', each block at 0.05, 2 decimals.
 */
export const BLOCK_PRICE_MICROS = 50_000;
export const AMOUNT_DECIMALS = 2;
export const DEFAULT_VERSION = '1970-01-01 00:00:00.000';

/**
 * Which tables a database holds: the service's (its migrations, run from the build at `root`),
 * or the raw server's (raw-schema.ts: calls and monthly totals, as before rating).
 */
export type Schema = 'service' | 'raw';

const created = new Set<string>();

/** The database the bench uses for `purpose` (service, raw, profile). */
export function databaseName(purpose: string): string {
  return `${PREFIX}_${purpose}`;
}

export function connect(database?: string): Promise<Connection> {
  return mysql.createConnection({
    host: DB.host,
    port: DB.port,
    user: DB.user,
    password: DB.password,
    database,
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: 3_000,
  });
}

/** Runs `work` on a connection of its own to `database` (or to the server), ended afterwards. */
export async function withConnection<T>(
  database: string | undefined,
  work: (db: Connection) => Promise<T>,
): Promise<T> {
  const db = await connect(database);
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** The rows of one query. */
export async function rowsOf(
  db: Connection,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const [rows] = await db.query<RowDataPacket[]>(sql, params);
  return rows;
}

export async function firstRow(
  db: Connection,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>> {
  const [rows] = await db.query<RowDataPacket[]>(sql, params);
  return rows[0] ?? {};
}

/** The first row of one query, on a connection of its own to `database`. */
export function firstRowIn(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>> {
  return withConnection(database, (db) => firstRow(db, sql, params));
}

/** A guard against a typo dropping someone else's database. */
function assertOurs(database: string): void {
  if (!new RegExp(`^${PREFIX}(_[a-z0-9]+)*$`).test(database))
    throw new Error(`refusing to touch database ${database}`);
}

/** Drops every database this run created. */
export async function dropDatabases(): Promise<void> {
  if (created.size === 0) return;
  await withConnection(undefined, async (admin) => {
    for (const database of created) {
      assertOurs(database);
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      created.delete(database);
    }
  });
}

/**
 * A fresh database: with the migrations of the build at `root` (this one by default) applied by
 * its `npm run migration:run`, or with the raw server's tables.
 */
export async function freshDatabase(
  database: string,
  schema: Schema = 'service',
  root = ROOT,
): Promise<void> {
  assertOurs(database);
  await withConnection(undefined, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\``);
    created.add(database);
  });
  if (schema === 'raw') {
    await withConnection(database, async (db) => {
      for (const ddl of RAW_SCHEMA) await db.query(ddl);
    });
    return;
  }
  await run('npm', ['run', '--silent', 'migration:run'], {
    env: serviceEnv(database),
    timeoutMs: 120_000,
    label: `migrations on ${database}`,
    cwd: root,
  });
}

export interface Stored {
  calls: number;
  /** Calls as the totals count them. */
  totals: number;
  /** Blocks as the calls give them. */
  blocks: number;
  /** Blocks as the totals count them. */
  totalBlocks: number;
}

/**
 * Calls stored for users whose name starts with `prefix`, in `calls` and in the totals: the
 * service's calls carry their blocks (rated when recorded) and its totals are per rate; the raw
 * server's blocks are the default block's, worked out from the durations.
 */
export async function storedCalls(
  database: string,
  prefix: string,
  schema: Schema = 'service',
): Promise<Stored> {
  const users = `${prefix}%`;
  const sql =
    schema === 'service'
      ? 'SELECT (SELECT COUNT(*) FROM calls WHERE user_name LIKE ? AND voided_at IS NULL) AS calls, ' +
        '(SELECT COALESCE(SUM(call_count), 0) FROM usage_totals WHERE user_name LIKE ?) AS totals, ' +
        '(SELECT COALESCE(SUM(block_count), 0) FROM calls WHERE user_name LIKE ? AND voided_at IS NULL) AS blocks, ' +
        '(SELECT COALESCE(SUM(block_count), 0) FROM usage_totals WHERE user_name LIKE ?) AS total_blocks'
      : 'SELECT (SELECT COUNT(*) FROM calls WHERE user_name LIKE ?) AS calls, ' +
        '(SELECT COALESCE(SUM(call_count), 0) FROM billing_totals WHERE user_name LIKE ?) AS totals, ' +
        `(SELECT COALESCE(SUM((call_duration + ${BLOCK_MS - 1}) DIV ${BLOCK_MS}), 0) FROM calls WHERE user_name LIKE ?) AS blocks, ` +
        '(SELECT COALESCE(SUM(block_count), 0) FROM billing_totals WHERE user_name LIKE ?) AS total_blocks';
  const row = await firstRowIn(database, sql, [users, users, users, users]);
  return {
    calls: Number(row.calls),
    totals: Number(row.totals),
    blocks: Number(row.blocks),
    totalBlocks: Number(row.total_blocks),
  };
}

/**
 * The bytes `database`'s tables take, rows and indexes (InnoDB's statistics, taken again first),
 * but for the tariffs: what the writes of calls leave for the buffer pool to hold.
 */
export async function databaseBytes(database: string): Promise<number> {
  const callTables =
    "table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'tariff%'";
  return withConnection(database, async (db) => {
    const tables = await rowsOf(
      db,
      `SELECT table_name AS name FROM information_schema.tables WHERE ${callTables}`,
    );
    for (const { name } of tables)
      await db.query(`ANALYZE TABLE \`${String(name)}\``);
    const [row] = await rowsOf(
      db,
      `SELECT COALESCE(SUM(data_length + index_length), 0) AS bytes FROM information_schema.tables WHERE ${callTables}`,
    );
    return Number(row?.bytes ?? 0);
  });
}

/** A check's line: "ok" or "WRONG", then what was stored against what the totals count. */
export function storedLine(
  fine: boolean,
  head: string,
  stored: Stored,
): string {
  return (
    `${fine ? 'ok' : 'WRONG'}: ${head}, ${stored.calls} calls stored, ` +
    `totals count ${stored.totals} calls and ${stored.totalBlocks} blocks (calls give ${stored.blocks})`
  );
}

/** Whether the totals count exactly the stored calls and their blocks. */
export function totalsMatch(stored: Stored): boolean {
  return stored.calls === stored.totals && stored.blocks === stored.totalBlocks;
}

/**
 * A table of the ten digits, for `work` to count with: `SELECT k + DIGIT_NUMBERS` gives 100,000
 * numbers in one statement. Dropped afterwards.
 */
export async function withDigits(
  db: Connection,
  work: () => Promise<void>,
): Promise<void> {
  await db.query(
    'CREATE TABLE bench_digits (d tinyint NOT NULL PRIMARY KEY) ENGINE=InnoDB',
  );
  await db.query(
    'INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)',
  );
  await work();
  await db.query('DROP TABLE bench_digits');
}

// 100,000 numbers per statement from the digits table: a, b, c, e, f are the five lower digits.
export const DIGIT_NUMBERS =
  'a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM bench_digits a ' +
  'CROSS JOIN bench_digits b CROSS JOIN bench_digits c CROSS JOIN bench_digits e ' +
  'CROSS JOIN bench_digits f';
