import { Injectable } from '@nestjs/common';
import { MetricsService } from '../../platform/metrics/metrics.service.js';
import type { CallRecord } from '../domain/call-record.rules.js';
import { CallRecorder } from './call-recorder.js';

export interface BatchResult {
  readonly inserted: number;
  readonly duplicates: number;
  /** Indexes of items left out because their key was taken by another call (`skip` mode). */
  readonly conflicts: readonly number[];
}

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
    const conflicts: number[] = [];
    let inserted = 0;
    let duplicates = 0;
    outcomes.forEach(({ kind }, index) => {
      if (kind === 'stored') inserted++;
      else if (kind === 'repeat') duplicates++;
      else conflicts.push(index);
    });
    return { inserted, duplicates, conflicts };
  }
}
