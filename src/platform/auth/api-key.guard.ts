import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { isAdminRoute, isApiRoute } from '../http/api-routes.js';
import { problem, ProblemException } from '../errors/problem.js';
import { ADMIN_ONLY } from './admin-only.decorator.js';
import { ApiKeys } from './api-keys.js';

const REALM = 'Bearer realm="call-billing"';

/**
 * Lets a request to the API through only with `Authorization: Bearer <one of API_KEYS or
 * ADMIN_API_KEYS>`; any other is a 401 problem with `WWW-Authenticate` (RFC 6750). An admin
 * route (`/admin/...`, or marked `@AdminOnly()`) further needs an admin key: another valid key
 * gets 403. Open when no keys are configured, and always open for the operators' routes (health,
 * metrics).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeys,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions.url;
    if (!isApiRoute(route)) return true;
    const refusal = keyRefusal(this.keys, request.headers.authorization, () =>
      this.adminOnly(context, route),
    );
    if (refusal !== undefined) throw refusal;
    return true;
  }

  private adminOnly(context: ExecutionContext, route: string | undefined) {
    return (
      isAdminRoute(route) ||
      this.reflector.getAllAndOverride<boolean | undefined>(ADMIN_ONLY, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }
}

/**
 * Why `authorization` may not call a route of the API (admin-only or not), as the problem to
 * answer: none given or an unknown key is a 401 with `WWW-Authenticate`, a valid key without the
 * admin role on an admin-only route a 403 (`adminOnly` is asked only then). Undefined when it
 * may, or when no keys are configured.
 */
export function keyRefusal(
  keys: ApiKeys,
  authorization: string | undefined,
  adminOnly: () => boolean,
): ProblemException | undefined {
  if (!keys.enabled) return undefined;
  const key = keys.identify(authorization);
  if (key === undefined) {
    return authorization === undefined
      ? new ProblemException(
          problem(
            401,
            'This API needs an API key: Authorization: Bearer <key>',
          ),
          { 'www-authenticate': REALM },
        )
      : new ProblemException(problem(401, 'The API key is not valid'), {
          'www-authenticate': `${REALM}, error="invalid_token"`,
        });
  }
  if (!keys.isAdmin(key) && adminOnly()) {
    return new ProblemException(
      problem(403, 'Only an admin key (ADMIN_API_KEYS) may call this route'),
    );
  }
  return undefined;
}
