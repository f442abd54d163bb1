/** An invoice as `GET /mobile/{user_name}/invoices/{number}` answers it, for the OpenAPI document. */
export const INVOICE_EXAMPLE = {
  number: 'INV-000123',
  user_name: 'alice',
  period: '2026-11',
  issued_at: '2026-12-02T00:00:05.123Z',
  currency: 'USD',
  call_count: 2,
  total_duration: 575_001,
  block_count: 21,
  billed_seconds: 630,
  total: '1.00',
  lines: [
    {
      kind: 'usage',
      plan: 'default',
      version: '1970-01-01T00:00:00.000Z',
      prefix: '',
      call_count: 2,
      total_duration: 575_001,
      block_count: 21,
      billed_seconds: 630,
      amount: '1.05',
    },
    {
      kind: 'credit',
      call_id: '17',
      invoice_number: 'INV-000098',
      reason: 'Dropped after 2 seconds',
      amount: '-0.05',
    },
  ],
};
