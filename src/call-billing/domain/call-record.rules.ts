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

/** One call to record, already validated. */
export interface CallRecord {
  readonly userName: string;
  readonly durationMs: number;
  readonly idempotencyKey?: string;
}

export function isCallDuration(value: number): boolean {
  return (
    Number.isSafeInteger(value) && value >= 0 && value <= MAX_CALL_DURATION
  );
}
