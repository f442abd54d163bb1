import { jest } from '@jest/globals';
import { AdminApi, closedWith, EXAMPLE_CALLS } from '../support/admin-api.js';
import { seedCalls, withHeaders, type Api } from '../support/api.js';
import { AS_ADMIN, AS_CLIENT, KEYED_ENV } from '../support/auth.js';
import { utcMonthOf } from '../support/dates.js';
import {
  expectProblem,
  expectStatus,
  recordedLate,
} from '../support/expectations.js';
import { decimal, micros, sumMicros } from '../support/oracle/decimal.js';
import { defaultPrice } from '../support/oracle/tariff.js';
import { useTestApp, type TestAppHandle } from '../support/test-app.js';

/**
 * Late calls, voids and credits over closed periods (SPEC §8), through the API only: calls of
 * past months recorded with their `started_at`, periods closed by the admin API.
 */

interface Line {
  kind: 'usage' | 'credit';
  call_id?: string;
  invoice_number?: string;
  reason?: string;
  amount: string;
}
interface Bill {
  period: string | null;
  status: string | null;
  invoice_number: string | null;
  call_count: number;
  amount: string;
  lines: Line[];
}
interface Invoice {
  number: string;
  period: string;
  lines: Line[];
  total: string;
}

const amountOf = (ms: number): string =>
  decimal(defaultPrice(ms).amountMicros, 2);

async function billOf(api: Api, user: string, period?: string): Promise<Bill> {
  const response = await api.getBill(user, period);
  expectStatus(response, 200);
  return response.json<Bill>();
}

async function invoiceOf(
  api: Api,
  user: string,
  number: string,
): Promise<Invoice> {
  const response = await api.inject({
    method: 'GET',
    url: `/mobile/${user}/invoices/${number}`,
  });
  expectStatus(response, 200);
  return response.json<Invoice>();
}

function voidCall(t: TestAppHandle, user: string, id: string, reason: string) {
  return t.inject({
    method: 'POST',
    url: `/mobile/${user}/calls/${id}/void`,
    headers: { 'content-type': 'application/json', ...AS_ADMIN },
    payload: { reason },
  });
}

/** The id of `user`'s only call of `period`. */
async function idOf(api: Api, user: string, period: string): Promise<string> {
  const response = await api.listCalls(user, { period });
  const { data } = response.json<{ data: { id: string }[] }>();
  expect(data).toHaveLength(1);
  return data[0].id;
}

/** Runs `action` with the service's clock (Date only) at `at`. */
async function at<T>(instant: string, action: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: new Date(instant),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  try {
    return await action();
  } finally {
    jest.useRealTimers();
  }
}

describe('late calls with LATE_CALL_POLICY=reject', () => {
  const t = useTestApp({
    LATE_CALL_POLICY: 'reject',
    BILLING_AUTO_CLOSE: 'false',
  });
  const admin = new AdminApi(t);

  beforeEach(async () => {
    await closedWith(t, admin, '2026-08', [
      { user: 'alice', ms: 1_000, startedAt: '2026-08-10T10:00:00Z' },
    ]);
  });

  it('answers 409 period-closed to a PUT started in a closed period, and stores nothing', async () => {
    const response = await t.putCall('alice', {
      call_duration: 60_000,
      started_at: '2026-08-20T10:00:00Z',
    });

    expectProblem(response, 409);
    expect(response.json<{ type: string }>().type).toMatch(/period-closed$/);
    expect(await t.callCount()).toBe(1);
  });

  it('answers 409 to a batch with one such item, and stores none of it', async () => {
    const response = await t.postBatch([
      { user_name: 'bob', call_duration: 1_000 },
      {
        user_name: 'bob',
        call_duration: 2_000,
        started_at: '2026-08-31T23:59:59.999Z',
      },
      { user_name: 'carol', call_duration: 3_000 },
    ]);

    expectProblem(response, 409);
    expect(await t.callCount()).toBe(1);
    expect((await billOf(t, 'bob')).call_count).toBe(0);
    expect((await billOf(t, 'carol')).call_count).toBe(0);
  });
});

describe('late calls with LATE_CALL_POLICY=next_period', () => {
  const t = useTestApp({
    LATE_CALL_POLICY: 'next_period',
    BILLING_AUTO_CLOSE: 'false',
  });
  const admin = new AdminApi(t);

  it('books a late call into the open period, whose bill counts it', async () => {
    const open = utcMonthOf(Date.now());
    await closedWith(t, admin, '2026-08', [
      { user: 'alice', ms: 1_000, startedAt: '2026-08-10T10:00:00Z' },
    ]);

    const late = await recordedLate(t, 'alice', 30_001, '2026-08-20T10:00:00Z');

    expect(late).toMatchObject({
      started_at: '2026-08-20T10:00:00.000Z',
      amount: '0.10',
    });
    expect(await billOf(t, 'alice', open)).toMatchObject({
      status: 'open',
      call_count: 1,
      amount: '0.10',
    });
    expect(await billOf(t, 'alice', '2026-08')).toMatchObject({
      status: 'closed',
      call_count: 1,
      amount: '0.05',
    });
  });
});

