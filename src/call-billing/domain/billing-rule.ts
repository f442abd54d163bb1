/**
 * The billing rule, in exact integer arithmetic: every call is rounded up to whole blocks on its
 * own, and the amount is blocks × price. Nothing else in the service re-implements it.
 */

/** Whole blocks a call of `durationMs` is billed for: 0 ms → 0, 1 ms … one block → 1. */
export function blocksForCall(durationMs: number, blockMs: number): number {
  if (!Number.isSafeInteger(durationMs) || durationMs < 0) {
    throw new RangeError(
      `call duration must be a non-negative integer, got ${durationMs}`,
    );
  }
  if (!Number.isSafeInteger(blockMs) || blockMs <= 0) {
    throw new RangeError(
      `block length must be a positive integer, got ${blockMs}`,
    );
  }
  const remainder = durationMs % blockMs;
  const whole = (durationMs - remainder) / blockMs;
  return remainder === 0 ? whole : whole + 1;
}

/** A decimal price held as an integer count of its smallest unit: "0.05" is 5 units at scale 2. */
export interface Price {
  readonly units: bigint;
  readonly scale: number;
}

export function parsePrice(decimal: string): Price {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (match === null) {
    throw new RangeError(
      `price must be a non-negative decimal, got "${decimal}"`,
    );
  }
  const [, whole, fraction = ''] = match;
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/** `blocks × price` as a decimal string with the price's number of decimals: 21 × 0.05 = "1.05". */
export function amountFor(blocks: bigint, price: Price): string {
  if (blocks < 0n) {
    throw new RangeError(`block count must not be negative, got ${blocks}`);
  }
  const digits = (blocks * price.units).toString();
  if (price.scale === 0) return digits;
  const padded = digits.padStart(price.scale + 1, '0');
  return `${padded.slice(0, -price.scale)}.${padded.slice(-price.scale)}`;
}
