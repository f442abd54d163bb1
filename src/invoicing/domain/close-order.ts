import {
  comparePeriods,
  type BillingCalendar,
} from '../../rating/domain/billing-calendar.js';

const HOUR_MS = 3_600_000;

/**
 * The order periods close in (SPEC §8), as pure rules: a period closes only after its month has
 * ended in the billing time zone, never while an earlier period with calls is open, and by
 * itself once `BILLING_GRACE_HOURS` more have passed.
 */

/** The instant the period's month ends, in the calendar's time zone. */
export function monthEnd(period: string, calendar: BillingCalendar): Date {
  return calendar.range(period).end;
}

export function hasEnded(
  period: string,
  calendar: BillingCalendar,
  now: Date,
): boolean {
  return now.getTime() >= monthEnd(period, calendar).getTime();
}

/** When the period closes by itself: `graceHours` after its month ends. */
export function autoCloseAt(
  period: string,
  calendar: BillingCalendar,
  graceHours: number,
): Date {
  return new Date(monthEnd(period, calendar).getTime() + graceHours * HOUR_MS);
}

/**
 * The periods to close by themselves now, oldest first, from `open`: the periods that have calls
 * and are not closed, in order. Months end in order, so the due ones are a prefix; the first
 * one not due stops the list, as every later one must wait for it.
 */
export function periodsDue(
  open: readonly string[],
  calendar: BillingCalendar,
  graceHours: number,
  now: Date,
): string[] {
  const due: string[] = [];
  for (const period of [...open].sort(comparePeriods)) {
    if (autoCloseAt(period, calendar, graceHours).getTime() > now.getTime())
      break;
    due.push(period);
  }
  return due;
}

/**
 * Whether a period counts as closed: every month up to the last closed one does, with or
 * without calls (a call started in any of them is late).
 */
export function isCovered(
  period: string,
  closedThrough: string | null,
): boolean {
  return closedThrough !== null && comparePeriods(period, closedThrough) <= 0;
}

/**
 * The earlier period that keeps `period` from closing: `earliestOpen`, the first period with
 * calls that is not closed, when it comes before `period`.
 */
export function blockingPeriod(
  period: string,
  earliestOpen: string | undefined,
): string | undefined {
  return earliestOpen !== undefined && comparePeriods(earliestOpen, period) < 0
    ? earliestOpen
    : undefined;
}
