import { command, selectSingle, type Statement } from './statement.js';

/** The server's version, as `VERSION()` gives it (`10.11.6-MariaDB-0+deb12u1`). */
export function serverVersion(): Statement<string> {
  return selectSingle('SELECT VERSION() AS version', [], (row) =>
    row.text('version'),
  );
}

/**
 * The share of the client's deadline the server is given: a stuck statement then fails on the
 * server, which rolls its transaction back, before the client gives up on a round trip that may
 * carry the COMMIT (a client-side timeout cannot tell whether that COMMIT happened).
 */
const SERVER_SHARE_OF_DEADLINE = 0.75;

/**
 * Session limits on lock waits (row locks, and metadata locks such as `FLUSH TABLES WITH READ
 * LOCK` takes; whole seconds, at least 1) and, on MariaDB, on any statement's run time
 * (fractional seconds), within `deadlineMs`.
 */
export function sessionLimits(
  deadlineMs: number,
  mariadb: boolean,
): Statement<number> {
  const serverMs = deadlineMs * SERVER_SHARE_OF_DEADLINE;
  const lockSeconds = Math.max(1, Math.floor(serverMs / 1000));
  const limits = [
    `innodb_lock_wait_timeout = ${lockSeconds}`,
    `lock_wait_timeout = ${lockSeconds}`,
    ...(mariadb
      ? [`max_statement_time = ${(serverMs / 1000).toFixed(3)}`]
      : []),
  ];
  return command(`SET SESSION ${limits.join(', ')}`);
}
