import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  command,
  placeholders,
  select,
  type Statement,
} from '../../platform/database/statement.js';
import { bigintFrom, textFrom } from '../../platform/database/sql-values.js';
import type { TotalsRow } from '../domain/totals.js';

/** Rows per upsert statement: 5 parameters each, far below SQLite's bound-parameter limit. */
const UPSERT_CHUNK = 1000;

/** One user's month as stored, its sums exact. */
export interface StoredTotals {
  readonly userName: string;
  readonly period: string;
  readonly callCount: bigint;
  readonly totalDuration: bigint;
  readonly blockCount: bigint;
}

/** The billing stamp and the months of the users asked for, read in one snapshot. */
export interface TotalsRead {
  /** The block length the totals were counted with; null before the database is stamped. */
  readonly blockMs: number | null;
  readonly months: readonly StoredTotals[];
}

/** Every statement on `billing_totals`, the running totals per user and month. */
@Injectable()
export class TotalsRepository {
  constructor(private readonly database: Database) {}

  /**
   * Adds `rows` to the stored totals, creating the missing ones. MySQL's `VALUES()` form (not
   * `AS alias`) keeps them valid on MariaDB, Vitess and TiDB.
   */
  add(rows: readonly TotalsRow[]): Statement<number>[] {
    const conflict =
      this.database.dialect === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE call_count = call_count + VALUES(call_count), ' +
          'total_duration = total_duration + VALUES(total_duration), ' +
          'block_count = block_count + VALUES(block_count)'
        : 'ON CONFLICT (user_name, period) DO UPDATE SET ' +
          'call_count = call_count + excluded.call_count, ' +
          'total_duration = total_duration + excluded.total_duration, ' +
          'block_count = block_count + excluded.block_count';
    const statements = [];
    for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
      const chunk = rows.slice(start, start + UPSERT_CHUNK);
      statements.push(
        command(
          'INSERT INTO billing_totals (user_name, period, call_count, total_duration, block_count) ' +
            `VALUES ${placeholders(chunk.length, '(?, ?, ?, ?, ?)')} ${conflict}`,
          chunk.flatMap((row) => [
            row.userName,
            row.period,
            row.callCount,
            row.totalDuration,
            row.blockCount,
          ]),
        ),
      );
    }
    return statements;
  }

  /**
   * The stamp and every month of `users`, in one statement so that both come from one snapshot
   * (a few rows a year per user).
   */
  forUsers(users: readonly string[]): Statement<TotalsRead> {
    return {
      sql:
        'SELECT s.block_ms, t.user_name, t.period, t.call_count, t.total_duration, t.block_count ' +
        'FROM billing_state s LEFT JOIN billing_totals t ' +
        `ON t.user_name IN (${placeholders(users.length)}) WHERE s.id = 1`,
      parameters: users,
      decode: ({ rows }) => ({
        // No rows at all: the state row is missing, the database is not stamped yet.
        blockMs: rows[0] === undefined ? null : Number(rows[0].block_ms),
        months: rows.filter((row) => row.user_name !== null).map(totalsFrom),
      }),
    };
  }

  all(): Statement<StoredTotals[]> {
    return select(
      'SELECT user_name, period, call_count, total_duration, block_count FROM billing_totals',
      [],
      totalsFrom,
    );
  }

  clear(): Statement<number> {
    return command('DELETE FROM billing_totals');
  }
}

function totalsFrom(row: Readonly<Record<string, unknown>>): StoredTotals {
  return {
    userName: textFrom(row.user_name),
    period: textFrom(row.period),
    callCount: bigintFrom(row.call_count),
    totalDuration: bigintFrom(row.total_duration),
    blockCount: bigintFrom(row.block_count),
  };
}
