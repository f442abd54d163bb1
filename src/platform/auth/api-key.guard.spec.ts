import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../errors/problem.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeys } from './api-keys.js';

const KEY = 'guard-test-key-0123456789';

function contextFor(
  url: string | undefined,
  authorization?: string,
): ExecutionContext {
  const request = { routeOptions: { url }, headers: { authorization } };
  return {
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

/** The problem the guard throws for `context`, or a failure if it lets it through. */
function refusal(guard: ApiKeyGuard, context: ExecutionContext) {
  try {
    guard.canActivate(context);
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('the guard let the request through');
}

describe('ApiKeyGuard', () => {
  const guard = new ApiKeyGuard(new ApiKeys([KEY]));

  it('lets an API request with a configured key through', () => {
    expect(
      guard.canActivate(contextFor('/mobile/:user_name/call', `Bearer ${KEY}`)),
    ).toBe(true);
    expect(guard.canActivate(contextFor('/calls/batch', `Bearer ${KEY}`))).toBe(
      true,
    );
  });

  it('refuses an API request without a key: 401, WWW-Authenticate: Bearer', () => {
    const error = refusal(guard, contextFor('/mobile/:user_name/billing'));

    expect(error.problem).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(error.headers['www-authenticate']).toBe(
      'Bearer realm="call-billing"',
    );
  });

  it('refuses a wrong key with error="invalid_token", without echoing it', () => {
    const error = refusal(
      guard,
      contextFor('/calls/batch', 'Bearer not-the-key-0123456789'),
    );

    expect(error.problem.status).toBe(401);
    expect(error.headers['www-authenticate']).toMatch(
      /^Bearer realm="call-billing", error="invalid_token"$/,
    );
    expect(JSON.stringify(error.problem)).not.toContain('not-the-key');
  });

  it.each(['/health', '/metrics', undefined])('leaves %p open', (url) => {
    expect(guard.canActivate(contextFor(url))).toBe(true);
  });

  it('lets everything through when no keys are configured', () => {
    const open = new ApiKeyGuard(new ApiKeys([]));

    expect(open.canActivate(contextFor('/mobile/:user_name/call'))).toBe(true);
  });
});
