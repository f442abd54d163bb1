import { Injectable } from '@nestjs/common';
import { LedgerStateRepository } from '../../call-billing/persistence/ledger-state.repository.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import {
  Database,
  type Transaction,
} from '../../platform/database/database.js';
import { blockingPeriod, isCovered } from '../domain/close-order.js';
import { EarlierPeriodOpenError } from '../domain/period-close.errors.js';
import { InvoicesRepository } from '../persistence/invoices.repository.js';
import { PeriodsRepository } from '../persistence/periods.repository.js';
import { CloseLease, LeaseLostError } from './close-lease.js';

/**
 * On SQLite a statement runs on the event loop: a step there is kept to this many rows so that
 * no request waits long behind it, whatever BILLING_CLOSE_STEP_ROWS says.
 */
export const SQLITE_STEP_ROWS = 2_000;

/**
 * The steps of a period's close (SPEC §8), each its own transaction and each fenced by the
 * close lease, so that a close stopped at any point (kill -9, a lost database) resumes where it
 * stopped and ends with the same invoices and numbers:
 *
 * 1. {@link begin}: `ledger_state.closed_through` moves to the period, under the ledger row's
 *    exclusive lock, so that the call writers in flight commit first and every later one books a
 *    call started in the period as late; the period is recorded as `closing`.
 * 2. {@link issueStep}, repeated: the invoices of the next users in byte order after the
 *    period's cursor, a bounded number of running-total rows at a time, numbered after the
 *    highest number so far; the cursor and the period's counts move in the same transaction.
 * 3. {@link finish}: the period is `closed`.
 */
@Injectable()
export class CloseSteps {
  private readonly stepRows: number;

  constructor(
    private readonly database: Database,
    private readonly periods: PeriodsRepository,
    private readonly invoices: InvoicesRepository,
    private readonly ledger: LedgerStateRepository,
    private readonly lease: CloseLease,
    private readonly config: AppConfigService,
  ) {
    const { closeStepRows } = config.get('invoicing');
    this.stepRows =
      database.dialect === 'sqlite'
        ? Math.min(closeStepRows, SQLITE_STEP_ROWS)
        : closeStepRows;
  }

  /**
   * Starts closing `period`: `covered` when it counts as closed already (a month without calls
   * before the last closed one), else `begun` (now or before). Refuses (409) while an earlier
   * period with calls is open; that is decided under the ledger's lock, so that no call can slip
   * into such a period between the check and the close.
   */
  begin(period: string, amountDecimals: number): Promise<'begun' | 'covered'> {
    return this.fenced(async (transaction) => {
      const [ledger, stored] = await transaction.run(
        this.ledger.forChange(),
        this.periods.find(period),
      );
      if (stored !== undefined) return 'begun';
      if (isCovered(period, ledger.closedThrough)) return 'covered';
      const [earliest] = await transaction.run(
        this.periods.firstWithCalls(ledger.closedThrough, period),
      );
      const blocker = blockingPeriod(period, earliest);
      if (blocker !== undefined)
        throw new EarlierPeriodOpenError(period, blocker);
      await transaction.commit(
        this.periods.closeThrough(period),
        this.periods.begin(period, amountDecimals),
      );
      return 'begun';
    });
  }

  /** Issues the invoices of the next step of users: whether users remain after it. */
  issueStep(period: string): Promise<boolean> {
    return this.fenced(async (transaction) => {
      const [stored, lastNumber] = await transaction.run(
        this.periods.find(period),
        this.invoices.lastNumber(),
      );
      if (stored?.status !== 'closing') return false;
      const after = stored.nextUser ?? '';
      const ends = await transaction.run(
        this.invoices.stepEnd('usage_totals', period, after, this.stepRows),
        this.invoices.stepEnd('credits', period, after, this.stepRows),
      );
      // The step ends at the earlier of the two ends: at most stepRows rows of either table.
      const upTo = ends
        .filter((end) => end !== undefined)
        .reduce<string | undefined>(
          (first, end) => (first === undefined || end < first ? end : first),
          undefined,
        );
      await transaction.commit(
        ...this.invoices.issue({
          period,
          after,
          upTo,
          lastNumber,
          issuedAt: new Date(),
          currency: this.config.get('tariff').currency,
        }),
        this.periods.advance(period, lastNumber, upTo),
      );
      return upTo !== undefined;
    });
  }

  finish(period: string): Promise<void> {
    return this.fenced(async (transaction) => {
      await transaction.commit(this.periods.finish(period, new Date()));
    });
  }

  /** `work` in a transaction that first renews the lease, and stops if it was lost. */
  private fenced<T>(
    work: (transaction: Transaction) => Promise<T>,
  ): Promise<T> {
    return this.database.transaction(async (transaction) => {
      const [held] = await transaction.run(this.lease.renew());
      if (!held) throw new LeaseLostError();
      return work(transaction);
    });
  }
}
