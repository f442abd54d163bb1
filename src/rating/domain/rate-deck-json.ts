/**
 * A version's rates as JSON (SPEC §7): `{"amount_decimals"?, "rounding"?, "rates": [...]}`.
 *
 * A million rates are ~60 MB of JSON, which `JSON.parse` would hold the event loop with for a
 * second. So the body is scanned a slice at a time: the items of the top-level `rates` array are
 * cut out between their commas and parsed a slice's worth at a time, and everything else (the
 * "skeleton", with `"rates": []` in place of the array) is parsed once at the end, bounded like
 * any JSON body (`json-limits.ts`).
 */
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  jsonLimitFault,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
} from '../../platform/http/json-limits.js';
import { keepingFractions } from '../../platform/http/whole-number.js';
import {
  type DeckOptions,
  type DeckOutcome,
  type RateDeckBuilder,
} from './rate-deck.js';
import {
  DeckRefused,
  readDeck,
  type DeckFormatOptions,
  type SliceReader,
} from './deck-reader.js';
import { nextTurn, type ByteSource } from './text-slices.js';

/** A rate is some 200 characters, however spaced out; one of 16 KB is not a rate. */
export const MAX_ITEM_CHARS = 16 * 1024;
/** Everything but the rates: a few fields. */
export const MAX_SKELETON_CHARS = 64 * 1024;
/** The shortest rate, `{"prefix":"","price":"0"},`. */
const MIN_ITEM_BYTES = 26;

const BODY_FIELDS = ['amount_decimals', 'rounding', 'rates'];
const RATES = 'rates';

const JSON_FORMAT: DeckFormatOptions = {
  format: 'json',
  labelOf: (index) => `rates[${index}]`,
  minRateBytes: MIN_ITEM_BYTES,
};

export function readJsonDeck(
  body: Uint8Array | ByteSource,
  pause: () => Promise<void> = nextTurn,
): Promise<DeckOutcome> {
  return readDeck(
    body,
    JSON_FORMAT,
    pause,
    (builder) => new RatesScanner(builder),
  );
}

/**
 * A JSON scanner that follows strings and nesting across slices, hands the items of the
 * top-level `rates` array to the builder as soon as a slice completes them, and keeps the rest.
 */
class RatesScanner implements SliceReader {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private topIsObject: boolean | undefined;
  /** How much of "rates" the current depth-1 string has matched; -1 once it cannot. */
  private matched = -1;
  private lastKeyIsRates = false;
  private expectRates = false;
  private inRates = false;
  private ratesSeen = false;
  private sawComma = false;
  private itemChars = 0;
  /** The position of the item being scanned; {@link index} is of the next one checked. */
  private itemIndex = 0;
  private carry = '';
  private index = 0;
  private skeletonText = '';

  constructor(private readonly builder: RateDeckBuilder) {}

  slice(text: string): boolean {
    this.scan(text);
    return true;
  }

  end(): DeckOptions {
    return this.skeleton();
  }

