import { BillingCalendar } from '../../rating/domain/billing-calendar.js';
import {
  autoCloseAt,
  blockingPeriod,
  hasEnded,
  isCovered,
  monthEnd,
  periodsDue,
} from './close-order.js';

const UTC = new BillingCalendar('UTC');
const BERLIN = new BillingCalendar('Europe/Berlin');
const at = (iso: string): Date => new Date(iso);

describe('close order', () => {
  describe('a month ends in the billing time zone', () => {
    it.each([
      [UTC, '2026-11', '2026-12-01T00:00:00.000Z'],
      [UTC, '2026-12', '2027-01-01T00:00:00.000Z'],
      [BERLIN, '2026-11', '2026-11-30T23:00:00.000Z'],
      [BERLIN, '2026-03', '2026-03-31T22:00:00.000Z'],
    ])('%#: %s ends at %s', (calendar, period, end) => {
      expect(monthEnd(period, calendar)).toEqual(at(end));
    });

    it.each([
      [UTC, '2026-11-30T23:59:59.999Z', false],
      [UTC, '2026-12-01T00:00:00.000Z', true],
      [BERLIN, '2026-11-30T22:59:59.999Z', false],
      [BERLIN, '2026-11-30T23:00:00.000Z', true],
    ])('%#: 2026-11 has ended at %s: %s', (calendar, now, ended) => {
      expect(hasEnded('2026-11', calendar, at(now))).toBe(ended);
    });
  });

  describe('closing by itself', () => {
    it('waits the grace hours after the month ends', () => {
      expect(autoCloseAt('2026-11', UTC, 24)).toEqual(
        at('2026-12-02T00:00:00.000Z'),
      );
      expect(autoCloseAt('2026-11', UTC, 0)).toEqual(
        at('2026-12-01T00:00:00.000Z'),
      );
      expect(autoCloseAt('2026-02', UTC, 2160)).toEqual(
        at('2026-05-30T00:00:00.000Z'),
      );
    });

    it('takes the due periods oldest first and stops at the first not due', () => {
      const open = ['2026-11', '2026-09', '2026-10', '2026-12'];

      expect(periodsDue(open, UTC, 24, at('2026-12-01T12:00:00Z'))).toEqual([
        '2026-09',
        '2026-10',
      ]);
      expect(periodsDue(open, UTC, 24, at('2026-12-02T00:00:00Z'))).toEqual([
        '2026-09',
        '2026-10',
        '2026-11',
      ]);
      expect(periodsDue(open, UTC, 0, at('2026-10-01T00:00:00Z'))).toEqual([
        '2026-09',
      ]);
      expect(periodsDue([], UTC, 0, at('2030-01-01T00:00:00Z'))).toEqual([]);
    });
  });

  describe('which months count as closed', () => {
    it.each([
      ['2026-10', null, false],
      ['2026-10', '2026-09', false],
      ['2026-10', '2026-10', true],
      ['2026-10', '2026-11', true],
      ['1999-01', '2026-11', true],
    ])('%s with closed_through %s: %s', (period, closedThrough, covered) => {
      expect(isCovered(period, closedThrough)).toBe(covered);
    });
  });

  describe('an earlier open period with calls blocks a close', () => {
    it.each([
      ['2026-11', undefined, undefined],
      ['2026-11', '2026-10', '2026-10'],
      ['2026-11', '2025-12', '2025-12'],
      ['2026-11', '2026-11', undefined],
      ['2026-11', '2026-12', undefined],
    ])(
      'closing %s, earliest open %s: blocked by %s',
      (period, open, blocker) => {
        expect(blockingPeriod(period, open)).toBe(blocker);
      },
    );
  });
});
