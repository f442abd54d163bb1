import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  integerValue,
  type Columns,
} from '../../platform/database/sql-values.js';
import {
  command,
  placeholders,
  select,
  selectOne,
  selectSingle,
  type Statement,
} from '../../platform/database/statement.js';
import type { StoredPeriod } from '../domain/period-summary.js';

/** The tables in which a period's calls show: a period "has calls" when either has a row for it. */
const CALL_SOURCES = ['usage_totals', 'credits'] as const;
/** The tables a period shows in: the admin list shows periods with calls or a close. */
const SEEK_TABLES = [...CALL_SOURCES, 'billing_periods'] as const;

/**
 * Every statement on `billing_periods`, the move of the ledger's `closed_through` (read, like
 * every writer does, through `LedgerStateRepository`), and the questions about which periods
 * have calls. Those are answered from the `(period, user_name)` indexes of `usage_totals` and
 * `credits`: one index seek per period, however many users it has.
 */
@Injectable()
export class PeriodsRepository {
  constructor(private readonly database: Database) {}

  /** Moves `closed_through` forward to `period` (never back). */
  closeThrough(period: string): Statement<number> {
    return command(
      'UPDATE ledger_state SET closed_through = ? ' +
        'WHERE id = 1 AND (closed_through IS NULL OR closed_through < ?)',
      [period, period],
    );
  }

  find(period: string): Statement<StoredPeriod | undefined> {
    return selectOne(
      `SELECT ${COLUMNS} FROM billing_periods WHERE period = ?`,
      [period],
      periodFrom,
    );
  }

  /** The stored closes of `periods` (one at least). */
  findAll(periods: readonly string[]): Statement<StoredPeriod[]> {
    return select(
      `SELECT ${COLUMNS} FROM billing_periods WHERE period IN (${placeholders(periods.length)})`,
      periods,
      periodFrom,
    );
  }

  /** The first close at or after `period`: the one that made a month without calls count as closed. */
  firstClosedFrom(period: string): Statement<StoredPeriod | undefined> {
    return selectOne(
      `SELECT ${COLUMNS} FROM billing_periods WHERE period >= ? AND status = 'closed' ` +
        'ORDER BY period LIMIT 1',
      [period],
      periodFrom,
    );
  }

  /** Closes that were begun and not finished (interrupted), oldest first. */
  unfinished(): Statement<string[]> {
    return select(
      "SELECT period FROM billing_periods WHERE status = 'closing' ORDER BY period",
      [],
      (row) => row.text('period'),
    );
  }

  begin(period: string, amountDecimals: number): Statement<number> {
    return command(
      'INSERT INTO billing_periods (period, status, closed_at, invoice_count, total_micros, ' +
        "amount_decimals, next_user) VALUES (?, 'closing', NULL, 0, 0, ?, NULL)",
      [period, amountDecimals],
    );
  }

  /**
   * Counts the invoices numbered after `lastNumber` (the step's) into the period and moves its
   * cursor to `upTo`, or, on the last step, to the last user the step invoiced.
   */
  advance(
    period: string,
    lastNumber: bigint,
    upTo: string | undefined,
  ): Statement<number> {
    const greatest = this.database.dialect === 'mysql' ? 'GREATEST' : 'MAX';
    const issued = 'FROM invoices WHERE number > ?';
    const after = integerValue(lastNumber);
    return command(
      'UPDATE billing_periods SET ' +
        `next_user = COALESCE(?, (SELECT MAX(user_name) ${issued}), next_user), ` +
        `invoice_count = invoice_count + (SELECT COUNT(*) ${issued}), ` +
        `total_micros = total_micros + (SELECT COALESCE(SUM(total_micros), 0) ${issued}), ` +
        `amount_decimals = ${greatest}(amount_decimals, (SELECT COALESCE(MAX(amount_decimals), 0) ${issued})) ` +
        "WHERE period = ? AND status = 'closing'",
      [upTo ?? null, after, after, after, after, period],
    );
  }

  finish(period: string, closedAt: Date): Statement<number> {
    return command(
      "UPDATE billing_periods SET status = 'closed', closed_at = ? " +
        "WHERE period = ? AND status = 'closing'",
      [closedAt, period],
    );
  }

  /** The first period with calls strictly between `after` and `before` (either may be open-ended). */
  firstWithCalls(
    after: string | null,
    before?: string,
  ): Statement<string | undefined> {
    const bounds = (): { where: string; values: string[] } => {
      const where = ['period > ?'];
      const values = [after ?? ''];
      if (before !== undefined) {
        where.push('period < ?');
        values.push(before);
      }
      return { where: where.join(' AND '), values };
    };
    const parts = CALL_SOURCES.map((table) => {
      const { where, values } = bounds();
      return {
        sql: `SELECT MIN(period) AS period FROM ${table} WHERE ${where}`,
        values,
      };
    });
    return selectSingle(
      `SELECT MIN(period) AS period FROM (${parts.map((part) => part.sql).join(' UNION ALL ')}) firsts`,
      parts.flatMap((part) => part.values),
      (row) => row.optionalText('period') ?? undefined,
    );
  }

  /**
   * Up to `limit` periods that have calls or a close, newest first, before `before` (exclusive;
   * none: from the newest). A recursive walk of index seeks, one per period: the cost is the
   * page's, not the tables'.
   */
  pageBefore(before: string | undefined, limit: number): Statement<string[]> {
    const greatest = this.database.dialect === 'mysql' ? 'GREATEST' : 'MAX';
    // '' stands for "none" (it sorts before every period), so that one missing seek does not
    // make the whole GREATEST NULL.
    const previous = (bound: string): string =>
      `NULLIF(${greatest}(${SEEK_TABLES.map(
        (table) =>
          `COALESCE((SELECT MAX(period) FROM ${table} WHERE period < ${bound}), '')`,
      ).join(', ')}), '')`;
    return select(
      'WITH RECURSIVE walk (period, depth) AS (' +
        `SELECT ${previous('?')}, 1 ` +
        'UNION ALL ' +
        `SELECT ${previous('walk.period')}, depth + 1 FROM walk ` +
        'WHERE walk.period IS NOT NULL AND depth < ?' +
        ') SELECT period FROM walk WHERE period IS NOT NULL ORDER BY period DESC',
      [...SEEK_TABLES.map(() => before ?? '9999-99'), limit],
      (row) => row.text('period'),
    );
  }
}

const COLUMNS =
  'period, status, closed_at, invoice_count, total_micros, amount_decimals, next_user';

function periodFrom(row: Columns): StoredPeriod {
  return {
    period: row.text('period'),
    status: row.text('status') === 'closed' ? 'closed' : 'closing',
    closedAt: row.optionalDate('closed_at'),
    invoiceCount: row.number('invoice_count'),
    totalMicros: row.bigint('total_micros'),
    amountDecimals: row.number('amount_decimals'),
    nextUser: row.optionalText('next_user'),
  };
}
