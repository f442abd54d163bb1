import { InvoicesRepository } from '../../src/invoicing/persistence/invoices.repository.js';
import { Database } from '../../src/platform/database/database.js';
import { AdminApi, type Summary } from '../support/admin-api.js';
import { apiOf, seedCalls } from '../support/api.js';
import { eventually } from '../support/eventually.js';
import { decimal, sumMicros } from '../support/oracle/decimal.js';
import { defaultPrice } from '../support/oracle/tariff.js';
import { numberOf } from './periods-api.js';
import { useServiceOnTestDatabase } from './service-on-test-database.js';

const USERS = 3_000;

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
 * (BILLING_CLOSE_STEP_ROWS=1) and is stopped half-way: killed (SIGKILL), or asked to stop
 * (SIGTERM: it ends after the current step and gives the lease up). The close is then asked
 * again of another app on the same database: after a kill, once the dead process's lease has
 * run out.
 */
describe('a close stopped half-way', () => {
  const service = useServiceOnTestDatabase();

  async function lastNumber(): Promise<bigint> {
    const { app } = service.testApp;
    const [last] = await app
      .get(Database)
      .read(app.get(InvoicesRepository).lastNumber());
    return last;
  }

  it.each([
    ['SIGKILL', '2026-03'],
    ['SIGTERM', '2026-04'],
  ] as const)(
    'by %s completes when run again: consecutive numbers, one invoice per user, exact totals',
    async (signal, period) => {
      const api = apiOf(service.testApp.app);
      const admin = new AdminApi(api);
      const calls = Array.from({ length: USERS }, (_, n) => callOf(n));
      await seedCalls(
        api,
        calls.map(({ user, ms }) => ({
          user,
          ms,
          startedAt: `${period}-09T09:00:00Z`,
        })),
      );
      const first = (await lastNumber()) + 1n;
      const { url } = await service.start({
        BILLING_AUTO_CLOSE: 'false',
        BILLING_CLOSE_STEP_ROWS: '1',
      });
      const asked = fetch(`${url}/admin/periods/${period}/close`, {
        method: 'POST',
      }).then(
        (response) => response.status,
        () => 'no answer',
      );
      await eventually(
        async () => (await lastNumber()) >= first + 300n,
        60,
        20,
      );
      const ended = await service.stop(signal);

      if (signal === 'SIGTERM') {
        expect(ended).toEqual({ code: 0, signal: null });
        expect(await asked).toBe(503);
      } else {
        expect(await asked).toBe('no answer');
      }
      expect(await lastNumber()).toBeLessThan(first + BigInt(USERS) - 1n);
      const listed = await admin.periods();
      expect(
        listed
          .json<{ data: Summary[] }>()
          .data.find((p) => p.period === period),
      ).toMatchObject({ status: 'open', invoice_count: null });

      const summary = await admin.closed(period);

      const invoices = await admin.invoicesOf(period);
      expect(invoices.map(numberOf)).toEqual(
        Array.from({ length: USERS }, (_, index) => Number(first) + index),
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
    },
    120_000,
  );
});
