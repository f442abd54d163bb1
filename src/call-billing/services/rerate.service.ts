import { Injectable, Logger } from '@nestjs/common';
import {
  Database,
  type Transaction,
} from '../../platform/database/database.js';
import { ConflictError } from '../../platform/errors/conflict.error.js';
import { BillingCalendar } from '../../rating/domain/billing-calendar.js';
import { rateCall } from '../../rating/domain/rate-arithmetic.js';
import {
  effectiveFromOf,
  type TariffBook,
  type TariffChange,
} from '../../rating/domain/tariff-book.js';
import {
  StaleTariffs,
  withCurrentTariffs,
} from '../../rating/services/current-tariffs.js';
import { TariffCatalog } from '../../rating/services/tariff-catalog.service.js';
import { MAX_CLOCK_SKEW_MS } from '../domain/call-record.rules.js';
import { totalsOf } from '../domain/totals.js';
import { Call } from '../persistence/call.entity.js';
import { CallsRepository } from '../persistence/calls.repository.js';
import { LedgerStateRepository } from '../persistence/ledger-state.repository.js';
import { RateCorrectionsRepository } from '../persistence/rate-corrections.repository.js';
import { TotalsRepository } from '../persistence/totals.repository.js';

/** What a correction did, or (dry run) would do. */
export interface CorrectionResult {
  readonly reratedCalls: number;
  /** The change of every bill's amount together, in micros. */
  readonly deltaMicros: bigint;
}

export interface CorrectionOptions {
  /** Work out the figures, then change nothing. */
  readonly dryRun: boolean;
  /** What the audit trail says of it, e.g. `version default@2026-11-01T00:00:00.000Z`. */
  readonly description: string;
}

/** Calls read per step of a correction. */
const CALLS_PER_STEP = 1000;

/**
 * How far the clocks of the service's processes may be apart, and how long a call's recording
 * stamp may precede its commit: the margin kept when calls are found by when they were recorded.
 */
const RECORDING_MARGIN_MS = 60_000;

class DryRun extends Error {
  constructor(readonly result: CorrectionResult) {
    super('dry run');
  }
}

/**
 * Backdated tariff corrections (SPEC §7): stores a change that takes effect in the past and, in
 * the same transaction, re-rates every recorded call it affects, moving the totals by exactly
 * the difference and writing each change to `rate_corrections`. The ledger state is held
 * exclusively meanwhile, so no call is recorded with the superseded rates in between.
 */
@Injectable()
export class RerateService {
  private readonly logger = new Logger(RerateService.name);

  constructor(
    private readonly database: Database,
    private readonly state: LedgerStateRepository,
    private readonly calls: CallsRepository,
    private readonly totals: TotalsRepository,
    private readonly corrections: RateCorrectionsRepository,
    private readonly catalog: TariffCatalog,
    private readonly calendar: BillingCalendar,
  ) {}

  /**
   * Runs `store` (the change's own writes) and the re-rating in one transaction; a change that
   * reaches into a closed period is a 409 and changes nothing.
   */
  async correct(
    change: TariffChange,
    options: CorrectionOptions,
    store: (transaction: Transaction) => Promise<void>,
  ): Promise<CorrectionResult> {
    await this.catalog.ensure();
    let result: CorrectionResult;
    try {
      result = await withCurrentTariffs(this.catalog, () =>
        this.database.transaction(async (transaction) => {
          const [state] = await transaction.run(this.state.forChange());
          if (!this.catalog.isCurrent(state.tariffRevision))
            throw new StaleTariffs();
          const from = effectiveFromOf(change);
          if (
            state.closedThrough !== null &&
            this.calendar.periodOf(from) <= state.closedThrough
          ) {
            throw new ConflictError(
              `effective_from ${from.toISOString()} falls in a closed billing period (through ${state.closedThrough}): invoices never change`,
              'effective_from',
            );
          }
          await store(transaction);
          const outcome = await this.rerateWithin(
            transaction,
            this.catalog.book.with(change),
            change,
            options.description,
          );
          if (options.dryRun) throw new DryRun(outcome);
          return outcome;
        }),
      );
    } catch (error) {
      if (error instanceof DryRun) return error.result;
      throw error;
    }
    await this.catalog.refresh();
    this.logger.log(
      `${options.description}: re-rated ${result.reratedCalls} calls, delta ${result.deltaMicros} micros`,
    );
    return result;
  }

