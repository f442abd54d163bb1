/**
 * SPEC §7: "Every process of the service rates a call with the same rate, whichever process
 * records it and however recently the plans changed." Two apps on one database (each with its
 * own tariff catalog, as two workers or two machines have), and the built service as a real
 * child process beside an app: a change made through one is used by the other at once.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { apiOf, type Api } from '../support/api.js';
import {
  ensureServiceBuilt,
  freePort,
  ServiceProcess,
} from '../support/service-process.js';
import {
  createTestDatabase,
  emptyTables,
  type TestDatabase,
} from '../support/test-database.js';
import { auditTotals, listAll, RATING_ENV } from './support.js';
import { iso, secondsAhead } from '../support/dates.js';
import { AdminApi } from '../support/admin-api.js';
import { expectProblem, expectStatus } from '../support/expectations.js';
import type { CallJson } from '../support/oracle/call-json.js';

const FIRST_VERSION = '1970-01-01T00:00:00.000Z';

let database: TestDatabase;
let apps: NestFastifyApplication[] = [];
let api: Api[] = [];
let admin: AdminApi[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  apps = await Promise.all(
    [0, 1].map(() =>
      createApp({
        env: { RATE_LIMIT_PER_MINUTE: '0', ...RATING_ENV, ...database.env },
        logger: ['error'],
      }),
    ),
  );
  api = apps.map((app) => apiOf(app));
  admin = api.map((each) => new AdminApi(each));
});

beforeEach(async () => {
  await emptyTables(apps[0].get(DataSource));
  // Both catalogs loaded and in use before the change, as in a running service.
  for (const each of api) {
    expect(
      (await each.putCall('warm-up', { call_duration: 1 })).statusCode,
    ).toBe(201);
  }
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.drop();
});

/** Records a call of `user` started at `at` through `through`; its answer. */
async function record(
  through: Api,
  user: string,
  at: number | string,
  destination?: string,
): Promise<CallJson> {
  const response = await through.putCall(user, {
    call_duration: 60_000,
    started_at: typeof at === 'number' ? iso(at) : at,
    ...(destination === undefined ? {} : { destination }),
  });
  expect(response.statusCode).toBe(201);
  return response.json<CallJson>();
}

const rateOf = ({ rate, amount }: CallJson) => ({ ...rate, amount });

describe('two apps on one database', () => {
  it('rate a call by a version stored, replaced or deleted through the other, at once, both ways', async () => {
    const at = secondsAhead(60);
    for (let round = 0; round < 6; round++) {
      const [writer, reader] = round % 2 === 0 ? [0, 1] : [1, 0];
      const from = at + round * 1_000;
      await admin[writer].defineVersion('default', from, {
        rates: [{ prefix: '', price: `${round + 1}` }],
      });

      const there = await record(api[reader], 'alice', from);
      const here = await record(api[writer], 'alice', from);

      expect(rateOf(there)).toEqual({
        plan: 'default',
        version: iso(from),
        prefix: '',
        amount: `${round + 1}`,
      });
      expect(rateOf(here)).toEqual(rateOf(there));
    }

    // A version that no call has used yet, quoted through the other, then deleted through it.
    const last = at + 10_000;
    await admin[0].defineVersion('default', last, {
      rates: [{ prefix: '', price: '9' }],
    });
    expect(
      (await admin[1].rate('bob', { at: iso(last) })).json(),
    ).toMatchObject({ version: iso(last), price: '9' });
    expect((await admin[1].deleteVersion('default', last)).statusCode).toBe(
      204,
    );
    expect(rateOf(await record(api[0], 'bob', last))).toMatchObject({
      version: iso(at + 5_000),
      amount: '6',
    });
  });

  it('rate a call by a plan assigned through the other, and answer the same rate', async () => {
    const at = secondsAhead(60);
    await admin[0].defineVersion('intl', at, {
      rates: [
        { prefix: '', price: '0.01' },
        { prefix: '44', price: '0.02' },
      ],
    });
    await admin[0].assignPlan('carol', 'intl', at);

    const call = await record(api[1], 'carol', at, '+4420');
    const rates = await Promise.all(
      admin.map((each) =>
        each.rate('carol', { destination: '+4420', at: iso(at) }),
      ),
    );

    expect(rateOf(call)).toEqual({
      plan: 'intl',
      version: iso(at),
      prefix: '44',
      amount: '0.02',
    });
    expect(rates[0].statusCode).toBe(200);
    expect(rates[1].json()).toEqual(rates[0].json());
  });

  it('rate a call by a backdated correction made through the other', async () => {
    const from = '2026-11-15T00:00:00.000Z';
    const before = await record(api[1], 'dave', '2026-11-20T00:00:00Z');

    const correction = await admin[0].putVersion(
      'default',
      from,
      { rates: [{ prefix: '', price: '0.30' }] },
      { backdate: 'true' },
    );
    const after = await record(api[1], 'dave', '2026-11-20T00:00:01Z');
    const listed = await api[1].listCalls('dave');

    // dave's call, and the two warm-up calls: they started after `from` too.
    expect(correction.json()).toMatchObject({ rerated_calls: 3 });
    expect(rateOf(after)).toEqual({
      plan: 'default',
      version: from,
      prefix: '',
      amount: '0.30',
    });
    expect(
      listed
        .json<{ data: CallJson[] }>()
        .data.map(({ id, amount }) => [id, amount]),
    ).toEqual([
      [after.id, '0.30'],
      [before.id, '0.30'],
    ]);
  });
});

