import type { IssuedInvoice } from '../../src/invoicing/domain/issued-invoice.js';
import {
  buildInvoice,
  creditLine,
  invoiceWithCredit,
  usageLine,
} from '../factories/invoice.factory.js';
import { withHeaders } from '../support/api.js';
import { API_KEY, AS_CLIENT } from '../support/auth.js';
import { defaultLine } from '../support/bills.js';
import { expectProblem } from '../support/expectations.js';
import { useTestApp } from '../support/test-app.js';

const t = useTestApp();

const NOVEMBER = invoiceWithCredit();

/** NOVEMBER as a listing shows it. */
const NOVEMBER_SUMMARY = {
  number: 'INV-000042',
  user_name: 'alice',
  period: '2026-11',
  issued_at: '2026-12-02T00:00:05.123Z',
  currency: 'USD',
  call_count: 3,
  total_duration: 636_001,
  block_count: 23,
  billed_seconds: 691,
  total: '1.190',
};

function invoiceOf(user: string, number: bigint, period: string) {
  return buildInvoice({ userName: user, number, period });
}

describe('GET /mobile/{user_name}/invoices/{number}', () => {
  it('answers the invoice as SPEC §8 writes it, amounts with its decimals', async () => {
    await t.insertInvoices([NOVEMBER]);

    const response = await t.getInvoice('alice', 'INV-000042');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers.vary).toMatch(/accept/i);
    expect(response.json()).toEqual({
      ...NOVEMBER_SUMMARY,
      lines: [
        defaultLine({
          call_count: 2,
          total_duration: 575_001,
          block_count: 21,
          billed_seconds: 630,
          amount: '1.050',
        }),
        {
          kind: 'usage',
          plan: 'business',
          version: '2026-11-01T00:00:00.000Z',
          prefix: '4420',
          call_count: 1,
          total_duration: 61_000,
          block_count: 2,
          billed_seconds: 61,
          amount: '0.190',
        },
        {
          kind: 'credit',
          call_id: '17',
          invoice_number: 'INV-000007',
          reason: 'Dropped after 2 seconds',
          amount: '-0.050',
        },
      ],
    });
  });

  it('keeps a reason in any script, figures past 32 bits, and numbers past 6 digits', async () => {
    const reason = 'Réseau en panne — 通话中断 👍';
    await t.insertInvoices([
      buildInvoice({
        number: 1_234_567n,
        amountDecimals: 0,
        lines: [
          usageLine({
            callCount: 3_000_000,
            totalDuration: 6_000_000_000_000,
            blockCount: 200_000_000,
            billedSeconds: 6_000_000_000,
            amountMicros: 12_000_000_000_000n,
          }),
          creditLine({ reason, amountMicros: -3_000_000n }),
        ],
      }),
    ]);

    const invoice = (await t.getInvoice('alice', 'INV-1234567')).json<{
      total_duration: number;
      total: string;
      lines: { reason?: string; amount: string }[];
    }>();

    expect(invoice.total_duration).toBe(6_000_000_000_000);
    expect(invoice.total).toBe('11999997');
    expect(invoice.lines.map((line) => line.amount)).toEqual([
      '12000000',
      '-3',
    ]);
    expect(invoice.lines[1]?.reason).toBe(reason);
  });

  it('is not found for an unknown number, or under another user', async () => {
    await t.insertInvoices([NOVEMBER, invoiceOf('bob', 43n, '2026-11')]);

    for (const [user, number] of [
      ['alice', 'INV-000041'],
      ['alice', 'INV-000043'],
      ['Alice', 'INV-000042'],
      ['bob', 'INV-000042'],
    ] as const) {
      const response = await t.getInvoice(user, number);
      expectProblem(response, 404);
      expect(response.json()).toMatchObject({
        detail: `${user} has no invoice ${number}`,
      });
    }
    expectProblem(
      await t.getInvoice('bob', 'INV-000042', 'application/pdf'),
      404,
    );
  });

  it.each([
    'INV-123',
    'INV-0000042',
    'INV-000000',
    'inv-000042',
    '42',
    'INV-00004x',
    'INV-99999999999999999999',
  ])('refuses the malformed number %s with 400', async (number) => {
    const response = await t.getInvoice('alice', number);

    expectProblem(response, 400);
    expect(response.json()).toMatchObject({
      errors: [{ field: 'number' }],
    });
  });

  it('refuses a bad user name with 400', async () => {
    expectProblem(await t.getInvoice('a%20b', 'INV-000042'), 400);
  });

  it.each([
    'text/html',
    'text/csv, image/*',
    'application/problem+json',
    '*/*;q=0',
    'application/json;q=0, application/pdf;q=0',
  ])('answers Accept: %s with a 406 problem', async (accept) => {
    await t.insertInvoices([NOVEMBER]);

    const response = await t.getInvoice('alice', 'INV-000042', accept);

    expectProblem(response, 406);
    expect(response.json()).toMatchObject({
      detail: 'An invoice is available as application/json or application/pdf',
    });
  });

  it.each([
    ['*/*', 'application/json'],
    ['application/*', 'application/json'],
    ['text/html, application/json;q=0.9', 'application/json'],
    ['application/pdf', 'application/pdf'],
    ['application/json;q=0.5, application/pdf', 'application/pdf'],
    ['text/html, application/pdf, */*;q=0.8', 'application/pdf'],
  ])('answers Accept: %s with %s', async (accept, type) => {
    await t.insertInvoices([NOVEMBER]);

    const response = await t.getInvoice('alice', 'INV-000042', accept);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain(type);
  });
});

