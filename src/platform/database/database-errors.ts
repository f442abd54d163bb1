/** The driver's own error code, whether TypeORM wrapped the error (`driverError`) or not. */
export function driverCode(error: unknown): string | undefined {
  const { code, driverError } = (error ?? {}) as {
    code?: unknown;
    driverError?: unknown;
  };
  if (typeof code === 'string') return code;
  return driverError === undefined ? undefined : driverCode(driverError);
}

/** A unique index refused the row: MySQL's ER_DUP_ENTRY, SQLite's SQLITE_CONSTRAINT_UNIQUE. */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Errors after which the same transaction, run again, is expected to succeed. */
const TRANSIENT_CODES = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
]);

/** A deadlock victim or a lock wait that timed out: the transaction may simply run again. */
export function isTransient(error: unknown): boolean {
  const code = driverCode(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}
