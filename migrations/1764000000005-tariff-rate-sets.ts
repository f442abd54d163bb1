import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumns, column, types } from './ddl.js';
import { isMysql } from './dialect.js';

/**
 * A version's rates become a named **rate set**, which the version row points to
 * (`tariff_versions.rate_set`): a new deck is stored as a set of its own over many short
 * transactions, and a short one publishes it, so that no upload holds the database (or, on
 * SQLite, the event loop) for long. The rates already stored keep their rows: the set of each
 * existing version is named after its plan, as `tariff_rates` keyed them (its `plan` column is
 * renamed `rate_set`, a change of the schema only).
 */
export class TariffRateSets1764000000005 implements MigrationInterface {
  name = 'TariffRateSets1764000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    await queryRunner.query(
      'ALTER TABLE tariff_rates RENAME COLUMN plan TO rate_set',
    );
    for (const statement of addColumns(
      'tariff_versions',
      [column('rate_set', types.plan, "NOT NULL DEFAULT ''")],
      mysql,
    )) {
      await queryRunner.query(statement);
    }
    await queryRunner.query('UPDATE tariff_versions SET rate_set = plan');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const [staged] = (await queryRunner.query(
      'SELECT COUNT(*) AS n FROM tariff_versions WHERE rate_set <> plan',
    )) as { n: unknown }[];
    if (Number(staged?.n) > 0) {
      throw new Error(
        'TariffRateSets1764000000005 cannot be reverted: versions uploaded since keep their rates in sets of their own (restore a backup instead)',
      );
    }
    // Rates of no version (an upload cut short) have no place in the previous schema.
    await queryRunner.query(
      'DELETE FROM tariff_rates WHERE NOT EXISTS (SELECT 1 FROM tariff_versions v ' +
        'WHERE v.rate_set = tariff_rates.rate_set AND v.effective_from = tariff_rates.effective_from)',
    );
    await queryRunner.query('ALTER TABLE tariff_versions DROP COLUMN rate_set');
    await queryRunner.query(
      'ALTER TABLE tariff_rates RENAME COLUMN rate_set TO plan',
    );
  }
}
