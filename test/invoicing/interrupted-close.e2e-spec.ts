import { InvoicesRepository } from '../../src/invoicing/persistence/invoices.repository.js';
import { Database } from '../../src/platform/database/database.js';
import { AdminApi } from '../support/admin-api.js';
import { apiOf } from '../support/api.js';
import { eventually } from '../support/eventually.js';
import { decimal, sumMicros } from '../support/oracle/decimal.js';
import { defaultPrice } from '../support/oracle/tariff.js';
import { numberOf, seedCalls } from './periods-api.js';
import { useServiceOnTestDatabase } from './service-on-test-database.js';

const USERS = 3_000;
const PERIOD = '2026-03';

/** A user's one call: its length and what it costs with the default tariff (0.05 a 30 s block). */
function callOf(n: number): { user: string; ms: number; amount: string } {
  const ms = 1 + ((n * 7_919) % 600_000);
  return {
    // Mixed case, so that byte order (upper case first) decides the numbers.
    user: `${n % 2 === 0 ? 'Z' : 'a'}${String(n).padStart(5, '0')}`,
    ms,
    amount: decimal(defaultPrice(ms).amountMicros, 2),
  };
}

/**
 * SPEC §8: "a close that is interrupted (kill -9, lost database) completes when run again, with
 * the same invoices and numbers". The built service closes a period one user per step
 * (BILLING_CLOSE_STEP_ROWS=1) and is killed with SIGKILL half-way; the close is asked again, of
 * another app on the same database, once the dead process's lease has run out.
 */
describe('a close killed half-way', () => {
  const service = useServiceOnTestDatabase();

  async function lastNumber(): Promise<bigint> {
    const { app } = service.testApp;
    const [last] = await app
      .get(Database)
      .read(app.get(InvoicesRepository).lastNumber());
    return last;
  }

  it('completes when run again: consecutive numbers, one invoice per user, exact totals', async () => {
    const api = apiOf(service.testApp.app);
    const admin = new AdminApi(api);
    const calls = Array.from({ length: USERS }, (_, n) => callOf(n));
    await seedCalls(
      api,
      calls.map(({ user, ms }) => ({
        user,
        ms,
        startedAt: `${PERIOD}-09T09:00:00Z`,
      })),
    );
    const { url } = await service.start({
      BILLING_AUTO_CLOSE: 'false',
      BILLING_CLOSE_STEP_ROWS: '1',
    });
    const asked = fetch(`${url}/admin/periods/${PERIOD}/close`, {
      method: 'POST',
    }).catch(() => undefined);
    await eventually(async () => (await lastNumber()) >= 300n, 60, 20);
    await service.stop('SIGKILL');
    await asked;

    const issued = await lastNumber();
    expect(issued).toBeLessThan(BigInt(USERS));
    const listed = await admin.periods();
    expect(listed.json()).toMatchObject({
      data: [{ period: PERIOD, status: 'open', invoice_count: null }],
    });

    const summary = await admin.closed(PERIOD);

    const invoices = await admin.invoicesOf(PERIOD);
    expect(invoices.map(numberOf)).toEqual(
      Array.from({ length: USERS }, (_, index) => index + 1),
    );
    const byteOrder = [...calls].sort((a, b) =>
      Buffer.compare(Buffer.from(a.user), Buffer.from(b.user)),
    );
    expect(
      invoices.map(({ user_name, total }) => `${user_name} ${total}`),
    ).toEqual(byteOrder.map(({ user, amount }) => `${user} ${amount}`));
    expect(summary).toMatchObject({ status: 'closed', invoice_count: USERS });
    expect(sumMicros([summary.total ?? ''])).toBe(
      sumMicros(calls.map(({ amount }) => amount)),
    );
  }, 120_000);
});
