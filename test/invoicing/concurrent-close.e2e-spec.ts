import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { apiOf, seedCalls } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { AdminApi, type Summary } from '../support/admin-api.js';
import { numberOf } from './periods-api.js';

const USERS = 600;

/**
 * Several processes may be asked to close at once (SPEC §8: "by exactly one process however
 * many run"): two apps on one database, closing the same periods at the same moment, end with
 * one set of invoices and answer the same summaries.
 */
describe('two apps closing at once', () => {
  let first: TestApp;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    first = await createTestApp({ BILLING_CLOSE_STEP_ROWS: '50' });
    second = await createApp({
      env: {
        RATE_LIMIT_PER_MINUTE: '0',
        BILLING_CLOSE_STEP_ROWS: '50',
        ...first.database.env,
      },
      logger: ['error', 'warn'],
    });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('issue one set of invoices, numbered without gaps, and answer alike', async () => {
    const apis = [apiOf(first.app), apiOf(second)];
    const admins = apis.map((api) => new AdminApi(api));
    await seedCalls(
      apis[0],
      ['2026-04', '2026-05'].flatMap((period) =>
        Array.from({ length: USERS }, (_, n) => ({
          user: `user-${String(n).padStart(4, '0')}`,
          ms: 1_000 * (n + 1),
          startedAt: `${period}-20T00:00:00Z`,
        })),
      ),
    );

    // Each app is asked for both periods, the later one first: closes queue up in both.
    const answers = await Promise.all(
      ['2026-05', '2026-04'].flatMap((period) =>
        admins.map((admin) => admin.closePeriod(period)),
      ),
    );

    const april = answers.filter((_, index) => index >= 2);
    const may = answers.filter((_, index) => index < 2);
    for (const response of april) expect(response.statusCode).toBe(200);
    expect(april[0].json()).toEqual(april[1].json());
    expect(april[0].json<Summary>().invoice_count).toBe(USERS);
    // May waited for April in whichever process took it, or was refused while April was open.
    for (const response of may)
      expect([200, 409]).toContain(response.statusCode);
    for (const admin of admins) {
      expect(
        (await admin.closePeriod('2026-05')).json<Summary>(),
      ).toMatchObject({
        status: 'closed',
        invoice_count: USERS,
      });
    }
    const invoices = [
      ...(await admins[1].invoicesOf('2026-04')),
      ...(await admins[0].invoicesOf('2026-05')),
    ];
    expect(invoices.map(numberOf)).toEqual(
      Array.from({ length: 2 * USERS }, (_, index) => index + 1),
    );
    expect(
      invoices.slice(0, USERS).every(({ period }) => period === '2026-04'),
    ).toBe(true);
  }, 60_000);

  it('let calls be recorded meanwhile: each is invoiced or booked late, never both, never lost', async () => {
    const apis = [apiOf(first.app), apiOf(second)];
    const users = Array.from(
      { length: USERS },
      (_, n) => `user-${String(n).padStart(4, '0')}`,
    );
    await seedCalls(
      apis[0],
      users.map((user) => ({
        user,
        ms: 1_000,
        startedAt: '2026-06-20T00:00:00Z',
      })),
    );
    const record = (count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, n) =>
          apis[n % 2].putCall(users[(n * 7) % USERS], {
            call_duration: 2_000,
            started_at: '2026-06-25T00:00:00Z',
          }),
        ),
      );

    // Calls started in June: before the close, while one app closes June in steps of 50 (at
    // both apps), and after.
    const before = await record(50);
    const closing = new AdminApi(apis[1]).closePeriod('2026-06');
    const during = await record(200);
    expect((await closing).statusCode).toBe(200);
    const after = await record(50);

    const calls = [...before, ...during, ...after].map((response) => {
      expect(response.statusCode).toBe(201);
      return response.json<{ late: boolean; billing_period: string }>();
    });
    const inJune = calls.filter(({ late }) => !late);
    expect(
      inJune.every(({ billing_period }) => billing_period === '2026-06'),
    ).toBe(true);
    expect(
      calls
        .filter(({ late }) => late)
        .every(({ billing_period }) => billing_period > '2026-06'),
    ).toBe(true);
    expect(calls.slice(0, 50).every(({ late }) => !late)).toBe(true);
    expect(calls.slice(-50).every(({ late }) => late)).toBe(true);
    const invoices = await new AdminApi(apis[0]).invoicesOf('2026-06');
    expect(invoices.reduce((sum, invoice) => sum + invoice.call_count, 0)).toBe(
      USERS + inJune.length,
    );
  }, 60_000);
});
