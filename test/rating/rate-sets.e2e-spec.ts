/**
 * A version's rates are a set of their own, stored over short transactions before the change
 * that points the version to it (`src/rating/services/rate-sets.ts`). No set outlives the
 * version that used it: a replaced set, a deleted version's, a refused or dry-run upload's, and
 * a set left by an upload cut short are all removed. And a database of the previous schema keeps
 * its versions' rates.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { utcDatetimeText } from '../../src/platform/database/sql-values.js';
import { newRateSetName } from '../../src/rating/domain/rate-set-names.js';
import { AdminApi } from '../support/admin-api.js';
import { apiOf } from '../support/api.js';
import { FUTURE, iso } from '../support/dates.js';
import { expectProblem, expectStatus } from '../support/expectations.js';
import {
  createTestDatabase,
  type TestDatabase,
} from '../support/test-database.js';
import { appOn, useRatingApp } from './support.js';

const DECK = 'prefix,price\n,1\n44,2\n4420,3\n';

/** Every set stored, with how many rates each holds, by name. */
async function storedSets(dataSource: DataSource) {
  const rows = await dataSource.query<{ rate_set: string; n: unknown }[]>(
    'SELECT rate_set, COUNT(*) AS n FROM tariff_rates GROUP BY rate_set ORDER BY rate_set',
  );
  return Object.fromEntries(rows.map((row) => [row.rate_set, Number(row.n)]));
}

/** The set each version points to. */
async function versionSets(dataSource: DataSource) {
  const rows = await dataSource.query<{ plan: string; rate_set: string }[]>(
    'SELECT plan, rate_set FROM tariff_versions ORDER BY plan',
  );
  return Object.fromEntries(rows.map((row) => [row.plan, row.rate_set]));
}

/** Writes `count` rates of a set that no version points to, as an upload cut short leaves them. */
async function leftBehind(dataSource: DataSource, name: string, count: number) {
  const at = utcDatetimeText(new Date(FUTURE));
  for (let i = 0; i < count; i++) {
    await dataSource.query(
      'INSERT INTO tariff_rates (rate_set, effective_from, prefix, first_block_seconds, ' +
        'increment_seconds, price_micros, price_unit_seconds, connect_fee_micros, no_charge_seconds) ' +
        'VALUES (?, ?, ?, 60, 60, 1000, 60, 0, 0)',
      [name, at, i === 0 ? '' : String(i)],
    );
  }
}

describe('rate sets', () => {
  const { t, admin } = useRatingApp();

  it('stores a version as a set of its own, and removes the set it replaced and a deleted one', async () => {
    await admin.defineVersion('gold', FUTURE, DECK);
    const first = (await versionSets(t.dataSource)).gold;

    await admin.defineVersion('gold', FUTURE, 'prefix,price\n,5\n');
    const second = (await versionSets(t.dataSource)).gold;

    expect(first).toMatch(/^~/);
    expect(second).not.toBe(first);
    expect(await storedSets(t.dataSource)).toEqual({
      default: 1,
      [second]: 1,
    });
    expect((await admin.deleteVersion('gold', FUTURE)).statusCode).toBe(204);
    expect(await storedSets(t.dataSource)).toEqual({ default: 1 });
  });

  it('keeps no set of a refused change, nor of a dry run', async () => {
    expectProblem(
      await admin.putVersion('default', '2001-01-01T00:00:00Z', DECK),
      409,
    );
    const dryRun = await admin.putVersion(
      'default',
      '2001-01-01T00:00:00Z',
      DECK,
      { backdate: 'true', dry_run: 'true' },
    );
    expectStatus(dryRun, 200, 201);

    expect(await storedSets(t.dataSource)).toEqual({ default: 1 });
    expect(await versionSets(t.dataSource)).toEqual({ default: 'default' });
  });

  it('removes, before an upload, the sets no version points to that no upload is still writing', async () => {
    const abandoned = newRateSetName(new Date(Date.now() - 2 * 3_600_000));
    const writing = newRateSetName(new Date(Date.now() - 60_000));
    await leftBehind(t.dataSource, abandoned, 3);
    await leftBehind(t.dataSource, writing, 2);
    // A set named after a plan is the previous schema's, never written again.
    await leftBehind(t.dataSource, 'silver', 2);

    await admin.defineVersion('gold', FUTURE, DECK);

    const gold = (await versionSets(t.dataSource)).gold;
    expect(await storedSets(t.dataSource)).toEqual({
      default: 1,
      [writing]: 2,
      [gold]: 3,
    });
  });
});

describe('the upgrade to rate sets, on rates stored by the previous schema', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let admin: AdminApi;

  beforeAll(async () => {
    const previous = migrations.slice(0, 5);
    database = await createTestDatabase({}, previous);
    const old = await database.open(previous);
    try {
      const at = utcDatetimeText(new Date(FUTURE));
      await old.query(
        'INSERT INTO tariff_versions (plan, effective_from, amount_decimals, rounding, rate_count, revision) ' +
          "VALUES ('gold', ?, 2, 'half_up', 2, 1)",
        [at],
      );
      await old.query(
        'INSERT INTO tariff_rates (plan, effective_from, prefix, first_block_seconds, increment_seconds, ' +
          'price_micros, price_unit_seconds, connect_fee_micros, no_charge_seconds) VALUES ' +
          "('gold', ?, '', 60, 60, 10000, 60, 0, 0), ('gold', ?, '44', 30, 6, 20000, 60, 150000, 0)",
        [at, at],
      );
      await old.query('UPDATE ledger_state SET tariff_revision = 1');
    } finally {
      await old.destroy();
    }
    await database.migrate();
    app = await appOn(database);
    admin = new AdminApi(apiOf(app));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('lists and rates by the rates each version had, then replaces them', async () => {
    await admin.assignPlan('erin', 'gold', Date.parse(FUTURE));
    const listed = await admin.getVersion('gold', FUTURE);
    expect(listed.json()).toMatchObject({
      rate_count: 2,
      data: [
        { prefix: '', price: '0.01' },
        { prefix: '44', price: '0.02', connect_fee: '0.15' },
      ],
    });
    const quote = await admin.rate('erin', {
      destination: '+4420',
      at: iso(Date.parse(FUTURE) + 1),
    });
    expect(quote.json()).toMatchObject({
      plan: 'gold',
      prefix: '44',
      price: '0.02',
    });
    expect(
      (await admin.getVersion('default', '1970-01-01T00:00:00Z')).json(),
    ).toMatchObject({ rate_count: 1, data: [{ prefix: '' }] });

    await admin.defineVersion('gold', FUTURE, 'prefix,price\n,7\n');
    const sets = await app
      .get(DataSource)
      .query<{ n: unknown }[]>(
        "SELECT COUNT(*) AS n FROM tariff_rates WHERE rate_set = 'gold'",
      );
    expect(Number(sets[0]?.n)).toBe(0);
  });
});