describe('voiding a call of a closed period', () => {
  const t = useTestApp({ ...KEYED_ENV, BILLING_AUTO_CLOSE: 'false' });
  const client = withHeaders(t, AS_CLIENT);
  const admin = new AdminApi(t, AS_ADMIN);

  beforeEach(async () => {
    await closedWith(client, admin, '2026-08', EXAMPLE_CALLS);
  });

  it('keeps the invoice, credits the open period, and counts the credit once', async () => {
    const open = utcMonthOf(Date.now());
    const [august] = await admin.invoicesOf('2026-08');
    const billBefore = await billOf(client, 'alice', '2026-08');
    const invoiceBefore = await invoiceOf(client, 'alice', august.number);
    const listed = await client.listCalls('alice', { period: '2026-08' });
    const call = listed
      .json<{ data: { id: string; call_duration: number }[] }>()
      .data.find(({ call_duration }) => call_duration === 30_001);
    const id = call?.id ?? '';

    const first = await voidCall(t, 'alice', id, 'duplicate CDR');

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id, void_reason: 'duplicate CDR' });
    expect(await billOf(client, 'alice', '2026-08')).toEqual(billBefore);
    expect(await invoiceOf(client, 'alice', august.number)).toEqual(
      invoiceBefore,
    );
    const credit = {
      kind: 'credit',
      call_id: id,
      invoice_number: august.number,
      reason: 'duplicate CDR',
      amount: '-0.10',
    };
    const openBill = await billOf(client, 'alice', open);
    expect(openBill.lines).toEqual([credit]);
    expect(openBill).toMatchObject({ status: 'open', amount: '-0.10' });

    const again = await voidCall(t, 'alice', id, 'another reason');

    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await billOf(client, 'alice', open)).toEqual(openBill);
  });

  it('puts the credit on the next invoice of the user, whose total is its lines’ sum', async () => {
    const id = await idOf(client, 'bob', '2026-08');
    await seedCalls(client, [
      { user: 'bob', ms: 90_000, startedAt: '2026-09-12T10:00:00Z' },
    ]);

    // The void happens while September is the open month (the service's clock set there).
    const voided = await at('2026-09-20T12:00:00Z', () =>
      voidCall(t, 'bob', id, 'test call'),
    );
    expect(voided.statusCode).toBe(200);
    const september = await billOf(client, 'bob', '2026-09');
    expect(september.lines).toContainEqual({
      kind: 'credit',
      call_id: id,
      invoice_number: 'INV-000002',
      reason: 'test call',
      amount: '-0.05',
    });
    expect(september.amount).toBe('0.10');

    await admin.closed('2026-09');

    const invoices = await admin.invoicesOf('2026-09');
    const bobs = invoices.find(({ user_name }) => user_name === 'bob');
    const invoice = await invoiceOf(client, 'bob', bobs?.number ?? '');
    expect(invoice.lines).toContainEqual({
      kind: 'credit',
      call_id: id,
      invoice_number: 'INV-000002',
      reason: 'test call',
      amount: '-0.05',
    });
    expect(invoice.total).toBe(
      decimal(sumMicros(invoice.lines.map(({ amount }) => amount)), 2),
    );
    expect(invoice.total).toBe('0.10');
    expect(await billOf(client, 'bob', '2026-09')).toMatchObject({
      status: 'closed',
      invoice_number: invoice.number,
      amount: invoice.total,
      lines: invoice.lines,
    });
  });

  it('answers a bill without period that is the sum of every period’s bill', async () => {
    const id = await idOf(client, 'bob', '2026-08');
    expectStatus(await voidCall(t, 'bob', id, 'wrong number'), 200);
    await seedCalls(client, [
      { user: 'bob', ms: 45_000, startedAt: '2026-10-01T00:00:00Z' },
    ]);
    const open = utcMonthOf(Date.now());

    for (const user of ['alice', 'bob']) {
      const periods = ['2026-08', '2026-09', '2026-10', open];
      const bills = await Promise.all(
        periods.map((period) => billOf(client, user, period)),
      );
      const all = await billOf(client, user);
      expect(all.amount).toBe(
        decimal(sumMicros(bills.map(({ amount }) => amount)), 2),
      );
      expect(all.call_count).toBe(
        bills.reduce((sum, bill) => sum + bill.call_count, 0),
      );
    }
    expect(micros((await billOf(client, 'bob')).amount)).toBe(
      micros(amountOf(45_000)),
    );
    expect((await billOf(client, 'alice')).amount).toBe('1.15');
  });
});
