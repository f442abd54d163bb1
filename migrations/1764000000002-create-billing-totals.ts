import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './dialect.js';

/**
 * Running totals per user and UTC month, kept in the same transaction as every recorded call,
 * so that a bill reads a handful of rows however many calls the user has.
 *
 * `billing_state` holds the block length the totals were counted with. It starts empty: the
 * service fills it on first use while `calls` is still empty, and otherwise refuses to bill
 * until `npm run billing:rebuild` has counted the existing calls (e.g. after an upgrade).
 */
export class CreateBillingTotals1764000000002 implements MigrationInterface {
  name = 'CreateBillingTotals1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isMysql(queryRunner)) {
      await queryRunner.query(`
        CREATE TABLE billing_totals (
          user_name varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
          period char(7) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
          call_count bigint NOT NULL,
          total_duration bigint NOT NULL,
          block_count bigint NOT NULL,
          PRIMARY KEY (user_name, period)
        ) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin`);
      await queryRunner.query(`
        CREATE TABLE billing_state (
          id tinyint NOT NULL,
          block_ms int NOT NULL,
          PRIMARY KEY (id)
        ) ENGINE=InnoDB`);
      return;
    }
    await queryRunner.query(`
      CREATE TABLE billing_totals (
        user_name varchar(32) NOT NULL,
        period char(7) NOT NULL,
        call_count integer NOT NULL,
        total_duration integer NOT NULL,
        block_count integer NOT NULL,
        PRIMARY KEY (user_name, period)
      )`);
    await queryRunner.query(`
      CREATE TABLE billing_state (
        id integer PRIMARY KEY NOT NULL,
        block_ms integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE billing_state');
    await queryRunner.query('DROP TABLE billing_totals');
  }
}
