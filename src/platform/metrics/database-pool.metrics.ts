import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { connectionsInUse } from './database-pool.js';
import { MetricsService } from './metrics.service.js';

/** Reports the database pool's connections in use, read at each scrape. */
@Injectable()
export class DatabasePoolMetrics {
  constructor(metrics: MetricsService, dataSource: DataSource) {
    new Gauge({
      name: 'db_pool_connections_in_use',
      help: 'Database connections checked out of the pool',
      registers: [metrics.registry],
      collect() {
        this.set(connectionsInUse(dataSource));
      },
    });
  }
}
