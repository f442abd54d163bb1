import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { CannotExecuteNotConnectedError } from 'typeorm';
import { isApiRoute } from '../api-routes.js';
import { DatabaseConnector } from './database-connector.js';

/**
 * Until the first connection to the database, an API request is answered at once with 503 and
 * `Retry-After` (TypeORM's own "not connected" error, mapped like every other sign of an
 * unreachable database) rather than run against a DataSource that is not initialised. Guards run
 * first, so a request without a valid key still gets its 401.
 */
@Injectable()
export class DatabaseAvailabilityInterceptor implements NestInterceptor {
  constructor(private readonly connector: DatabaseConnector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.connector.isConnected && isApiRoute(request.routeOptions.url)) {
      throw new CannotExecuteNotConnectedError();
    }
    return next.handle();
  }
}
