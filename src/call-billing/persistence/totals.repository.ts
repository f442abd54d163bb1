import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { Columns } from '../../platform/database/sql-values.js';
import {
  command,
  placeholders,
  select,
  type Statement,
} from '../../platform/database/statement.js';
import type { UsageRow, UserUsage } from '../domain/totals.js';

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
const SUMS = ADDED.map((column) => `SUM(${column}) AS ${column}`).join(', ');
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
        : 'ON CONFLICT (user_name, plan, version, prefix, period) DO UPDATE SET ' +
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
          valuesOf(chunk),
        ),
      );
    }
    return statements;
  }

  /**
   * Each of `users`' totals by rate over all their periods: a line per rate, summed by the
   * database, so a bill receives a handful of rows however many months the user has. The key
   * (user, rate, period) holds each rate's rows together: they are summed as the key is read,
   * with no temporary table and no sort (an `ORDER BY NULL` would make SQLite sort).
   */
  byRate(users: readonly string[]): Statement<UserUsage[]> {
    return select(
      `SELECT user_name, plan, version, prefix, MAX(amount_decimals) AS amount_decimals, ${SUMS} ` +
        `FROM usage_totals WHERE user_name IN (${someOf(users.length, '?')}) ` +
        'GROUP BY user_name, plan, version, prefix HAVING SUM(call_count) <> 0',
      users,
      userUsageFrom,
    );
  }

  /** The totals by rate of each (user, period) of `pairs`. */
  inPeriods(
    pairs: readonly (readonly [string, string])[],
  ): Statement<UsageRow[]> {
    return select(
      `SELECT ${COLUMNS} FROM usage_totals ` +
        `WHERE (user_name, period) IN (${someOf(pairs.length, '(?, ?)')}) AND call_count <> 0`,
      pairs.flat(),
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

/** Placeholders for an IN list; an empty list is one that matches no row (`IN ()` is no SQL). */
function someOf(count: number, group: string): string {
  return count === 0
    ? group.replaceAll('?', 'NULL')
    : placeholders(count, group);
}

export function usageFrom(row: Columns): UsageRow {
  return { ...userUsageFrom(row), period: row.text('period') };
}

function userUsageFrom(row: Columns): UserUsage {
  return {
    userName: row.text('user_name'),
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

/** The rows' values in {@link COLUMNS} order, pushed one after another. */
function valuesOf(rows: readonly UsageRow[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) {
    values.push(
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
    );
  }
  return values;
}
