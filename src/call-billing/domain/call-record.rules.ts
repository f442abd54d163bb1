/**
 * The rules a call record must follow, shared by the request DTOs (through class-validator) and
 * the CSV import (which checks millions of rows without building DTO instances).
 */

/**
 * 1–32 characters, each a letter, digit, or one of `_ . - + @`; not `.` or `..` alone, which
 * clients and proxies rewrite as path segments (`/mobile/../call` becomes `/call`), so that a
 * call stored under such a name could never be asked for again.
 */
export const USER_NAME_PATTERN = /^(?!\.\.?$)[A-Za-z0-9_.+@-]{1,32}$/;
export const USER_NAME_RULE =
  'user_name must be 1 to 32 characters, each a letter, digit, or one of _ . - + @, and not . or ..';

export const MAX_CALL_DURATION = 2_147_483_647;
export const CALL_DURATION_RULE = `call_duration must be an integer between 0 and ${MAX_CALL_DURATION}`;

/** 1–64 visible ASCII characters, `!` to `~`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[!-~]{1,64}$/;
export const IDEMPOTENCY_KEY_RULE =
  'idempotency key must be 1 to 64 visible ASCII characters (! to ~)';

/**
 * ISO 8601 with `Z` or an offset and at most 3 fraction digits: a finer instant could not be
 * stored and compared exactly, so it is refused rather than rounded.
 */
export const STARTED_AT_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
/** How far ahead of the service's clock a switch's clock may run. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const EARLIEST_START = Date.UTC(2000, 0, 1);
export const STARTED_AT_RULE =
  'started_at must be an ISO 8601 instant with Z or an offset and at most 3 fraction digits, from 2000-01-01 to 5 minutes ahead of now';

/** `+` and 1–15 digits, or the digits alone (E.164). */
export const DESTINATION_PATTERN = /^\+?\d{1,15}$/;
export const DESTINATION_RULE =
  'destination must be the number called: + and 1 to 15 digits, or 1 to 15 digits';

/** One call to record, already validated. */
export interface CallRecord {
  readonly userName: string;
  readonly durationMs: number;
  readonly idempotencyKey?: string;
  /** When the call started; absent: when the service records it. */
  readonly startedAt?: Date;
  /** Digits only; absent or null: no destination. */
  readonly destination?: string | null;
}

/** The instant `text` names, when it follows {@link STARTED_AT_RULE} at `now`. */
export function parseStartedAt(
  text: string,
  now: number = Date.now(),
): Date | undefined {
  if (!STARTED_AT_PATTERN.test(text)) return undefined;
  const instant = new Date(text);
  const time = instant.getTime();
  // Date also rolls over impossible dates (2026-02-30): the text must name a real day.
  if (Number.isNaN(time) || !sameCalendarDay(text, instant)) return undefined;
  if (time < EARLIEST_START || time > now + MAX_CLOCK_SKEW_MS) return undefined;
  return instant;
}

function sameCalendarDay(text: string, instant: Date): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const offsetMs =
    offset === null
      ? 0
      : (offset[1] === '-' ? -1 : 1) *
        (Number(offset[2]) * 3_600_000 + Number(offset[3]) * 60_000);
  const local = new Date(instant.getTime() + offsetMs).toISOString();
  return local.slice(0, 19) === text.slice(0, 19);
}

/** The digits of a valid destination: the `+` is not stored. */
export function destinationDigits(
  text: string | null | undefined,
): string | null {
  if (text === null || text === undefined) return null;
  return text.startsWith('+') ? text.slice(1) : text;
}

export function isCallDuration(value: number): boolean {
  return (
    Number.isSafeInteger(value) && value >= 0 && value <= MAX_CALL_DURATION
  );
}
