/**
 * The contract, restated from SPEC.md (not imported from src/: the test must not share its bugs),
 * and the ledger: what every user owes and which keys are recorded, kept by the test. For every
 * generated request the oracle says whether the SPEC accepts it, rejects it, or is silent
 * ('either'), and what an accepted one must do to the bills.
 */
import type {
  BatchCase,
  Position,
  PutCase,
  QueryCase,
  Param,
  Verdict,
  WireCall,
} from './cases.js';

export const SPEC = {
  userName: /^[A-Za-z0-9_.+@-]{1,32}$/,
  idempotencyKey: /^[!-~]{1,64}$/,
  period: /^\d{4}-(0[1-9]|1[0-2])$/,
  maxDuration: 2_147_483_647,
  defaultLimit: 100,
  maxLimit: 1000,
  maxBatch: 1000,
} as const;

/** 10000-01-01T00:00:00.000Z, the first instant past what a DATETIME (or `YYYY-…` text) holds. */
export const YEAR_10000_MS = 253_402_300_800_000;

const BLOCK_MS = 30_000n;
const PRICE_CENTS = 5n; // "0.05"

/** ceil(ms / 30 000), in integers. */
export function blocksOf(ms: bigint): bigint {
  return (ms + BLOCK_MS - 1n) / BLOCK_MS;
}

