/** Bills as SPEC §3.2 shows them, for the tests that pin their exact shape. */
import { DEFAULT_RATE } from './oracle/tariff.js';

/** SPEC §3.2's keys, in its order. */
export const BILL_KEYS = [
  'user_name',
  'period',
  'status',
  'invoice_number',
  'call_count',
  'total_duration',
  'block_count',
  'billed_seconds',
  'block_seconds',
  'price_per_block',
  'amount',
  'currency',
  'lines',
];
export const LINE_KEYS = [
  'kind',
  'plan',
  'version',
  'prefix',
  'call_count',
  'total_duration',
  'block_count',
  'billed_seconds',
  'amount',
];

/** What a bill and each of its lines count. */
export interface Figures {
  readonly call_count: number;
  readonly total_duration: number;
  readonly block_count: number;
  readonly billed_seconds: number;
  readonly amount: string;
}

/** The usage line of the calls rated with the default plan's first version, catch-all rate. */
export function defaultLine(figures: Figures) {
  return { kind: 'usage', ...DEFAULT_RATE, ...figures };
}

/** `user`'s bill of `figures` (all on the default rate, one line) on the default tariff, but for `fields`. */
export function defaultBill(
  user: string,
  figures?: Figures,
  fields: Record<string, unknown> = {},
) {
  return {
    user_name: user,
    period: null,
    status: null,
    invoice_number: null,
    call_count: 0,
    total_duration: 0,
    block_count: 0,
    billed_seconds: 0,
    block_seconds: 30,
    price_per_block: '0.05',
    amount: '0.00',
    currency: 'USD',
    ...figures,
    lines: figures === undefined ? [] : [defaultLine(figures)],
    ...fields,
  };
}

/** alice's bill of `figures` on the default tariff, but for `fields`. */
export function aliceBill(
  figures?: Figures,
  fields: Record<string, unknown> = {},
) {
  return defaultBill('alice', figures, fields);
}

/** The JSON type of each field: `null` and `array` apart from `object`. */
export function typesOf(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value,
    ]),
  );
}
