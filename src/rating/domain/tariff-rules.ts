/**
 * The names and instants of plans, versions and assignments (SPEC §7), shared by the admin API's
 * DTOs and the deck readers.
 */
import type { Rounding } from './rate-arithmetic.js';

export const PLAN_PATTERN = /^[a-z0-9_-]{1,32}$/;
export const PLAN_RULE =
  'plan must be 1 to 32 characters, each a lower-case letter, digit, _ or -';

export const ROUNDINGS: readonly Rounding[] = ['half_up', 'up', 'down'];
export const ROUNDING_RULE = 'rounding must be one of half_up, up, down';

export const MAX_AMOUNT_DECIMALS = 6;
export const AMOUNT_DECIMALS_RULE = `amount_decimals must be an integer from 0 to ${MAX_AMOUNT_DECIMALS}`;

// An ISO 8601 instant: a date, a time to the millisecond at most, and `Z` or an offset.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
/** Versions and assignments live between the epoch (the default version) and DATETIME's end. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const INSTANT_RULE =
  'must be an ISO 8601 instant with Z or an offset and at most 3 fractional digits, ' +
  'from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, like 2026-12-01T00:00:00.000Z';

/** The instant `text` names, or undefined when it is not one (`2026-02-30T…` is not). */
export function parseInstant(text: string): Date | undefined {
  const match = INSTANT.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number) as [number, number, number, number, number, number];
  const millis = Number((match[7] ?? '').padEnd(3, '0'));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  // Date.UTC rolls 30 February over into March: a date that does not exist comes back changed.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const sign = match[8] === '-' ? -1 : 1;
  const instant =
    local - sign * (offsetHours * 3_600_000 + offsetMinutes * 60_000);
  return instant < EARLIEST || instant > LATEST ? undefined : new Date(instant);
}

/** The instant of a text already validated (by a DTO): a bug, not a client's fault, otherwise. */
export function checkedInstant(text: string): Date {
  const instant = parseInstant(text);
  if (instant === undefined) throw new RangeError(`not an instant: ${text}`);
  return instant;
}

export function isRounding(value: unknown): value is Rounding {
  return ROUNDINGS.includes(value as Rounding);
}
