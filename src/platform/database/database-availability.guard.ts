import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CannotExecuteNotConnectedError } from 'typeorm';
import { isApiRoute } from '../http/api-routes.js';
import { DatabaseConnector } from './database-connector.js';

/**
 * Until the first connection to the database, an API request is answered at once with 503 and
 * `Retry-After` (TypeORM's own "not connected" error, mapped like every other sign of an
 * unreachable database) rather than run against a DataSource that is not initialised. A guard,
 * not an interceptor: it needs nothing after the handler, and an interceptor's observable chain
 * cost a few percent of every request (docs/performance.md).
 */
@Injectable()
export class DatabaseAvailabilityGuard implements CanActivate {
  constructor(private readonly connector: DatabaseConnector) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.connector.isConnected) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (isApiRoute(request.routeOptions.url)) {
      throw new CannotExecuteNotConnectedError();
    }
    return true;
  }
}
