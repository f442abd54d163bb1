/** The rate that priced a call: plan, version (its `effective_from`) and prefix. */
export interface RateKey {
  readonly plan: string;
  readonly version: Date;
  readonly prefix: string;
}

/** What a set of calls counts: the calls, their milliseconds, the blocks and seconds billed. */
export interface CallCounts<N extends number | bigint = bigint> {
  readonly callCount: N;
  /** Milliseconds. */
  readonly totalDuration: N;
  readonly blockCount: N;
  readonly billedSeconds: N;
}

/** Calls' counts and their amount, in micros (10^-6), shown with `amountDecimals`. */
export interface UsageFigures extends CallCounts {
  readonly amountMicros: bigint;
  readonly amountDecimals: number;
}

/** A user's totals of one rate. */
export interface UserUsage extends RateKey, UsageFigures {
  readonly userName: string;
}

/** Running totals of one user, billing period and rate. */
export interface UsageRow extends UserUsage {
  /** `YYYY-MM`: the billing period. */
  readonly period: string;
}

/** A rated call as the totals see it. */
export interface RatedCall {
  readonly userName: string;
  readonly callDuration: number;
  readonly billingPeriod: string;
  readonly ratePlan: string;
  readonly rateVersion: Date;
  readonly ratePrefix: string;
  readonly amountDecimals: number;
  readonly blockCount: number;
  readonly billedSeconds: number;
  readonly amountMicros: bigint;
}

/**
 * What `calls` add to the totals (or, with `sign` -1, take away: a void), one row per user,
 * period and rate, sorted so that concurrent writers lock totals rows in the same order (which
 * keeps them from deadlocking each other).
 */
export function totalsOf(
  calls: Iterable<RatedCall>,
  sign: 1n | -1n = 1n,
): UsageRow[] {
  const rows = new Map<
    string,
    { -readonly [K in keyof UsageRow]: UsageRow[K] }
  >();
  for (const call of calls) {
    const version = call.rateVersion.getTime();
    const key = `${call.userName}\u0000${call.billingPeriod}\u0000${call.ratePlan}\u0000${version}\u0000${call.ratePrefix}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        userName: call.userName,
        period: call.billingPeriod,
        plan: call.ratePlan,
        version: call.rateVersion,
        prefix: call.ratePrefix,
        amountDecimals: call.amountDecimals,
        callCount: 0n,
        totalDuration: 0n,
        blockCount: 0n,
        billedSeconds: 0n,
        amountMicros: 0n,
      };
      rows.set(key, row);
    }
    row.callCount += sign;
    row.totalDuration += sign * BigInt(call.callDuration);
    row.blockCount += sign * BigInt(call.blockCount);
    row.billedSeconds += sign * BigInt(call.billedSeconds);
    row.amountMicros += sign * call.amountMicros;
  }
  return [...rows.values()].sort(compareUsage);
}

/** Users, then periods, then rates (plan, version, prefix): the order of a bill's lines too. */
export function compareUsage(a: UsageRow, b: UsageRow): number {
  return (
    compare(a.userName, b.userName) ||
    compare(a.period, b.period) ||
    compareRates(a, b)
  );
}

export function compareRates(a: RateKey, b: RateKey): number {
  return (
    compare(a.plan, b.plan) ||
    a.version.getTime() - b.version.getTime() ||
    compare(a.prefix, b.prefix)
  );
}

/** Byte order, as the database's binary collation has it. */
export function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
