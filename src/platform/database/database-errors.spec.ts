import {
  CannotExecuteNotConnectedError,
  ConnectionIsNotSetError,
  EntityMetadataNotFoundError,
  QueryFailedError,
} from 'typeorm';
import {
  DatabaseTimeoutError,
  isDatabaseUnavailable,
  isTransient,
  isUniqueViolation,
} from './database-errors.js';

describe('isUniqueViolation', () => {
  it.each([
    [{ code: 'ER_DUP_ENTRY' }, true],
    [{ driverError: { code: 'ER_DUP_ENTRY' } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } }, true],
    [{ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_CHECK' } }, false],
    [{ code: 'ECONNREFUSED' }, false],
    [new Error('boom'), false],
    [undefined, false],
  ])('%p → %p', (error, expected) => {
    expect(isUniqueViolation(error)).toBe(expected);
  });
});

describe('isTransient', () => {
  it.each([
    [{ driverError: { code: 'ER_LOCK_DEADLOCK' } }, true],
    [{ code: 'ER_LOCK_WAIT_TIMEOUT' }, false],
    [{ driverError: { code: 'SQLITE_BUSY' } }, true],
    [{ code: 'SQLITE_BUSY_SNAPSHOT' }, true],
    [{ driverError: { code: 'ER_DUP_ENTRY' } }, false],
    [new Error('boom'), false],
  ])('%p → %p', (error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });
});

/** An error as mysql2 makes it: a message, maybe a code, and `fatal` when the connection broke. */
function mysql2Error(
  message: string,
  extra: { code?: string; fatal?: boolean } = {},
): Error {
  return Object.assign(new Error(message), extra);
}

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'TypeORM before the first connection',
      new CannotExecuteNotConnectedError(),
    ],
    ['TypeORM without a pool', new ConnectionIsNotSetError('mysql')],
    ['mysql2 with the pool closed', mysql2Error('Pool is closed.')],
    [
      "MariaDB's max_statement_time, which mysql2 has no code for",
      {
        driverError: Object.assign(
          new Error(
            'Query execution was interrupted (max_statement_time exceeded)',
          ),
          { errno: 1969, sqlState: '70100' },
        ),
      },
    ],
    [
      'mysql2 with too many requests waiting',
      mysql2Error('Queue limit reached.'),
    ],
    [
      'TypeORM with the pool gone',
      mysql2Error('Connection is not established with mysql database'),
    ],
    [
      'mysql2 on a closed connection',
      mysql2Error("Can't add new command when connection is in closed state", {
        fatal: true,
      }),
    ],
    [
      'a query whose connection was lost',
      new QueryFailedError(
        'SELECT 1',
        [],
        mysql2Error('Connection lost: The server closed the connection.', {
          code: 'PROTOCOL_CONNECTION_LOST',
          fatal: true,
        }),
      ),
    ],
    ['our own deadline', new DatabaseTimeoutError('a transaction', 5000)],
    [
      'a lock wait that ran out the server-side limit',
      mysql2Error('Lock wait timeout exceeded', {
        code: 'ER_LOCK_WAIT_TIMEOUT',
      }),
    ],
    [
      'a refused dual-stack connect',
      Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }),
    ],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a duplicate key',
      mysql2Error('Duplicate entry', { code: 'ER_DUP_ENTRY' }),
    ],
    [
      'a query error that is not fatal',
      new QueryFailedError(
        'SELECT',
        [],
        mysql2Error('syntax', { code: 'ER_PARSE_ERROR', fatal: false }),
      ),
    ],
    ['an unknown entity', new EntityMetadataNotFoundError('Nothing')],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
