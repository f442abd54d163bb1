/**
 * A version's rates as an upload gives them (SPEC §7), checked one by one as they are read and
 * kept in typed columns: a million rates cost ~40 MB, once, where a million objects would cost
 * several times that and keep the garbage collector busy. The readers (`rate-deck-csv.ts`,
 * `rate-deck-json.ts`) feed a {@link RateDeckBuilder}; nothing else holds the rows.
 */
import type { FieldError } from '../../platform/errors/problem.js';
import { isPrefix, prefixKey, PrefixKeys } from './prefix-keys.js';
import type { Rounding } from './rate-arithmetic.js';
import { RateColumns } from './rate-columns.js';
import {
  AMOUNT_DECIMALS_RULE,
  isRounding,
  MAX_AMOUNT_DECIMALS,
  ROUNDING_RULE,
} from './tariff-rules.js';

export const MAX_RATES = 1_000_000;
const MAX_SECONDS = 86_400;
/** The most faults a deck's answer names; all are counted (`errors_omitted`). */
export const MAX_LISTED_FAULTS = 10;

/** How the values arrive: JSON values as typed, or CSV cells as text (absent when empty). */
export type DeckFormat = 'json' | 'csv';

export const RATE_FIELDS = [
  'prefix',
  'first_block_seconds',
  'increment_seconds',
  'price',
  'price_unit_seconds',
  'connect_fee',
  'no_charge_seconds',
] as const;
export type RateField = (typeof RATE_FIELDS)[number];

export const PREFIX_RULE = 'prefix must be "" or 1 to 15 digits';
const DECIMAL_RULE =
  'must be a decimal string of at most 6 integer and 6 fraction digits, like "0.05"';
const secondsRule = (field: string, min: number) =>
  `${field} must be an integer from ${min} to ${MAX_SECONDS}`;

/** The answer of a finished read: the deck, or the faults that refuse it. */
export type DeckOutcome =
  | { readonly ok: true; readonly deck: RateDeck }
  | {
      readonly ok: false;
      readonly errors: readonly FieldError[];
      readonly faultCount: number;
    };

/** What the upload says beside its rates (the JSON body's fields, or CSV query parameters). */
export interface DeckOptions {
  readonly amount_decimals?: unknown;
  readonly rounding?: unknown;
}

/** A checked deck: its rates by position, in the order given. */
export class RateDeck {
  constructor(
    readonly rates: RateColumns,
    readonly amountDecimals: number,
    readonly rounding: Rounding,
  ) {}

  get size(): number {
    return this.rates.size;
  }
}

/**
 * Checks rates as a reader hands them over, and keeps the valid ones. After the first fault it
 * keeps checking (to count and name faults) but stops keeping rows: the deck is refused anyway.
 */
export class RateDeckBuilder {
  private readonly listed: FieldError[] = [];
  private faultCount = 0;
  private readonly columns: RateColumns;
  private readonly prefixes: PrefixKeys;
  private seen = 0;
  private decimals = 0;

  /**
   * @param labelOf names item `n` in a fault: `rates[3]`, `lines[5]`.
   * @param expected how many rates the body may hold, to size the tables once.
   */
  constructor(
    private readonly format: DeckFormat,
    private readonly labelOf: (n: number) => string,
    expected = 0,
  ) {
    const capacity = Math.min(MAX_RATES, Math.max(1024, expected));
    this.columns = new RateColumns(capacity);
    this.prefixes = new PrefixKeys(capacity);
  }

  get faulty(): boolean {
    return this.faultCount > 0;
  }

  /** Records a fault of the body itself (a header, the JSON syntax). */
  fault(field: string, message: string): void {
    this.faultCount++;
    if (this.listed.length < MAX_LISTED_FAULTS)
      this.listed.push({ field, message });
  }

