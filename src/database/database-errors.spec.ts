import { isUniqueViolation } from './database-errors.js';

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
