import type { INestApplicationContext } from '@nestjs/common';
import type {
  CreditLine,
  InvoiceLine,
  IssuedInvoice,
  UsageLine,
} from '../../src/invoicing/domain/issued-invoice.js';
import { Database } from '../../src/platform/database/database.js';
import {
  command,
  placeholders,
} from '../../src/platform/database/statement.js';

/** The default tariff's line for two calls of 545,000 and 30,001 ms: SPEC §3.2's example. */
export function usageLine(overrides: Partial<UsageLine> = {}): UsageLine {
  return {
    kind: 'usage',
    plan: 'default',
    version: new Date('1970-01-01T00:00:00.000Z'),
    prefix: '',
    callCount: 2,
    totalDuration: 575_001,
    blockCount: 21,
    billedSeconds: 630,
    amountMicros: 1_050_000n,
    ...overrides,
  };
}

export function creditLine(overrides: Partial<CreditLine> = {}): CreditLine {
  return {
    kind: 'credit',
    callId: '17',
    invoiceNumber: 1n,
    amountMicros: -50_000n,
    ...overrides,
    reason: overrides.reason ?? 'Dropped after 2 seconds',
  };
}

/**
 * An invoice as a close would issue it: `alice`'s for 2026-11, number 1, with one usage line;
 * its figures are the sums of its lines (usage for the calls, every line for the total).
 */
export function buildInvoice(
  overrides: Partial<Omit<IssuedInvoice, 'lines'>> & {
    lines?: readonly InvoiceLine[];
  } = {},
): IssuedInvoice {
  const lines = overrides.lines ?? [usageLine()];
  const usage = lines.filter((line) => line.kind === 'usage');
  const sum = (figure: (line: UsageLine) => number) =>
    usage.reduce((total, line) => total + figure(line), 0);
  return {
    number: 1n,
    userName: 'alice',
    period: '2026-11',
    issuedAt: new Date('2026-12-02T00:00:05.123Z'),
    currency: 'USD',
    callCount: sum((line) => line.callCount),
    totalDuration: sum((line) => line.totalDuration),
    blockCount: sum((line) => line.blockCount),
    billedSeconds: sum((line) => line.billedSeconds),
    totalMicros: lines.reduce((total, line) => total + line.amountMicros, 0n),
    amountDecimals: 2,
    ...overrides,
    lines,
  };
}

/**
 * alice's invoice 42 for 2026-11 in 3 decimals: the default plan's calls, one call on a
 * `business` rate for +4420, and a credit for call 17 of invoice 7.
 */
export function invoiceWithCredit(reason?: string): IssuedInvoice {
  return buildInvoice({
    number: 42n,
    period: '2026-11',
    amountDecimals: 3,
    lines: [
      usageLine(),
      usageLine({
        plan: 'business',
        version: new Date('2026-11-01T00:00:00.000Z'),
        prefix: '4420',
        callCount: 1,
        totalDuration: 61_000,
        blockCount: 2,
        billedSeconds: 61,
        amountMicros: 190_000n,
      }),
      creditLine({ callId: '17', invoiceNumber: 7n, reason }),
    ],
  });
}

const LINE_VALUES = 15;

/** Stores issued invoices and their lines as rows, in one transaction. */
export async function insertInvoices(
  app: INestApplicationContext,
  invoices: readonly IssuedInvoice[],
): Promise<void> {
  const statements = invoices.flatMap((invoice) => [
    command(
      'INSERT INTO invoices (number, user_name, period, issued_at, currency, call_count, ' +
        'total_duration, block_count, billed_seconds, total_micros, amount_decimals) ' +
        `VALUES (${placeholders(11)})`,
      [
        invoice.number,
        invoice.userName,
        invoice.period,
        invoice.issuedAt,
        invoice.currency,
        invoice.callCount,
        invoice.totalDuration,
        invoice.blockCount,
        invoice.billedSeconds,
        invoice.totalMicros,
        invoice.amountDecimals,
      ],
    ),
    ...chunksOf(invoice.lines, 500).map((lines, chunk) =>
      command(
        'INSERT INTO invoice_lines (invoice_number, position, kind, plan, version, prefix, ' +
          'call_count, total_duration, block_count, billed_seconds, amount_micros, ' +
          'amount_decimals, call_id, credited_invoice, reason) VALUES ' +
          placeholders(lines.length, `(${placeholders(LINE_VALUES)})`),
        lines.flatMap((line, index) =>
          lineValues(invoice, chunk * 500 + index + 1, line),
        ),
      ),
    ),
  ]);
  await app
    .get(Database)
    .transaction((transaction) => transaction.commit(...statements));
}

function lineValues(
  invoice: IssuedInvoice,
  position: number,
  line: InvoiceLine,
): unknown[] {
  const head = [invoice.number, position, line.kind];
  const tail = [line.amountMicros, invoice.amountDecimals];
  return line.kind === 'usage'
    ? [
        ...head,
        line.plan,
        line.version,
        line.prefix,
        line.callCount,
        line.totalDuration,
        line.blockCount,
        line.billedSeconds,
        ...tail,
        null,
        null,
        null,
      ]
    : [
        ...head,
        ...Array<null>(7).fill(null),
        ...tail,
        line.callId,
        line.invoiceNumber,
        line.reason,
      ];
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
