/**
 * The default tariff and the ledger, restated from SPEC §3.2 and §7 (not imported from src/):
 * how a call is rated and in which month it is billed, what every user owes, which keys are
 * recorded, and how calls and bills look on the wire.
 */
import type { Recorded } from './call-fields.js';
import type { WireCall } from './cases.js';

// The default tariff (SPEC §3.2): the `default` plan's first version, with one rate for every call.
const BLOCK_SECONDS = 30n;
const BLOCK_MS = BLOCK_SECONDS * 1000n;
const PRICE_CENTS = 5n; // "0.05"
export const DEFAULT_RATE = {
  plan: 'default',
  version: '1970-01-01T00:00:00.000Z',
  prefix: '',
} as const;

/** ceil(ms / 30 000), in integers. */
export function blocksOf(ms: bigint): bigint {
  return (ms + BLOCK_MS - 1n) / BLOCK_MS;
}

/** blocks × 0.05 as a decimal string with two decimals, in integers. */
export function amountOf(blocks: bigint): string {
  const cents = blocks * PRICE_CENTS;
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** blocks × 0.05 in 10^-6 of the currency, as `amount_micros` stores it. */
export const amountMicrosOf = (blocks: bigint): bigint =>
  blocks * PRICE_CENTS * 10_000n;

export const billedSecondsOf = (blocks: bigint): bigint =>
  blocks * BLOCK_SECONDS;

export const monthOf = (instant: Date | string | number): string =>
  new Date(instant).toISOString().slice(0, 7);

// ------------------------------------------------------------------------------------------------
// The ledger: what the database must hold, kept by the test
// ------------------------------------------------------------------------------------------------

interface Bill {
  readonly calls: bigint;
  readonly duration: bigint;
  readonly blocks: bigint;
}

const NO_BILL: Bill = { calls: 0n, duration: 0n, blocks: 0n };

function plus(a: Bill, b: Bill): Bill {
  return {
    calls: a.calls + b.calls,
    duration: a.duration + b.duration,
    blocks: a.blocks + b.blocks,
  };
}

function billOfCall(durationMs: number): Bill {
  const duration = BigInt(durationMs);
  return { calls: 1n, duration, blocks: blocksOf(duration) };
}

export class Ledger {
  /** user → UTC month → bill */
  private readonly bills = new Map<string, Map<string, Bill>>();
  /** `${user}\0${key}` → the call recorded with it */
  private readonly keys = new Map<string, Recorded>();

  add(user: string, durationMs: number, month: string): void {
    const months = this.bills.get(user) ?? new Map<string, Bill>();
    months.set(
      month,
      plus(months.get(month) ?? NO_BILL, billOfCall(durationMs)),
    );
    this.bills.set(user, months);
  }

  bill(user: string, period?: string): Bill {
    let sum = NO_BILL;
    for (const [month, bill] of this.bills.get(user) ?? []) {
      if (period === undefined || month === period) sum = plus(sum, bill);
    }
    return sum;
  }

  total(): Bill {
    let sum = NO_BILL;
    for (const user of this.bills.keys()) sum = plus(sum, this.bill(user));
    return sum;
  }

  recorded(user: string, key: string): Recorded | undefined {
    return this.keys.get(`${user}\u0000${key}`);
  }

  remember(user: string, key: string, recorded: Recorded): void {
    this.keys.set(`${user}\u0000${key}`, recorded);
  }
}

/** SPEC §3.2's bill: every period open, every call on the default plan's one rate. */
export function billJson(user: string, period: string | null, bill: Bill) {
  const figures = {
    call_count: Number(bill.calls),
    total_duration: Number(bill.duration),
    block_count: Number(bill.blocks),
    billed_seconds: Number(billedSecondsOf(bill.blocks)),
  };
  const amount = amountOf(bill.blocks);
  return {
    user_name: user,
    period,
    status: period === null ? null : 'open',
    invoice_number: null,
    ...figures,
    block_seconds: 30,
    price_per_block: '0.05',
    amount,
    currency: 'USD',
    lines:
      bill.calls === 0n
        ? []
        : [{ kind: 'usage', ...DEFAULT_RATE, ...figures, amount }],
  };
}

/** A call as SPEC §3.1 answers it, rated with the default tariff in the month it started. */
export function callJson(call: {
  id: string;
  user: string;
  duration: number;
  createdAt: string;
  startedAt: string;
  digits: string | null;
}) {
  const blocks = blocksOf(BigInt(call.duration));
  return {
    id: call.id,
    user_name: call.user,
    call_duration: call.duration,
    created_at: call.createdAt,
    updated_at: call.createdAt,
    started_at: call.startedAt,
    destination: call.digits,
    billing_period: monthOf(call.startedAt),
    late: false,
    block_count: Number(blocks),
    billed_seconds: Number(billedSecondsOf(blocks)),
    amount: amountOf(blocks),
    rate: DEFAULT_RATE,
  };
}

/** A call as the listing shows it: as PUT answers it, and not voided. */
export const listedJson = (call: Parameters<typeof callJson>[0]): WireCall => ({
  ...callJson(call),
  voided_at: null,
  void_reason: null,
});
