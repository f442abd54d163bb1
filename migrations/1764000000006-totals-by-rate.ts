import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, type Table } from './ddl.js';
import { isMysql } from './dialect.js';
import { USAGE_TOTALS } from './1764000000003-rate-calls.js';

const BY_PERIOD = USAGE_TOTALS.primaryKey;
const BY_RATE = ['user_name', 'plan', 'version', 'prefix', 'period'];

/**
 * `usage_totals` keyed by user, then rate, then period (was: user, period, rate). A bill over
 * all periods sums a user's rows by rate: in this order each rate's rows are next to each
 * other, so the database adds them up as it reads the key, where it filled a temporary table
 * with every row of every month before. Bills of one period and the closing find their rows by
 * the `(period, user_name)` index, as they did. The rows themselves are carried over unchanged.
 */
export class TotalsByRate1764000000006 implements MigrationInterface {
  name = 'TotalsByRate1764000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rekey(queryRunner, BY_RATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await rekey(queryRunner, BY_PERIOD);
  }
}

/**
 * Gives `usage_totals` the primary key `key`: in place on MySQL (InnoDB rebuilds the table and
 * lets writes go on meanwhile); on SQLite, which cannot change a key, by copying the rows into a
 * table made with it, as SQLite's documentation describes (in the migration's transaction).
 */
async function rekey(
  queryRunner: QueryRunner,
  key: readonly string[],
): Promise<void> {
  if (isMysql(queryRunner)) {
    await queryRunner.query(
      `ALTER TABLE usage_totals DROP PRIMARY KEY, ADD PRIMARY KEY (${key.join(', ')})`,
    );
    return;
  }
  const copy: Table = {
    ...USAGE_TOTALS,
    name: 'usage_totals_rekeyed',
    primaryKey: key,
    indexes: [],
  };
  const [create] = createTable(copy, false);
  const columns = USAGE_TOTALS.columns.map(({ name }) => name).join(', ');
  await queryRunner.query(create);
  await queryRunner.query(
    `INSERT INTO usage_totals_rekeyed (${columns}) SELECT ${columns} FROM usage_totals`,
  );
  await queryRunner.query('DROP TABLE usage_totals');
  await queryRunner.query(
    'ALTER TABLE usage_totals_rekeyed RENAME TO usage_totals',
  );
  for (const { name, columns: indexed } of USAGE_TOTALS.indexes ?? []) {
    await queryRunner.query(
      `CREATE INDEX ${name} ON usage_totals (${indexed.join(', ')})`,
    );
  }
}
