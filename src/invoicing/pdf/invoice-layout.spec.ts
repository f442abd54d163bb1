import {
  buildInvoice,
  creditLine,
  usageLine,
} from '../../../test/factories/invoice.factory.js';
import {
  clockTime,
  dayName,
  describeCredit,
  describeUsage,
  lineRows,
  paginate,
  periodName,
  totalText,
  versionName,
} from './invoice-layout.js';
import { pdfText } from './pdf-text.js';
import { itMapsEach } from '../../../test/support/spec/tables.js';

const USAGE = usageLine();
const CREDIT = creditLine({ invoiceNumber: 3n, reason: 'Dropped after 2 s' });
const INVOICE = buildInvoice({
  number: 42n,
  issuedAt: new Date('2026-12-01T23:30:00.000Z'),
  amountDecimals: 3,
  lines: [USAGE, CREDIT],
});

describe('pdfText', () => {
  // Text the standard fonts draw (WinAnsi) is kept as it is.
  const drawable = (text: string) => [text, text];

  it.each([
    ['plain ASCII', ...drawable('Dropped call #4711')],
    ['Latin-1 letters', ...drawable('Café, Ærø, Straße')],
    ['WinAnsi punctuation', ...drawable('customer’s “call” – 5 €')],
    ['a combining accent, composed', 'Cafe\u0301', 'Café'],
    ['another script, per character', 'звонок 通话', '?????? ??'],
    ['an emoji, as one character', 'ok 👍', 'ok ?'],
    ['line breaks and tabs', 'one\ntwo\r\nthree\tfour', 'one two  three four'],
    ['control codes', 'a\u0000b\u0085c\u009fd', 'a?b c?d'],
  ])('keeps %s drawable', (_, text, shown) => {
    expect(pdfText(text)).toBe(shown);
  });
});

describe('the invoice layout', () => {
  itMapsEach('names the period %s "%s"', periodName, [
    ['2026-11', 'November 2026'],
    ['0099-01', 'January 99'],
    ['2027-02', 'February 2027'],
  ]);

  it('dates the issue in the billing time zone', () => {
    expect(dayName(INVOICE.issuedAt)).toBe('1 December 2026');
    expect(dayName(INVOICE.issuedAt, 'Europe/Berlin')).toBe('2 December 2026');
  });

  it.each([
    [0, '0:00:00'],
    [630, '0:10:30'],
    [3_600, '1:00:00'],
    [86_399, '23:59:59'],
    [36_000_000, '10,000:00:00'],
  ])('writes %p billed seconds as %s', (seconds, text) => {
    expect(clockTime(seconds)).toBe(text);
  });

  it.each([
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
    ['2026-11-15T12:00:00.000Z', '2026-11-15 12:00 UTC'],
    ['2026-11-15T12:00:30.000Z', '2026-11-15 12:00:30 UTC'],
  ])('names the version of %s "%s"', (instant, name) => {
    expect(versionName(new Date(instant))).toBe(name);
  });

  it('describes usage by plan, prefix and version', () => {
    expect(describeUsage(USAGE)).toBe(
      'Calls on plan default, other destinations, rates of 1970-01-01',
    );
    expect(
      describeUsage({
        ...USAGE,
        plan: 'business',
        prefix: '4420',
        version: new Date('2026-11-01T00:00:00Z'),
      }),
    ).toBe('Calls on plan business, prefix 4420, rates of 2026-11-01');
  });

  it('describes a credit by call, invoice and reason, drawable', () => {
    expect(describeCredit(CREDIT)).toBe(
      'Credit for call 17 (invoice INV-000003): Dropped after 2 s',
    );
    expect(describeCredit({ ...CREDIT, reason: 'сбой 👍\nline' })).toBe(
      'Credit for call 17 (invoice INV-000003): ???? ? line',
    );
  });

  it("writes each row's figures with the invoice's decimals", () => {
    expect(lineRows(INVOICE)).toEqual([
      {
        description:
          'Calls on plan default, other destinations, rates of 1970-01-01',
        calls: '2',
        billedTime: '0:10:30',
        amount: '1.050',
      },
      {
        description:
          'Credit for call 17 (invoice INV-000003): Dropped after 2 s',
        calls: '',
        billedTime: '',
        amount: '-0.050',
      },
    ]);
    expect(totalText(INVOICE)).toBe('USD 1.000');
  });
});

describe('paginate', () => {
  it('puts every row on the first page when they and the totals fit', () => {
    expect(paginate([10, 10, 10], 100, 200, 70)).toEqual([
      { start: 0, end: 3 },
    ]);
  });

  it('fills the first page, then the others, each with its own room', () => {
    expect(paginate([40, 40, 40, 40, 40, 40], 90, 130, 10)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 5 },
      { start: 5, end: 6 },
    ]);
  });

  it('takes the last row over to a new page when the totals do not fit under it', () => {
    expect(paginate([40, 40], 100, 200, 30)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
    ]);
  });

  it('gives the totals a page of their own only under a lone last row', () => {
    expect(paginate([40, 90], 100, 100, 30)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 2 },
    ]);
  });

  it('has a page for an invoice without lines', () => {
    expect(paginate([], 100, 200, 70)).toEqual([{ start: 0, end: 0 }]);
  });

  it('lets a row taller than a page overflow it rather than loop', () => {
    expect(paginate([500, 10], 100, 100, 10)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
    ]);
  });
});
