import {
  Controller,
  Get,
  HttpStatus,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { Database } from '../database/database.js';
import type { FastifyReply } from 'fastify';
import { publicHealth } from './public-health.js';

/** A database that has not answered `SELECT 1` by then is as good as down for a client. */
export const DATABASE_PING_TIMEOUT_MS = 1000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly writes: Database,
  ) {}

  /**
   * Ready when the database answers a ping and writes are not failing for want of it (a
   * database can answer a ping and take no write: a global read lock, a full disk): `200`, or
   * `503` with terminus's report (up or down per check, no messages: `public-health.ts`). A failed check is the expected answer while the
   * database is away, not a fault of the service, so it is sent here rather than thrown to the
   * exception filter (which logs faults).
   */
  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: 200 while the database answers and takes writes, 503 otherwise',
  })
  async check(@Res() reply: FastifyReply): Promise<void> {
    let status: HttpStatus = HttpStatus.OK;
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () =>
          this.database.pingCheck('database', {
            timeout: DATABASE_PING_TIMEOUT_MS,
          }),
        () => this.writesCheck(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      status = HttpStatus.SERVICE_UNAVAILABLE;
      result = error.getResponse() as HealthCheckResult;
    }
    void reply.status(status).send(publicHealth(result));
  }

  private writesCheck(): HealthIndicatorResult {
    const writes = this.indicators.check('writes');
    return this.writes.writesFailing() ? writes.down() : writes.up();
  }
}
