// The closing phase's users: each with one call in the period to close (a month that has ended).
// The first ones are recorded through POST /calls/batch as a client would send them (1,000 users
// a batch, each call with its started_at); the rest are written by multi-row INSERT … SELECT
// into calls and usage_totals exactly as the service stores such a call (no destination: the
// default plan's first version, 30 s blocks at 0.05), which takes seconds where the API takes
// minutes; a check compares the API's calls with what the SQL writes.
import { type Posted, postBatches } from '../admin.js';
import {
  AMOUNT_DECIMALS,
  BLOCK_MS,
  BLOCK_PRICE_MICROS,
  DEFAULT_VERSION,
  DIGIT_NUMBERS,
  firstRowIn,
  withConnection,
  withDigits,
} from '../database.js';
import { userOf } from '../load.js';
import type { Server } from '../servers.js';
import { log, num } from '../text.js';
import { monthStart } from './rating-bills.js';

export const CLOSING_USERS = { prefix: 'c', digits: 7 };
const BATCH = 1000;
/** Batches in flight: each holds users of its own, so they wait for no one's totals rows. */
const IN_FLIGHT = 3;
/** Users recorded through the API; the others by SQL. */
const THROUGH_API = 10_000;

export interface Seeded {
  api: Posted;
  sqlUsers: number;
  sqlSeconds: number;
  /** Whether the API's calls are stored as the SQL writes the others. */
  check: string;
}

/** The user of number n, as the PUT and bill loads name them too. */
export function closingUser(n: number, users: number): string {
  return userOf(n, users, CLOSING_USERS.prefix, CLOSING_USERS.digits);
}

/** YYYY-MM of the UTC month `back` months before `now`'s. */
export function periodOf(now: Date, back: number): string {
  return monthStart(now, back).toISOString().slice(0, 7);
}

/** The month the users' calls are in: its period, first instant and length in ms. */
interface Month {
  period: string;
  from: Date;
  span: number;
}

/** The call of user n: its duration and its start, a different second of the month for each. */
function callOf(n: number, { from, span }: Month) {
  return {
    duration: (n * 7919) % 3_600_001,
    at: new Date(from.getTime() + ((n * 7_919_000) % span)),
  };
}

async function throughApi(
  server: Server,
  key: string,
  users: number,
  month: Month,
): Promise<Posted> {
  return postBatches(
    server.url,
    key,
    Math.ceil(users / BATCH),
    (index) => {
      const items: string[] = [];
      for (
        let n = index * BATCH;
        n < Math.min(users, (index + 1) * BATCH);
        n++
      ) {
        const { duration, at } = callOf(n, month);
        items.push(
          `{"user_name":"${closingUser(n, users)}","call_duration":${duration},` +
            `"started_at":"${at.toISOString()}"}`,
        );
      }
      return { body: `{"calls":[${items.join(',')}]}`, calls: items.length };
    },
    IN_FLIGHT,
  );
}

/** The calls' columns as the service writes them, from n, the month's start ? and span ?. */
const CALL_COLUMNS =
  `CONCAT('${CLOSING_USERS.prefix}', LPAD(n, ${CLOSING_USERS.digits}, '0')) AS user_name, ` +
  '(n * 7919) % 3600001 AS d, ' +
  'CAST(? + INTERVAL ((n * 7919000) % ?) * 1000 MICROSECOND AS datetime(3)) AS at';
const BLOCKS = `((d + ${BLOCK_MS - 1}) DIV ${BLOCK_MS})`;
const RATED =
  `${BLOCKS} AS blocks, ${BLOCKS} * ${BLOCK_MS / 1000} AS billed, ` +
  `${BLOCKS} * ${BLOCK_PRICE_MICROS} AS amount`;

