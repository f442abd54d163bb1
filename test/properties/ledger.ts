/**
 * The default tariff and the ledger, restated from SPEC §3.2 and §7 (not imported from src/):
 * how a call is rated and in which month it is billed, what every user owes, which keys are
 * recorded, and how calls and bills look on the wire.
 */
import { defaultBill } from '../support/bills.js';
import { utcMonthOf } from '../support/dates.js';
import { decimal } from '../support/oracle/decimal.js';
import {
  DEFAULT_RATE,
  DEFAULT_VERSION,
  defaultPrice,
} from '../support/oracle/tariff.js';
import type { Recorded } from './call-fields.js';
import type { ListedCall } from '../support/oracle/call-json.js';

// The default tariff (SPEC §3.2): the `default` plan's first version, one rate for every call,
// priced by the SPEC §7 oracle.
const { amountDecimals } = DEFAULT_VERSION;
const BLOCK_MS = BigInt(DEFAULT_VERSION.rates[0].first_block_seconds) * 1000n;

/** A call's blocks: ceil(ms / 30 000). */
export function blocksOf(ms: bigint): bigint {
  return BigInt(defaultPrice(Number(ms)).blockCount);
}

/** `blocks` whole blocks, priced as one call that long (every block costs the same). */
const pricedBlocks = (blocks: bigint) =>
  defaultPrice(Number(blocks * BLOCK_MS));

/** blocks × 0.05 in 10^-6 of the currency, as `amount_micros` stores it. */
export const amountMicrosOf = (blocks: bigint): bigint =>
  pricedBlocks(blocks).amountMicros;

/** blocks × 0.05 as a decimal string with two decimals. */
export const amountOf = (blocks: bigint): string =>
  decimal(amountMicrosOf(blocks), amountDecimals);

export const billedSecondsOf = (blocks: bigint): bigint =>
  BigInt(pricedBlocks(blocks).billedSeconds);

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
  return defaultBill(
    user,
    bill.calls === 0n
      ? undefined
      : { ...figures, amount: amountOf(bill.blocks) },
    { period, status: period === null ? null : 'open' },
  );
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
    billing_period: utcMonthOf(call.startedAt),
    late: false,
    block_count: Number(blocks),
    billed_seconds: Number(billedSecondsOf(blocks)),
    amount: amountOf(blocks),
    rate: DEFAULT_RATE,
  };
}

/** A call as the listing shows it: as PUT answers it, and not voided. */
export const listedJson = (
  call: Parameters<typeof callJson>[0],
): ListedCall => ({
  ...callJson(call),
  voided_at: null,
  void_reason: null,
});
