import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { problem, ProblemException } from './problem.js';
import { RETRY_AFTER_SECONDS, toProblem } from './to-problem.js';

const GENERIC_500 = {
  type: 'about:blank',
  title: 'Internal Server Error',
  status: 500,
  detail: 'An unexpected error occurred',
};

const ANY_TEXT: unknown = expect.stringMatching(/\S/);

const SQL = 'INSERT INTO `calls`(`user_name`) VALUES (?)';

/** A driver error as mysql2 or better-sqlite3 throws it, wrapped by TypeORM. */
function queryFailed(code: string, message = `${code}: failed`) {
  return new QueryFailedError(
    SQL,
    ['alice'],
    Object.assign(new Error(message), { code }),
  );
}

describe('toProblem', () => {
  it('passes a ProblemException through with its headers', () => {
    const document = problem(400, 'call_duration must be an integer', [
      { field: 'call_duration', message: 'call_duration must be an integer' },
    ]);

    expect(
      toProblem(new ProblemException(document, { 'x-reason': 'test' })),
    ).toEqual({ problem: document, headers: { 'x-reason': 'test' } });
  });

  it.each([
    [
      new BadRequestException('period is bad'),
      400,
      'Bad Request',
      'period is bad',
    ],
    [
      new BadRequestException(['first is bad', 'second is bad']),
      400,
      'Bad Request',
      'first is bad; second is bad',
    ],
    [
      new NotFoundException('Cannot GET /nope'),
      404,
      'Not Found',
      'Cannot GET /nope',
    ],
    [new NotFoundException(), 404, 'Not Found', 'Not Found'],
    [
      new PayloadTooLargeException('Request body is too large'),
      413,
      'Payload Too Large',
      'Request body is too large',
    ],
    [
      new UnsupportedMediaTypeException('Unsupported Media Type: text/plain', {
        cause: Object.assign(new Error('Unsupported Media Type: text/plain'), {
          name: 'FastifyError',
        }),
      }),
      415,
      'Unsupported Media Type',
      'The request body must be JSON, sent with Content-Type: application/json',
    ],
    [
      new UnsupportedMediaTypeException(
        'A JSON body must be UTF-8, not utf-16',
      ),
      415,
      'Unsupported Media Type',
      'A JSON body must be UTF-8, not utf-16',
    ],
    [
      new HttpException('a plain string', 409),
      409,
      'Conflict',
      'a plain string',
    ],
    [
      new HttpException({ reason: 'no message field' }, 422),
      422,
      'Unprocessable Entity',
      'Http Exception',
    ],
  ])('maps %p to a %i problem', (exception, status, title, detail) => {
    expect(toProblem(exception)).toEqual({
      problem: { type: 'about:blank', title, status, detail },
      headers: {},
    });
  });

  it.each([
    [
      new InternalServerErrorException('pool at /srv/app/db.ts exhausted'),
      500,
      'Internal Server Error',
    ],
    [
      new ServiceUnavailableException('upstream 10.0.0.7 down'),
      503,
      'Service Unavailable',
    ],
    [new HttpException('secret', 502), 502, 'Bad Gateway'],
  ])(
    'keeps the message of the server error %p to itself',
    (exception, status, title) => {
      expect(toProblem(exception)).toEqual({
        problem: { ...GENERIC_500, status, title },
        headers: {},
      });
    },
  );

  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'PROTOCOL_CONNECTION_LOST',
    'ER_CON_COUNT_ERROR',
    'ER_SERVER_SHUTDOWN',
    'SQLITE_BUSY',
  ])('answers a query that failed with %s as 503 with Retry-After', (code) => {
    const reply = toProblem(queryFailed(code));

    expect(reply).toEqual({
      problem: {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: ANY_TEXT,
      },
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
    expect(JSON.stringify(reply)).not.toMatch(/INSERT|calls|alice/);
  });

  it.each([
    [
      'a QueryFailedError-like object',
      {
        name: 'QueryFailedError',
        query: SQL,
        driverError: { code: 'ECONNREFUSED' },
      },
    ],
    ['a bare driver error', { code: 'ECONNREFUSED' }],
    [
      'an error caused by one',
      new Error('could not connect', { cause: { code: 'ETIMEDOUT' } }),
    ],
  ])('recognises %s as the database being away', (_, error) => {
    expect(toProblem(error)).toMatchObject({
      problem: { status: 503 },
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  });

  it.each([
    ['a failed query', queryFailed('ER_DUP_ENTRY', "Duplicate entry '1'")],
    ['a constraint', queryFailed('SQLITE_CONSTRAINT_CHECK')],
    [
      'an arbitrary error',
      new Error('ENOENT: /work/main/src/secret.ts at line 3'),
    ],
    [
      'a TypeError',
      new TypeError("Cannot read properties of undefined (reading 'id')"),
    ],
    ['a string', 'something broke'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an object with a non-string code', { code: 111 }],
  ])('answers %s with a generic 500 that leaks nothing', (_, error) => {
    expect(toProblem(error)).toEqual({ problem: GENERIC_500, headers: {} });
  });
});