/** Users `first`..`users - 1`, by INSERT … SELECT, 100,000 a statement. */
async function throughSql(
  database: string,
  first: number,
  users: number,
  { period, from, span }: Month,
): Promise<void> {
  await withConnection(database, (db) =>
    withDigits(db, async () => {
      for (let k = Math.floor(first / 100_000); k * 100_000 < users; k++) {
        const numbers =
          `SELECT n FROM (SELECT ${k * 100_000} + ${DIGIT_NUMBERS}) numbers ` +
          `WHERE n >= ${first} AND n < ${users}`;
        const rated = `SELECT t.*, ${RATED} FROM (SELECT ${CALL_COLUMNS} FROM (${numbers}) m) t`;
        await db.query(
          'INSERT INTO calls (user_name, call_duration, idempotency_key, created_at, updated_at, ' +
            'started_at, destination, billing_period, late, block_count, billed_seconds, amount_micros, ' +
            'amount_decimals, rate_plan, rate_version, rate_prefix) ' +
            'SELECT user_name, d, NULL, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), at, NULL, ?, 0, blocks, ' +
            `billed, amount, ${AMOUNT_DECIMALS}, 'default', '${DEFAULT_VERSION}', '' FROM (${rated}) r`,
          [period, from, span],
        );
        await db.query(
          'INSERT INTO usage_totals (user_name, period, plan, version, prefix, amount_decimals, ' +
            'call_count, total_duration, block_count, billed_seconds, amount_micros) ' +
            `SELECT user_name, ?, 'default', '${DEFAULT_VERSION}', '', ${AMOUNT_DECIMALS}, 1, d, blocks, billed, ` +
            `amount FROM (${rated}) r`,
          [period, from, span],
        );
      }
    }),
  );
}

/** How many of the API's calls differ from what the SQL would have written for them. */
async function compareWithSql(
  database: string,
  users: number,
  { period, from, span }: Month,
): Promise<string> {
  const row = await firstRowIn(
    database,
    'SELECT COUNT(*) AS calls, SUM(NOT (c.call_duration = t.d AND c.started_at = t.at AND ' +
      'c.billing_period = ? AND c.late = 0 AND c.destination IS NULL AND c.block_count = t.blocks ' +
      `AND c.billed_seconds = t.billed AND c.amount_micros = t.amount AND c.amount_decimals = ${AMOUNT_DECIMALS} ` +
      `AND c.rate_plan = 'default' AND c.rate_version = '${DEFAULT_VERSION}' ` +
      "AND c.rate_prefix = '')) AS differ FROM calls c JOIN (SELECT s.*, " +
      `${RATED} FROM (SELECT ${CALL_COLUMNS} FROM (SELECT CAST(SUBSTRING(user_name, 2) AS UNSIGNED) AS n ` +
      'FROM calls WHERE user_name < ?) m) s) t ON t.user_name = c.user_name',
    [period, from, span, closingUser(users, users + 1)],
  );
  const differ = Number(row.differ ?? 0);
  return (
    `${differ === 0 && Number(row.calls) === users ? 'ok' : 'WRONG'}: the ${Number(row.calls)} calls recorded ` +
    `through POST /calls/batch are stored as the SQL seed writes the others (${differ} differ)`
  );
}

/** One call for each of `users` users in the UTC month before `now`'s. */
export async function seedClosingUsers(
  server: Server,
  key: string,
  database: string,
  users: number,
  now: Date,
): Promise<Seeded> {
  const from = monthStart(now, 1);
  const month: Month = {
    period: periodOf(now, 1),
    from,
    span: monthStart(now, 0).getTime() - from.getTime(),
  };
  const viaApi = Math.min(users, THROUGH_API);
  log(
    `  seeding ${num(users)} users with a call in ${month.period}: ${num(viaApi)} by POST /calls/batch`,
  );
  const api = await throughApi(server, key, viaApi, month);
  log(
    `    ${num(api.calls)} calls in ${api.seconds.toFixed(1)} s (${num(api.calls / api.seconds)}/s)`,
  );
  const check = await compareWithSql(database, viaApi, month);
  log(`    ${check}`);
  const started = process.hrtime.bigint();
  if (users > viaApi) {
    log(`  the other ${num(users - viaApi)} by INSERT … SELECT`);
    await throughSql(database, viaApi, users, month);
  }
  const sqlSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(`    in ${sqlSeconds.toFixed(1)} s`);
  return { api, sqlUsers: users - viaApi, sqlSeconds, check };
}