  private scan(text: string): void {
    let copyFrom = 0;
    let groupFrom = 0;
    let lastComma = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inRates && ++this.itemChars > MAX_ITEM_CHARS) {
        this.stop(
          `rates[${this.itemIndex}]`,
          `an item of rates may have at most ${MAX_ITEM_CHARS} characters`,
        );
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.endString();
        else if (this.matched >= 0) {
          this.matched =
            this.matched < RATES.length && c === RATES.charCodeAt(this.matched)
              ? this.matched + 1
              : -1;
        }
        continue;
      }
      if (c <= 0x20) continue;
      if (this.topIsObject === undefined) this.topIsObject = c === OPEN_OBJECT;
      const expected = this.expectRates;
      this.expectRates = false;
      if (c === QUOTE) {
        this.inString = true;
        this.matched = this.depth === 1 && this.topIsObject ? 0 : -1;
      } else if (c === COLON) {
        this.expectRates = this.depth === 1 && this.lastKeyIsRates;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        this.depth++;
        if (expected && c === OPEN_ARRAY) {
          if (this.ratesSeen) this.stop('rates', 'rates is given twice');
          this.ratesSeen = this.inRates = true;
          this.skeletonText += text.slice(copyFrom, i + 1);
          this.checkSkeleton();
          groupFrom = i + 1;
          this.itemChars = 0;
        }
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.inRates && this.depth === 2) {
          this.items(this.carry + text.slice(groupFrom, i), true);
          this.carry = '';
          this.inRates = false;
          copyFrom = i;
        }
        this.depth = Math.max(0, this.depth - 1);
      } else if (c === COMMA && this.inRates && this.depth === 2) {
        lastComma = i;
        this.sawComma = true;
        this.itemChars = 0;
        this.itemIndex++;
      }
      this.lastKeyIsRates = false;
    }
    if (!this.inRates) {
      this.skeletonText += text.slice(copyFrom);
      this.checkSkeleton();
    } else if (lastComma >= groupFrom) {
      this.items(this.carry + text.slice(groupFrom, lastComma), false);
      this.carry = text.slice(lastComma + 1);
    } else {
      this.carry += text.slice(groupFrom);
    }
  }

  /** The body's other fields, once the whole body is scanned (rates given to the builder). */
  private skeleton(): Record<string, unknown> {
    if (this.inRates || this.inString || this.depth > 0) {
      this.stop('body', 'The request body is not valid JSON: it ends too soon');
    }
    const fault = jsonLimitFault(this.skeletonText);
    if (fault !== undefined) this.stop(fault.field, fault.message);
    let value: unknown;
    try {
      value = JSON.parse(keepingFractions(this.skeletonText));
    } catch {
      this.stop('body', 'The request body is not valid JSON');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.stop('body', 'The request body must be a JSON object with rates');
    }
    const fields = value as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!BODY_FIELDS.includes(key)) {
        const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
        this.builder.fault(shown, `property ${shown} should not exist`);
      }
    }
    // An escaped key ("r\u0061tes") is not cut out by the scan: then it is here, and small.
    if (!this.ratesSeen) {
      if (Array.isArray(fields.rates))
        fields.rates.forEach((item) => this.add(item));
      else
        this.builder.fault(
          'rates',
          fields.rates === undefined
            ? 'rates is required'
            : 'rates must be an array of rates',
        );
    }
    return fields;
  }

  private endString(): void {
    this.inString = false;
    this.lastKeyIsRates = this.matched === RATES.length;
    this.matched = -1;
  }

  /** Parses the items in `group` (the text between two commas or brackets) and checks them. */
  private items(group: string, last: boolean): void {
    if (group.trim() === '') {
      // `[]` is an empty list; an empty place between commas (`[,` `,,` `,]`) is not JSON.
      if (last && !this.sawComma) return;
      this.stop(
        `rates[${this.index}]`,
        'The request body is not valid JSON: an item of rates is missing',
      );
    }
    let parsed: unknown[];
    try {
      // A fraction that a double would round to a whole number stays a fraction (whole-number.ts).
      parsed = JSON.parse(keepingFractions(`[${group}]`)) as unknown[];
    } catch {
      this.stop(
        `rates[${this.index}]`,
        `The request body is not valid JSON from rates[${this.index}] on`,
      );
    }
    for (const item of parsed) this.add(item);
  }

  private add(item: unknown): void {
    if (!this.builder.add(this.index++, item)) throw new DeckRefused();
  }

  private checkSkeleton(): void {
    if (this.skeletonText.length > MAX_SKELETON_CHARS) {
      this.stop(
        'body',
        `The request body must be a JSON object of amount_decimals, rounding and rates; ` +
          `it has more than ${MAX_SKELETON_CHARS} characters besides the items of rates`,
      );
    }
  }

  private stop(field: string, message: string): never {
    this.builder.fault(field, message);
    throw new DeckRefused();
  }
}
