// The rating phase's bills (issue 12): a user with a million calls over 12 months and 50 rates
// against a user with 10 calls, and against one with 50 calls, one a rate (the large user's bill
// has as many lines: what is left between the two is what the million calls cost), on this
// build, all seeded through POST /calls/batch as a client would send them (the million in
// batches of 1,000, each call with its started_at and a destination), in alternating rounds of
// the GET load.
import {
  type Posted,
  ask,
  bearer,
  expectStatus,
  postBatches,
} from '../admin.js';
import { firstRowIn } from '../database.js';
import { random } from '../deck.js';
import { type Load, alternatingRounds, billLoad } from '../load.js';
import type { Options, Settings } from '../options.js';
import type { Server } from '../servers.js';
import { log, num } from '../text.js';

export const BILL_SMALL_USER = 'bill-10-calls';
export const BILL_LARGE_USER = 'bill-1m-calls';
/** A call a rate: the large user's lines, from 50 calls. */
export const BILL_SPREAD_USER = 'bill-50-calls';
const MONTHS = 12;
const BATCH = 1000;

export interface BillFigures {
  seeding: Posted;
  small?: Load;
  spread?: Load;
  large?: Load;
  /** The large user's bill: its calls and lines. */
  calls: number;
  lines: number;
  checks: string[];
}

/** The first instant of the UTC month `back` months before `now`'s. */
export function monthStart(now: Date, back: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
}

/**
 * The large user's calls, a batch's body at a time: call g is in month g % 12 (of the last 12,
 * this one included) at a random instant of it before `latest`, to the (g / 12) % 50-th prefix,
 * so every month has calls to every rate.
 */
