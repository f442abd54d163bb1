import { invoiceUserCursor, periodCursor } from './admin-cursors.js';
import { INVOICE_CSV_HEADER, invoiceCsvLine } from './invoice-csv.js';

describe('admin page cursors', () => {
  it.each(['2026-11', '1999-01', '9999-12'])(
    'round-trips period %s',
    (period) => {
      expect(periodCursor.decode(periodCursor.encode(period))).toBe(period);
    },
  );

  it.each(['Bob', 'alice', 'a.b+c@d-e_f', 'x'.repeat(32)])(
    'round-trips user %s',
    (user) => {
      expect(invoiceUserCursor.decode(invoiceUserCursor.encode(user))).toBe(
        user,
      );
    },
  );

  it.each([
    '',
    '%%%',
    periodCursor.encode('2026-13'),
    periodCursor.encode('2026-1'),
    periodCursor.encode('2026-11') + '!',
    invoiceUserCursor.encode('alice'),
  ])('refuses period cursor "%s"', (cursor) => {
    expect(periodCursor.decode(cursor)).toBeUndefined();
  });

  it.each([
    '',
    invoiceUserCursor.encode('..'),
    invoiceUserCursor.encode('a b'),
    invoiceUserCursor.encode('x'.repeat(33)),
  ])('refuses user cursor "%s"', (cursor) => {
    expect(invoiceUserCursor.decode(cursor)).toBeUndefined();
  });
});

describe('invoice CSV', () => {
  const invoice = {
    number: 42n,
    userName: 'Bob',
    period: '2026-10',
    issuedAt: new Date('2026-11-02T00:00:00Z'),
    currency: 'USD',
    callCount: 3,
    totalDuration: 600_001,
    blockCount: 21,
    billedSeconds: 630,
    totalMicros: -1_050_000n,
    amountDecimals: 3,
  };

  it('writes the header and a line with the number, counts and exact total', () => {
    expect(INVOICE_CSV_HEADER).toBe(
      'number,user_name,call_count,block_count,billed_seconds,total\r\n',
    );
    expect(invoiceCsvLine(invoice)).toBe('INV-000042,Bob,3,21,630,-1.050\r\n');
  });
});
