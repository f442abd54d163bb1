/**
 * The contract, restated from SPEC.md (not imported from src/: the test must not share its bugs).
 * For every generated request the oracle says whether the SPEC accepts it, rejects it, or is
 * silent ('either'), and what an accepted one must do to the ledger (ledger.ts: the bills and
 * the keys, kept by the test); call-fields.ts reads a call's `started_at` and `destination`.
 */
import {
  readDestination,
  recordedOf,
  readStartedAt,
  sameCall,
  worstOf,
  type Recorded,
  type SentCall,
  type Window,
} from './call-fields.js';
import type { Ledger } from './ledger.js';
import type {
  BatchCase,
  Position,
  PutCase,
  QueryCase,
  Param,
  Verdict,
} from './cases.js';
import type { ListedCall } from '../support/oracle/call-json.js';

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

/** The fields a call body may carry; `call_duration` is required. */
const CALL_FIELDS = ['call_duration', 'started_at', 'destination'];

/** A call's fields read from a JSON object, and what the SPEC says of their values. */
function readCall(
  object: Record<string, unknown>,
  window: Window,
): { verdict: Verdict; call: SentCall | undefined } {
  const duration = object.call_duration;
  if (!isSpecDuration(duration)) return { verdict: 'reject', call: undefined };
  const started = readStartedAt(object.started_at, window);
  const destination = readDestination(object.destination);
  return {
    verdict: worstOf(started.verdict, destination.verdict),
    // `-0` is the integer 0 (JSON numbers are compared by value).
    call: {
      duration: duration + 0,
      startedAt: started.startedAt,
      destination: destination.destination,
    },
  };
}

/** What a PUT body carries, sent at `window`, and what the SPEC says of it. */
export function readCallBody(
  payload: string | undefined,
  window: Window,
): { verdict: Verdict; call: SentCall | undefined } {
  const parsed = parseJson(payload);
  if (
    parsed === undefined ||
    !isPlainObject(parsed.value) ||
    !onlyFields(parsed.value, CALL_FIELDS)
  )
    return { verdict: 'reject', call: undefined };
  return readCall(parsed.value, window);
}

// ------------------------------------------------------------------------------------------------
// Verdicts: what the SPEC says of each kind of request
// ------------------------------------------------------------------------------------------------

/**
 * What the SPEC says of a PUT sent at `window`, before idempotency: accept, reject, or either
 * (it is silent), and the call it carries.
 */
export function putVerdict(
  c: PutCase,
  window: Window,
): { verdict: Verdict; call: SentCall | undefined } {
  const { name } = c.user;
  const body = readCallBody(c.payload, window);
  if (
    name === null ||
    (name !== undefined && !SPEC.userName.test(name)) ||
    c.contentType.json === false ||
    (c.key !== undefined && !SPEC.idempotencyKey.test(c.key))
  )
    return { verdict: 'reject', call: body.call };
  const silent = name === undefined || c.contentType.json === undefined;
  return {
    verdict: worstOf(body.verdict, silent ? 'either' : 'accept'),
    call: body.call,
  };
}

/** An item the SPEC accepts (or is silent on), as the service must read it. */
export interface ValidItem {
  readonly user: string;
  readonly key: string | undefined;
  readonly call: SentCall;
  /** 'either' where the SPEC is silent: `"idempotency_key": null`, `"started_at": null`… */
  readonly verdict: Verdict;
}

function specItem(value: unknown, window: Window): ValidItem | null {
  if (!isPlainObject(value)) return null;
  if (!onlyFields(value, ['user_name', 'idempotency_key', ...CALL_FIELDS]))
    return null;
  const { user_name: user, idempotency_key: key } = value;
  if (typeof user !== 'string' || !SPEC.userName.test(user)) return null;
  if (
    key !== undefined &&
    key !== null &&
    (typeof key !== 'string' || !SPEC.idempotencyKey.test(key))
  )
    return null;
  const { verdict, call } = readCall(value, window);
  if (verdict === 'reject' || call === undefined) return null;
  return {
    user,
    key: typeof key === 'string' ? key : undefined,
    call,
    // Null is absent for `destination` only.
    verdict: key === null ? 'either' : verdict,
  };
}

/** What the SPEC says of a batch sent at `window`: the items it accepts, or a verdict without them. */
export function batchVerdict(
  c: BatchCase,
  window: Window,
): {
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
  const items = calls.map((call) => specItem(call, window));
  if (items.some((item) => item === null))
    return { verdict: 'reject', items: [] };
  const valid = items as ValidItem[];
  const verdict = worstOf(
    c.contentType.json === undefined ? 'either' : 'accept',
    ...valid.map((item) => item.verdict),
  );
  return { verdict, items: valid };
}

/**
 * The SPEC's outcome of storing `items` at `window` on top of the ledger: a 409, or the counts
 * and the calls stored. `conflict: 'maybe'` where an item repeats a key with the same values
 * written otherwise: a 409, or these counts with that item a duplicate.
 */
export function batchOutcome(
  ledger: Ledger,
  items: readonly ValidItem[],
  window: Window,
):
  | { conflict: 'yes' }
  | {
      conflict: 'no' | 'maybe';
      inserted: ValidItem[];
      duplicates: number;
    } {
  const seen = new Map<string, Recorded>();
  const inserted: ValidItem[] = [];
  let duplicates = 0;
  let conflict: 'no' | 'maybe' = 'no';
  for (const item of items) {
    if (item.key === undefined) {
      inserted.push(item);
      continue;
    }
    const id = `${item.user}\u0000${item.key}`;
    const prior = ledger.recorded(item.user, item.key) ?? seen.get(id);
    if (prior === undefined) {
      seen.set(id, recordedOf(item.call, window));
      inserted.push(item);
      continue;
    }
    const same = sameCall(prior, item.call);
    if (same === 'other') return { conflict: 'yes' };
    if (same === 'either') conflict = 'maybe';
    duplicates++;
  }
  return { conflict, inserted, duplicates };
}

export const positionOf = (call: ListedCall): Position => ({
  ms: Date.parse(call.created_at),
  id: BigInt(call.id),
});

export const isOlder = (call: ListedCall, than: Position): boolean => {
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
