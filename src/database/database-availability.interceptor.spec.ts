import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { of } from 'rxjs';
import { toProblem } from '../errors/to-problem.js';
import { DatabaseAvailabilityInterceptor } from './database-availability.interceptor.js';
import type { DatabaseConnector } from './database-connector.js';

function contextFor(url: string): ExecutionContext {
  const request = { routeOptions: { url } };
  return {
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const handler: CallHandler = { handle: () => of('handled') };

function interceptorWith(isConnected: boolean) {
  return new DatabaseAvailabilityInterceptor({
    isConnected,
  } as DatabaseConnector);
}

describe('DatabaseAvailabilityInterceptor', () => {
  it('answers an API request 503 with Retry-After until the database is connected', () => {
    const interceptor = interceptorWith(false);

    let thrown: unknown;
    try {
      interceptor.intercept(contextFor('/mobile/:user_name/call'), handler);
    } catch (error) {
      thrown = error;
    }

    expect(toProblem(thrown)).toMatchObject({
      problem: { status: 503 },
      headers: { 'retry-after': expect.stringMatching(/^\d+$/) as unknown },
    });
  });

  it.each(['/health', '/metrics'])('leaves %s to answer for itself', (url) => {
    expect(() =>
      interceptorWith(false).intercept(contextFor(url), handler),
    ).not.toThrow();
  });

  it('runs the handler once connected', () => {
    expect(() =>
      interceptorWith(true).intercept(contextFor('/calls/batch'), handler),
    ).not.toThrow();
  });
});
