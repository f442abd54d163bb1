import { RecentInstantTexts } from '../collections/recent-instant-texts.js';
import { safeInteger } from '../numbers/safe-integer.js';
import type { Row } from './statement.js';

/**
 * Values crossing into and out of SQL, the same on both drivers. Instants are written as UTC
 * datetime text, `2026-11-24 10:15:30.123`: what mysql2 would send for a Date with the
 * connection's zone at UTC, and how TypeORM stores one in SQLite, so that comparisons agree.
 */
export function toSqlValue(value: unknown): unknown {
  if (value instanceof Date) return utcDatetimeText(value);
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * An integer bound so that both drivers compare and store it exactly: a number while it is a
 * safe integer (mysql2 would quote a string, and MySQL then compares as floating point), its
 * digits past that.
 */
export function integerValue(value: bigint | string): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : String(value);
}

const datetimeTexts = new RecentInstantTexts((instant) =>
  instant.toISOString().replace('T', ' ').slice(0, 23),
);

export function utcDatetimeText(instant: Date): string {
  return datetimeTexts.of(instant);
}

/** A DATETIME column as MySQL (a Date) or SQLite (UTC text) gives it. */
function dateFrom(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    return new Date(
      `${value.replace(' ', 'T')}${value.endsWith('Z') ? '' : 'Z'}`,
    );
  }
  throw new TypeError(`not a datetime: ${String(value)}`);
}

function optionalDateFrom(value: unknown): Date | null {
  return value === null || value === undefined ? null : dateFrom(value);
}

/** An integer column or sum, exact: MySQL gives bigints as strings, SQLite as numbers. */
function bigintFrom(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(value as string | number | bigint);
}

/** An integer that fits a JS number exactly (counts, durations of one call, ids kept as text). */
function numberFrom(value: unknown): number {
  // What the drivers give for most integer columns, exact as it is: no BigInt on the way.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && isShortDigits(value)) return Number(value);
  return safeInteger(bigintFrom(value));
}

/** 1–15 digits: a number below 10^15, so below 2^53 and exact as a double. */
function isShortDigits(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function textFrom(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function optionalTextFrom(value: unknown): string | null {
  return value === null || value === undefined ? null : textFrom(value);
}

/**
 * One row's columns read as the service's types, the same on both drivers; an absent column
 * reads as SQL NULL.
 */
export class Columns {
  constructor(private readonly row: Row) {}

  text(name: string): string {
    return textFrom(this.row[name]);
  }

  optionalText(name: string): string | null {
    return optionalTextFrom(this.row[name]);
  }

  /** See {@link numberFrom}. */
  number(name: string): number {
    return numberFrom(this.row[name]);
  }

  /** See {@link bigintFrom}: NULL reads as 0. */
  bigint(name: string): bigint {
    return bigintFrom(this.row[name]);
  }

  date(name: string): Date {
    return dateFrom(this.row[name]);
  }

  optionalDate(name: string): Date | null {
    return optionalDateFrom(this.row[name]);
  }

  /** A 0/1 column. */
  flag(name: string): boolean {
    return Number(this.row[name]) === 1;
  }
}
