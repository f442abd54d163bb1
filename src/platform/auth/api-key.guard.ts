import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { isApiRoute } from '../http/api-routes.js';
import { problem, ProblemException } from '../errors/problem.js';
import { ApiKeys } from './api-keys.js';

const REALM = 'Bearer realm="call-billing"';

/**
 * Lets a request to the API through only with `Authorization: Bearer <one of API_KEYS>`; any
 * other is a 401 problem with `WWW-Authenticate` (RFC 6750). Open when no keys are configured, and
 * always open for the operators' routes (health, metrics).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeys) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.keys.enabled) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isApiRoute(request.routeOptions.url)) return true;
    const { authorization } = request.headers;
    if (this.keys.identify(authorization) !== undefined) return true;
    throw authorization === undefined
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
}
