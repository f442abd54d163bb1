import { decodeInvoiceCursor, encodeInvoiceCursor } from './invoice-cursor.js';

describe('invoice cursors', () => {
  it.each([1n, 42n, 9_223_372_036_854_775_807n])('round-trips %p', (number) => {
    expect(decodeInvoiceCursor(encodeInvoiceCursor(number))).toBe(number);
  });

  it.each(['', 'abc', '%%%', 'MA', encodeInvoiceCursor(12n) + '!', 'LTE'])(
    'refuses "%s"',
    (cursor) => {
      expect(decodeInvoiceCursor(cursor)).toBeUndefined();
    },
  );
});
