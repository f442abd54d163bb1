import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './dialect.js';

/**
 * The `calls` table. On MySQL `user_name` uses a binary collation, so `Alice` and `alice` are two
 * users as they are on SQLite (whose default TEXT comparison is already binary); user names are
 * ASCII by contract, so the ascii character set keeps the index small.
 */
export class CreateCalls1764000000000 implements MigrationInterface {
  name = 'CreateCalls1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isMysql(queryRunner)) {
      await queryRunner.query(`
        CREATE TABLE calls (
          id bigint NOT NULL AUTO_INCREMENT,
          user_name varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
          call_duration int NOT NULL,
          created_at datetime(6) NOT NULL,
          updated_at datetime(6) NOT NULL,
          PRIMARY KEY (id),
          KEY idx_calls_user_created (user_name, created_at, id),
          CONSTRAINT chk_calls_call_duration CHECK (call_duration >= 0)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
      return;
    }
    await queryRunner.query(`
      CREATE TABLE calls (
        id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
        user_name varchar(32) NOT NULL,
        call_duration integer NOT NULL CHECK (call_duration >= 0),
        created_at datetime NOT NULL,
        updated_at datetime NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX idx_calls_user_created ON calls (user_name, created_at, id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE calls');
  }
}
