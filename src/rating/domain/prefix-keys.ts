/**
 * A prefix as one double, its key: the number that "1" followed by its digits spells ("" → 1,
 * "44" → 144, "044" → 1044), unique per prefix and exact (16 digits < 2^53). Keys of n digits
 * lie in [10^n, 2 × 10^n), so keys sort by length first. The rates' columns keep prefixes so: a
 * million strings would cost ~30 MB and the garbage collector's walks, a million keys 8 MB.
 */

const MAX_DIGITS = 15;
/** 10^n for n = 0…15, exact as doubles. */
const POWERS_OF_TEN = Float64Array.from(
  { length: MAX_DIGITS + 1 },
  (_, n) => 10 ** n,
);

/** The key of `prefix` ("" or 1–15 digits, checked by the caller). */
export function prefixKey(prefix: string): number {
  return Number(`1${prefix}`);
}

/** The prefix a key stands for (integers below 2^53 print as plain digits). */
export function prefixOfKey(key: number): string {
  return String(key).slice(1);
}

/** The key of the prefix of `digits` digits that spell `value` (below 10^digits). */
export function keyOfValue(value: number, digits: number): number {
  return POWERS_OF_TEN[digits] + value;
}

/** How many digits the prefix of `key` has. */
export function digitsOfKey(key: number): number {
  let digits = 0;
  while (digits < MAX_DIGITS && key >= POWERS_OF_TEN[digits + 1]) digits++;
  return digits;
}

export function duplicatePrefix(
  prefix: string,
  first: number,
  second: number,
): RangeError {
  return new RangeError(
    `prefix ${JSON.stringify(prefix)} appears twice, at ${first} and ${second}`,
  );
}

export function isPrefix(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_DIGITS) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
