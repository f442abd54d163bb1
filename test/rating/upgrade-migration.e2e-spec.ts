/**
 * The upgrade to rated calls (migration 1764000000003 and any after it) on a database the
 * previous version of the service filled: calls and their running totals per UTC month,
 * written here with the previous schema's own SQL. Afterwards every call must be rated with
 * the `default` plan's first version, made from the block settings the service billed with,
 * exactly as the old rule billed it (ceil(ms / block) blocks at the block price), and every
 * bill must equal the old totals to the cent.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrations } from '../../migrations/index.js';
import { apiOf, withKey, type Api } from '../support/api.js';
import { expectProblem } from '../support/expectations.js';
import {
  createTestDatabase,
  type TestDatabase,
} from '../support/test-database.js';
import { decimal, decimalsOf, micros } from '../support/oracle/decimal.js';
import { appOn, listAll } from './support.js';
import { AdminApi } from '../support/admin-api.js';

/** The schema of the previous version: calls, idempotency keys and billing_totals. */
const PREVIOUS = migrations.slice(0, 3);

const USERS = ['alice', 'Alice', 'bob', 'c.d+e@f'];
const EDGE_DURATIONS = [
  0, 1, 29_999, 30_000, 30_001, 59_999, 60_000, 60_001, 2_147_483_647,
];
/**
 * Ids around the migration's steps of 50,000 calls, with gaps, as a table that lost rows to
 * deletions has them.
 */
