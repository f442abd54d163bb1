/**
 * Exact decimals as the SPEC writes money (at most 6 decimals), in BigInt micro-units (10^-6),
 * for every oracle of the suites. Nothing here comes from `src/`, so a mistake the service and
 * its own domain share cannot pass a test unnoticed.
 */
const SCALE = 6;
const TEN = 10n;

/** A decimal string (optionally negative, at most 6 decimals) in micro-units. */
export function micros(text: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (match === null) throw new RangeError(`not a decimal: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  const value =
    BigInt(whole) * TEN ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0'));
  return sign === '-' ? -value : value;
}

/** The exact sum of decimal strings, in micro-units. */
export function sumMicros(amounts: readonly string[]): bigint {
  return amounts.reduce((sum, amount) => sum + micros(amount), 0n);
}

/** How many decimals a decimal string is written with. */
export function decimalsOf(text: string): number {
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

/** The micro-units of one unit of the last of `decimals` decimal places. */
export function placeMicros(decimals: number): bigint {
  return TEN ** BigInt(SCALE - decimals);
}

/** `value` micro-units written with `decimals` decimals (it must be a multiple of that unit). */
export function decimal(value: bigint, decimals: number): string {
  const unit = placeMicros(decimals);
  if (value % unit !== 0n) {
    throw new RangeError(`${value} µ is not a multiple of 10^-${decimals}`);
  }
  const negative = value < 0n;
  const digits = ((negative ? -value : value) / unit)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}
