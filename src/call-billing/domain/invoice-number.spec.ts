import { formatInvoiceNumber, parseInvoiceNumber } from './invoice-number.js';
import { itRefusesEach } from '../../../test/support/spec/tables.js';

describe('invoice numbers', () => {
  it.each([
    [1n, 'INV-000001'],
    [123n, 'INV-000123'],
    [999_999n, 'INV-999999'],
    [1_000_000n, 'INV-1000000'],
    [9_223_372_036_854_775_807n, 'INV-9223372036854775807'],
  ])('writes %p as %s and reads it back', (number, text) => {
    expect(formatInvoiceNumber(number)).toBe(text);
    expect(parseInvoiceNumber(text)).toBe(number);
  });

  itRefusesEach(parseInvoiceNumber, [
    '',
    'INV-',
    'INV-123',
    'INV-0000123',
    'INV-000000',
    'inv-000123',
    'INV-00012a',
    ' INV-000123',
    'INV-000123 ',
    'INV-+00123',
    'INV-9223372036854775808',
    'INV-99999999999999999999',
    '000123',
  ]);
});
