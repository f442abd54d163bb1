import type { EntityManager } from 'typeorm';
import { blocksForCall } from '../domain/billing-rule.js';

/** The running totals of one user for one UTC month. */
export interface TotalsRow {
  readonly userName: string;
  /** `YYYY-MM`, the UTC month the calls were recorded in. */
  readonly period: string;
  readonly callCount: number;
  readonly totalDuration: number;
  readonly blockCount: number;
}

/** The UTC month of an instant, as `YYYY-MM`. */
export function periodOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** A call as the totals see it. */
export interface CountedCall {
  readonly userName: string;
  readonly callDuration: number;
  readonly createdAt: Date;
}

/**
 * What `calls` add to the totals, one row per user and month, sorted so that concurrent writers
 * lock totals rows in the same order (which keeps them from deadlocking each other).
 */
export function totalsOf(
  calls: Iterable<CountedCall>,
  blockMs: number,
): TotalsRow[] {
  const rows = new Map<
    string,
    { -readonly [K in keyof TotalsRow]: TotalsRow[K] }
  >();
  // The calls of a group or batch share one instant: its month is worked out once.
  let instant: Date | undefined;
  let period = '';
  for (const call of calls) {
    if (call.createdAt !== instant) {
      instant = call.createdAt;
      period = periodOf(instant);
    }
    const key = `${call.userName}\u0000${period}`;
    const row = rows.get(key) ?? {
      userName: call.userName,
      period,
      callCount: 0,
      totalDuration: 0,
      blockCount: 0,
    };
    row.callCount += 1;
    row.totalDuration += call.callDuration;
    row.blockCount += blocksForCall(call.callDuration, blockMs);
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => compare(a.userName, b.userName) || compare(a.period, b.period),
  );
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Rows per upsert statement: 5 parameters each, far below SQLite's bound-parameter limit. */
const UPSERT_CHUNK = 1000;

/**
 * The statements that add `rows` to the stored totals, creating the missing ones. MySQL's
 * `VALUES()` form (not `AS alias`) keeps them valid on MariaDB, Vitess and TiDB.
 */
export function totalsUpserts(
  rows: readonly TotalsRow[],
  mysql: boolean,
): { readonly sql: string; readonly parameters: unknown[] }[] {
  const statements = [];
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
    const chunk = rows.slice(start, start + UPSERT_CHUNK);
    const values = chunk.map(() => '(?, ?, ?, ?, ?)').join(', ');
    statements.push({
      sql:
        'INSERT INTO billing_totals (user_name, period, call_count, total_duration, block_count) ' +
        `VALUES ${values} ` +
        (mysql
          ? 'ON DUPLICATE KEY UPDATE call_count = call_count + VALUES(call_count), ' +
            'total_duration = total_duration + VALUES(total_duration), ' +
            'block_count = block_count + VALUES(block_count)'
          : 'ON CONFLICT (user_name, period) DO UPDATE SET ' +
            'call_count = call_count + excluded.call_count, ' +
            'total_duration = total_duration + excluded.total_duration, ' +
            'block_count = block_count + excluded.block_count'),
      parameters: chunk.flatMap((row) => [
        row.userName,
        row.period,
        row.callCount,
        row.totalDuration,
        row.blockCount,
      ]),
    });
  }
  return statements;
}

/** Adds `rows` to the stored totals, in the caller's transaction. */
export async function addToTotals(
  manager: EntityManager,
  rows: readonly TotalsRow[],
): Promise<void> {
  for (const { sql, parameters } of totalsUpserts(rows, isMysql(manager))) {
    await manager.query(sql, parameters);
  }
}

export function isMysql(manager: EntityManager): boolean {
  const { type } = manager.connection.options;
  return type === 'mysql' || type === 'mariadb';
}
