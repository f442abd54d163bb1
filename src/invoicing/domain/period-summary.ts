/** A period as `GET /admin/periods` and a close answer it (SPEC §8). Money in micros. */
export interface PeriodSummary {
  readonly period: string;
  readonly status: 'open' | 'closed';
  /** Null while open, and for a month without calls that a later close covered. */
  readonly closedAt: Date | null;
  /** Null while open. */
  readonly invoiceCount: number | null;
  /** The sum of the period's invoices; null while open. */
  readonly totalMicros: bigint | null;
  /** The decimals `totalMicros` is written with: the most among the period's invoices. */
  readonly amountDecimals: number;
}

/** A period's close as stored (`billing_periods`). */
export interface StoredPeriod {
  readonly period: string;
  readonly status: 'closing' | 'closed';
  readonly closedAt: Date | null;
  readonly invoiceCount: number;
  readonly totalMicros: bigint;
  readonly amountDecimals: number;
  /** The last user invoiced so far: a close resumes after it. Null before the first step. */
  readonly nextUser: string | null;
}

export function summaryOf(stored: StoredPeriod): PeriodSummary {
  return stored.status === 'closed'
    ? {
        period: stored.period,
        status: 'closed',
        closedAt: stored.closedAt,
        invoiceCount: stored.invoiceCount,
        totalMicros: stored.totalMicros,
        amountDecimals: stored.amountDecimals,
      }
    : openSummary(stored.period, stored.amountDecimals);
}

export function openSummary(
  period: string,
  amountDecimals: number,
): PeriodSummary {
  return {
    period,
    status: 'open',
    closedAt: null,
    invoiceCount: null,
    totalMicros: null,
    amountDecimals,
  };
}
