/**
 * SPEC §3.2 restated: what a bill must say of the calls it covers, added up from the itemised
 * calls as the listing gives them (never from the service's totals).
 */
import { decimal, decimalsOf, micros } from '../support/oracle/decimal.js';
import type { RatedFields } from '../support/oracle/call-json.js';

/** What a bill holds, as the API writes it. */
export interface BillFigures {
  readonly call_count: number;
  readonly total_duration: number;
  readonly block_count: number;
  readonly billed_seconds: number;
  readonly amount: string;
  readonly lines: readonly (RatedFields['rate'] & {
    readonly kind: 'usage';
    readonly call_count: number;
    readonly total_duration: number;
    readonly block_count: number;
    readonly billed_seconds: number;
    readonly amount: string;
  })[];
}

/**
 * SPEC §3.2: the bill of some recorded calls, added up from the calls themselves: a line per
 * rate (plan, version, prefix, in that order), the amount with the most decimals among the
 * lines, or `fallbackDecimals` (the default plan's) without any.
 */
export function expectedBill(
  calls: readonly (Pick<
    RatedFields,
    'block_count' | 'billed_seconds' | 'amount' | 'rate'
  > & { readonly call_duration: number })[],
  fallbackDecimals: number,
): BillFigures {
  const lines = new Map<
    string,
    {
      rate: RatedFields['rate'];
      count: number;
      duration: number;
      blocks: number;
      billed: number;
      amount: bigint;
      decimals: number;
    }
  >();
  for (const call of calls) {
    const key = [call.rate.plan, call.rate.version, call.rate.prefix].join(
      '\0',
    );
    const line = lines.get(key) ?? {
      rate: call.rate,
      count: 0,
      duration: 0,
      blocks: 0,
      billed: 0,
      amount: 0n,
      decimals: 0,
    };
    line.count += 1;
    line.duration += call.call_duration;
    line.blocks += call.block_count;
    line.billed += call.billed_seconds;
    line.amount += micros(call.amount);
    line.decimals = Math.max(line.decimals, decimalsOf(call.amount));
    lines.set(key, line);
  }
  const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...lines.values()].sort(
    (a, b) =>
      byte(a.rate.plan, b.rate.plan) ||
      Date.parse(a.rate.version) - Date.parse(b.rate.version) ||
      byte(a.rate.prefix, b.rate.prefix),
  );
  const sum = (pick: (line: (typeof sorted)[number]) => number) =>
    sorted.reduce((total, line) => total + pick(line), 0);
  const decimals =
    sorted.length === 0
      ? fallbackDecimals
      : Math.max(...sorted.map((line) => line.decimals));
  return {
    call_count: sum((line) => line.count),
    total_duration: sum((line) => line.duration),
    block_count: sum((line) => line.blocks),
    billed_seconds: sum((line) => line.billed),
    amount: decimal(
      sorted.reduce((total, line) => total + line.amount, 0n),
      decimals,
    ),
    lines: sorted.map((line) => ({
      kind: 'usage',
      plan: line.rate.plan,
      version: line.rate.version,
      prefix: line.rate.prefix,
      call_count: line.count,
      total_duration: line.duration,
      block_count: line.blocks,
      billed_seconds: line.billed,
      amount: decimal(line.amount, line.decimals),
    })),
  };
}
