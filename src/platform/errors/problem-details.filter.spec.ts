import { jest } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { RouteTable } from '../http/route-table.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { ServiceUnavailableError } from './service-unavailable.error.js';

/** Node's error for a request body cut short by the client. */
function aborted(): Error {
  return Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
}

function setUp(readableAborted: boolean) {
  const log = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const request = {
    method: 'PUT',
    url: '/mobile/alice/call',
    routeOptions: { url: '/mobile/:user_name/call' },
    raw: { readableAborted },
    log,
  };
  const reply = jest.fn();
  const adapterHost = {
    httpAdapter: { setHeader: jest.fn(), reply },
  } as unknown as HttpAdapterHost;
  const host = {
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({}),
    }),
  } as unknown as ArgumentsHost;
  const filter = new ProblemDetailsFilter(adapterHost, new RouteTable());
  return { log, reply, catch: (error: unknown) => filter.catch(error, host) };
}

describe('ProblemDetailsFilter', () => {
  it.each([
    [
      'logs a client that went away mid-body as such, at info, not as the database',
      true,
      'info',
      'PUT /mobile/:user_name/call: the client closed the connection before its request was complete',
      400,
    ],
    [
      'still logs an ECONNRESET of a whole request as the database being away',
      false,
      'warn',
      'PUT /mobile/:user_name/call answered 503: database unavailable (ECONNRESET: aborted)',
      503,
    ],
  ] as const)('%s', (_, readableAborted, level, line, status) => {
    const { log, reply, catch: handle } = setUp(readableAborted);

    handle(aborted());

    expect(log[level]).toHaveBeenCalledWith(expect.anything(), line);
    for (const other of (['info', 'warn', 'error'] as const).filter(
      (name) => name !== level,
    )) {
      expect(log[other]).not.toHaveBeenCalled();
    }
    expect(reply).toHaveBeenCalledWith(
      expect.anything(),
      expect.any(String),
      status,
    );
  });

  it('logs a refusal the service chose at warn, with no stack', () => {
    const { log, reply, catch: handle } = setUp(false);

    handle(new ServiceUnavailableError('Busy with another upload', 5));

    expect(log.warn).toHaveBeenCalledWith(
      { context: 'ProblemDetailsFilter' },
      'PUT /mobile/:user_name/call answered 503: Busy with another upload',
    );
    expect(log.error).not.toHaveBeenCalled();
    expect(reply).toHaveBeenCalledWith(
      expect.anything(),
      expect.any(String),
      503,
    );
  });
});
