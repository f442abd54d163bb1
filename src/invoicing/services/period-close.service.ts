import { Injectable, Logger } from '@nestjs/common';
import { LedgerStateRepository } from '../../call-billing/persistence/ledger-state.repository.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { Database } from '../../platform/database/database.js';
import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';
import { BillingCalendar } from '../../rating/domain/billing-calendar.js';
import { DEFAULT_PLAN } from '../../rating/domain/tariff-book.js';
import { TariffCatalog } from '../../rating/services/tariff-catalog.service.js';
import {
  autoCloseAt,
  hasEnded,
  isCovered,
  monthEnd,
} from '../domain/close-order.js';
import { PeriodNotEndedError } from '../domain/period-close.errors.js';
import { summaryOf, type PeriodSummary } from '../domain/period-summary.js';
import { PeriodsRepository } from '../persistence/periods.repository.js';
import { CloseLease, LeaseLostError } from './close-lease.js';
import { CloseSteps } from './close-steps.js';

/** How often a closer that waits for another process's close looks again. */
const POLL_MS = 250;

/** The process is stopping: a close stops between two steps, to resume when run again. */
class Stopping extends Error {}

/**
 * Closes billing periods (SPEC §8): on request (`POST /admin/periods/{period}/close`,
 * `npm run billing:close`) and by itself once a month is over and its grace hours have passed.
 * Exactly one process closes at a time, however many run: the one holding the close lease.
 * Within a process, closes run one after another.
 */
@Injectable()
export class PeriodCloseService {
  private readonly logger = new Logger(PeriodCloseService.name);
  /** The close running in this process; the next one starts after it. */
  private tail: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly database: Database,
    private readonly periods: PeriodsRepository,
    private readonly ledger: LedgerStateRepository,
    private readonly steps: CloseSteps,
    private readonly lease: CloseLease,
    private readonly catalog: TariffCatalog,
    private readonly config: AppConfigService,
    private readonly calendar: BillingCalendar,
  ) {}

  /**
   * Closes `period`, first finishing an earlier close that was interrupted, and answers its
   * summary; a closed period answers the same summary again. While another process closes, it
   * waits for that process (and answers once the period is closed, or takes over should the other
   * process die).
   */
  async close(period: string): Promise<PeriodSummary> {
    const now = new Date();
    if (!hasEnded(period, this.calendar, now)) {
      throw new PeriodNotEndedError(
        period,
        monthEnd(period, this.calendar),
        this.calendar.timeZone,
      );
    }
    for (;;) {
      const closed = await this.closedSummary(period);
      if (closed !== undefined) return closed;
      if (this.stopping) {
        throw new ServiceUnavailableError(
          'The service is stopping; the close resumes when it is asked again',
          5,
        );
      }
      const summary = await this.holdingLease(() => this.closeHolding(period));
      if (summary !== undefined) return summary;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Closes, oldest first, every period whose month ended `BILLING_GRACE_HOURS` ago and that has
   * calls, after finishing any interrupted close; nothing if another process holds the lease.
   * Answers the periods it closed.
   */
  async closeDue(now = new Date()): Promise<string[]> {
    const closed = await this.holdingLease(async () => {
      const done = await this.finishInterrupted();
      for (;;) {
        const [{ closedThrough }] = await this.database.read(
          this.ledger.current(),
        );
        const [next] = await this.database.read(
          this.periods.firstWithCalls(closedThrough),
        );
        if (next === undefined) return done;
        const due = autoCloseAt(
          next,
          this.calendar,
          this.config.get('invoicing').graceHours,
        );
        if (due.getTime() > now.getTime()) return done;
        await this.closeHolding(next);
        done.push(next);
      }
    });
    return closed ?? [];
  }

  /**
   * Ends this process's closes after their current step and waits for them: a close stopped so
   * resumes, here or in another process, when it is asked again or the ticker runs.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.tail;
  }

  /** The summary of `period` if it is closed (or counts as closed), else undefined. */
  async closedSummary(period: string): Promise<PeriodSummary | undefined> {
    const [ledger, stored] = await this.database.read(
      this.ledger.current(),
      this.periods.find(period),
    );
    if (stored !== undefined) {
      return stored.status === 'closed' ? summaryOf(stored) : undefined;
    }
    return isCovered(period, ledger.closedThrough)
      ? this.coveredSummary(period)
      : undefined;
  }

  private async closeHolding(period: string): Promise<PeriodSummary> {
    await this.finishInterrupted(period);
    const closed = await this.closedSummary(period);
    if (closed !== undefined) return closed;
    const begun = await this.steps.begin(period, await this.defaultDecimals());
    if (begun === 'covered') return this.coveredSummary(period);
    await this.complete(period);
    const summary = await this.closedSummary(period);
    if (summary === undefined) throw new LeaseLostError();
    return summary;
  }

  /** Completes every close begun and not finished, up to `through` (all without it), in order. */
  private async finishInterrupted(through?: string): Promise<string[]> {
    const [unfinished] = await this.database.read(this.periods.unfinished());
    const finished: string[] = [];
    for (const period of unfinished) {
      if (through !== undefined && period > through) break;
      this.logger.log(`Resuming the interrupted close of ${period}`);
      await this.complete(period);
      finished.push(period);
    }
    return finished;
  }

  private async complete(period: string): Promise<void> {
    const started = Date.now();
    while (await this.steps.issueStep(period)) {
      if (this.stopping) throw new Stopping();
      // Each step is a transaction of its own; let the event loop serve requests in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.steps.finish(period);
    this.logger.log(
      `Closed ${period} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  /**
   * A month without calls before the last closed one: closed, without invoices, since the close
   * that covered it.
   */
  private async coveredSummary(period: string): Promise<PeriodSummary> {
    const [covering] = await this.database.read(
      this.periods.firstClosedFrom(period),
    );
    return {
      period,
      status: 'closed',
      closedAt: covering?.closedAt ?? null,
      invoiceCount: 0,
      totalMicros: 0n,
      amountDecimals: await this.defaultDecimals(),
    };
  }

  /** A total without invoices is written like the default plan's amounts. */
  private async defaultDecimals(): Promise<number> {
    await this.catalog.ensure();
    return this.catalog.rateOfPlan(DEFAULT_PLAN, new Date(), null)
      .amountDecimals;
  }

  /**
   * Runs `work` holding the lease, after any other close of this process; undefined, without
   * running it, when another process holds the lease. A lost lease ends the work early, as
   * undefined too: the process that took it over finishes.
   */
  private holdingLease<T>(work: () => Promise<T>): Promise<T | undefined> {
    const turn = this.tail.then(async () => {
      if (this.stopping || !(await this.lease.take())) return undefined;
      try {
        return await work();
      } catch (error) {
        if (error instanceof LeaseLostError) {
          this.logger.warn(error.message);
          return undefined;
        }
        if (error instanceof Stopping) return undefined;
        throw error;
      } finally {
        await this.lease.release().catch(() => undefined);
      }
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