  /**
   * Checks item `n`: for JSON a parsed value, for CSV an object of the row's cells (text, or
   * undefined for an absent column or an empty cell). False once the deck has too many rates:
   * the reader stops there.
   */
  add(n: number, item: unknown): boolean {
    if (++this.seen > MAX_RATES) {
      this.fault('rates', `a version has at most ${MAX_RATES} rates`);
      return false;
    }
    const label = this.labelOf(n);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      this.fault(label, `${label} must be an object`);
      return true;
    }
    const raw = item as Readonly<Record<string, unknown>>;
    if (this.format === 'json') this.refuseUnknownFields(label, raw);
    const prefix = this.prefix(label, raw.prefix);
    const firstBlock = this.seconds(label, 'first_block_seconds', raw, 1, 60);
    const increment = this.seconds(
      label,
      'increment_seconds',
      raw,
      1,
      firstBlock ?? 60,
    );
    const priceUnit = this.seconds(label, 'price_unit_seconds', raw, 1, 60);
    const noCharge = this.seconds(label, 'no_charge_seconds', raw, 0, 0);
    const price = this.decimal(label, 'price', raw.price, undefined);
    const connectFee = this.decimal(label, 'connect_fee', raw.connect_fee, 0);
    if (prefix !== undefined) {
      const first = this.prefixes.add(prefixKey(prefix), n);
      if (first >= 0) {
        this.fault(
          `${label}.prefix`,
          `prefix "${prefix}" is given twice: first at ${this.labelOf(first)}`,
        );
      }
    }
    if (this.faulty) return true;
    this.columns.push(
      prefix!,
      firstBlock!,
      increment!,
      price!,
      priceUnit!,
      connectFee!,
      noCharge!,
    );
    return true;
  }

  /** The faults of a read that stopped before the end (a syntax fault, too many rates). */
  refused(): DeckOutcome {
    return { ok: false, errors: this.listed, faultCount: this.faultCount };
  }

  /** The deck, with the version's options, or every fault found. */
  finish(options: DeckOptions): DeckOutcome {
    const amountDecimals = this.amountDecimals(options.amount_decimals);
    const rounding =
      options.rounding === undefined ? 'half_up' : options.rounding;
    if (!isRounding(rounding)) this.fault('rounding', ROUNDING_RULE);
    if (this.prefixes.add(prefixKey(''), -1) === -1) {
      this.fault(
        'rates',
        'rates must include the rate of prefix "" (calls without a destination, or matching no other prefix)',
      );
    }
    if (this.faulty || amountDecimals === undefined || !isRounding(rounding)) {
      return this.refused();
    }
    return {
      ok: true,
      deck: new RateDeck(this.columns, amountDecimals, rounding),
    };
  }

  private amountDecimals(value: unknown): number | undefined {
    if (value === undefined) return this.decimals;
    const number =
      this.format === 'csv' && typeof value === 'string' && /^\d$/.test(value)
        ? Number(value)
        : value;
    if (
      typeof number === 'number' &&
      Number.isInteger(number) &&
      number >= 0 &&
      number <= MAX_AMOUNT_DECIMALS
    ) {
      return number;
    }
    this.fault('amount_decimals', AMOUNT_DECIMALS_RULE);
    return undefined;
  }

  private refuseUnknownFields(
    label: string,
    raw: Readonly<Record<string, unknown>>,
  ): void {
    for (const key in raw) {
      if (!(RATE_FIELDS as readonly string[]).includes(key)) {
        const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
        this.fault(`${label}.${shown}`, `property ${shown} should not exist`);
      }
    }
  }

  private prefix(label: string, value: unknown): string | undefined {
    // In CSV an empty cell is the empty prefix; in JSON the field must be there.
    const prefix = this.format === 'csv' ? (value ?? '') : value;
    if (isPrefix(prefix)) return prefix;
    this.fault(
      `${label}.prefix`,
      value === undefined
        ? 'prefix is required ("" for the rate of calls without a destination)'
        : PREFIX_RULE,
    );
    return undefined;
  }

  private seconds(
    label: string,
    field: RateField,
    raw: Readonly<Record<string, unknown>>,
    min: number,
    fallback: number,
  ): number | undefined {
    const value = raw[field];
    if (value === undefined) return fallback;
    const number =
      this.format === 'csv' &&
      typeof value === 'string' &&
      /^\d{1,9}$/.test(value)
        ? Number(value)
        : value;
    if (
      typeof number === 'number' &&
      Number.isInteger(number) &&
      number >= min &&
      number <= MAX_SECONDS
    ) {
      return number;
    }
    this.fault(`${label}.${field}`, secondsRule(field, min));
    return undefined;
  }

  private decimal(
    label: string,
    field: RateField,
    value: unknown,
    fallback: number | undefined,
  ): number | undefined {
    if (value === undefined && fallback !== undefined) return fallback;
    const micros = typeof value === 'string' ? decimalMicros(value) : -1;
    if (micros >= 0) {
      const dot = (value as string).indexOf('.');
      const decimals = dot < 0 ? 0 : (value as string).length - dot - 1;
      if (decimals > this.decimals) this.decimals = decimals;
      return micros;
    }
    this.fault(
      `${label}.${field}`,
      value === undefined
        ? `${field} is required`
        : typeof value === 'number'
          ? `${field} ${DECIMAL_RULE}: a JSON number is not exact, send a string`
          : `${field} ${DECIMAL_RULE}`,
    );
    return undefined;
  }
}

const FRACTION_SCALE = [0, 100_000, 10_000, 1_000, 100, 10, 1];

/**
 * The micros of a decimal as `parseDecimal` (decimal.ts) reads it: 1–6 digits, then optionally a
 * point and 1–6 digits; -1 for anything else. A double holds them exactly, and a million of them
 * are read without a BigInt each.
 */
export function decimalMicros(text: string): number {
  const length = text.length;
  let whole = 0;
  let i = 0;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return -1;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0 || i > 6) return -1;
  if (i === length) return whole * 1_000_000;
  const digits = length - i - 1;
  if (digits < 1 || digits > 6) return -1;
  let fraction = 0;
  for (let j = i + 1; j < length; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return -1;
    fraction = fraction * 10 + (c - 48);
  }
  return whole * 1_000_000 + fraction * FRACTION_SCALE[digits];
}
