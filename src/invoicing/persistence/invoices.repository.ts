import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  integerValue,
  type Columns,
} from '../../platform/database/sql-values.js';
import {
  command,
  select,
  selectOne,
  selectSingle,
  type Statement,
} from '../../platform/database/statement.js';
import type { IssuedInvoiceSummary } from '../domain/issued-invoice.js';

/** One step of a close: the users after `after`, up to and including `upTo` (none: to the end). */
export interface IssueStep {
  readonly period: string;
  readonly after: string;
  readonly upTo: string | undefined;
  /** The highest invoice number so far: this step's invoices follow it. */
  readonly lastNumber: bigint;
  readonly issuedAt: Date;
  readonly currency: string;
}

/**
 * Every statement on `invoices` and `invoice_lines`. A close issues a step's invoices with three
 * set-based statements, whatever the step's size: the invoices (numbered in SQL, by user name in
 * byte order, after the highest number so far), their usage lines (one per rate, from the
 * running totals) and their credit lines (one per credit booked in the period).
 */
@Injectable()
export class InvoicesRepository {
  constructor(private readonly database: Database) {}

  lastNumber(): Statement<bigint> {
    return selectSingle('SELECT MAX(number) AS last FROM invoices', [], (row) =>
      row.bigint('last'),
    );
  }

  /**
   * The user at which a step of `rows` rows of `table` after `after` ends, or undefined when
   * fewer remain. An index range of `rows` entries, never the whole period.
   */
  stepEnd(
    table: 'usage_totals' | 'credits',
    period: string,
    after: string,
    rows: number,
  ): Statement<string | undefined> {
    return selectOne(
      `SELECT user_name FROM ${table} WHERE period = ? AND user_name > ? ` +
        'ORDER BY user_name LIMIT 1 OFFSET ?',
      [period, after, rows - 1],
      (row) => row.text('user_name'),
    );
  }

  /** The step's invoices, then their usage lines, then their credit lines. */
  issue(step: IssueStep): Statement<number>[] {
    const last = integerValue(step.lastNumber);
    const usage = this.users('t', step);
    const credits = this.users('c', step);
    const invoices = this.users('u', step);
    const creditsOnly = this.users('k', step);
    return [
      command(
        'INSERT INTO invoices (number, user_name, period, issued_at, currency, call_count, ' +
          'total_duration, block_count, billed_seconds, total_micros, amount_decimals) ' +
          `SELECT ${this.int()} + ROW_NUMBER() OVER (ORDER BY s.user_name), s.user_name, ?, ?, ?, ` +
          'SUM(s.call_count), SUM(s.total_duration), SUM(s.block_count), SUM(s.billed_seconds), ' +
          'SUM(s.amount_micros), MAX(s.amount_decimals) FROM (' +
          'SELECT u.user_name, u.call_count, u.total_duration, u.block_count, u.billed_seconds, ' +
          `u.amount_micros, u.amount_decimals FROM usage_totals u WHERE ${invoices.where} AND u.call_count > 0 ` +
          'UNION ALL SELECT k.user_name, 0, 0, 0, 0, k.amount_micros, k.amount_decimals ' +
          `FROM credits k WHERE ${creditsOnly.where}) s GROUP BY s.user_name`,
        [
          last,
          step.period,
          step.issuedAt,
          step.currency,
          ...invoices.values,
          ...creditsOnly.values,
        ],
      ),
      command(
        `INSERT INTO invoice_lines (${LINE_COLUMNS}) SELECT i.number, ` +
          'ROW_NUMBER() OVER (PARTITION BY t.user_name ORDER BY t.plan, t.version, t.prefix), ' +
          "'usage', t.plan, t.version, t.prefix, t.call_count, t.total_duration, t.block_count, " +
          't.billed_seconds, t.amount_micros, t.amount_decimals, NULL, NULL, NULL ' +
          'FROM usage_totals t JOIN invoices i ON i.period = t.period AND i.user_name = t.user_name ' +
          `WHERE ${usage.where} AND t.call_count > 0 AND i.number > ?`,
        [...usage.values, last],
      ),
      command(
        `INSERT INTO invoice_lines (${LINE_COLUMNS}) SELECT i.number, ` +
          '(SELECT COUNT(*) FROM usage_totals t WHERE t.period = c.period ' +
          'AND t.user_name = c.user_name AND t.call_count > 0) + ' +
          'ROW_NUMBER() OVER (PARTITION BY c.user_name ORDER BY c.created_at, c.call_id), ' +
          "'credit', NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.amount_micros, c.amount_decimals, " +
          'c.call_id, c.invoice_number, c.reason ' +
          'FROM credits c JOIN invoices i ON i.period = c.period AND i.user_name = c.user_name ' +
          `WHERE ${credits.where} AND i.number > ?`,
        [...credits.values, last],
      ),
    ];
  }

  /**
   * Up to `limit` invoices of `period` after the user `after`, in user name order, which within
   * a period is number order: a range of the `(period, user_name)` index.
   */
  pageOf(
    period: string,
    after: string,
    limit: number,
  ): Statement<IssuedInvoiceSummary[]> {
    return select(
      `SELECT ${SUMMARY_COLUMNS} FROM invoices WHERE period = ? AND user_name > ? ` +
        'ORDER BY user_name LIMIT ?',
      [period, after, limit],
      summaryFrom,
    );
  }

  /** The rows of `alias`'s table in the step's period and range of users. */
  private users(
    alias: string,
    { period, after, upTo }: IssueStep,
  ): { where: string; values: string[] } {
    const where = [`${alias}.period = ?`, `${alias}.user_name > ?`];
    const values = [period, after];
    if (upTo !== undefined) {
      where.push(`${alias}.user_name <= ?`);
      values.push(upTo);
    }
    return { where: where.join(' AND '), values };
  }

  /** A bound integer taken as one: SQLite would make a bound number REAL, MySQL a string DOUBLE. */
  private int(): string {
    return this.database.dialect === 'mysql'
      ? 'CAST(? AS SIGNED)'
      : 'CAST(? AS INTEGER)';
  }
}

const LINE_COLUMNS =
  'invoice_number, position, kind, plan, version, prefix, call_count, total_duration, ' +
  'block_count, billed_seconds, amount_micros, amount_decimals, call_id, credited_invoice, reason';

export const SUMMARY_COLUMNS =
  'number, user_name, period, issued_at, currency, call_count, total_duration, block_count, ' +
  'billed_seconds, total_micros, amount_decimals';

export function summaryFrom(row: Columns): IssuedInvoiceSummary {
  return {
    number: row.bigint('number'),
    userName: row.text('user_name'),
    period: row.text('period'),
    issuedAt: row.date('issued_at'),
    currency: row.text('currency'),
    callCount: row.number('call_count'),
    totalDuration: row.number('total_duration'),
    blockCount: row.number('block_count'),
    billedSeconds: row.number('billed_seconds'),
    totalMicros: row.bigint('total_micros'),
    amountDecimals: row.number('amount_decimals'),
  };
}
