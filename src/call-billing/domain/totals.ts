import { blocksForCall } from './billing-rule.js';

/** The running totals of one user for one UTC month. */
export interface TotalsRow {
  readonly userName: string;
  /** `YYYY-MM`, the UTC month the calls were recorded in. */
  readonly period: string;
  readonly callCount: number;
  readonly totalDuration: number;
  readonly blockCount: number;
}

/** The UTC month of an instant, as `YYYY-MM`. */
export function periodOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** A call as the totals see it. */
export interface CountedCall {
  readonly userName: string;
  readonly callDuration: number;
  readonly createdAt: Date;
}

/**
 * What `calls` add to the totals, one row per user and month, sorted so that concurrent writers
 * lock totals rows in the same order (which keeps them from deadlocking each other).
 */
export function totalsOf(
  calls: Iterable<CountedCall>,
  blockMs: number,
): TotalsRow[] {
  const rows = new Map<
    string,
    { -readonly [K in keyof TotalsRow]: TotalsRow[K] }
  >();
  // The calls of a group or batch share one instant: its month is worked out once.
  let instant: Date | undefined;
  let period = '';
  for (const call of calls) {
    if (call.createdAt !== instant) {
      instant = call.createdAt;
      period = periodOf(instant);
    }
    const key = `${call.userName}\u0000${period}`;
    const row = rows.get(key) ?? {
      userName: call.userName,
      period,
      callCount: 0,
      totalDuration: 0,
      blockCount: 0,
    };
    row.callCount += 1;
    row.totalDuration += call.callDuration;
    row.blockCount += blocksForCall(call.callDuration, blockMs);
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => compare(a.userName, b.userName) || compare(a.period, b.period),
  );
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
