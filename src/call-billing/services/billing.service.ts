import { Injectable } from '@nestjs/common';
import {
  RequestBatcher,
  type Settled,
} from '../../platform/concurrency/request-batcher.js';
import { groupBy } from '../../platform/collections/group-by.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { Database } from '../../platform/database/database.js';
import { DEFAULT_PLAN } from '../../rating/domain/tariff-book.js';
import { TariffCatalog } from '../../rating/services/tariff-catalog.service.js';
import { sumBill, type BillFigures, type CreditLine } from '../domain/bill.js';
import { formatInvoiceNumber } from '../domain/invoice-number.js';
import {
  CreditsRepository,
  type StoredCredit,
} from '../persistence/credits.repository.js';
import { LedgerStateRepository } from '../persistence/ledger-state.repository.js';
import { TotalsRepository } from '../persistence/totals.repository.js';

export interface Bill extends BillFigures {
  readonly userName: string;
  readonly period: string | null;
  /** With a period: whether it is still open; null without one. */
  readonly status: 'open' | 'closed' | null;
  readonly invoiceNumber: string | null;
  /** The no-destination rate's block, when it bills in equal blocks; else null. */
  readonly blockSeconds: number | null;
  readonly pricePerBlockMicros: bigint | null;
  /** The decimals the no-destination rate's amounts are written with. */
  readonly priceDecimals: number;
  readonly currency: string;
}

/** Whose totals a bill needs: one user, all periods or one (`YYYY-MM`). */
interface BillQuestion {
  readonly userName: string;
  readonly period?: string;
}

/** A bill's figures and its period's state, as one read found them. */
interface BillAnswer {
  readonly figures: BillFigures;
  readonly status: Bill['status'];
  readonly invoiceNumber: string | null;
}

/** Users one statement asks for. */
const MAX_USERS_PER_READ = 500;
/**
 * Batches of bills read at once on MySQL: 2 halves what a bill waits for the batch ahead of it
 * when the database is a network hop away. SQLite answers in-process, one statement at a time.
 */
const MYSQL_READS_IN_FLIGHT = 2;

/**
 * Answers what a user owes by adding up their stored totals (a handful of rows per rate, summed
 * by the database), so a bill costs the same for a user with ten calls and one with ten million,
 * and never prices a call again. Bills asked for while earlier reads are in flight go together
 * in one read, and the same question asked several times in it is summed once; every read
 * starts after its request arrived, so a bill counts every call acknowledged before it was
 * asked for.
 */
@Injectable()
export class BillingService {
  private readonly reads: RequestBatcher<BillQuestion, BillAnswer>;

  constructor(
    private readonly database: Database,
    private readonly totals: TotalsRepository,
    private readonly credits: CreditsRepository,
    private readonly state: LedgerStateRepository,
    private readonly catalog: TariffCatalog,
    private readonly config: AppConfigService,
  ) {
    this.reads = new RequestBatcher((questions) => this.readBatch(questions), {
      maxBatchSize: MAX_USERS_PER_READ,
      maxInFlight: database.dialect === 'mysql' ? MYSQL_READS_IN_FLIGHT : 1,
    });
  }

  async billFor(userName: string, period?: string): Promise<Bill> {
    const { figures, status, invoiceNumber } = await this.reads.submit({
      userName,
      period,
    });
    const now = this.catalog.rate(userName, new Date(), null);
    const equalBlocks =
      now.firstBlockSeconds === now.incrementSeconds &&
      now.incrementSeconds === now.priceUnitSeconds;
    return {
      userName,
      period: period ?? null,
      status,
      invoiceNumber,
      ...figures,
      blockSeconds: equalBlocks ? now.firstBlockSeconds : null,
      pricePerBlockMicros: equalBlocks ? now.priceMicros : null,
      priceDecimals: now.amountDecimals,
      currency: this.config.get('tariff').currency,
    };
  }

  private async readBatch(
    questions: readonly BillQuestion[],
  ): Promise<Settled<BillAnswer>[]> {
    const keyed = new Map(
      questions.map((question) => [keyOf(question), question]),
    );
    const distinct = [...keyed.values()];
    const users = unique(distinct.map(({ userName }) => userName));
    const [state, overall, inPeriods, credits, invoices] =
      await this.database.read(
        this.state.current(),
        this.totals.byRate(
          distinct.flatMap(({ userName, period }) =>
            period === undefined ? [userName] : [],
          ),
        ),
        this.totals.inPeriods(
          distinct.flatMap(({ userName, period }) =>
            period === undefined ? [] : [[userName, period] as const],
          ),
        ),
        this.credits.forUsers(users),
        this.credits.invoicesOf(users),
      );
    await this.catalog.ensure(state.tariffRevision);
    const fallbackDecimals = this.catalog.rateOfPlan(
      DEFAULT_PLAN,
      new Date(),
      null,
    ).amountDecimals;
    const usage = new Map([
      ...groupBy(overall, ({ userName }) => userName),
      ...groupBy(inPeriods, keyOf),
    ]);
    const creditsByUser = groupBy(credits, ({ userName }) => userName);
    const invoiceNumbers = new Map(
      invoices.map(({ userName, period, number }) => [
        keyOf({ userName, period }),
        formatInvoiceNumber(number),
      ]),
    );
    const answers = new Map<string, BillAnswer>();
    for (const [key, { userName, period }] of keyed) {
      const credited = (creditsByUser.get(userName) ?? []).filter(
        (credit) => period === undefined || credit.period === period,
      );
      answers.set(key, {
        figures: sumBill(
          usage.get(key) ?? [],
          credited.map(creditLine),
          fallbackDecimals,
        ),
        status:
          period === undefined
            ? null
            : state.closedThrough !== null && period <= state.closedThrough
              ? 'closed'
              : 'open',
        invoiceNumber:
          period === undefined ? null : (invoiceNumbers.get(key) ?? null),
      });
    }
    return questions.map((question) => ({
      value: answers.get(keyOf(question)) as BillAnswer,
    }));
  }
}

function keyOf({ userName, period }: BillQuestion): string {
  return period === undefined ? userName : `${userName}\u0000${period}`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function creditLine(credit: StoredCredit): CreditLine {
  return {
    kind: 'credit',
    callId: credit.callId,
    invoiceNumber: formatInvoiceNumber(credit.invoiceNumber),
    reason: credit.reason,
    amountMicros: credit.amountMicros,
    amountDecimals: credit.amountDecimals,
  };
}
