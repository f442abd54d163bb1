import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { apiOf } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { AdminApi, type Summary } from '../support/admin-api.js';
import { numberOf, seedCalls } from './periods-api.js';

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
});
