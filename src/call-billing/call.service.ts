import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { AppConfigService } from '../config/app-config.service.js';
import { isUniqueViolation } from '../database/database-errors.js';
import { withTransientRetry } from '../database/transaction-retry.js';
import { assertTotalsCurrent } from './billing-state.js';
import { addToTotals, totalsOf } from './billing-totals.js';
import { Call } from './call.entity.js';
import type { CallRecord } from './call-record.rules.js';
import { IdempotencyConflictError } from './idempotency-conflict.error.js';

export interface RecordedCall {
  readonly call: Call;
  /** True when the key had been recorded before: nothing new was stored. */
  readonly replayed: boolean;
}

/** Records single calls, exactly once per idempotency key, with the user's running totals. */
@Injectable()
export class CallService {
  private readonly blockMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Call) private readonly calls: Repository<Call>,
    config: AppConfigService,
  ) {
    this.blockMs = config.tariff.blockSeconds * 1000;
  }

  async record(record: CallRecord): Promise<RecordedCall> {
    const call = newCall(record, new Date());
    try {
      await withTransientRetry(() =>
        this.dataSource.transaction(async (manager) => {
          await assertTotalsCurrent(manager, this.blockMs, { forWrite: true });
          const { identifiers } = await manager.insert(Call, call);
          call.id = String(identifiers[0]?.id);
          await addToTotals(manager, totalsOf([call], this.blockMs));
        }),
      );
      return { call, replayed: false };
    } catch (error) {
      // The unique index, not a read before the write, decides which of several concurrent
      // requests with one key records the call: the others land here and replay it.
      if (record.idempotencyKey === undefined || !isUniqueViolation(error))
        throw error;
      return {
        call: await this.firstRecording(record, record.idempotencyKey),
        replayed: true,
      };
    }
  }

  private async firstRecording(
    record: CallRecord,
    idempotencyKey: string,
  ): Promise<Call> {
    const first = await this.calls.findOneByOrFail({
      userName: record.userName,
      idempotencyKey,
    });
    if (first.callDuration !== record.durationMs) {
      throw new IdempotencyConflictError(idempotencyKey);
    }
    return first;
  }
}

/** A call as it is stored: the service's clock, in UTC, decides its billing month. */
export function newCall(record: CallRecord, now: Date): Call {
  const call = new Call();
  call.userName = record.userName;
  call.callDuration = record.durationMs;
  call.idempotencyKey = record.idempotencyKey ?? null;
  call.createdAt = now;
  call.updatedAt = now;
  return call;
}