interface Page {
  data: { number: string; period: string; lines?: unknown }[];
  next_cursor: string | null;
}

describe('GET /mobile/{user_name}/invoices', () => {
  const ALICE: IssuedInvoice[] = [
    invoiceOf('alice', 1n, '2026-08'),
    invoiceOf('alice', 5n, '2026-09'),
    invoiceOf('alice', 9n, '2026-10'),
    NOVEMBER,
  ];

  beforeEach(() =>
    t.insertInvoices([...ALICE, invoiceOf('bob', 2n, '2026-08')]),
  );

  it("lists the user's invoices newest first, as summaries without lines", async () => {
    const response = await t.listInvoices('alice');

    expect(response.statusCode).toBe(200);
    const page = response.json<Page>();
    expect(page.data.map((invoice) => invoice.number)).toEqual([
      'INV-000042',
      'INV-000009',
      'INV-000005',
      'INV-000001',
    ]);
    expect(page.next_cursor).toBeNull();
    expect(page.data[0]).toEqual(NOVEMBER_SUMMARY);
  });

  it('pages with limit and next_cursor until the last page', async () => {
    const first = (await t.listInvoices('alice', 'limit=3')).json<Page>();
    expect(first.data.map((invoice) => invoice.period)).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
    ]);
    expect(first.next_cursor).toEqual(expect.any(String));

    const last = (
      await t.listInvoices(
        'alice',
        `limit=3&cursor=${encodeURIComponent(first.next_cursor ?? '')}`,
      )
    ).json<Page>();
    expect(last).toEqual({
      data: [expect.objectContaining({ number: 'INV-000001' })],
      next_cursor: null,
    });

    const exact = (await t.listInvoices('alice', 'limit=4')).json<Page>();
    expect(exact.next_cursor).toBeNull();
  });

  it('answers an empty page for a user without invoices', async () => {
    const response = await t.listInvoices('carol');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: [], next_cursor: null });
  });

  it.each(['application/pdf', 'text/csv', 'application/json;q=0'])(
    'answers Accept: %s with a 406 problem',
    async (accept) => {
      const response = await t.listInvoices('alice', '', accept);

      expectProblem(response, 406);
      expect(response.json()).toMatchObject({
        detail: 'The invoice list is available as application/json',
      });
    },
  );

  it.each(['*/*', 'application/*', 'text/html, application/json;q=0.5'])(
    'answers Accept: %s with JSON',
    async (accept) => {
      const response = await t.listInvoices('alice', '', accept);

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    },
  );

  it.each([
    '?limit=0',
    '?limit=1001',
    '?limit=abc',
    '?limit=1e2',
    '?cursor=abc',
    '?cursor=',
    '?period=2026-11',
  ])('refuses %s with 400', async (query) => {
    expectProblem(await t.listInvoices('alice', query.slice(1)), 400);
  });
});

describe('invoices behind API keys', () => {
  const keyed = useTestApp({ API_KEYS: API_KEY });

  it('need any valid key', async () => {
    await keyed.insertInvoices([NOVEMBER]);
    const client = withHeaders(keyed, AS_CLIENT);

    expectProblem(await keyed.getInvoice('alice', 'INV-000042'), 401);
    const response = await client.getInvoice('alice', 'INV-000042');
    expect(response.statusCode).toBe(200);
  });
});
