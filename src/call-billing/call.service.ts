import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors.js';
import { Call } from './call.entity.js';
import type { CallRecord } from './call-record.rules.js';
import { IdempotencyConflictError } from './idempotency-conflict.error.js';

export interface RecordedCall {
  readonly call: Call;
  /** True when the key had been recorded before: nothing new was stored. */
  readonly replayed: boolean;
}

/** Records single calls, exactly once per idempotency key. */
@Injectable()
export class CallService {
  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
  ) {}

  async record(record: CallRecord): Promise<RecordedCall> {
    const call = newCall(record, new Date());
    try {
      const { identifiers } = await this.calls.insert(call);
      call.id = String(identifiers[0]?.id);
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
