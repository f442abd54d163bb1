/**
 * The optional fields of a call, restated from SPEC §3.1 (not imported from src/): `started_at`
 * and `destination`, what the SPEC says of each value, and when a call sent again under its
 * idempotency key is the same call, another one, or a case the SPEC leaves open.
 */
import type { Verdict } from './cases.js';

/** When a request was sent and answered: the service's clock read somewhere between. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

/** 2000-01-01T00:00:00.000Z: a call cannot start before it. */
export const EARLIEST_START_MS = Date.UTC(2000, 0, 1);
/** How far ahead of the service's clock a call may start. */
export const MAX_AHEAD_MS = 5 * 60_000;

/** `started_at` as the SPEC reads it: absent (or null), an instant, or a text it is silent on. */
export type StartedAt =
  | { readonly kind: 'absent' }
  | { readonly kind: 'at'; readonly ms: number; readonly text: string }
  /** Accepted or refused, the SPEC does not say; if accepted, its instant is not predicted. */
  | { readonly kind: 'unknown'; readonly text: string };

/** A call's fields as sent; `destination` as sent too (`null`: absent or null). */
export interface SentCall {
  readonly duration: number;
  readonly startedAt: StartedAt;
  readonly destination: string | null;
}

// The SPEC's own format: a date, a time with at most 3 fraction digits, and Z or an offset.
const STRICT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
// Other ways ISO 8601 (or RFC 3339) writes an instant with a zone: lower case, a space, basic
// format, no seconds, a comma, an offset without minutes. The SPEC does not say they are refused.
const ISO_LIKE =
  /^\d{4}-?\d{2}-?\d{2}[Tt ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const OVER_3_FRACTION_DIGITS = /[.,]\d{4,}(?:[Zz]|[+-]|$)/;
const DESTINATION = /^\+?[0-9]{1,15}$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
}

/** Milliseconds since the epoch of a UTC date and time, for any year (Date.UTC shifts 0–99). */
function utcMs(fields: readonly number[]): number {
  const [
    year = 0,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0,
    ms = 0,
  ] = fields;
  const date = new Date(
    Date.UTC(2000, month - 1, day, hour, minute, second, ms),
  );
  date.setUTCFullYear(year);
  return date.getTime();
}

/**
 * What the SPEC says of a `started_at` value sent at `window`: refused, accepted (with the
 * instant it names), or either.
 */
export function readStartedAt(
  value: unknown,
  window: Window,
): { verdict: Verdict; startedAt: StartedAt } {
  const absent: StartedAt = { kind: 'absent' };
  if (value === undefined) return { verdict: 'accept', startedAt: absent };
  // Only `destination` is said to take null as absent.
  if (value === null) return { verdict: 'either', startedAt: absent };
  if (typeof value !== 'string')
    return { verdict: 'reject', startedAt: absent };
  const unknown: StartedAt = { kind: 'unknown', text: value };
  if (OVER_3_FRACTION_DIGITS.test(value))
    return { verdict: 'reject', startedAt: unknown };
  const match = STRICT.exec(value);
  if (match === null)
    return {
      verdict: ISO_LIKE.test(value) ? 'either' : 'reject',
      startedAt: unknown,
    };
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number) as [number, number, number, number, number, number];
  const fraction = Number((match[7] ?? '').padEnd(3, '0'));
  const [sign, offsetHours, offsetMinutes] = [
    match[8],
    Number(match[9] ?? 0),
    Number(match[10] ?? 0),
  ];
  // 24:00:00 (the end of a day) and a leap second are ISO 8601; the SPEC does not say more.
  const endOfDay =
    hour === 24 && minute === 0 && second === 0 && fraction === 0;
  if (endOfDay || (second === 60 && hour <= 23 && minute <= 59))
    return { verdict: 'either', startedAt: unknown };
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  )
    return { verdict: 'reject', startedAt: unknown };
  // Offsets past ±14:00 name no zone of this world; -00:00 is RFC 3339's "unknown offset".
  if (offsetHours > 14 || (sign === '-' && offsetHours + offsetMinutes === 0))
    return { verdict: 'either', startedAt: unknown };
  const offsetMs =
    (sign === '-' ? -1 : 1) *
    (offsetHours * 3_600_000 + offsetMinutes * 60_000);
  const ms =
    utcMs([year, month, day, hour, minute, second, fraction]) - offsetMs;
  const at: StartedAt = { kind: 'at', ms, text: value };
  if (ms < EARLIEST_START_MS || ms > window.to + MAX_AHEAD_MS)
    return { verdict: 'reject', startedAt: at };
  return {
    verdict: ms <= window.from + MAX_AHEAD_MS ? 'accept' : 'either',
    startedAt: at,
  };
}

