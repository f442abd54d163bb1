import { rateCall } from '../../rating/domain/rate-arithmetic.js';
import type { AppliedRate } from '../../rating/domain/tariff-book.js';
import type { LateCallPolicy } from '../../platform/config/app-config.js';
import { PeriodClosedError } from './period-closed.error.js';

/** Where a call is booked and what it costs: the fields stored with it. */
export interface Booking {
  readonly billingPeriod: string;
  readonly late: boolean;
  readonly blockCount: number;
  readonly billedSeconds: number;
  readonly amountMicros: bigint;
}

/** What decides a call's booking besides its own fields. */
export interface BookingContext {
  /** The billing period of an instant (the calendar month in BILLING_TIMEZONE). */
  readonly periodOf: (instant: Date) => string;
  /** The last closed period; every period up to it is closed. */
  readonly closedThrough: string | null;
  readonly latePolicy: LateCallPolicy;
  /** When the call is recorded. */
  readonly now: Date;
}

/**
 * SPEC §7–8: the call is priced by the rate in force when it started and billed in that
 * month; a call whose month is closed goes, by policy, into the open period of the moment it
 * is recorded (`late`), or is refused.
 */
export function book(
  durationMs: number,
  startedAt: Date,
  rate: AppliedRate,
  context: BookingContext,
): Booking {
  const rated = rateCall(durationMs, rate, rate.amountDecimals, rate.rounding);
  const own = context.periodOf(startedAt);
  const closed = context.closedThrough !== null && own <= context.closedThrough;
  if (closed && context.latePolicy === 'reject') {
    throw new PeriodClosedError(own);
  }
  return {
    billingPeriod: closed ? context.periodOf(context.now) : own,
    late: closed,
    ...rated,
  };
}
