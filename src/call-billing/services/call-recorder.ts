import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { isUniqueViolation } from '../../platform/database/database-errors.js';
import {
  Database,
  type Transaction,
} from '../../platform/database/database.js';
import {
  MetricsService,
  type CallSource,
} from '../../platform/metrics/metrics.service.js';
import {
  assertSameBlocks,
  TotalsNeedRebuildError,
  UNCOUNTED_CALLS,
} from '../domain/billing-stamp.js';
import type { CallRecord } from '../domain/call-record.rules.js';
import { IdempotencyConflictError } from '../domain/idempotency-conflict.error.js';
import {
  keyOf,
  keyPairs,
  planKeys,
  type KeyDecision,
  type SameCall,
} from '../domain/key-plan.js';
import { totalsOf } from '../domain/totals.js';
import { BillingStateRepository } from '../persistence/billing-state.repository.js';
import { Call } from '../persistence/call.entity.js';
import { CallsRepository } from '../persistence/calls.repository.js';
import { TotalsRepository } from '../persistence/totals.repository.js';

/** What became of one record. */
export type RecordOutcome =
  /** Stored now. */
  | { readonly kind: 'stored'; readonly call: Call }
  /** Its key was recorded already (or earlier in the same group) with the same call. */
  | { readonly kind: 'repeat'; readonly call: Call }
  /** Its key is taken by another call: nothing stored for it. */
  | { readonly kind: 'conflict' };

export interface RecordOptions {
  /**
   * `fail`: one conflicting record stores nothing at all (a batch is one transaction);
   * `leave-out`: the others are stored, each conflicting one is reported in its outcome.
   */
  readonly onConflict: 'fail' | 'leave-out';
  /** Whether the stored calls need their ids (a single call's answer does; a batch's does not). */
  readonly giveIds: boolean;
  /** Where the calls came from, for the metrics. */
  readonly source: CallSource;
}

/** A repeat is the same call when it has the same duration, the only field a call is sent with. */
const SAME_DURATION: SameCall<CallRecord, Call> = {
  asStored: (record, stored) => record.durationMs === stored.callDuration,
  asSent: (record, earlier) => record.durationMs === earlier.durationMs,
};

/**
 * The one write pipeline, for every way calls arrive (a group of PUTs, a batch, a CSV import's
 * stream of batches): plan the keys, store the new calls and add them to the running totals, in
 * one transaction, then answer each record. On MySQL the transaction is two round trips: the
 * state and the keys are read while it begins, the inserts and totals are sent with the COMMIT.
 * A key taken by a concurrent writer between the look-up and the insert makes the whole
 * transaction run again with a fresh look-up, for as long as the database deadline allows.
 */
@Injectable()
export class CallRecorder {
  private readonly blockMs: number;

  constructor(
    private readonly database: Database,
    private readonly calls: CallsRepository,
    private readonly totals: TotalsRepository,
    private readonly state: BillingStateRepository,
    private readonly metrics: MetricsService,
    config: AppConfigService,
  ) {
    this.blockMs = config.tariff.blockSeconds * 1000;
  }

  /** Each record's outcome, in order, once the transaction holding the new calls committed. */
  async record(
    records: readonly CallRecord[],
    options: RecordOptions,
  ): Promise<RecordOutcome[]> {
    const outcomes = await this.database.transaction(
      (transaction) => this.recordWithin(transaction, records, options),
      { retryIf: isUniqueViolation },
    );
    this.metrics.recordedCalls(
      options.source,
      outcomes.filter(({ kind }) => kind === 'stored').length,
    );
    return outcomes;
  }

  private async recordWithin(
    transaction: Transaction,
    records: readonly CallRecord[],
    { onConflict, giveIds }: RecordOptions,
  ): Promise<RecordOutcome[]> {
    const [stamp, ...found] = await transaction.run(
      this.state.forWrite(),
      ...this.calls.findByKeys(keyPairs(records)),
    );
    await this.checkStamp(transaction, stamp);
    const stored = new Map(
      found
        .flat()
        .map((call) => [keyOf(call.userName, call.idempotencyKey ?? ''), call]),
    );
    const decisions = planKeys(records, stored, SAME_DURATION);
    if (onConflict === 'fail') failOnConflict(records, decisions);

    const now = new Date();
    const created = decisions.map((decision, index) =>
      decision.kind === 'new' ? newCall(records[index], now) : undefined,
    );
    const toInsert = created.filter((call) => call !== undefined);
    if (toInsert.length > 0) {
      await transaction.commit(
        ...this.calls.insert(toInsert, transaction.server, { giveIds }),
        ...this.totals.add(totalsOf(toInsert, this.blockMs)),
      );
    }
    return decisions.map((decision, index): RecordOutcome => {
      switch (decision.kind) {
        case 'new':
          return { kind: 'stored', call: created[index] as Call };
        case 'stored-before':
          return { kind: 'repeat', call: decision.call };
        case 'earlier-in-group':
          return { kind: 'repeat', call: created[decision.leader] as Call };
        case 'conflict':
          return { kind: 'conflict' };
      }
    });
  }

  /**
   * Totals counted with another block length would bill wrongly. A new database is stamped by
   * its first writer; one holding calls but no stamp (an upgrade) waits for a rebuild.
   */
  private async checkStamp(
    transaction: Transaction,
    stamp: number | undefined,
  ): Promise<void> {
    if (stamp !== undefined) {
      assertSameBlocks(stamp, this.blockMs);
      return;
    }
    const [anyCall] = await transaction.run(this.calls.any());
    if (anyCall) throw new TotalsNeedRebuildError(UNCOUNTED_CALLS);
    // Two first writers at once: one stamp wins, the other's unique violation runs it again.
    await transaction.run(this.state.stamp(this.blockMs));
  }
}

function failOnConflict(
  records: readonly CallRecord[],
  decisions: readonly KeyDecision<Call>[],
): void {
  const index = decisions.findIndex(({ kind }) => kind === 'conflict');
  if (index === -1) return;
  throw new IdempotencyConflictError(
    records[index]?.idempotencyKey ?? '',
    index,
  );
}

/** A call as it is stored: the service's clock, in UTC, decides its billing month. */
function newCall(record: CallRecord, now: Date): Call {
  const call = new Call();
  call.userName = record.userName;
  call.callDuration = record.durationMs;
  call.idempotencyKey = record.idempotencyKey ?? null;
  call.createdAt = now;
  call.updatedAt = now;
  return call;
}
