// The servers phase's seeds, in SQL: a user with 10 calls and one with a million (one every
// 30 s back from now, so about a year of months), and their totals with one GROUP BY, as each
// schema holds them. The service's calls are stored rated, as it rates a call without a
// destination on a new database: the default plan's first version (one rate, prefix '', 30 s
// blocks at 0.05), its results in the call's columns and its totals per user, month and rate.
import {
  AMOUNT_DECIMALS,
  BLOCK_MS,
  BLOCK_PRICE_MICROS,
  DEFAULT_VERSION,
  DIGIT_NUMBERS,
  type Schema,
  firstRow,
  withConnection,
  withDigits,
} from './database.js';
import { log } from './text.js';

export const SMALL_USER = 'bench-10-calls';
export const LARGE_USER = 'bench-1m-calls';

/** Each number n as a call: its duration d and instant `at`, one every 30 s back from now. */
const CALL_OF_N =
  'SELECT n, (n * 7919) % 3600001 AS d, UTC_TIMESTAMP(3) - INTERVAL (n * 30 + 60) SECOND AS at';

function insertCalls(schema: Schema, numbers: string): string {
  if (schema === 'raw') {
    return (
      'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at) ' +
      `SELECT ?, d, NULL, at, at FROM (${CALL_OF_N} FROM (${numbers}) numbers) t`
    );
  }
  const blocks = `((d + ${BLOCK_MS - 1}) DIV ${BLOCK_MS})`;
  return (
    'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at, ' +
    'started_at, destination, billing_period, late, block_count, billed_seconds, amount_micros, ' +
    'amount_decimals, rate_plan, rate_version, rate_prefix) ' +
    `SELECT ?, d, NULL, at, at, at, NULL, DATE_FORMAT(at, '%Y-%m'), 0, ${blocks}, ` +
    `${blocks} * ${BLOCK_MS / 1000}, ${blocks} * ${BLOCK_PRICE_MICROS}, ${AMOUNT_DECIMALS}, ` +
    `'default', '${DEFAULT_VERSION}', '' FROM (${CALL_OF_N} FROM (${numbers}) numbers) t`
  );
}

const TOTALS: Record<Schema, string[]> = {
  service: [
    'INSERT INTO usage_totals (user_name, period, plan, version, prefix, amount_decimals, ' +
      'call_count, total_duration, block_count, billed_seconds, amount_micros) ' +
      'SELECT user_name, billing_period, rate_plan, rate_version, rate_prefix, MAX(amount_decimals), ' +
      'COUNT(*), SUM(call_duration), SUM(block_count), SUM(billed_seconds), SUM(amount_micros) ' +
      'FROM calls GROUP BY user_name, billing_period, rate_plan, rate_version, rate_prefix',
  ],
  raw: [
    'INSERT INTO billing_totals (user_name, period, call_count, total_duration, block_count) ' +
      "SELECT user_name, DATE_FORMAT(created_at, '%Y-%m'), COUNT(*), SUM(call_duration), " +
      `SUM((call_duration + ${BLOCK_MS - 1}) DIV ${BLOCK_MS}) FROM calls ` +
      "GROUP BY user_name, DATE_FORMAT(created_at, '%Y-%m')",
    `INSERT INTO billing_state (id, block_ms) VALUES (1, ${BLOCK_MS}) ` +
      'ON DUPLICATE KEY UPDATE block_ms = VALUES(block_ms)',
  ],
};

/** Seeds the 10-call user and one with `largeUserCalls` calls, and their totals. */
export async function seed(
  database: string,
  largeUserCalls: number,
  schema: Schema = 'service',
): Promise<void> {
  const started = Date.now();
  await withConnection(database, async (db) => {
    await withDigits(db, async () => {
      await db.query(insertCalls(schema, 'SELECT d AS n FROM bench_digits'), [
        SMALL_USER,
      ]);
      for (let k = 0; k * 100_000 < largeUserCalls; k++) {
        await db.query(
          insertCalls(schema, `SELECT ${k * 100_000} + ${DIGIT_NUMBERS}`),
          [LARGE_USER],
        );
      }
      for (const sql of TOTALS[schema]) await db.query(sql);
    });
    const totals = schema === 'service' ? 'usage_totals' : 'billing_totals';
    const count = await firstRow(
      db,
      `SELECT COUNT(*) AS calls, (SELECT COUNT(*) FROM ${totals}) AS totals FROM calls`,
    );
    log(
      `  seeded ${database}: ${String(count.calls)} calls, ${String(count.totals)} ` +
        `totals rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
}
