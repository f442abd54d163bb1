import { Controller, Get, Header } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { MetricsService } from './metrics.service.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('content-type', prometheusContentType)
  @Header('cache-control', 'no-store')
  @ApiProduces(prometheusContentType)
  @ApiOperation({
    summary:
      'Prometheus metrics: requests by route and status, calls recorded, the pool',
  })
  @ApiOkResponse({ description: 'The metrics, in Prometheus text format' })
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
