import { isTransient, isUniqueViolation } from './database-errors.js';

describe('isUniqueViolation', () => {
  it.each([
    [{ code: 'ER_DUP_ENTRY' }, true],
    [{ driverError: { code: 'ER_DUP_ENTRY' } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } }, true],
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
    [{ code: 'ER_LOCK_WAIT_TIMEOUT' }, true],
    [{ driverError: { code: 'SQLITE_BUSY' } }, true],
    [{ driverError: { code: 'ER_DUP_ENTRY' } }, false],
    [new Error('boom'), false],
  ])('%p → %p', (error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });
});
