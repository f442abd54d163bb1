import type { DataSourceOptions } from 'typeorm';

/**
 * The per-call block count of `blocksForCall` (billing-rule.ts) as SQL, so that a bill is summed in the
 * database rather than by fetching every call. Integer division on both dialects: MySQL's `DIV`,
 * and SQLite's `/`, which is integral for integer operands. `blockMs` is a validated integer.
 */
export function blockCountSql(
  column: string,
  blockMs: number,
  dialect: DataSourceOptions['type'],
): string {
  if (!Number.isSafeInteger(blockMs) || blockMs <= 0) {
    throw new RangeError(
      `block length must be a positive integer, got ${blockMs}`,
    );
  }
  const divide = dialect === 'mysql' || dialect === 'mariadb' ? 'DIV' : '/';
  return `((${column} + ${blockMs - 1}) ${divide} ${blockMs})`;
}