describe('two apps on one database, while calls stream in', () => {
  /**
   * Four streams of calls through app 1 around `change` (made through app 0): each call with
   * the moment it was sent. `change` runs once the streams have started; they stop 300 ms after
   * it answered (or failed). Returns the calls and `change`'s answer.
   */
  async function streamAround<T>(
    call: (index: number) => Promise<CallJson>,
    change: () => Promise<T>,
  ) {
    const calls: { sentAt: number; call: CallJson }[] = [];
    let stop = false;
    let sent = 0;
    const streams = [0, 1, 2, 3].map(async () => {
      while (!stop) {
        const sentAt = Date.now();
        calls.push({ sentAt, call: await call(sent++) });
      }
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await change();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { calls, answer };
    } finally {
      stop = true;
      await Promise.all(streams);
    }
  }

  it('refuse a version for the future that streamed calls already started after, then re-rate them all as a correction', async () => {
    const at = secondsAhead(60);
    const body = { rates: [{ prefix: '', price: '5' }] };

    const refused = await streamAround(
      () => record(api[1], 'alice', at),
      () => admin[0].putVersion('default', at, body),
    );

    expectProblem(refused.answer, 409);
    const unchanged = await listAll(api[0], 'alice');
    expect(unchanged).toHaveLength(refused.calls.length);
    for (const call of unchanged) {
      expect(rateOf(call)).toMatchObject({ version: FIRST_VERSION });
    }

    const corrected = await streamAround(
      () => record(api[1], 'alice', at),
      () => admin[0].putVersion('default', at, body, { backdate: 'true' }),
    );

    expectStatus(corrected.answer, 201);
    const listed = await listAll(api[0], 'alice');
    expect(listed).toHaveLength(refused.calls.length + corrected.calls.length);
    for (const call of listed) {
      expect(rateOf(call)).toEqual({
        plan: 'default',
        version: iso(at),
        prefix: '',
        amount: '5',
      });
    }
    await expect(auditTotals(apps[0])).resolves.toEqual([]);
  });

  it('leave every call rated by a backdated correction made while they were recorded, totals exact', async () => {
    const from = '2026-11-15T00:00:00.000Z';

    const { calls } = await streamAround(
      (index) =>
        record(
          api[1],
          'dave',
          '2026-11-20T00:00:00Z',
          index % 2 ? '+44' : undefined,
        ),
      () =>
        admin[0].defineVersion(
          'default',
          from,
          {
            rates: [
              { prefix: '', price: '0.30' },
              { prefix: '44', price: '0.60' },
            ],
          },
          { backdate: 'true' },
        ),
    );

    const listed = await listAll(api[0], 'dave');
    expect(listed).toHaveLength(calls.length);
    for (const call of listed) {
      expect(rateOf(call)).toEqual({
        plan: 'default',
        version: from,
        prefix: call.destination === null ? '' : '44',
        amount: call.destination === null ? '0.30' : '0.60',
      });
    }
    await expect(auditTotals(apps[0])).resolves.toEqual([]);
  });
});

describe('the service as a child process beside an app', () => {
  let child: ServiceProcess | undefined;

  beforeAll(async () => {
    ensureServiceBuilt();
    child = await ServiceProcess.start(await freePort(), {
      ...database.env,
      ...RATING_ENV,
      RATE_LIMIT_PER_MINUTE: '0',
    });
  }, 180_000);

  afterAll(async () => {
    await child?.kill('SIGTERM');
  });

  it('rates a call by a version the app stored a moment before', async () => {
    const at = secondsAhead(60);
    const url = `${child?.url ?? ''}/mobile/erin/call`;
    const put = async (startedAt: number) => {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          call_duration: 60_000,
          started_at: iso(startedAt),
        }),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as CallJson;
    };
    const before = await put(at - 1);

    await admin[0].defineVersion('default', at, {
      rates: [{ prefix: '', price: '0.70' }],
    });
    const after = await put(at);

    expect(rateOf(before)).toMatchObject({
      version: FIRST_VERSION,
      amount: '0.10',
    });
    expect(rateOf(after)).toEqual({
      plan: 'default',
      version: iso(at),
      prefix: '',
      amount: '0.70',
    });
  });
});
