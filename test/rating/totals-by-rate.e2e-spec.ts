/**
 * The running totals keyed by user, then rate, then period (migration 1764000000006), on a
 * database whose totals the previous schema stored: every row is carried over as it was, bills
 * add up the same, new calls add to the carried rows, the bill over all periods is summed in
 * key order (no temporary table or sort), and the migration reverts to the previous key.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { TotalsRepository } from '../../src/call-billing/persistence/totals.repository.js';
import { apiOf, type Api } from '../support/api.js';
import { decimal } from '../support/oracle/decimal.js';
import {
  createTestDatabase,
  ON_MYSQL,
  type TestDatabase,
} from '../support/test-database.js';
import { appOn } from './support.js';

const PREVIOUS = migrations.slice(0, 6);
const BY_PERIOD = ['user_name', 'period', 'plan', 'version', 'prefix'];
const BY_RATE = ['user_name', 'plan', 'version', 'prefix', 'period'];

const DEFAULT_VERSION = '1970-01-01T00:00:00.000Z';
const RATES = [
  { plan: 'default', version: DEFAULT_VERSION, prefix: '' },
  { plan: 'default', version: DEFAULT_VERSION, prefix: '44' },
  { plan: 'gold', version: '2026-01-01T00:00:00.000Z', prefix: '4420' },
] as const;

interface TotalsRow {
  readonly user: string;
  readonly period: string;
  readonly rate: (typeof RATES)[number];
  /** The row's figures are n times a unit; 0: a rate whose every call was voided. */
  readonly n: number;
}

/** Three months of three rates for alice (one rate's calls all voided in one), a row each for Alice and bob. */
const ROWS: TotalsRow[] = [
  ...['2026-09', '2026-10', '2026-11'].flatMap((period, month) =>
    RATES.map((rate, r) => ({
      user: 'alice',
      period,
      rate,
      n: month === 1 && r === 1 ? 0 : 1 + month * 3 + r,
    })),
  ),
  { user: 'Alice', period: '2026-10', rate: RATES[0], n: 7 },
  { user: 'bob', period: '2026-11', rate: RATES[2], n: 11 },
];

function figures(n: number) {
  return {
    call_count: n,
    total_duration: n * 61_000,
    block_count: n * 2,
    billed_seconds: n * 120,
    amount: decimal(BigInt(n) * 30_000n, 2),
  };
}

/** The bill's lines for `user`'s rows (of `period`, or all), summed by rate in rate order. */
function expectedLines(user: string, period?: string) {
  return RATES.flatMap((rate) => {
    const n = ROWS.filter(
      (row) =>
        row.user === user &&
        row.rate === rate &&
        (period === undefined || row.period === period),
    ).reduce((sum, row) => sum + row.n, 0);
    return n === 0 ? [] : [{ kind: 'usage', ...rate, ...figures(n) }];
  });
}

/** `YYYY-MM-DD HH:MM:SS.mmm`, as both dialects store a datetime(3). */
function sqlTime(iso: string): string {
  return iso.replace('T', ' ').replace('Z', '');
}

async function storedRows(dataSource: DataSource) {
  const rows = await dataSource.query<Record<string, unknown>[]>(
    'SELECT user_name, period, plan, version, prefix, amount_decimals, call_count, ' +
      'total_duration, block_count, billed_seconds, amount_micros FROM usage_totals ' +
      `ORDER BY ${BY_PERIOD.join(', ')}`,
  );
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => [
        name,
        value instanceof Date ? value.toISOString() : String(value),
      ]),
    ),
  );
}

/** The columns of the table's primary key, in key order. */
async function primaryKey(dataSource: DataSource): Promise<string[]> {
  if (ON_MYSQL) {
    const rows = await dataSource.query<{ name: string }[]>(
      'SELECT column_name AS name FROM information_schema.statistics ' +
        "WHERE table_schema = DATABASE() AND table_name = 'usage_totals' " +
        "AND index_name = 'PRIMARY' ORDER BY seq_in_index",
    );
    return rows.map(({ name }) => name);
  }
  const indexes = await dataSource.query<{ name: string; origin: string }[]>(
    "PRAGMA index_list('usage_totals')",
  );
  const key = indexes.find(({ origin }) => origin === 'pk')?.name ?? '';
  const columns = await dataSource.query<{ seqno: number; name: string }[]>(
    `PRAGMA index_info('${key}')`,
  );
  return columns.sort((a, b) => a.seqno - b.seqno).map(({ name }) => name);
}

