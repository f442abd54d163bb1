import { Injectable } from '@nestjs/common';
import {
  command,
  placeholders,
  select,
  type Statement,
} from '../../platform/database/statement.js';
import {
  bigintFrom,
  numberFrom,
  textFrom,
} from '../../platform/database/sql-values.js';
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
        callId: textFrom(row.call_id),
        userName: textFrom(row.user_name),
        period: textFrom(row.period),
        amountMicros: bigintFrom(row.amount_micros),
        amountDecimals: numberFrom(row.amount_decimals),
        invoiceNumber: bigintFrom(row.invoice_number),
        reason: textFrom(row.reason),
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
        userName: textFrom(row.user_name),
        period: textFrom(row.period),
        number: bigintFrom(row.number),
      }),
    );
  }
}
