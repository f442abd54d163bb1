import { QueryFailedError } from 'typeorm';
import { summary } from './error-summary.js';

describe('summary', () => {
  it.each([
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
        code: 'ECONNREFUSED',
      }),
      'connect ECONNREFUSED 127.0.0.1:3306',
    ],
    [
      Object.assign(new Error("Access denied for user 'app'"), {
        code: 'ER_ACCESS_DENIED_ERROR',
      }),
      "ER_ACCESS_DENIED_ERROR: Access denied for user 'app'",
    ],
    [
      Object.assign(
        new AggregateError(
          [new Error('connect ECONNREFUSED ::1:3306'), new Error('other')],
          '',
        ),
        { code: 'ECONNREFUSED' },
      ),
      'connect ECONNREFUSED ::1:3306',
    ],
    [new Error('first line\n    at frame (file.js:1:1)'), 'first line'],
    ['a string', 'a string'],
    [undefined, 'undefined'],
  ])('%p → %p', (error, expected) => {
    expect(summary(error)).toBe(expected);
  });

  it('names the driver error of a failed query by its code', () => {
    const error = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('Connection lost'), {
        code: 'PROTOCOL_CONNECTION_LOST',
      }),
    );

    expect(summary(error)).toBe('PROTOCOL_CONNECTION_LOST: Connection lost');
  });
});