/** blocks × 0.05 as a decimal string with two decimals, in integers. */
export function amountOf(blocks: bigint): string {
  const cents = blocks * PRICE_CENTS;
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

function isSpecDuration(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= SPEC.maxDuration
  );
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON as the service reads it: a leading byte order mark is allowed (RFC 8259 §8.1). */
export function parseJson(
  payload: string | undefined,
): { value: unknown } | undefined {
  if (payload === undefined) return undefined;
  try {
    return { value: JSON.parse(payload.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return undefined;
  }
}

/** Whether a JSON object holds no field but `allowed` ones (each optional). */
function onlyFields(
  object: Record<string, unknown>,
  allowed: readonly string[],
): boolean {
  return Object.keys(object).every((field) => allowed.includes(field));
}

/** What a PUT body validly carries, or undefined when the SPEC makes the body a 400. */
export function specCallBody(
  payload: string | undefined,
): { duration: number } | undefined {
  const parsed = parseJson(payload);
  if (parsed === undefined || !isPlainObject(parsed.value)) return undefined;
  const duration = parsed.value.call_duration;
  if (!onlyFields(parsed.value, ['call_duration']) || !isSpecDuration(duration))
    return undefined;
  // `-0` is the integer 0 (JSON numbers are compared by value).
  return { duration: duration + 0 };
}

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

/** A call first recorded with an idempotency key. */
interface Recorded {
  readonly duration: number;
  /** The first response, once seen (a batch answers with counts only). */
  response?: unknown;
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

export function billJson(user: string, period: string | null, bill: Bill) {
  return {
    user_name: user,
    period,
    call_count: Number(bill.calls),
    total_duration: Number(bill.duration),
    block_count: Number(bill.blocks),
    block_seconds: 30,
    price_per_block: '0.05',
    amount: amountOf(bill.blocks),
    currency: 'USD',
  };
}

// ------------------------------------------------------------------------------------------------
// Verdicts: what the SPEC says of each kind of request
// ------------------------------------------------------------------------------------------------

/** What the SPEC says of a PUT, before idempotency: accept, reject, or either (it is silent). */
export function putVerdict(c: PutCase): Verdict {
  const { name } = c.user;
  if (
    name === null ||
    (name !== undefined && !SPEC.userName.test(name)) ||
    c.contentType.json === false ||
    specCallBody(c.payload) === undefined ||
    (c.key !== undefined && !SPEC.idempotencyKey.test(c.key))
  )
    return 'reject';
  return name === undefined || c.contentType.json === undefined
    ? 'either'
    : 'accept';
}

/** An item the SPEC accepts, as the service must read it; `null` for an invalid one. */
interface ValidItem {
  readonly user: string;
  readonly duration: number;
  readonly key: string | undefined;
  /** `"idempotency_key": null`, which the SPEC does not define (absent, or invalid). */
  readonly nullKey: boolean;
}

function specItem(value: unknown): ValidItem | null {
  if (!isPlainObject(value)) return null;
  if (!onlyFields(value, ['user_name', 'call_duration', 'idempotency_key']))
    return null;
  const {
    user_name: user,
    call_duration: duration,
    idempotency_key: key,
  } = value;
  if (typeof user !== 'string' || !SPEC.userName.test(user)) return null;
  if (!isSpecDuration(duration)) return null;
  if (
    key !== undefined &&
    key !== null &&
    (typeof key !== 'string' || !SPEC.idempotencyKey.test(key))
  )
    return null;
  return {
    user,
    duration: duration + 0,
    key: typeof key === 'string' ? key : undefined,
    nullKey: key === null,
  };
}

/** What the SPEC says of a batch: the items it accepts, or a verdict without them. */
export function batchVerdict(c: BatchCase): {
  verdict: Verdict;
  items: ValidItem[];
} {
  const parsed = parseJson(c.payload);
  if (c.contentType.json === false || parsed === undefined)
    return { verdict: 'reject', items: [] };
  const body = parsed.value;
  if (
    !isPlainObject(body) ||
    !onlyFields(body, ['calls']) ||
    !Array.isArray(body.calls)
  )
    return { verdict: 'reject', items: [] };
  const calls = body.calls as unknown[];
  if (calls.length < 1 || calls.length > SPEC.maxBatch)
    return { verdict: 'reject', items: [] };
  const items = calls.map(specItem);
  if (items.some((item) => item === null))
    return { verdict: 'reject', items: [] };
  const valid = items as ValidItem[];
  const silent =
    c.contentType.json === undefined || valid.some((item) => item.nullKey);
  return { verdict: silent ? 'either' : 'accept', items: valid };
}

/** The SPEC's outcome of storing `items` on top of the ledger: 409, or the counts and the calls. */
export function batchOutcome(
  ledger: Ledger,
  items: readonly ValidItem[],
):
  | { conflict: true }
  | { conflict: false; inserted: ValidItem[]; duplicates: number } {
  const seen = new Map<string, number>();
  const inserted: ValidItem[] = [];
  let duplicates = 0;
  for (const item of items) {
    if (item.key === undefined) {
      inserted.push(item);
      continue;
    }
    const id = `${item.user}\u0000${item.key}`;
    const prior =
      ledger.recorded(item.user, item.key)?.duration ?? seen.get(id);
    if (prior === undefined) {
      seen.set(id, item.duration);
      inserted.push(item);
    } else if (prior === item.duration) {
      duplicates++;
    } else {
      return { conflict: true };
    }
  }
  return { conflict: false, inserted, duplicates };
}

export const positionOf = (call: WireCall): Position => ({
  ms: Date.parse(call.created_at),
  id: BigInt(call.id),
});

export const isOlder = (call: WireCall, than: Position): boolean => {
  const { ms, id } = positionOf(call);
  return ms < than.ms || (ms === than.ms && id < than.id);
};

/** What the SPEC says of a query, and the parameters it must be read as. */
export function queryVerdict(c: QueryCase): {
  verdict: Verdict;
  named: Map<string, Param>;
} {
  const known =
    c.route === 'billing' ? ['period'] : ['period', 'limit', 'cursor'];
  const named = new Map<string, Param>();
  let verdict: Verdict = 'accept';
  const worst = (next: Verdict) => {
    if (next === 'reject' || verdict === 'reject') verdict = 'reject';
    else if (next === 'either') verdict = 'either';
  };
  const { name } = c.user;
  if (name === null || (name !== undefined && !SPEC.userName.test(name)))
    worst('reject');
  if (name === undefined) worst('either');
  for (const param of c.params) {
    if (param.raw) {
      worst('either');
    } else if (!known.includes(param.name) || named.has(param.name)) {
      worst('reject'); // unknown (README: rejected) or repeated
    } else {
      named.set(param.name, param);
      worst(param.verdict);
    }
  }
  return { verdict, named };
}
