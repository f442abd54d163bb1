/**
 * Money and prices as exact integers of 10^-6 ("micros"): every decimal the API accepts has at
 * most 6 fraction digits, so micros hold any of them without rounding, and BigInt keeps sums of
 * millions of them exact where a float would drift.
 */

const MICROS_PER_UNIT = 1_000_000n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The size of the last kept digit at `decimals` fraction digits, in micros: 10^(6 − decimals). */
const QUANTA: readonly bigint[] = [
  1_000_000n,
  100_000n,
  10_000n,
  1_000n,
  100n,
  10n,
  1n,
];

// Six integer digits bound every price and fee well below what the amount arithmetic can carry
// exactly, and "1." / ".5" / "+1" / "1e3" are refused so that a typo never becomes a tariff.
const DECIMAL_PATTERN = /^(\d{1,6})(?:\.(\d{1,6}))?$/;

export interface ParsedDecimal {
  readonly micros: bigint;
  /** Fraction digits as written: "0.050" → 3; the default amount precision is taken from it. */
  readonly decimals: number;
}

export function parseDecimal(text: string): ParsedDecimal | undefined {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, whole, fraction = ''] = match;
  return {
    micros: BigInt(whole) * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, '0')),
    decimals: fraction.length,
  };
}

/** 10^(6 − decimals): the micros of one unit in the last place of a `decimals`-digit amount. */
export function quantumMicros(decimals: number): bigint {
  const quantum = Number.isInteger(decimals) ? QUANTA[decimals] : undefined;
  if (quantum === undefined) {
    throw new RangeError(`decimals must be an integer 0–6, got ${decimals}`);
  }
  return quantum;
}

/**
 * Refuses micros that `decimals` digits cannot show: silently dropping digits here would print
 * an amount different from the one stored.
 */
export function formatMicros(micros: bigint, decimals: number): string {
  const quantum = quantumMicros(decimals);
  if (micros % quantum !== 0n) {
    throw new RangeError(`${micros} micros do not fit in ${decimals} decimals`);
  }
  const sign = micros < 0n ? '-' : '';
  const magnitude = micros < 0n ? -micros : micros;
  let whole: number | bigint;
  let fraction: number | bigint;
  if (magnitude <= MAX_SAFE) {
    // The same digits in doubles, exactly (integers below 2^53, a remainder and an exact
    // quotient): every bill line writes an amount, and BigInt division costs several times more.
    const exact = Number(magnitude);
    fraction = exact % 1_000_000;
    whole = (exact - fraction) / 1_000_000;
  } else {
    whole = magnitude / MICROS_PER_UNIT;
    fraction = magnitude % MICROS_PER_UNIT;
  }
  if (decimals === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(6, '0').slice(0, decimals)}`;
}

/**
 * One spelling per value as written, for storing and echoing rates: "007.50" → "7.50". The
 * fraction keeps its trailing zeros because they carry the precision the tariff was given in.
 */
export function canonicalDecimal(text: string): string {
  const parsed = parseDecimal(text);
  if (parsed === undefined) {
    throw new RangeError(
      `expected a decimal of at most 6 integer and 6 fraction digits, got "${text}"`,
    );
  }
  return formatMicros(parsed.micros, parsed.decimals);
}

/** The fewest fraction digits (0–6) that write `micros` exactly. */
export function decimalsOf(micros: bigint): number {
  let decimals = 6;
  let rest = micros < 0n ? -micros : micros;
  while (decimals > 0 && rest % 10n === 0n) {
    rest /= 10n;
    decimals--;
  }
  return decimals;
}
