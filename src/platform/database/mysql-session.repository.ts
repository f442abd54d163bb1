import { command, statement, type Statement } from './statement.js';
import { textFrom } from './sql-values.js';

/** The server's version, as `VERSION()` gives it (`10.11.6-MariaDB-0+deb12u1`). */
export function serverVersion(): Statement<string> {
  return statement('SELECT VERSION() AS version', [], ({ rows }) =>
    textFrom(rows[0]?.version ?? ''),
  );
}

/**
 * Session limits of `seconds` on lock waits (row locks, and metadata locks such as
 * `FLUSH TABLES WITH READ LOCK` takes) and, on MariaDB, on any statement's run time.
 */
export function sessionLimits(
  seconds: number,
  mariadb: boolean,
): Statement<number> {
  const limits = [
    `innodb_lock_wait_timeout = ${seconds}`,
    `lock_wait_timeout = ${seconds}`,
    ...(mariadb ? [`max_statement_time = ${seconds}`] : []),
  ];
  return command(`SET SESSION ${limits.join(', ')}`);
}
