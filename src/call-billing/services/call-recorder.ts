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
import { BillingCalendar } from '../../rating/domain/billing-calendar.js';
import {
  StaleTariffs,
  withCurrentTariffs,
} from '../../rating/services/current-tariffs.js';
import { TariffCatalog } from '../../rating/services/tariff-catalog.service.js';
import { book, type BookingContext } from '../domain/booking.js';
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
import { LedgerStateRepository } from '../persistence/ledger-state.repository.js';
import { PeriodClosedError } from '../domain/period-closed.error.js';
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
  | { readonly kind: 'conflict' }
  /** Started in a closed period while late calls are refused: nothing stored for it. */
  | { readonly kind: 'period-closed'; readonly error: PeriodClosedError };

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

/**
 * A repeat is the same call when every field was sent the same. A stored call whose start is its
 * recording instant was sent without `started_at`.
 */
const SAME_CALL: SameCall<CallRecord, Call> = {
  asStored: (record, stored) =>
    record.durationMs === stored.callDuration &&
    (record.destination ?? null) === stored.destination &&
    (record.startedAt ?? stored.createdAt).getTime() ===
      stored.startedAt.getTime(),
  asSent: (record, earlier) =>
    record.durationMs === earlier.durationMs &&
    (record.destination ?? null) === (earlier.destination ?? null) &&
    record.startedAt?.getTime() === earlier.startedAt?.getTime(),
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
  constructor(
    private readonly database: Database,
    private readonly calls: CallsRepository,
    private readonly totals: TotalsRepository,
    private readonly state: LedgerStateRepository,
    private readonly catalog: TariffCatalog,
    private readonly metrics: MetricsService,
    private readonly config: AppConfigService,
    private readonly calendar: BillingCalendar,
  ) {}

  /** Each record's outcome, in order, once the transaction holding the new calls committed. */
  async record(
    records: readonly CallRecord[],
    options: RecordOptions,
  ): Promise<RecordOutcome[]> {
    const outcomes = await withCurrentTariffs(this.catalog, () =>
      this.database.transaction(
        (transaction) => this.recordWithin(transaction, records, options),
        { retryIf: isUniqueViolation },
      ),
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
    const [state, ...found] = await transaction.run(
      this.state.forWrite(),
      ...this.calls.findByKeys(keyPairs(records)),
    );
    if (!this.catalog.isCurrent(state.tariffRevision)) throw new StaleTariffs();
    const stored = new Map(
      found
        .flat()
        .map((call) => [keyOf(call.userName, call.idempotencyKey ?? ''), call]),
    );
    const decisions = planKeys(records, stored, SAME_CALL);
    if (onConflict === 'fail') failOnConflict(records, decisions);

    const context: BookingContext = {
      periodOf: (instant) => this.calendar.periodOf(instant),
      closedThrough: state.closedThrough,
      latePolicy: this.config.get('billing').latePolicy,
      now: new Date(),
    };
    const created = decisions.map((decision, index) =>
      decision.kind === 'new'
        ? this.newCall(
            records[index],
            context,
            onConflict === 'fail' ? index : undefined,
          )
        : undefined,
    );
    const toInsert = created.filter((call) => call instanceof Call);
    if (toInsert.length > 0) {
      await transaction.commit(
        ...this.calls.insert(toInsert, transaction.server, { giveIds }),
        ...this.totals.add(totalsOf(toInsert)),
      );
    }
    return decisions.map((decision, index): RecordOutcome => {
      switch (decision.kind) {
        case 'new': {
          const call = created[index];
          return call instanceof PeriodClosedError
            ? { kind: 'period-closed', error: call }
            : { kind: 'stored', call: call as Call };
        }
        case 'stored-before':
          return { kind: 'repeat', call: decision.call };
        case 'earlier-in-group': {
          const leader = created[decision.leader];
          return leader instanceof PeriodClosedError
            ? { kind: 'period-closed', error: leader }
            : { kind: 'repeat', call: leader as Call };
        }
        case 'conflict':
          return { kind: 'conflict' };
      }
    });
  }

  /**
   * The call as it is stored, rated now. A call refused for its closed period is answered as
   * such; in a batch (`index` given) it refuses the whole batch, naming the item.
   */
  private newCall(
    record: CallRecord,
    context: BookingContext,
    index: number | undefined,
  ): Call | PeriodClosedError {
    const startedAt = record.startedAt ?? context.now;
    const destination = record.destination ?? null;
    const rate = this.catalog.rate(record.userName, startedAt, destination);
    let booking;
    try {
      booking = book(record.durationMs, startedAt, rate, context);
    } catch (error) {
      if (!(error instanceof PeriodClosedError)) throw error;
      if (index !== undefined) throw new PeriodClosedError(error.period, index);
      return error;
    }
    const call = new Call();
    call.userName = record.userName;
    call.callDuration = record.durationMs;
    call.idempotencyKey = record.idempotencyKey ?? null;
    call.createdAt = context.now;
    call.updatedAt = context.now;
    call.startedAt = startedAt;
    call.destination = destination;
    call.billingPeriod = booking.billingPeriod;
    call.late = booking.late;
    call.blockCount = booking.blockCount;
    call.billedSeconds = booking.billedSeconds;
    call.amountMicros = booking.amountMicros;
    call.amountDecimals = rate.amountDecimals;
    call.ratePlan = rate.plan;
    call.rateVersion = rate.version;
    call.ratePrefix = rate.prefix;
    call.voidedAt = null;
    call.voidReason = null;
    return call;
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
