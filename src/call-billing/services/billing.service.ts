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
import type { UsageRow } from '../domain/totals.js';
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

interface UserLedger {
  readonly usage: readonly UsageRow[];
  readonly credits: readonly StoredCredit[];
  /** The user's invoice number by period. */
  readonly invoices: ReadonlyMap<string, bigint>;
  readonly closedThrough: string | null;
  readonly tariffRevision: bigint;
}

/** Users one statement asks for. */
const MAX_USERS_PER_READ = 500;
/**
 * Batches of bills read at once on MySQL: 2 halves what a bill waits for the batch ahead of it
 * when the database is a network hop away. SQLite answers in-process, one statement at a time.
 */
const MYSQL_READS_IN_FLIGHT = 2;

/**
 * Answers what a user owes by adding up their stored totals (a handful of rows per period and
 * rate), so a bill costs the same for a user with ten calls and one with ten million, and never
 * prices a call again. Bills asked for while earlier reads are in flight go together in one
 * read; every read starts after its request arrived, so a bill counts every call acknowledged
 * before it was asked for.
 */
@Injectable()
export class BillingService {
  private readonly reads: RequestBatcher<BillQuestion, UserLedger>;

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
    const ledger = await this.reads.submit({ userName, period });
    await this.catalog.ensure(ledger.tariffRevision);
    const now = this.catalog.rate(userName, new Date(), null);
    const equalBlocks =
      now.firstBlockSeconds === now.incrementSeconds &&
      now.incrementSeconds === now.priceUnitSeconds;
    const inPeriod = <T extends { period: string }>(
      rows: readonly T[],
    ): readonly T[] =>
      period === undefined ? rows : rows.filter((row) => row.period === period);
    const credits = inPeriod(ledger.credits).map((credit): CreditLine => ({
      kind: 'credit',
      callId: credit.callId,
      invoiceNumber: formatInvoiceNumber(credit.invoiceNumber),
      reason: credit.reason,
      amountMicros: credit.amountMicros,
      amountDecimals: credit.amountDecimals,
    }));
    const invoice =
      period === undefined ? undefined : ledger.invoices.get(period);
    return {
      userName,
      period: period ?? null,
      status:
        period === undefined
          ? null
          : ledger.closedThrough !== null && period <= ledger.closedThrough
            ? 'closed'
            : 'open',
      invoiceNumber:
        invoice === undefined ? null : formatInvoiceNumber(invoice),
      ...sumBill(
        inPeriod(ledger.usage),
        credits,
        this.catalog.rateOfPlan(DEFAULT_PLAN, new Date(), null).amountDecimals,
      ),
      blockSeconds: equalBlocks ? now.firstBlockSeconds : null,
      pricePerBlockMicros: equalBlocks ? now.priceMicros : null,
      priceDecimals: now.amountDecimals,
      currency: this.config.get('tariff').currency,
    };
  }

  private async readBatch(
    questions: readonly BillQuestion[],
  ): Promise<Settled<UserLedger>[]> {
    const users = [...new Set(questions.map(({ userName }) => userName))];
    const [state, rows, credits, invoices] = await this.database.read(
      this.state.current(),
      this.totals.forUsers(users),
      this.credits.forUsers(users),
      this.credits.invoicesOf(users),
    );
    const usage = groupBy(rows, userNameOf);
    const creditsByUser = groupBy(credits, userNameOf);
    const invoicesByUser = new Map<string, Map<string, bigint>>();
    for (const invoice of invoices) {
      const own =
        invoicesByUser.get(invoice.userName) ?? new Map<string, bigint>();
      own.set(invoice.period, invoice.number);
      invoicesByUser.set(invoice.userName, own);
    }
    return questions.map(({ userName }) => ({
      value: {
        usage: usage.get(userName) ?? [],
        credits: creditsByUser.get(userName) ?? [],
        invoices: invoicesByUser.get(userName) ?? new Map<string, bigint>(),
        closedThrough: state.closedThrough,
        tariffRevision: state.tariffRevision,
      },
    }));
  }
}

function userNameOf(row: { userName: string }): string {
  return row.userName;
}
