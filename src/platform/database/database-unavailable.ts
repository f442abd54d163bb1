/** Driver error codes that mean "the database cannot be reached now", not "the request is bad". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** TypeORM's errors for a DataSource that is not (or no longer) connected. */
const NOT_CONNECTED_NAMES = new Set([
  'CannotExecuteNotConnectedError',
  'ConnectionIsNotSetError',
]);

/**
 * mysql2's pool errors, which carry no code: the pool was closed (the service is stopping) or too
 * many requests already wait for a connection (the database is not keeping up). TypeORM's own
 * when its pool is gone.
 */
const UNAVAILABLE_MESSAGES = new Set([
  'Pool is closed.',
  'Queue limit reached.',
  'Connection is not established with mysql database',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const { code, name, message, fatal, driverError, cause } = current as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      fatal?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof name === 'string' && NOT_CONNECTED_NAMES.has(name)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.has(message))
      return true;
    // mysql2 marks the errors that broke the connection itself (lost, closed, timed out) fatal.
    if (fatal === true) return true;
    current = driverError ?? cause;
  }
  return false;
}
