import { Injectable } from '@nestjs/common';
import {
  RequestBatcher,
  type Settled,
} from '../../platform/concurrency/request-batcher.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { Database } from '../../platform/database/database.js';
import {
  assertSameBlocks,
  TotalsNeedRebuildError,
  UNCOUNTED_CALLS,
} from '../domain/billing-stamp.js';
import { amountFor, parsePrice, type Price } from '../domain/billing-rule.js';
import { CallsRepository } from '../persistence/calls.repository.js';
import {
  TotalsRepository,
  type StoredTotals,
} from '../persistence/totals.repository.js';

export interface Bill {
  readonly userName: string;
  readonly period: string | null;
  readonly callCount: number;
  readonly totalDuration: number;
  readonly blockCount: number;
  readonly blockSeconds: number;
  readonly pricePerBlock: string;
  readonly amount: string;
  readonly currency: string;
}

/** Whose totals a bill needs: one user, all months or one UTC month (`YYYY-MM`). */
interface TotalsQuestion {
  readonly userName: string;
  readonly period?: string;
}

interface SummedTotals {
  /** The block length the totals were counted with; null before the database is stamped. */
  readonly blockMs: number | null;
  readonly callCount: bigint;
  readonly totalDuration: bigint;
  readonly blockCount: bigint;
}

/** Users one statement asks for. */
const MAX_USERS_PER_READ = 500;
/**
 * Batches of bills read at once on MySQL: 2 halves what a bill waits for the batch ahead of it
 * when the database is a network hop away. SQLite answers in-process, one statement at a time.
 */
const MYSQL_READS_IN_FLIGHT = 2;

/**
 * Answers what a user owes from their running totals: one row per month with calls, so a bill
 * costs the same for a user with ten calls and for one with ten million. Bills asked for while
 * earlier reads are in flight go together in one statement; every read still starts after its
 * request arrived, so a bill counts every call acknowledged before it was asked for.
 */
@Injectable()
export class BillingService {
  private readonly price: Price;
  private readonly reads: RequestBatcher<TotalsQuestion, SummedTotals>;

  constructor(
    private readonly database: Database,
    private readonly totals: TotalsRepository,
    private readonly calls: CallsRepository,
    private readonly config: AppConfigService,
  ) {
    this.price = parsePrice(config.tariff.pricePerBlock);
    this.reads = new RequestBatcher((questions) => this.readBatch(questions), {
      maxBatchSize: MAX_USERS_PER_READ,
      maxInFlight: database.dialect === 'mysql' ? MYSQL_READS_IN_FLIGHT : 1,
    });
  }

  /** `period` is a UTC month as `YYYY-MM`; without it, every month. */
  async billFor(userName: string, period?: string): Promise<Bill> {
    const { blockSeconds, pricePerBlock, currency } = this.config.tariff;
    const totals = await this.reads.submit({ userName, period });
    if (totals.blockMs !== null) {
      assertSameBlocks(totals.blockMs, blockSeconds * 1000);
    } else {
      // Not stamped: a new database owes nothing yet; one holding calls waits for a rebuild.
      const [anyCall] = await this.database.read(this.calls.any());
      if (anyCall) throw new TotalsNeedRebuildError(UNCOUNTED_CALLS);
    }
    return {
      userName,
      period: period ?? null,
      callCount: safeInteger(totals.callCount),
      totalDuration: safeInteger(totals.totalDuration),
      blockCount: safeInteger(totals.blockCount),
      blockSeconds,
      pricePerBlock,
      amount: amountFor(totals.blockCount, this.price),
      currency,
    };
  }

  private async readBatch(
    questions: readonly TotalsQuestion[],
  ): Promise<Settled<SummedTotals>[]> {
    const users = [...new Set(questions.map(({ userName }) => userName))];
    const [{ blockMs, months }] = await this.database.read(
      this.totals.forUsers(users),
    );
    const monthsByUser = new Map<string, StoredTotals[]>();
    for (const month of months) {
      const list = monthsByUser.get(month.userName);
      if (list === undefined) monthsByUser.set(month.userName, [month]);
      else list.push(month);
    }
    // Under load many bills of a batch ask the same question: each is summed once.
    const sums = new Map<string, Settled<SummedTotals>>();
    return questions.map(({ userName, period }) => {
      const question = `${userName}\u0000${period ?? ''}`;
      let sum = sums.get(question);
      if (sum === undefined) {
        sum = {
          value: {
            blockMs,
            ...sumMonths(monthsByUser.get(userName) ?? [], period),
          },
        };
        sums.set(question, sum);
      }
      return sum;
    });
  }
}

/** Adds up one user's months, or the one asked for. */
function sumMonths(
  months: readonly StoredTotals[],
  period: string | undefined,
): Omit<SummedTotals, 'blockMs'> {
  let callCount = 0n;
  let totalDuration = 0n;
  let blockCount = 0n;
  for (const month of months) {
    if (period !== undefined && month.period !== period) continue;
    callCount += month.callCount;
    totalDuration += month.totalDuration;
    blockCount += month.blockCount;
  }
  return { callCount, totalDuration, blockCount };
}

/** A JSON number holds integers exactly up to 2^53 - 1; a bill never rounds. */
function safeInteger(exact: bigint): number {
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `total ${exact} exceeds the exactly representable range`,
    );
  }
  return Number(exact);
}