function largeBatch(
  index: number,
  calls: number,
  rates: readonly string[],
  now: Date,
  latest: Date,
): { body: string; calls: number } {
  const next = random(1_000 + index);
  const items: string[] = [];
  for (let g = index * BATCH; g < Math.min(calls, (index + 1) * BATCH); g++) {
    const back = MONTHS - 1 - (g % MONTHS);
    const from = monthStart(now, back).getTime();
    const to = Math.min(monthStart(now, back - 1).getTime(), latest.getTime());
    const at = new Date(from + Math.floor(next() * (to - from)));
    const prefix = rates[Math.floor(g / MONTHS) % rates.length] ?? '';
    const number = `${prefix}${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
    items.push(
      `{"user_name":"${BILL_LARGE_USER}","call_duration":${(g * 7919) % 3_600_001},` +
        `"started_at":"${at.toISOString()}","destination":"${number}"}`,
    );
  }
  return { body: `{"calls":[${items.join(',')}]}`, calls: items.length };
}

/** The running-totals rows a bill of `user` adds up. */
async function usageRows(database: string, user: string): Promise<number> {
  const row = await firstRowIn(
    database,
    'SELECT COUNT(*) AS n FROM usage_totals WHERE user_name = ? AND call_count <> 0',
    [user],
  );
  return Number(row.n);
}

async function bill(
  server: Server,
  key: string,
  user: string,
): Promise<{ call_count?: number; lines?: unknown[] }> {
  const answer = expectStatus(
    `GET bill of ${user}`,
    await ask(`${server.url}/mobile/${user}/billing`, { headers: bearer(key) }),
    [200],
  );
  return JSON.parse(answer.body) as { call_count?: number; lines?: unknown[] };
}

/**
 * Seeds the users into the running service (`rates`: the prefixes of the version in force over
 * the last 12 months; `latest`: the last instant their calls may start): the large user's calls
 * timed, the 10-call user's 10 calls of this moment, the 50-call user's a minute before `latest`.
 */
export async function seedBills(
  server: Server,
  key: string,
  rates: readonly string[],
  latest: Date,
  settings: Settings,
): Promise<Posted> {
  const calls = settings.largeUserCalls;
  const now = new Date();
  log(
    `  seeding ${num(calls)} calls of ${BILL_LARGE_USER} (POST /calls/batch)`,
  );
  const seeding = await postBatches(
    server.url,
    key,
    Math.ceil(calls / BATCH),
    (index) => largeBatch(index, calls, rates, now, latest),
    2,
  );
  log(
    `    ${num(seeding.calls)} calls in ${seeding.seconds.toFixed(1)} s (${num(seeding.calls / seeding.seconds)}/s)`,
  );
  const small = Array.from(
    { length: 10 },
    (_, n) =>
      `{"user_name":"${BILL_SMALL_USER}","call_duration":${(n + 1) * 61_000}}`,
  );
  // One call a rate, started in the large user's last month, the same rates in force.
  const spread = rates.map(
    (prefix, n) =>
      `{"user_name":"${BILL_SPREAD_USER}","call_duration":${(n + 1) * 1_000},` +
      `"started_at":"${new Date(latest.getTime() - 60_000).toISOString()}","destination":"${prefix}0000"}`,
  );
  for (const [items, count] of [
    [small, 10],
    [spread, spread.length],
  ] as const) {
    await postBatches(
      server.url,
      key,
      1,
      () => ({ body: `{"calls":[${items.join(',')}]}`, calls: count }),
      1,
    );
  }
  return seeding;
}

/** Seeds the users (see {@link seedBills}), then the GET rounds, alternating. */
export async function measureBills(
  server: Server,
  database: string,
  key: string,
  rates: readonly string[],
  latest: Date,
  options: Options,
): Promise<BillFigures> {
  const { settings } = options;
  const calls = settings.largeUserCalls;
  const seeding = await seedBills(server, key, rates, latest, settings);
  const figures: BillFigures = {
    seeding,
    calls: 0,
    lines: 0,
    checks: [],
  };
  const large = await bill(server, key, BILL_LARGE_USER);
  figures.calls = large.call_count ?? 0;
  figures.lines = large.lines?.length ?? 0;
  const expectedLines = Math.min(calls, rates.length);
  const totalsRows = await usageRows(database, BILL_LARGE_USER);
  const expectedRows = Math.min(calls, MONTHS * rates.length);
  figures.checks.push(
    `${figures.calls === calls && figures.lines === expectedLines && totalsRows === expectedRows ? 'ok' : 'WRONG'}: ` +
      `bill of ${BILL_LARGE_USER}: call_count ${figures.calls} (expected ${calls}), ` +
      `${figures.lines} lines (expected ${expectedLines}, one per rate), from ${totalsRows} ` +
      `usage_totals rows (expected ${expectedRows}: ${MONTHS} months x ${rates.length} rates)`,
  );
  const smallBill = await bill(server, key, BILL_SMALL_USER);
  figures.checks.push(
    `${smallBill.call_count === 10 ? 'ok' : 'WRONG'}: bill of ${BILL_SMALL_USER}: call_count ${smallBill.call_count}`,
  );
  const spreadBill = await bill(server, key, BILL_SPREAD_USER);
  figures.checks.push(
    `${spreadBill.call_count === rates.length && spreadBill.lines?.length === rates.length ? 'ok' : 'WRONG'}: ` +
      `bill of ${BILL_SPREAD_USER}: call_count ${spreadBill.call_count}, ${spreadBill.lines?.length} lines ` +
      `(expected ${rates.length} and ${rates.length})`,
  );
  const users = {
    small: BILL_SMALL_USER,
    spread: BILL_SPREAD_USER,
    large: BILL_LARGE_USER,
  };
  const fastest = await alternatingRounds(
    settings.rounds,
    ['small', 'spread', 'large'],
    (which) => {
      log(`    GET bill of ${users[which]}`);
      return billLoad(server, users[which], settings, bearer(key));
    },
    (round) => log(`  GET round ${round} of ${settings.rounds}`),
  );
  return { ...figures, ...fastest };
}
