/** The driver's own error code, whether TypeORM wrapped the error (`driverError`) or not. */
function driverCode(error: unknown): string | undefined {
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
