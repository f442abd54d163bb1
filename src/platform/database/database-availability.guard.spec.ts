import type { ExecutionContext } from '@nestjs/common';
import { toProblem } from '../errors/to-problem.js';
import { DatabaseAvailabilityGuard } from './database-availability.guard.js';
import type { DatabaseConnector } from './database-connector.js';

function contextFor(url: string): ExecutionContext {
  const request = { routeOptions: { url } };
  return {
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function guardWith(isConnected: boolean) {
  return new DatabaseAvailabilityGuard({
    isConnected,
  } as DatabaseConnector);
}

describe('DatabaseAvailabilityGuard', () => {
  it('answers an API request 503 with Retry-After until the database is connected', () => {
    const guard = guardWith(false);

    let thrown: unknown;
    try {
      guard.canActivate(contextFor('/mobile/:user_name/call'));
    } catch (error) {
      thrown = error;
    }

    expect(toProblem(thrown)).toMatchObject({
      problem: { status: 503 },
      headers: { 'retry-after': expect.stringMatching(/^\d+$/) as unknown },
    });
  });

  it.each(['/health', '/metrics'])('leaves %s to answer for itself', (url) => {
    expect(guardWith(false).canActivate(contextFor(url))).toBe(true);
  });

  it('lets API requests through once connected', () => {
    expect(guardWith(true).canActivate(contextFor('/calls/batch'))).toBe(true);
  });
});
