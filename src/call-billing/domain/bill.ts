import { compareRates, type RateKey, type UsageFigures } from './totals.js';

/** One rate's share of a bill. */
export interface UsageLine extends RateKey, UsageFigures {
  readonly kind: 'usage';
}

/**
 * A voided call of a closed period, credited (its amount, negative) in a later period; `N`:
 * the number of the invoice that billed the call, as the line carries it.
 */
export interface Credit<N> {
  readonly kind: 'credit';
  readonly callId: string;
  readonly invoiceNumber: N;
  readonly reason: string;
  readonly amountMicros: bigint;
}

/** A credit on a bill: the invoice as numbered for display, null should there be none. */
export interface CreditLine extends Credit<string | null> {
  readonly amountDecimals: number;
}

export type BillLine = UsageLine | CreditLine;

/** The sums of the lines; `amountDecimals` the largest among them, or `fallbackDecimals` without. */
export interface BillFigures extends UsageFigures {
  /** Usage lines by plan, version and prefix, then credit lines. */
  readonly lines: readonly BillLine[];
}

/**
 * Sums a user's usage rows (and credits) into a bill: one line per rate, whatever the periods
 * the rows come from. Every figure is an exact integer; nothing is priced here.
 */
export function sumBill(
  usage: readonly (RateKey & UsageFigures)[],
  credits: readonly CreditLine[],
  fallbackDecimals: number,
): BillFigures {
  const byRate = new Map<
    string,
    { -readonly [K in keyof UsageLine]: UsageLine[K] }
  >();
  for (const row of usage) {
    const key = `${row.plan}\u0000${row.version.getTime()}\u0000${row.prefix}`;
    let line = byRate.get(key);
    if (line === undefined) {
      line = {
        kind: 'usage',
        plan: row.plan,
        version: row.version,
        prefix: row.prefix,
        callCount: 0n,
        totalDuration: 0n,
        blockCount: 0n,
        billedSeconds: 0n,
        amountMicros: 0n,
        amountDecimals: row.amountDecimals,
      };
      byRate.set(key, line);
    }
    line.callCount += row.callCount;
    line.totalDuration += row.totalDuration;
    line.blockCount += row.blockCount;
    line.billedSeconds += row.billedSeconds;
    line.amountMicros += row.amountMicros;
    line.amountDecimals = Math.max(line.amountDecimals, row.amountDecimals);
  }
  // A rate whose every call was voided leaves no line behind.
  const usageLines = [...byRate.values()]
    .filter((line) => line.callCount !== 0n)
    .sort(compareRates);
  const lines: BillLine[] = [...usageLines, ...credits];
  let amountDecimals = lines.length === 0 ? fallbackDecimals : 0;
  let amountMicros = 0n;
  for (const line of lines) {
    amountDecimals = Math.max(amountDecimals, line.amountDecimals);
    amountMicros += line.amountMicros;
  }
  const sum = (pick: (line: UsageLine) => bigint): bigint =>
    usageLines.reduce((total, line) => total + pick(line), 0n);
  return {
    callCount: sum((line) => line.callCount),
    totalDuration: sum((line) => line.totalDuration),
    blockCount: sum((line) => line.blockCount),
    billedSeconds: sum((line) => line.billedSeconds),
    amountMicros,
    amountDecimals,
    lines,
  };
}