  /**
   * Refuses (409) `change`, a change for the future, when it would price a call already recorded
   * otherwise than that call was priced. A call may start up to {@link MAX_CLOCK_SKEW_MS} after
   * it is recorded, so one recorded before a change effective at T may have started after T, and
   * was priced by what was in force before the change. Only calls recorded since T minus that
   * can be such calls, so only they are read, and none when T is further ahead than any
   * recorded call can start. Under the ledger state's exclusive lock at `revision`, no call is
   * recorded meanwhile; without it (`transaction` then plain reads), a refusal holds only if the
   * tariffs did not change meanwhile, which the caller checks.
   */
  async refuseContradicted(
    transaction: Pick<Transaction, 'run'>,
    change: TariffChange,
    description: string,
    revision: bigint,
  ): Promise<void> {
    const from = effectiveFromOf(change);
    const reach = MAX_CLOCK_SKEW_MS + RECORDING_MARGIN_MS;
    if (from.getTime() > Date.now() + reach) return;
    if (!this.catalog.isCurrent(revision)) throw new StaleTariffs();
    const first = await this.firstIdSince(
      transaction,
      new Date(from.getTime() - reach),
    );
    if (first === undefined) return;
    // Counted up to a page's worth: counting them all could mean re-rating every call of the
    // last minutes, while writers wait.
    let contradicted = 0;
    for await (const changed of this.repriced(
      transaction,
      this.catalog.book.with(change),
      change,
      first - 1n,
    )) {
      contradicted += changed.length;
      if (contradicted >= CALLS_PER_STEP) break;
    }
    if (contradicted === 0) return;
    const count =
      contradicted >= CALLS_PER_STEP
        ? `${CALLS_PER_STEP} or more`
        : `${contradicted}`;
    const one = contradicted === 1;
    throw new ConflictError(
      `${description} takes effect at ${from.toISOString()}, and ${count} recorded ` +
        `call${one ? '' : 's'} started at or after it ${one ? 'was' : 'were'} priced by the ` +
        'tariffs in force before it: send the change as a correction (backdate=true) to ' +
        're-rate them, or make it take effect later',
      'effective_from',
    );
  }

  private async rerateWithin(
    transaction: Transaction,
    book: TariffBook,
    change: TariffChange,
    description: string,
  ): Promise<CorrectionResult> {
    let reratedCalls = 0;
    let deltaMicros = 0n;
    for await (const changed of this.repriced(transaction, book, change, 0n)) {
      reratedCalls += changed.length;
      for (const [before, rerated] of changed) {
        deltaMicros += rerated.amountMicros - before.amountMicros;
      }
      await transaction.run(
        ...changed.flatMap(([before, rerated]) => [
          this.calls.rerate(rerated),
          this.corrections.record(before, rerated, description),
        ]),
        ...this.totals.add([
          ...totalsOf(
            changed.map(([before]) => before),
            -1n,
          ),
          ...totalsOf(changed.map(([, rerated]) => rerated)),
        ]),
      );
    }
    return { reratedCalls, deltaMicros };
  }

  /**
   * The counted calls after the id `after` that `change` may affect (started at or after it
   * takes effect; of its user, for an assignment) and that `book` prices otherwise: each with
   * its re-rated self, a page at a time.
   */
  private async *repriced(
    transaction: Pick<Transaction, 'run'>,
    book: TariffBook,
    change: TariffChange,
    after: bigint,
  ): AsyncGenerator<[Call, Call][]> {
    const from = effectiveFromOf(change);
    const userName = change.kind === 'assignment' ? change.userName : null;
    const now = new Date();
    let cursor = after.toString();
    for (;;) {
      const [calls] = await transaction.run(
        this.calls.startedFrom(from, userName, cursor, CALLS_PER_STEP),
      );
      const last = calls.at(-1);
      if (last === undefined) return;
      cursor = last.id;
      const changed: [Call, Call][] = [];
      for (const call of calls) {
        const rerated = rerate(call, book, now);
        if (rerated !== undefined) changed.push([call, rerated]);
      }
      if (changed.length > 0) yield changed;
    }
  }

  /**
   * The lowest id of the calls recorded since `since`, by a binary search on ids: they grow with
   * the recording stamps, but for the margin the caller leaves. Undefined when there are none.
   */
  private async firstIdSince(
    transaction: Pick<Transaction, 'run'>,
    since: Date,
  ): Promise<bigint | undefined> {
    const [last] = await transaction.run(this.calls.lastId());
    let low = 1n;
    let high = last + 1n;
    while (low < high) {
      const middle = (low + high) / 2n;
      const [first] = await transaction.run(this.calls.firstFrom(middle));
      if (first === undefined || first.createdAt >= since) high = middle;
      else low = first.id + 1n;
    }
    return low > last ? undefined : low;
  }
}

/** The call rated by `book`, or undefined when nothing about its rating changes. */
function rerate(call: Call, book: TariffBook, now: Date): Call | undefined {
  const rate = book.rate(call.userName, call.startedAt, call.destination);
  const rated = rateCall(
    call.callDuration,
    rate,
    rate.amountDecimals,
    rate.rounding,
  );
  if (
    rate.plan === call.ratePlan &&
    rate.version.getTime() === call.rateVersion.getTime() &&
    rate.prefix === call.ratePrefix &&
    rate.amountDecimals === call.amountDecimals &&
    rated.blockCount === call.blockCount &&
    rated.billedSeconds === call.billedSeconds &&
    rated.amountMicros === call.amountMicros
  ) {
    return undefined;
  }
  return Object.assign(new Call(), call, {
    ...rated,
    amountDecimals: rate.amountDecimals,
    ratePlan: rate.plan,
    rateVersion: rate.version,
    ratePrefix: rate.prefix,
    updatedAt: now,
  });
}