describe('usage_totals keyed by user, rate and period, on totals the previous schema stored', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication | undefined;
  let api: Api;
  let before: Record<string, string>[];

  beforeAll(async () => {
    database = await createTestDatabase({}, PREVIOUS);
    const old = await database.open(PREVIOUS);
    try {
      for (const { user, period, rate, n } of ROWS) {
        await old.query(
          'INSERT INTO usage_totals (user_name, period, plan, version, prefix, amount_decimals, ' +
            'call_count, total_duration, block_count, billed_seconds, amount_micros) ' +
            'VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, ?, ?)',
          [
            user,
            period,
            rate.plan,
            sqlTime(rate.version),
            rate.prefix,
            n,
            n * 61_000,
            n * 2,
            n * 120,
            n * 30_000,
          ],
        );
      }
      expect(await primaryKey(old)).toEqual(BY_PERIOD);
      before = await storedRows(old);
    } finally {
      await old.destroy();
    }
    await database.migrate();
    app = await appOn(database);
    api = apiOf(app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('carries every row over unchanged, under the new key', async () => {
    const dataSource = await database.open();
    try {
      expect(await primaryKey(dataSource)).toEqual(BY_RATE);
      expect(await storedRows(dataSource)).toEqual(before);
    } finally {
      await dataSource.destroy();
    }
  });

  it('bills each user, for all periods and for each, the rows it had', async () => {
    for (const user of ['alice', 'Alice', 'bob']) {
      for (const period of [undefined, '2026-09', '2026-10', '2026-11']) {
        const lines = expectedLines(user, period);
        const n = lines.reduce((sum, line) => sum + line.call_count, 0);
        const bill = await api.getBill(user, period);
        expect(bill.statusCode).toBe(200);
        expect(bill.json()).toMatchObject({ ...figures(n), lines });
      }
    }
  });

  it('adds a new call to the row it shares with carried totals', async () => {
    const put = await api.putCall('bob', {
      call_duration: 61_000,
      started_at: '2026-11-20T10:00:00.000Z',
    });
    expect(put.statusCode).toBe(201);

    const bill = await api.getBill('bob', '2026-11');
    // The default version's 30-s blocks at 0.05 (the carried rows are 61 s, 2 blocks, 0.03).
    expect(bill.json()).toMatchObject({
      call_count: 12,
      lines: [
        {
          ...RATES[0],
          call_count: 1,
          total_duration: 61_000,
          block_count: 3,
          amount: '0.15',
        },
        expectedLines('bob', '2026-11')[0],
      ],
    });
  });

  it('sums a bill over all periods in key order, with no temporary table or sort', async () => {
    const statement = (app as NestFastifyApplication)
      .get(TotalsRepository)
      .byRate(['alice']);
    const dataSource = await database.open();
    try {
      const plan = await dataSource.query<Record<string, unknown>[]>(
        `${ON_MYSQL ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${statement.sql}`,
        [...statement.parameters],
      );
      const text = JSON.stringify(plan);
      expect(text).toMatch(ON_MYSQL ? /PRIMARY/ : /INDEX/);
      expect(text).not.toMatch(/temporary|filesort|TEMP B-TREE/i);
    } finally {
      await dataSource.destroy();
    }
  });

  it('reverts to the previous key, every row kept', async () => {
    await app?.close();
    app = undefined;
    const dataSource = await database.open();
    try {
      const after = await storedRows(dataSource);
      await dataSource.undoLastMigration();
      expect(await primaryKey(dataSource)).toEqual(BY_PERIOD);
      expect(await storedRows(dataSource)).toEqual(after);
    } finally {
      await dataSource.destroy();
    }
  });
});
