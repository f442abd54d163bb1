import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../config/app-config.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { CallGroupWriter, type RecordedCall } from './call-group-writer.js';
import type { CallRecord } from './call-record.rules.js';
import { RequestBatcher } from './request-batcher.js';

export type { RecordedCall } from './call-group-writer.js';

/** Most single calls one transaction takes. */
const MAX_GROUP_SIZE = 1000;
/** Group transactions at once on MySQL. */
const MYSQL_GROUPS_IN_FLIGHT = 4;

/**
 * Records single calls, exactly once per idempotency key, with the user's running totals.
 * Concurrent requests share transactions (group commit): while one commit is in flight, the next
 * requests gather and go together, and each is answered once the transaction holding its call
 * has committed.
 */
@Injectable()
export class CallService {
  private readonly groups: RequestBatcher<CallRecord, RecordedCall>;

  constructor(
    dataSource: DataSource,
    config: AppConfigService,
    metrics: MetricsService,
  ) {
    const writer = new CallGroupWriter(
      dataSource,
      config.tariff.blockSeconds * 1000,
      { onStored: (count) => metrics.recordedCalls('put', count) },
    );
    this.groups = new RequestBatcher((group) => writer.write(group), {
      maxBatchSize: MAX_GROUP_SIZE,
      // SQLite has one writer. On MySQL, a group's two round trips and its commit's flush overlap
      // with three more groups: 4 kept the service busiest in `npm run bench` (2 left it idle a
      // third of the time, waiting; 8 made groups queue on each other's totals rows).
      maxInFlight:
        config.database.type === 'mysql' ? MYSQL_GROUPS_IN_FLIGHT : 1,
    });
  }

  record(record: CallRecord): Promise<RecordedCall> {
    return this.groups.submit(record);
  }
}
