import { Injectable } from '@nestjs/common';
import {
  command,
  placeholders,
  select,
  type Statement,
} from '../../platform/database/statement.js';
import type { Call } from './call.entity.js';

/** A credit for a call voided after its period closed, booked in a later (open) period. */
export interface StoredCredit {
  readonly callId: string;
  readonly userName: string;
  readonly period: string;
  /** Negative. */
  readonly amountMicros: bigint;
  readonly amountDecimals: number;
  /** The invoice that billed the voided call. */
  readonly invoiceNumber: bigint;
  readonly reason: string;
}

/** The ledger's statements on `credits` and on the invoice a bill refers to. */
@Injectable()
export class CreditsRepository {
  credit(
    call: Call,
    period: string,
    invoiceNumber: bigint,
    at: Date,
  ): Statement<number> {
    return command(
      'INSERT INTO credits (call_id, user_name, period, amount_micros, amount_decimals, ' +
        'invoice_number, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        call.id,
        call.userName,
        period,
        -call.amountMicros,
        call.amountDecimals,
        invoiceNumber,
        call.voidReason,
        at,
      ],
    );
  }

  forUsers(users: readonly string[]): Statement<StoredCredit[]> {
    return select(
      'SELECT call_id, user_name, period, amount_micros, amount_decimals, invoice_number, reason ' +
        `FROM credits WHERE user_name IN (${placeholders(users.length)}) ORDER BY call_id`,
      users,
      (row) => ({
        callId: row.text('call_id'),
        userName: row.text('user_name'),
        period: row.text('period'),
        amountMicros: row.bigint('amount_micros'),
        amountDecimals: row.number('amount_decimals'),
        invoiceNumber: row.bigint('invoice_number'),
        reason: row.text('reason'),
      }),
    );
  }

  /** The invoice numbers of `users`, by user and period. */
  invoicesOf(
    users: readonly string[],
  ): Statement<{ userName: string; period: string; number: bigint }[]> {
    return select(
      `SELECT user_name, period, number FROM invoices WHERE user_name IN (${placeholders(users.length)})`,
      users,
      (row) => ({
        userName: row.text('user_name'),
        period: row.text('period'),
        number: row.bigint('number'),
      }),
    );
  }
}
