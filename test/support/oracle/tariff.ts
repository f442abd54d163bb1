/**
 * SPEC §7 restated for every suite, from the SPEC's words alone: a version as the admin API takes
 * it, with the defaults it leaves out, the arithmetic of one call, and the billing period of an
 * instant. Nothing here comes from `src/`, so a mistake the service and its own domain share
 * cannot pass a test unnoticed.
 */
import { decimalsOf, micros, placeMicros } from './decimal.js';

export type Rounding = 'half_up' | 'up' | 'down';

/** A rate as `PUT /admin/plans/{plan}/versions/{effective_from}` takes it. */
export interface RateBody {
  readonly prefix: string;
  readonly price: string;
  readonly first_block_seconds?: number;
  readonly increment_seconds?: number;
  readonly price_unit_seconds?: number;
  readonly connect_fee?: string;
  readonly no_charge_seconds?: number;
}

export interface VersionBody {
  readonly amount_decimals?: number;
  readonly rounding?: Rounding;
  readonly rates: readonly RateBody[];
}

/** A rate with each default the SPEC gives filled in, its money in micro-units (10^-6). */
export type OracleRate = Required<Omit<RateBody, 'price' | 'connect_fee'>> & {
  readonly price: bigint;
  readonly connect_fee: bigint;
};

export interface OracleVersion {
  readonly plan: string;
  /** `effective_from`, in ms since the epoch. */
  readonly effectiveFrom: number;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
  readonly rates: readonly OracleRate[];
}

/** The version a body describes, with the SPEC's defaults for what it leaves out. */
export function versionOf(
  plan: string,
  effectiveFrom: number,
  body: VersionBody,
): OracleVersion {
  const written = body.rates.flatMap((rate) => [
    decimalsOf(rate.price),
    decimalsOf(rate.connect_fee ?? '0'),
  ]);
  return {
    plan,
    effectiveFrom,
    amountDecimals: body.amount_decimals ?? Math.max(...written),
    rounding: body.rounding ?? 'half_up',
    rates: body.rates.map((rate) => {
      const first = rate.first_block_seconds ?? 60;
      return {
        prefix: rate.prefix,
        first_block_seconds: first,
        increment_seconds: rate.increment_seconds ?? first,
        price: micros(rate.price),
        price_unit_seconds: rate.price_unit_seconds ?? 60,
        connect_fee: micros(rate.connect_fee ?? '0'),
        no_charge_seconds: rate.no_charge_seconds ?? 0,
      };
    }),
  };
}

export interface Priced {
  readonly blockCount: number;
  readonly billedSeconds: number;
  readonly amountMicros: bigint;
}

/** SPEC §7 "Arithmetic" for a call of `durationMs`. */
export function price(
  durationMs: number,
  rate: OracleRate,
  amountDecimals: number,
  rounding: Rounding,
): Priced {
  const d = BigInt(durationMs);
  if (d === 0n || d <= BigInt(rate.no_charge_seconds) * 1000n) {
    return { blockCount: 0, billedSeconds: 0, amountMicros: 0n };
  }
  const first = BigInt(rate.first_block_seconds);
  const increment = BigInt(rate.increment_seconds);
  const beyond = d > first * 1000n ? d - first * 1000n : 0n;
  const step = increment * 1000n;
  const blocks = 1n + (beyond + step - 1n) / step;
  const billed = first + (blocks - 1n) * increment;
  // The exact amount is fee + billed × price / unit micro-units; in units of the last
  // decimal place that is the fraction numerator / denominator.
  const unit = BigInt(rate.price_unit_seconds);
  const place = placeMicros(amountDecimals);
  const numerator = rate.connect_fee * unit + billed * rate.price;
  const denominator = unit * place;
  const floor = numerator / denominator;
  const remainder = numerator - floor * denominator;
  let places = floor;
  if (rounding === 'up' && remainder > 0n) places += 1n;
  if (rounding === 'half_up' && 2n * remainder >= denominator) places += 1n;
  return {
    blockCount: Number(blocks),
    billedSeconds: Number(billed),
    amountMicros: places * place,
  };
}

/** The calendar month of `instant` in `timeZone`, as `YYYY-MM`. */
export function periodOf(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}

/** The `default` plan's first version on a new database with the default block settings. */
export const DEFAULT_VERSION = versionOf('default', 0, {
  amount_decimals: 2,
  rates: [
    {
      prefix: '',
      first_block_seconds: 30,
      price: '0.05',
      price_unit_seconds: 30,
    },
  ],
});

/** A call of `durationMs` on the default plan's first version (SPEC §3.2: 30-second blocks at 0.05). */
export function defaultPrice(durationMs: number): Priced {
  const { rates, amountDecimals, rounding } = DEFAULT_VERSION;
  return price(durationMs, rates[0], amountDecimals, rounding);
}

/** The rate of the calls rated with the default plan's first version, as the API names it. */
export const DEFAULT_RATE = {
  plan: 'default',
  version: '1970-01-01T00:00:00.000Z',
  prefix: '',
} as const;
