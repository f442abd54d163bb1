import { Injectable } from '@nestjs/common';
import {
  integerValue,
  type Columns,
} from '../../platform/database/sql-values.js';
import { select, type Statement } from '../../platform/database/statement.js';
import type {
  InvoiceLine,
  IssuedInvoiceSummary,
} from '../domain/issued-invoice.js';
import { SUMMARY_COLUMNS, summaryFrom } from './invoices.repository.js';

const LINE_COLUMNS =
  'kind, plan, version, prefix, call_count, total_duration, block_count, billed_seconds, ' +
  'amount_micros, call_id, credited_invoice, reason';

export interface InvoicePageQuery {
  readonly limit: number;
  /** The number the previous page ended at; undefined for the first page. */
  readonly before?: bigint;
}

/** The statements that read a user's issued invoices (the close writes them: `invoices.repository.ts`). */
@Injectable()
export class InvoiceReadsRepository {
  /**
   * One page of a user's invoices, newest (highest number) first, and one more to tell whether
   * another page follows: a range of the `(user_name, number)` index. Numbers grow with the
   * period, so this is also period order.
   */
  page(
    userName: string,
    { limit, before }: InvoicePageQuery,
  ): Statement<IssuedInvoiceSummary[]> {
    const after = before === undefined ? [] : [integerValue(before)];
    return select(
      `SELECT ${SUMMARY_COLUMNS} FROM invoices WHERE user_name = ?` +
        `${before === undefined ? '' : ' AND number < ?'} ORDER BY number DESC LIMIT ?`,
      [userName, ...after, limit + 1],
      summaryFrom,
    );
  }

  /** The user's invoice with this number: none for another user's. */
  find(userName: string, number: bigint): Statement<IssuedInvoiceSummary[]> {
    return select(
      `SELECT ${SUMMARY_COLUMNS} FROM invoices WHERE number = ? AND user_name = ?`,
      [integerValue(number), userName],
      summaryFrom,
    );
  }

  /** The lines of the user's invoice with this number, in the order they were issued. */
  lines(userName: string, number: bigint): Statement<InvoiceLine[]> {
    return select(
      `SELECT ${LINE_COLUMNS} FROM invoice_lines WHERE invoice_number = ? ` +
        'AND EXISTS (SELECT 1 FROM invoices WHERE number = ? AND user_name = ?) ' +
        'ORDER BY position',
      [integerValue(number), integerValue(number), userName],
      lineFrom,
    );
  }
}

function lineFrom(row: Columns): InvoiceLine {
  if (row.text('kind') === 'credit') {
    return {
      kind: 'credit',
      callId: row.text('call_id'),
      invoiceNumber: row.bigint('credited_invoice'),
      reason: row.text('reason'),
      amountMicros: row.bigint('amount_micros'),
    };
  }
  return {
    kind: 'usage',
    plan: row.text('plan'),
    version: row.date('version'),
    prefix: row.text('prefix'),
    callCount: row.number('call_count'),
    totalDuration: row.number('total_duration'),
    blockCount: row.number('block_count'),
    billedSeconds: row.number('billed_seconds'),
    amountMicros: row.bigint('amount_micros'),
  };
}
