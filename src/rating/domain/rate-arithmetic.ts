/**
 * SPEC §7 "Arithmetic": one call's duration and one rate → blocks, billed seconds and amount.
 * Services call this and store the result; a bill only adds stored results, so this is the one
 * place where a price is ever applied.
 */
import { quantumMicros } from './decimal.js';

export type Rounding = 'half_up' | 'up' | 'down';

export interface RateTerms {
  readonly firstBlockSeconds: number;
  readonly incrementSeconds: number;
  /** Price per `priceUnitSeconds`, in 10^-6. */
  readonly priceMicros: bigint;
  readonly priceUnitSeconds: number;
  readonly connectFeeMicros: bigint;
  readonly noChargeSeconds: number;
}

export interface Rated {
  readonly blockCount: number;
  readonly billedSeconds: number;
  /** A multiple of 10^(6 − amountDecimals): the amount as it is stored and shown. */
  readonly amountMicros: bigint;
}

const MAX_DURATION_MS = 2_147_483_647;
const MAX_SECONDS = 86_400;

const FREE: Rated = Object.freeze({
  blockCount: 0,
  billedSeconds: 0,
  amountMicros: 0n,
});

/** The tariff the plain block settings describe: every block billed whole at the block price. */
export function defaultTerms(
  blockSeconds: number,
  priceMicros: bigint,
): RateTerms {
  return {
    firstBlockSeconds: blockSeconds,
    incrementSeconds: blockSeconds,
    priceMicros,
    priceUnitSeconds: blockSeconds,
    connectFeeMicros: 0n,
    noChargeSeconds: 0,
  };
}

export function rateCall(
  durationMs: number,
  terms: RateTerms,
  amountDecimals: number,
  rounding: Rounding,
): Rated {
  requireInteger('durationMs', durationMs, 0, MAX_DURATION_MS);
  requireTerms(terms);
  const quantum = quantumMicros(amountDecimals);
  if (durationMs === 0 || durationMs <= terms.noChargeSeconds * 1000) {
    return FREE;
  }

  const firstMs = terms.firstBlockSeconds * 1000;
  const incrementMs = terms.incrementSeconds * 1000;
  const beyondFirst = Math.max(0, durationMs - firstMs);
  // Integer ceil without a float division: every operand is below 2^32, far inside 2^53.
  const remainder = beyondFirst % incrementMs;
  const extraBlocks =
    (beyondFirst - remainder) / incrementMs + (remainder === 0 ? 0 : 1);
  const blockCount = 1 + extraBlocks;
  const billedSeconds =
    terms.firstBlockSeconds + extraBlocks * terms.incrementSeconds;

  // amount = fee + billed × price / unit, all in micros; over the common denominator
  // unit × quantum it is numerator / denominator quanta, rounded once, at the end.
  const unit = BigInt(terms.priceUnitSeconds);
  const numerator =
    terms.connectFeeMicros * unit + BigInt(billedSeconds) * terms.priceMicros;
  const denominator = unit * quantum;
  const quanta = divide(numerator, denominator, rounding);
  return { blockCount, billedSeconds, amountMicros: quanta * quantum };
}

/** Rounds the non-negative fraction numerator / denominator to an integer. */
function divide(
  numerator: bigint,
  denominator: bigint,
  rounding: Rounding,
): bigint {
  switch (rounding) {
    case 'down':
      return numerator / denominator;
    case 'up':
      return (numerator + denominator - 1n) / denominator;
    case 'half_up':
      return (2n * numerator + denominator) / (2n * denominator);
    default:
      throw new RangeError(`unknown rounding "${String(rounding)}"`);
  }
}

// Terms come from stored versions that were validated when written; checking again costs a few
// comparisons and turns a corrupted row into an error instead of a wrong amount on an invoice.
function requireTerms(terms: RateTerms): void {
  requireInteger('firstBlockSeconds', terms.firstBlockSeconds, 1, MAX_SECONDS);
  requireInteger('incrementSeconds', terms.incrementSeconds, 1, MAX_SECONDS);
  requireInteger('priceUnitSeconds', terms.priceUnitSeconds, 1, MAX_SECONDS);
  requireInteger('noChargeSeconds', terms.noChargeSeconds, 0, MAX_SECONDS);
  if (terms.priceMicros < 0n || terms.connectFeeMicros < 0n) {
    throw new RangeError('price and connect fee must not be negative');
  }
}

function requireInteger(
  name: string,
  value: number,
  min: number,
  max: number,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be an integer ${min}–${max}, got ${value}`,
    );
  }
}
