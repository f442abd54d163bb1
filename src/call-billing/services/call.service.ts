import { Injectable } from '@nestjs/common';
import {
  RequestBatcher,
  type Settled,
} from '../../platform/concurrency/request-batcher.js';
import { classifyDatabaseError } from '../../platform/database/database-errors.js';
import type { CallRecord } from '../domain/call-record.rules.js';
import { IdempotencyConflictError } from '../domain/idempotency-conflict.error.js';
import type { Call } from '../persistence/call.entity.js';
import { CallRecorder, type RecordOutcome } from './call-recorder.js';

export interface RecordedCall {
  readonly call: Call;
  /** True when the key had been recorded before: nothing new was stored. */
  readonly replayed: boolean;
}

/** Most single calls one transaction takes. */
const MAX_GROUP_SIZE = 1000;

/**
 * Records single calls (`PUT`). Concurrent requests share transactions (group commit): while one
 * commit is in flight the next requests gather, and go together through the write pipeline;
 * each is answered once the transaction holding its call has committed, with its own outcome.
 */
@Injectable()
export class CallService {
  private readonly groups: RequestBatcher<CallRecord, RecordedCall>;

  constructor(private readonly recorder: CallRecorder) {
    this.groups = new RequestBatcher((group) => this.write(group), {
      maxBatchSize: MAX_GROUP_SIZE,
      // One group at a time, the others gathering meanwhile: larger groups, less work per call
      // on both sides (SQLite has one writer anyway; docs/performance.md).
      maxInFlight: 1,
    });
  }

  record(record: CallRecord): Promise<RecordedCall> {
    return this.groups.submit(record);
  }

  private async write(
    group: readonly CallRecord[],
  ): Promise<Settled<RecordedCall>[]> {
    try {
      const outcomes = await this.recorder.record(group, {
        onConflict: 'leave-out',
        giveIds: true,
        source: 'put',
      });
      return outcomes.map((outcome, index) => answer(outcome, group[index]));
    } catch (error) {
      if (group.length === 1 || classifyDatabaseError(error) !== 'other') {
        return group.map(() => ({ error }));
      }
      // Something unforeseen broke the shared transaction: each request goes on its own, so
      // that whatever one request caused fails only that request.
      const alone: Settled<RecordedCall>[] = [];
      for (const record of group) alone.push(...(await this.write([record])));
      return alone;
    }
  }
}

function answer(
  outcome: RecordOutcome,
  record: CallRecord,
): Settled<RecordedCall> {
  switch (outcome.kind) {
    case 'stored':
      return { value: { call: outcome.call, replayed: false } };
    case 'repeat':
      return { value: { call: outcome.call, replayed: true } };
    case 'conflict':
      return {
        error: new IdempotencyConflictError(record.idempotencyKey ?? ''),
      };
    case 'period-closed':
      return { error: outcome.error };
  }
}
