import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { Columns } from '../../platform/database/sql-values.js';
import {
  command,
  placeholders,
  select,
  type Statement,
} from '../../platform/database/statement.js';
import type { UsageRow } from '../domain/totals.js';

const COLUMNS =
  'user_name, period, plan, version, prefix, amount_decimals, ' +
  'call_count, total_duration, block_count, billed_seconds, amount_micros';
const ADDED = [
  'call_count',
  'total_duration',
  'block_count',
  'billed_seconds',
  'amount_micros',
];
/** Rows per upsert statement: 11 values each, under SQLite's bound-value limit. */
const UPSERT_CHUNK = 1000;

/** Every statement on `usage_totals`, the running totals per user, billing period and rate. */
@Injectable()
export class TotalsRepository {
  constructor(private readonly database: Database) {}

  /**
   * Adds `rows` (negative figures take away) to the stored totals, creating the missing ones.
   * MySQL's `VALUES()` form (not `AS alias`) keeps them valid on MariaDB, Vitess and TiDB.
   */
  add(rows: readonly UsageRow[]): Statement<number>[] {
    const conflict =
      this.database.dialect === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE ' +
          ADDED.map(
            (column) => `${column} = ${column} + VALUES(${column})`,
          ).join(', ')
        : 'ON CONFLICT (user_name, period, plan, version, prefix) DO UPDATE SET ' +
          ADDED.map(
            (column) => `${column} = ${column} + excluded.${column}`,
          ).join(', ');
    const statements = [];
    for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
      const chunk = rows.slice(start, start + UPSERT_CHUNK);
      statements.push(
        command(
          `INSERT INTO usage_totals (${COLUMNS}) ` +
            `VALUES ${placeholders(chunk.length, `(${placeholders(11)})`)} ${conflict}`,
          chunk.flatMap((row) => [
            row.userName,
            row.period,
            row.plan,
            row.version,
            row.prefix,
            row.amountDecimals,
            row.callCount,
            row.totalDuration,
            row.blockCount,
            row.billedSeconds,
            row.amountMicros,
          ]),
        ),
      );
    }
    return statements;
  }

  /** Every row of `users`: a handful per user and month, however many calls they made. */
  forUsers(users: readonly string[]): Statement<UsageRow[]> {
    return select(
      `SELECT ${COLUMNS} FROM usage_totals WHERE user_name IN (${placeholders(users.length)}) ` +
        'AND call_count <> 0',
      users,
      usageFrom,
    );
  }

  all(): Statement<UsageRow[]> {
    return select(
      `SELECT ${COLUMNS} FROM usage_totals WHERE call_count <> 0`,
      [],
      usageFrom,
    );
  }

  clear(): Statement<number> {
    return command('DELETE FROM usage_totals');
  }
}

export function usageFrom(row: Columns): UsageRow {
  return {
    userName: row.text('user_name'),
    period: row.text('period'),
    plan: row.text('plan'),
    version: row.date('version'),
    prefix: row.text('prefix'),
    amountDecimals: row.number('amount_decimals'),
    callCount: row.bigint('call_count'),
    totalDuration: row.bigint('total_duration'),
    blockCount: row.bigint('block_count'),
    billedSeconds: row.bigint('billed_seconds'),
    amountMicros: row.bigint('amount_micros'),
  };
}
