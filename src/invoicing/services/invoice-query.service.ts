import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import {
  keysetPage,
  type KeysetPage,
} from '../../platform/database/keyset-page.js';
import { encodeInvoiceCursor } from '../domain/invoice-cursor.js';
import type {
  IssuedInvoice,
  IssuedInvoiceSummary,
} from '../domain/issued-invoice.js';
import {
  InvoiceReadsRepository,
  type InvoicePageQuery,
} from '../persistence/invoice-reads.repository.js';

export type { InvoicePageQuery } from '../persistence/invoice-reads.repository.js';

/** Reads a user's issued invoices: a page of them, newest first, or one with its lines. */
@Injectable()
export class InvoiceQueryService {
  constructor(
    private readonly database: Database,
    private readonly invoices: InvoiceReadsRepository,
  ) {}

  async page(
    userName: string,
    query: InvoicePageQuery,
  ): Promise<KeysetPage<IssuedInvoiceSummary>> {
    const [rows] = await this.database.read(
      this.invoices.page(userName, query),
    );
    return keysetPage(rows, query.limit, (last) =>
      encodeInvoiceCursor(last.number),
    );
  }

  /** The user's invoice with this number, or undefined (none, or another user's). */
  async find(
    userName: string,
    number: bigint,
  ): Promise<IssuedInvoice | undefined> {
    // An invoice and its lines are committed together and never change: the two reads agree.
    const [[invoice], lines] = await this.database.read(
      this.invoices.find(userName, number),
      this.invoices.lines(userName, number),
    );
    return invoice === undefined ? undefined : { ...invoice, lines };
  }
}