/** What the SPEC says of a `destination` value: null is absent. */
export function readDestination(value: unknown): {
  verdict: Verdict;
  destination: string | null;
} {
  if (value === undefined || value === null)
    return { verdict: 'accept', destination: null };
  return typeof value === 'string' && DESTINATION.test(value)
    ? { verdict: 'accept', destination: value }
    : { verdict: 'reject', destination: null };
}

/** The digits the service stores: without the `+`. */
export const digitsOf = (destination: string | null): string | null =>
  destination?.replace(/^\+/, '') ?? null;

/** The worst of verdicts: one refusal refuses, one open question leaves it open. */
export function worstOf(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes('reject')) return 'reject';
  return verdicts.includes('either') ? 'either' : 'accept';
}

/**
 * A call recorded under a key: what was sent (unknown once the ledger is rebuilt from the
 * database), and when it was recorded and started as far as the test knows.
 */
export interface Recorded {
  readonly sent: SentCall | undefined;
  readonly duration: number;
  readonly digits: string | null;
  /** When the call was recorded: its `created_at`, or the window of the request. */
  readonly recorded: Window;
  /** When it started: the instant sent, or else when it was recorded. */
  readonly started: Window;
  /** The first response, once seen (a batch answers with counts only). */
  response?: unknown;
}

const ANY_TIME: Window = { from: -Infinity, to: Infinity };

/** `sent` as recorded at `recorded`; `started` when the test knows better (a PUT's answer). */
export function recordedOf(
  sent: SentCall,
  recorded: Window,
  started: Window = sent.startedAt.kind === 'at'
    ? { from: sent.startedAt.ms, to: sent.startedAt.ms }
    : sent.startedAt.kind === 'absent'
      ? recorded
      : ANY_TIME,
): Recorded {
  return {
    sent,
    duration: sent.duration,
    digits: digitsOf(sent.destination),
    recorded,
    started,
  };
}

const apart = (a: Window, b: Window): boolean => a.to < b.from || b.to < a.from;

/**
 * Whether `again`, sent under the key of `first`, is the same call (a replay, a duplicate),
 * another call (a conflict: "any field, as sent"), or either: the same values written
 * otherwise (`+49…` and `49…`, one instant in two zones), which the SPEC does not settle.
 */
export function sameCall(
  first: Recorded,
  again: SentCall,
): 'same' | 'other' | 'either' {
  if (again.duration !== first.duration) return 'other';
  if (digitsOf(again.destination) !== first.digits) return 'other';
  const sent = first.sent;
  const bothWithout =
    sent?.startedAt.kind === 'absent' && again.startedAt.kind === 'absent';
  if (!bothWithout) {
    // Sent without `started_at`, a call starts when it is recorded.
    const startedAgain =
      again.startedAt.kind === 'at'
        ? { from: again.startedAt.ms, to: again.startedAt.ms }
        : first.recorded;
    if (
      again.startedAt.kind !== 'unknown' &&
      apart(startedAgain, first.started)
    )
      return 'other';
  }
  if (sent === undefined) return 'either';
  const sameText =
    sent.destination === again.destination &&
    (bothWithout ||
      (sent.startedAt.kind !== 'absent' &&
        again.startedAt.kind !== 'absent' &&
        sent.startedAt.text === again.startedAt.text));
  return sameText ? 'same' : 'either';
}