const IDS = [
  ...range(1, 120),
  ...range(49_990, 50_010),
  ...range(99_999, 100_001),
  ...range(150_000, 150_040),
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

interface OldCall {
  readonly id: number;
  readonly user: string;
  readonly durationMs: number;
  /** `YYYY-MM-DD HH:MM:SS.mmm`, UTC, as the old service stored a Date. */
  readonly createdAt: string;
  readonly key: string | null;
}

/** The previous service's calls: a fixed pseudo-random set, with month edges and keys. */
function oldCalls(): OldCall[] {
  let seed = 1_764_000;
  const next = (limit: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % limit;
  };
  const start = Date.parse('2025-01-01T00:00:00Z');
  const span = Date.parse('2026-11-30T00:00:00Z') - start;
  return IDS.map((id, index) => {
    const edge = index % 7 === 0;
    const instant = edge
      ? Date.parse(
          `2026-${String(1 + (index % 11)).padStart(2, '0')}-01T00:00:00Z`,
        ) -
        (index % 2)
      : start + next(span);
    return {
      id,
      user: USERS[index % USERS.length],
      durationMs: edge
        ? EDGE_DURATIONS[index % EDGE_DURATIONS.length]
        : next(3_600_001),
      createdAt: new Date(instant).toISOString().replace('T', ' ').slice(0, 23),
      key: index % 5 === 0 ? `old-${id}` : null,
    };
  });
}

/** The block settings the previous service billed with (and the migration reads). */
type Settings = Readonly<
  Record<'BILLING_BLOCK_SECONDS' | 'BILLING_PRICE_PER_BLOCK', string>
>;

/** Builds the previous schema, fills it as the old service did, and upgrades it. */
async function upgradedDatabase(
  calls: readonly OldCall[],
  settings: Settings,
): Promise<TestDatabase> {
  const database = await createTestDatabase({}, PREVIOUS);
  const blockMs = Number(settings.BILLING_BLOCK_SECONDS) * 1000;
  const old = await database.open(PREVIOUS);
  try {
    for (let from = 0; from < calls.length; from += 100) {
      const rows = calls
        .slice(from, from + 100)
        .map(
          ({ id, user, durationMs, createdAt, key }) =>
            `(${id}, '${user}', ${durationMs}, '${createdAt}', '${createdAt}', ${key === null ? 'NULL' : `'${key}'`})`,
        );
      await old.query(
        'INSERT INTO calls (id, user_name, call_duration, created_at, updated_at, idempotency_key) ' +
          `VALUES ${rows.join(', ')}`,
      );
    }
    for (const user of USERS) {
      for (const [period, totals] of oldTotals(calls, user, blockMs)) {
        await old.query(
          'INSERT INTO billing_totals (user_name, period, call_count, total_duration, block_count) ' +
            `VALUES ('${user}', '${period}', ${totals.calls}, ${totals.duration}, ${totals.blocks})`,
        );
      }
    }
    await old.query(
      `INSERT INTO billing_state (id, block_ms) VALUES (1, ${blockMs})`,
    );
  } finally {
    await old.destroy();
  }
  // The migration reads the block settings from the environment, as `npm run migration:run`
  // started with the service's settings does.
  await database.migrate(settings);
  return database;
}

/** The old totals of a user, per UTC month, as the old service kept them. */
function oldTotals(calls: readonly OldCall[], user: string, blockMs: number) {
  const months = new Map<
    string,
    { calls: number; duration: number; blocks: number }
  >();
  for (const call of calls.filter((each) => each.user === user)) {
    const month = call.createdAt.slice(0, 7);
    const totals = months.get(month) ?? { calls: 0, duration: 0, blocks: 0 };
    totals.calls += 1;
    totals.duration += call.durationMs;
    totals.blocks += Math.ceil(call.durationMs / blockMs);
    months.set(month, totals);
  }
  return months;
}

describe.each([
  { BILLING_BLOCK_SECONDS: '30', BILLING_PRICE_PER_BLOCK: '0.05' },
  { BILLING_BLOCK_SECONDS: '60', BILLING_PRICE_PER_BLOCK: '0.125' },
])(
  'the upgrade to rated calls, billed before in blocks of $BILLING_BLOCK_SECONDS s at $BILLING_PRICE_PER_BLOCK',
  (settings) => {
    const calls = oldCalls();
    const blockSeconds = Number(settings.BILLING_BLOCK_SECONDS);
    const blockMs = blockSeconds * 1000;
    const priceMicros = micros(settings.BILLING_PRICE_PER_BLOCK);
    const decimals = decimalsOf(settings.BILLING_PRICE_PER_BLOCK);
    const version = '1970-01-01T00:00:00.000Z';
    let database: TestDatabase;
    let app: NestFastifyApplication;
    let api: Api;

    beforeAll(async () => {
      database = await upgradedDatabase(calls, settings);
      app = await appOn(database, settings);
      api = apiOf(app);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it("rates every call with the default plan's first version, as the old rule billed it", async () => {
      const byId = new Map(calls.map((call) => [String(call.id), call]));
      let listed = 0;
      for (const user of USERS) {
        for (const call of await listAll(api, encodeURIComponent(user))) {
          const old = byId.get(call.id);
          const blocks = Math.ceil((old?.durationMs ?? NaN) / blockMs);
          const createdAt = `${old?.createdAt.replace(' ', 'T')}Z`;
          expect(call).toEqual({
            id: String(old?.id),
            user_name: user,
            call_duration: old?.durationMs,
            created_at: createdAt,
            updated_at: createdAt,
            started_at: createdAt,
            destination: null,
            billing_period: createdAt.slice(0, 7),
            late: false,
            block_count: blocks,
            billed_seconds: blocks * blockSeconds,
            amount: decimal(BigInt(blocks) * priceMicros, decimals),
            rate: { plan: 'default', version, prefix: '' },
            voided_at: null,
            void_reason: null,
          });
          listed++;
        }
      }
      expect(listed).toBe(calls.length);
    });

    it('bills every user, for all time and for each month, exactly what the old totals said', async () => {
      for (const user of USERS) {
        const months = oldTotals(calls, user, blockMs);
        const all = { calls: 0, duration: 0, blocks: 0 };
        const periods = [...months.entries()].map(([period, totals]) => {
          all.calls += totals.calls;
          all.duration += totals.duration;
          all.blocks += totals.blocks;
          return [period, totals] as const;
        });
        for (const [period, totals] of [
          ...periods,
          [undefined, all] as const,
        ]) {
          const bill = await api.getBill(encodeURIComponent(user), period);
          const figures = {
            call_count: totals.calls,
            total_duration: totals.duration,
            block_count: totals.blocks,
            billed_seconds: totals.blocks * blockSeconds,
            amount: decimal(BigInt(totals.blocks) * priceMicros, decimals),
          };
          expect(bill.json()).toMatchObject({
            ...figures,
            block_seconds: blockSeconds,
            price_per_block: settings.BILLING_PRICE_PER_BLOCK,
            lines: [
              {
                kind: 'usage',
                plan: 'default',
                version,
                prefix: '',
                ...figures,
              },
            ],
          });
        }
      }
    });

    it('replays a key the old service recorded, and refuses it with another duration', async () => {
      const keyed = calls.find(
        (call) => call.key !== null && call.user === 'alice',
      );
      const key = withKey(keyed?.key ?? undefined);

      const replay = await api.putCall(
        'alice',
        { call_duration: keyed?.durationMs },
        key,
      );
      const other = await api.putCall('alice', { call_duration: 7 }, key);

      expect(replay.statusCode).toBe(200);
      expect(replay.json()).toMatchObject({ id: String(keyed?.id) });
      expectProblem(other, 409);
    });

    it('keeps the block settings as the default version, what GET /mobile/{user}/rate answers', async () => {
      const rate = await new AdminApi(api).rate('zed');

      expect(rate.statusCode).toBe(200);
      expect(rate.json()).toMatchObject({
        plan: 'default',
        version,
        prefix: '',
        first_block_seconds: blockSeconds,
        increment_seconds: blockSeconds,
        price_unit_seconds: blockSeconds,
        no_charge_seconds: 0,
        amount_decimals: decimals,
        rounding: 'half_up',
      });
      expect(micros(rate.json<{ price: string }>().price)).toBe(priceMicros);
    });
  },
);
