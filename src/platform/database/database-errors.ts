/**
 * What a database error means for the caller, decided in one place for both drivers:
 * - `unique-violation`: a unique index refused a row; the caller may look again and re-plan;
 * - `transient`: the same transaction, run again, is expected to succeed (a deadlock victim, a
 *   SQLite write lock held by another connection for a moment);
 * - `unavailable`: the database cannot answer now (unreachable, stalled, over its deadline):
 *   the client gets 503 with `Retry-After`;
 * - `other`: a fault of ours, answered 500 and logged.
 */
export type DatabaseFault =
  'unique-violation' | 'transient' | 'unavailable' | 'other';

const UNIQUE_CODES = new Set([
  'ER_DUP_ENTRY',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

const TRANSIENT_CODES = new Set([
  'ER_LOCK_DEADLOCK',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_LOCKED',
]);

/**
 * A lock wait or statement that ran out its server-side limit has already used the deadline a
 * client waits for: retrying would only double it.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  'ER_OPTION_PREVENTS_STATEMENT',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
]);

/** TypeORM's errors for a DataSource that is not (or no longer) connected, and our own deadline. */
const UNAVAILABLE_NAMES = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
  'DatabaseTimeoutError',
]);

/**
 * mysql2's pool errors carry no code: the pool was closed (the service is stopping) or too many
 * requests already wait for a connection (the database is not keeping up).
 */
const UNAVAILABLE_MESSAGES = new Set([
  'Pool is closed.',
  'Queue limit reached.',
  'Connection is not established with mysql database',
]);

/** The database did not answer within its deadline: the caller answers 503. */
export class DatabaseTimeoutError extends Error {
  override readonly name = 'DatabaseTimeoutError';

  constructor(what: string, ms: number) {
    super(`${what} did not complete within ${ms} ms`);
  }
}

/** MariaDB's "Query execution was interrupted (max_statement_time exceeded)". */
const MARIADB_STATEMENT_TIMEOUT = 1969;

/**
 * Classifies an error by walking it and what it wraps (TypeORM's `driverError`, `cause`): the
 * first layer that says something decides.
 */
export function classifyDatabaseError(error: unknown): DatabaseFault {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const { code, errno, name, message, fatal, driverError, cause } =
      current as {
        code?: unknown;
        errno?: unknown;
        name?: unknown;
        message?: unknown;
        fatal?: unknown;
        driverError?: unknown;
        cause?: unknown;
      };
    if (typeof code === 'string') {
      if (UNIQUE_CODES.has(code)) return 'unique-violation';
      if (TRANSIENT_CODES.has(code)) return 'transient';
      if (UNAVAILABLE_CODES.has(code)) return 'unavailable';
      if (code.startsWith('SQLITE_IOERR')) return 'unavailable';
    }
    // MariaDB's max_statement_time (1969) has no name in mysql2: it comes as a bare errno.
    if (errno === MARIADB_STATEMENT_TIMEOUT) return 'unavailable';
    if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name))
      return 'unavailable';
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.has(message))
      return 'unavailable';
    // mysql2 marks the errors that broke the connection itself (lost, closed, timed out) fatal.
    if (fatal === true) return 'unavailable';
    current = driverError ?? cause;
  }
  return 'other';
}

export function isUniqueViolation(error: unknown): boolean {
  return classifyDatabaseError(error) === 'unique-violation';
}

export function isTransient(error: unknown): boolean {
  return classifyDatabaseError(error) === 'transient';
}

/**
 * Whether the client should simply try again later (503 with `Retry-After`): the database is
 * unavailable, or a transient conflict outlasted its retries.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const fault = classifyDatabaseError(error);
  return fault === 'unavailable' || fault === 'transient';
}
