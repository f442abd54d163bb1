import { formatMicros } from '../../rating/domain/decimal.js';
import { formatInvoiceNumber } from '../../call-billing/domain/invoice-number.js';
import type {
  CreditLine,
  IssuedInvoice,
  UsageLine,
} from '../domain/issued-invoice.js';
import { pdfText } from './pdf-text.js';

/** One row of the invoice's table, as printed. */
export interface LineRow {
  readonly description: string;
  readonly calls: string;
  readonly billedTime: string;
  readonly amount: string;
}

/** The rows of a page: `lines.slice(start, end)`. */
export interface PageRows {
  readonly start: number;
  readonly end: number;
}

const COUNT = new Intl.NumberFormat('en-US');
const MONTH = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `2026-11` → `November 2026`. */
export function periodName(period: string): string {
  const [year, month] = period.split('-').map(Number);
  if (year === undefined || month === undefined) return period;
  const first = new Date(0);
  first.setUTCFullYear(year, month - 1, 1);
  return Number.isNaN(first.getTime()) ? period : MONTH.format(first);
}

/** The calendar day of `instant` where the invoice is read: `1 December 2026`. */
export function dayName(instant: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(instant);
}

/** Seconds as `h:mm:ss`, the way a phone bill shows time: 630 → `0:10:30`. */
export function clockTime(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${COUNT.format(hours)}:${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}

/** A tariff version by its start: the day, and the time of day only when it is not midnight. */
export function versionName(version: Date): string {
  const iso = version.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00'
    ? iso.slice(0, 10)
    : `${iso.slice(0, 10)} ${time.endsWith(':00') ? time.slice(0, 5) : time} UTC`;
}

export function describeUsage(line: UsageLine): string {
  const destinations =
    line.prefix === '' ? 'other destinations' : `prefix ${line.prefix}`;
  return `Calls on plan ${line.plan}, ${destinations}, rates of ${versionName(line.version)}`;
}

export function describeCredit(line: CreditLine): string {
  return pdfText(
    `Credit for call ${line.callId} (invoice ${formatInvoiceNumber(line.invoiceNumber)}): ${line.reason}`,
  );
}

/** The table's rows, one per line of the invoice, amounts with the invoice's decimals. */
export function lineRows(invoice: IssuedInvoice): LineRow[] {
  return invoice.lines.map((line) =>
    line.kind === 'usage'
      ? {
          description: describeUsage(line),
          calls: COUNT.format(line.callCount),
          billedTime: clockTime(line.billedSeconds),
          amount: formatMicros(line.amountMicros, invoice.amountDecimals),
        }
      : {
          description: describeCredit(line),
          calls: '',
          billedTime: '',
          amount: formatMicros(line.amountMicros, invoice.amountDecimals),
        },
  );
}

/** The invoice's total with its currency: `USD 1.05`. */
export function totalText(invoice: IssuedInvoice): string {
  return `${invoice.currency} ${formatMicros(invoice.totalMicros, invoice.amountDecimals)}`;
}

/**
 * Splits rows of the given heights into pages: the first page has `first` points for rows, the
 * others `others`, and the last must keep `closing` points below its rows for the totals. A
 * page always holds at least one row (a row taller than a page overflows it rather than loop),
 * and there is always a page, if only for the totals of an invoice without lines.
 */
export function paginate(
  heights: readonly number[],
  first: number,
  others: number,
  closing: number,
): PageRows[] {
  const pages: PageRows[] = [];
  let start = 0;
  let room = first;
  let used = 0;
  heights.forEach((height, index) => {
    if (index > start && used + height > room) {
      pages.push({ start, end: index });
      start = index;
      room = others;
      used = 0;
    }
    used += height;
  });
  if (used + closing <= room || heights.length === 0) {
    pages.push({ start, end: heights.length });
  } else if (heights.length - start > 1) {
    // The totals do not fit under the last rows: the last row goes over with them.
    pages.push({ start, end: heights.length - 1 });
    pages.push({ start: heights.length - 1, end: heights.length });
  } else {
    pages.push({ start, end: heights.length });
    pages.push({ start: heights.length, end: heights.length });
  }
  return pages;
}
