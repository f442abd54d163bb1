import type { QueryRunner } from 'typeorm';

/** Migrations write their DDL per dialect: the service runs on MySQL/MariaDB and on SQLite. */
export function isMysql(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.options.type;
  return type === 'mysql' || type === 'mariadb';
}
