/**
 * A version's rates as an upload gives them (SPEC §7), checked one by one as they are read and
 * kept in typed columns (`rate-columns.ts`): a million rates cost ~40 MB, once, where a million
 * objects would cost several times that and keep the garbage collector busy. The readers
 * (`rate-deck-csv.ts`, `rate-deck-json.ts`) feed a {@link RateDeckBuilder}; nothing else holds
 * the rows. Once read, the prefixes are sorted: that finds any given twice, and is the first
 * step of the deck's index, so an accepted deck is its version's table already.
 */
import type { FieldError } from '../../platform/errors/problem.js';
import { AFTER, DeckFaults, FIELD } from './deck-faults.js';
import { PrefixIndex } from './prefix-index.js';
import { isPrefix, prefixKey } from './prefix-keys.js';
import type { Rounding } from './rate-arithmetic.js';
import { RateColumns } from './rate-columns.js';
import { RateTable } from './rate-table.js';
import { SortedKeys } from './sorted-keys.js';
import {
  AMOUNT_DECIMALS_RULE,
  isRounding,
  MAX_AMOUNT_DECIMALS,
  ROUNDING_RULE,
} from './tariff-rules.js';

export const MAX_RATES = 1_000_000;
const MAX_SECONDS = 86_400;
const EMPTY_KEY = prefixKey('');

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

/** A checked deck: its rates by position, in the order given, and the table over them. */
export class RateDeck {
  constructor(
    readonly rates: RateColumns,
    readonly table: RateTable,
    readonly amountDecimals: number,
    readonly rounding: Rounding,
  ) {}

  get size(): number {
    return this.rates.size;
  }
}

/**
 * Checks rates as a reader hands them over and keeps them; faults are counted and the first
 * named, and a deck with any is refused. Every rate with a valid prefix is kept, faulty or not,
 * so that the sort at the end finds every prefix given twice.
 */
export class RateDeckBuilder {
  private readonly faults: DeckFaults;
  private readonly columns: RateColumns;
  /** The item number of each rate kept, to name it in a fault. */
  private items: Int32Array;
  private seen = 0;
  private decimals = 0;
  /** The item being checked, or the last checked outside {@link add}. */
  private item = -1;
  private inItem = false;
  /** The item of the "" rate, -1 before it. */
  private emptyItem = -1;

  /**
   * @param labelOf names item `n` in a fault: `rates[3]`, `lines[5]`.
   * @param expected how many rates the body may hold, to size the tables once.
   */
  constructor(
    private readonly format: DeckFormat,
    labelOf: (n: number) => string,
    expected = 0,
  ) {
    const capacity = Math.min(MAX_RATES, Math.max(1024, expected));
    this.columns = new RateColumns(capacity);
    this.items = new Int32Array(capacity);
    this.faults = new DeckFaults(labelOf);
  }

  /** Whether a fault was met (a prefix given twice is known only once the read is done). */
  get faulty(): boolean {
    return this.faults.any;
  }

  /** Records a fault of the body itself (a header, the JSON syntax), or of the current item. */
  fault(field: string, message: string): void {
    this.faults.add({ field, message }, this.item, this.inItem ? FIELD : AFTER);
  }

  /**
   * Checks item `n` (numbered upwards): for JSON a parsed value, for CSV an object of the row's
   * cells (text, or undefined for an absent column or an empty cell). False once the deck has
   * too many rates: the reader stops there.
   */
  add(n: number, item: unknown): boolean {
    this.item = n;
    this.inItem = true;
    try {
      return this.check(n, item);
    } finally {
      this.inItem = false;
    }
  }

  /**
   * The deck, with the version's options (none when the read stopped before the end: a syntax
   * fault, too many rates), or every fault found. A generator: the prefixes are sorted in steps
   * (`sorted-keys.ts`).
   */
  *finish(options?: DeckOptions): Generator<void, DeckOutcome> {
    let amountDecimals: number | undefined;
    let rounding: unknown;
    if (options !== undefined) {
      amountDecimals = this.amountDecimals(options.amount_decimals);
      rounding = options.rounding === undefined ? 'half_up' : options.rounding;
      if (!isRounding(rounding)) this.fault('rounding', ROUNDING_RULE);
      if (this.emptyItem < 0) {
        this.fault(
          'rates',
          'rates must include the rate of prefix "" (calls without a destination, or matching no other prefix)',
        );
      }
    }
    const { columns, items } = this;
    const sorted = yield* SortedKeys.of(columns.keys, columns.size);
    yield* sorted.duplicates((first, again) =>
      this.faults.duplicate(items[again], items[first], columns.keys[again]),
    );
    if (
      this.faults.total > 0 ||
      amountDecimals === undefined ||
      !isRounding(rounding)
    ) {
      return {
        ok: false,
        errors: this.faults.list(),
        faultCount: this.faults.total,
      };
    }
    const index = yield* PrefixIndex.over(sorted);
    return {
      ok: true,
      deck: new RateDeck(
        columns,
        new RateTable(columns, index),
        amountDecimals,
        rounding,
      ),
    };
  }

  private check(n: number, item: unknown): boolean {
    if (++this.seen > MAX_RATES) {
      this.fault('rates', `a version has at most ${MAX_RATES} rates`);
      return false;
    }
    const label = this.faults.labelOf(n);
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
    if (prefix === undefined) return true;
    if (prefix === '') {
      // A second "" is named here: the columns take one "" only (`rate-columns.ts`).
      if (this.emptyItem >= 0) {
        this.faults.duplicate(n, this.emptyItem, EMPTY_KEY);
        return true;
      }
      this.emptyItem = n;
    }
    // The values of a faulty rate do not matter, only its prefix: the deck is refused.
    const at = this.columns.size;
    this.columns.push(
      prefix,
      firstBlock ?? 0,
      increment ?? 0,
      price ?? 0,
      priceUnit ?? 0,
      connectFee ?? 0,
      noCharge ?? 0,
    );
    if (at === this.items.length) {
      const items = new Int32Array(this.items.length * 2);
      items.set(this.items);
      this.items = items;
    }
    this.items[at] = n;
    return true;
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
