import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../errors/problem.js';
import { AdminOnly } from './admin-only.decorator.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeys } from './api-keys.js';

const KEY = 'guard-test-key-0123456789';
const ADMIN_KEY = 'guard-admin-key-0123456789';

@Controller()
class Handlers {
  @Get()
  open(): void {}

  @Get()
  @AdminOnly()
  void(): void {}
}

function contextFor(
  url: string | undefined,
  authorization?: string,
  handler: 'open' | 'void' = 'open',
): ExecutionContext {
  const request = { routeOptions: { url }, headers: { authorization } };
  return {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
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
  const guard = new ApiKeyGuard(
    new ApiKeys([KEY], [ADMIN_KEY]),
    new Reflector(),
  );

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
    const open = new ApiKeyGuard(new ApiKeys([]), new Reflector());

    expect(open.canActivate(contextFor('/mobile/:user_name/call'))).toBe(true);
  });

  describe('admin routes', () => {
    it('lets an admin key call every route', () => {
      for (const url of ['/admin/plans', '/mobile/:user_name/call']) {
        expect(guard.canActivate(contextFor(url, `Bearer ${ADMIN_KEY}`))).toBe(
          true,
        );
      }
      expect(
        guard.canActivate(
          contextFor(
            '/mobile/:user_name/calls/:id/void',
            `Bearer ${ADMIN_KEY}`,
            'void',
          ),
        ),
      ).toBe(true);
    });

    it('refuses an /admin route without a key: 401', () => {
      expect(refusal(guard, contextFor('/admin/plans')).problem.status).toBe(
        401,
      );
    });

    it('refuses an /admin route, or an @AdminOnly() one, to a non-admin key: 403', () => {
      const byPath = refusal(
        guard,
        contextFor('/admin/plans', `Bearer ${KEY}`),
      );
      expect(byPath.problem).toMatchObject({ status: 403, title: 'Forbidden' });
      const byMark = refusal(
        guard,
        contextFor(
          '/mobile/:user_name/calls/:id/void',
          `Bearer ${KEY}`,
          'void',
        ),
      );
      expect(byMark.problem.status).toBe(403);
    });

    it('leaves admin routes open when no keys are configured at all', () => {
      const open = new ApiKeyGuard(new ApiKeys([]), new Reflector());
      expect(open.canActivate(contextFor('/admin/plans'))).toBe(true);
    });

    it('needs an admin key when only ADMIN_API_KEYS is set', () => {
      const adminOnly = new ApiKeyGuard(
        new ApiKeys([], [ADMIN_KEY]),
        new Reflector(),
      );
      expect(
        refusal(adminOnly, contextFor('/mobile/:user_name/call')).problem
          .status,
      ).toBe(401);
      expect(
        adminOnly.canActivate(
          contextFor('/mobile/:user_name/call', `Bearer ${ADMIN_KEY}`),
        ),
      ).toBe(true);
    });
  });
});
