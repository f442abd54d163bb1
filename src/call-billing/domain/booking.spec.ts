import { defaultTerms } from '../../rating/domain/rate-arithmetic.js';
import type { AppliedRate } from '../../rating/domain/tariff-book.js';
import { book, type BookingContext } from './booking.js';
import { PeriodClosedError } from './period-closed.error.js';

const RATE: AppliedRate = {
  ...defaultTerms(30, 50_000n),
  prefix: '',
  plan: 'default',
  version: new Date(0),
  amountDecimals: 2,
  rounding: 'half_up',
};
const NOW = new Date('2026-12-01T10:00:00.000Z');
const utcMonth = (instant: Date): string => instant.toISOString().slice(0, 7);

function context(
  closedThrough: string | null,
  latePolicy: BookingContext['latePolicy'] = 'next_period',
): BookingContext {
  return { periodOf: utcMonth, closedThrough, latePolicy, now: NOW };
}

describe('book', () => {
  it.each([
    // started, closed through, policy → period, late
    ['2026-11-30T23:59:59.999Z', null, '2026-11', false],
    ['2026-11-30T23:59:59.999Z', '2026-10', '2026-11', false],
    ['2026-10-31T23:59:59.999Z', '2026-10', '2026-12', true],
    ['2026-01-15T00:00:00.000Z', '2026-10', '2026-12', true],
    ['2026-12-01T09:59:00.000Z', '2026-11', '2026-12', false],
  ] as const)(
    'books a call started %s with periods closed through %s into %s (late: %s)',
    (started, closedThrough, period, late) => {
      const booking = book(
        545_000,
        new Date(started),
        RATE,
        context(closedThrough),
      );
      expect(booking).toEqual({
        billingPeriod: period,
        late,
        blockCount: 19,
        billedSeconds: 570,
        amountMicros: 950_000n,
      });
    },
  );

  it('refuses a call started in a closed period when late calls are refused', () => {
    expect(() =>
      book(
        1_000,
        new Date('2026-10-05T00:00:00Z'),
        RATE,
        context('2026-10', 'reject'),
      ),
    ).toThrow(PeriodClosedError);
  });

  it('takes a call of an open period as usual when late calls are refused', () => {
    expect(
      book(
        1_000,
        new Date('2026-11-05T00:00:00Z'),
        RATE,
        context('2026-10', 'reject'),
      ),
    ).toMatchObject({ billingPeriod: '2026-11', late: false });
  });
});
