import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './dialect.js';

/**
 * Idempotency keys, scoped to the user: the unique index on (user_name, idempotency_key) is what
 * makes a retried call record nothing new, across restarts and across service processes. Calls
 * without a key store NULL, which a unique index never treats as a repeat. Keys are compared
 * exactly (binary collation), as user names are.
 */
export class AddIdempotencyKeys1764000000001 implements MigrationInterface {
  name = 'AddIdempotencyKeys1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isMysql(queryRunner)) {
      await queryRunner.query(`
        ALTER TABLE calls
          ADD COLUMN idempotency_key varchar(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
          ADD UNIQUE KEY uq_calls_user_idempotency_key (user_name, idempotency_key)`);
      return;
    }
    await queryRunner.query(
      'ALTER TABLE calls ADD COLUMN idempotency_key varchar(64) NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX uq_calls_user_idempotency_key ON calls (user_name, idempotency_key)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isMysql(queryRunner)) {
      await queryRunner.query(`
        ALTER TABLE calls
          DROP INDEX uq_calls_user_idempotency_key,
          DROP COLUMN idempotency_key`);
      return;
    }
    await queryRunner.query('DROP INDEX uq_calls_user_idempotency_key');
    await queryRunner.query('ALTER TABLE calls DROP COLUMN idempotency_key');
  }
}
