import { Injectable } from '@nestjs/common';
import { MetricsService } from '../../platform/metrics/metrics.service.js';
import type { CallRecord } from '../domain/call-record.rules.js';
import { CallRecorder } from './call-recorder.js';

export interface BatchResult {
  readonly inserted: number;
  readonly duplicates: number;
  /** Items left out (`skip` mode): their key was taken by another call, or their period closed. */
  readonly leftOut: readonly LeftOut[];
}

export interface LeftOut {
  readonly index: number;
  readonly reason: string;
}

const KEY_TAKEN =
  'idempotency_key was already recorded with another call_duration, started_at or destination';

export interface BatchOptions {
  /** `fail`: any conflict stores nothing (the API). `skip`: store the rest (the CSV import). */
  readonly onConflict: 'fail' | 'skip';
  /** Where the batch came from, for the metrics: the API unless said otherwise. */
  readonly source?: 'batch' | 'import';
}

/**
 * Records many calls, and their totals, in one transaction through the write pipeline: all of
 * them, or (on error) none. The API's batches and each of an import's batches come this way.
 */
@Injectable()
export class CallBatchService {
  constructor(
    private readonly recorder: CallRecorder,
    private readonly metrics: MetricsService,
  ) {}

  async recordBatch(
    records: readonly CallRecord[],
    options: BatchOptions = { onConflict: 'fail' },
  ): Promise<BatchResult> {
    const source = options.source ?? 'batch';
    this.metrics.receivedBatch(source, records.length);
    const outcomes = await this.recorder.record(records, {
      onConflict: options.onConflict === 'fail' ? 'fail' : 'leave-out',
      giveIds: false,
      source,
    });
    const leftOut: LeftOut[] = [];
    let inserted = 0;
    let duplicates = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.kind === 'stored') inserted++;
      else if (outcome.kind === 'repeat') duplicates++;
      else if (outcome.kind === 'conflict')
        leftOut.push({ index, reason: KEY_TAKEN });
      else leftOut.push({ index, reason: outcome.error.message });
    });
    return { inserted, duplicates, leftOut };
  }
}
