import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  keysetPage,
  type KeysetPage,
} from '../../platform/database/keyset-page.js';
import type { IssuedInvoiceSummary } from '../domain/issued-invoice.js';
import { invoiceUserCursor, periodCursor } from '../domain/admin-cursors.js';
import { PeriodNotClosedError } from '../domain/period-close.errors.js';
import {
  openSummary,
  summaryOf,
  type PeriodSummary,
} from '../domain/period-summary.js';
import { InvoicesRepository } from '../persistence/invoices.repository.js';
import { PeriodsRepository } from '../persistence/periods.repository.js';

/** Invoices read per round trip while a period's CSV export streams. */
const EXPORT_PAGE = 5_000;

/** What the admin API reads about periods and their invoices (SPEC §8). */
@Injectable()
export class PeriodQueryService {
  constructor(
    private readonly database: Database,
    private readonly periods: PeriodsRepository,
    private readonly invoices: InvoicesRepository,
  ) {}

  /** Periods that have calls (or a close), newest first, after the cursor's. */
  async periodPage(
    limit: number,
    cursor?: string,
  ): Promise<KeysetPage<PeriodSummary>> {
    const before =
      cursor === undefined ? undefined : periodCursor.decode(cursor);
    const [found] = await this.database.read(
      this.periods.pageBefore(before, limit + 1),
    );
    const { items, nextCursor } = keysetPage(found, limit, (last) =>
      periodCursor.encode(last),
    );
    const [stored] =
      items.length === 0
        ? [[]]
        : await this.database.read(this.periods.findAll(items));
    const closes = new Map(stored.map((close) => [close.period, close]));
    return {
      items: items.map((period) => {
        const close = closes.get(period);
        return close === undefined ? openSummary(period, 0) : summaryOf(close);
      }),
      nextCursor,
    };
  }

  /** A page of a closed period's invoices in number order; 409 unless it is closed. */
  async invoicePage(
    period: string,
    limit: number,
    cursor?: string,
  ): Promise<KeysetPage<IssuedInvoiceSummary>> {
    const after =
      (cursor === undefined ? undefined : invoiceUserCursor.decode(cursor)) ??
      '';
    const [stored, found] = await this.database.read(
      this.periods.find(period),
      this.invoices.pageOf(period, after, limit + 1),
    );
    if (stored?.status !== 'closed') throw new PeriodNotClosedError(period);
    return keysetPage(found, limit, (last) =>
      invoiceUserCursor.encode(last.userName),
    );
  }

  /** Refuses (409) a period that is not closed: before an export starts to stream. */
  async requireClosed(period: string): Promise<void> {
    const [stored] = await this.database.read(this.periods.find(period));
    if (stored?.status !== 'closed') throw new PeriodNotClosedError(period);
  }

  /** Every invoice of a closed period in number order, a page at a time: never all in memory. */
  async *allInvoices(
    period: string,
  ): AsyncGenerator<readonly IssuedInvoiceSummary[]> {
    let after = '';
    for (;;) {
      const [page] = await this.database.read(
        this.invoices.pageOf(period, after, EXPORT_PAGE),
      );
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (page.length < EXPORT_PAGE || last === undefined) return;
      after = last.userName;
    }
  }
}
