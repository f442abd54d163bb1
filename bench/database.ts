// The bench's own databases: each made fresh with the service's migrations, seeded in SQL,
// checked after the loads, and dropped on the way out.
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { DB } from './options.js';
import { run } from './processes.js';
import { serviceEnv } from './service.js';
import { log } from './text.js';

const PREFIX = 'call_billing_bench';
export const SMALL_USER = 'bench-10-calls';
export const LARGE_USER = 'bench-1m-calls';
/** The service's default block, which the seeded totals count in. */
const BLOCK_MS = 30_000;

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

export async function firstRow(
  db: Connection,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>> {
  const [rows] = await db.query<RowDataPacket[]>(sql, params);
  return rows[0] ?? {};
}

/** A guard against a typo dropping someone else's database. */
function assertOurs(database: string): void {
  if (!new RegExp(`^${PREFIX}(_[a-z0-9]+)*$`).test(database))
    throw new Error(`refusing to touch database ${database}`);
}

/** Drops every database this run created. */
export async function dropDatabases(): Promise<void> {
  if (created.size === 0) return;
  const admin = await connect();
  try {
    for (const database of created) {
      assertOurs(database);
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      created.delete(database);
    }
  } finally {
    await admin.end();
  }
}

/** A fresh database with the service's migrations applied. */
export async function freshDatabase(database: string): Promise<void> {
  assertOurs(database);
  const admin = await connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\``);
    created.add(database);
  } finally {
    await admin.end();
  }
  await run('npm', ['run', '--silent', 'migration:run'], {
    env: serviceEnv(database),
    timeoutMs: 120_000,
    label: `migrations on ${database}`,
  });
}

// 100,000 numbers per statement from a digits table: a, b, c, e, f are the five lower digits.
const LOWER_DIGITS =
  'a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM bench_digits a ' +
  'CROSS JOIN bench_digits b CROSS JOIN bench_digits c CROSS JOIN bench_digits e ' +
  'CROSS JOIN bench_digits f';

/**
 * Seeds a user with 10 calls and one with `largeUserCalls` (one every 30 s back from now, so
 * about a year of monthly totals), their totals with one GROUP BY, and stamps `billing_state`.
 */
export async function seed(
  database: string,
  largeUserCalls: number,
): Promise<void> {
  const started = Date.now();
  const db = await connect(database);
  try {
    await db.query(
      'CREATE TABLE bench_digits (d tinyint NOT NULL PRIMARY KEY) ENGINE=InnoDB',
    );
    await db.query(
      'INSERT INTO bench_digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)',
    );
    const insert = (user: string, numbers: string) =>
      db.query(
        'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) ' +
          `SELECT ?, (n * 7919) % 3600001, NULL, at, at FROM (SELECT n, ` +
          `UTC_TIMESTAMP(6) - INTERVAL (n * 30 + 60) SECOND AS at FROM (${numbers}) numbers) t`,
        [user],
      );
    await insert(SMALL_USER, 'SELECT d AS n FROM bench_digits');
    for (let k = 0; k * 100_000 < largeUserCalls; k++) {
      await insert(LARGE_USER, `SELECT ${k * 100_000} + ${LOWER_DIGITS}`);
    }
    await db.query(
      'INSERT INTO billing_totals (user_name, period, call_count, total_duration, block_count) ' +
        "SELECT user_name, DATE_FORMAT(created_at, '%Y-%m'), COUNT(*), SUM(call_duration), " +
        `SUM((call_duration + ${BLOCK_MS - 1}) DIV ${BLOCK_MS}) FROM calls ` +
        "GROUP BY user_name, DATE_FORMAT(created_at, '%Y-%m')",
    );
    await db.query(
      'INSERT INTO billing_state (id, block_ms) VALUES (1, ?) ' +
        'ON DUPLICATE KEY UPDATE block_ms = VALUES(block_ms)',
      [BLOCK_MS],
    );
    await db.query('DROP TABLE bench_digits');
    const count = await firstRow(
      db,
      'SELECT COUNT(*) AS calls, (SELECT COUNT(*) FROM billing_totals) AS totals FROM calls',
    );
    log(
      `  seeded ${database}: ${String(count.calls)} calls, ${String(count.totals)} ` +
        `totals rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await db.end();
  }
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

/** Calls stored for users whose name starts with `prefix`, in `calls` and in the totals. */
export async function storedCalls(
  database: string,
  prefix: string,
): Promise<Stored> {
  const db = await connect(database);
  try {
    const users = `${prefix}%`;
    const row = await firstRow(
      db,
      'SELECT (SELECT COUNT(*) FROM calls WHERE user_name LIKE ?) AS calls, ' +
        '(SELECT COALESCE(SUM(call_count), 0) FROM billing_totals WHERE user_name LIKE ?) AS totals, ' +
        '(SELECT COALESCE(SUM((call_duration + ?) DIV ?), 0) FROM calls WHERE user_name LIKE ?) AS blocks, ' +
        '(SELECT COALESCE(SUM(block_count), 0) FROM billing_totals WHERE user_name LIKE ?) AS total_blocks',
      [users, users, BLOCK_MS - 1, BLOCK_MS, users, users],
    );
    return {
      calls: Number(row.calls),
      totals: Number(row.totals),
      blocks: Number(row.blocks),
      totalBlocks: Number(row.total_blocks),
    };
  } finally {
    await db.end();
  }
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
