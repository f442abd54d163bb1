import PDFDocument from 'pdfkit';
import type { Readable } from 'node:stream';
import { formatInvoiceNumber } from '../../call-billing/domain/invoice-number.js';
import { TimeSlices } from '../../platform/concurrency/time-slices.js';
import type { IssuedInvoice } from '../domain/issued-invoice.js';
import {
  clockTime,
  dayName,
  lineRows,
  paginate,
  periodName,
  totalText,
  type LineRow,
} from './invoice-layout.js';
import { pdfText } from './pdf-text.js';

export interface InvoicePdfOptions {
  /** Who sends the invoice, printed at the top of every page. */
  readonly issuer: string;
  /** Where the issue date is read (BILLING_TIMEZONE); UTC by default. */
  readonly timeZone?: string;
}

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MARGIN = 50;
const TEXT_SIZE = 9;
const ROW_PADDING = 4;
const GREY = '#666666';
const RULE = '#cccccc';

interface Column {
  readonly title: string;
  readonly key: keyof LineRow;
  readonly x: number;
  readonly width: number;
  readonly align: 'left' | 'right';
}

/** A4 is 595 points wide: 495 between the margins. */
const COLUMNS: readonly Column[] = [
  {
    title: 'Description',
    key: 'description',
    x: 50,
    width: 245,
    align: 'left',
  },
  { title: 'Calls', key: 'calls', x: 300, width: 55, align: 'right' },
  {
    title: 'Billed time',
    key: 'billedTime',
    x: 360,
    width: 75,
    align: 'right',
  },
  { title: 'Amount', key: 'amount', x: 440, width: 105, align: 'right' },
];
const [DESCRIPTION] = COLUMNS;
const RIGHT_EDGE = 545;
/** Where the head of a page after the first ends. */
const CONTINUED_HEAD_BOTTOM = MARGIN + 14;
/** The room the totals take under the last row. */
const TOTALS_HEIGHT = 70;

/**
 * The invoice as a PDF a person would send to a customer, streamed as it is laid out: every
 * row is measured first (so that the pages can be counted and the totals kept with the last
 * rows), then the pages are drawn, each leaving the stream as soon as the next one starts. The
 * work yields to the event loop every couple of milliseconds, so that a long invoice never holds
 * other requests up. The figures are written first, before anything is streamed: an amount that
 * its decimals cannot show throws here, rather than break off a document already under way.
 */
export function renderInvoicePdf(
  invoice: IssuedInvoice,
  options: InvoicePdfOptions,
): Readable {
  const figures = { rows: lineRows(invoice), total: totalText(invoice) };
  const number = formatInvoiceNumber(invoice.number);
  const issuer = pdfText(options.issuer);
  const document = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: {
      Title: `Invoice ${number}`,
      Author: issuer,
      Subject: `${periodName(invoice.period)}, ${invoice.userName}`,
      // The same invoice gives the same document, whenever it is asked for.
      CreationDate: invoice.issuedAt,
      ModDate: invoice.issuedAt,
    },
  });
  layOut(document, invoice, figures, { ...options, issuer }).catch(
    (error: unknown) =>
      document.destroy(
        error instanceof Error ? error : new Error(String(error)),
      ),
  );
  return document;
}

/** The invoice's table rows and total, as printed. */
interface Figures {
  readonly rows: readonly LineRow[];
  readonly total: string;
}

async function layOut(
  document: PDFKit.PDFDocument,
  invoice: IssuedInvoice,
  { rows, total }: Figures,
  options: InvoicePdfOptions,
): Promise<void> {
  const slices = new TimeSlices();
  document.addPage();
  document.font(REGULAR).fontSize(TEXT_SIZE);
  const heights: number[] = [];
  for (const row of rows) {
    heights.push(rowHeight(document, row));
    await slices.pause();
    // The client went away (the reply destroyed the stream): nobody is left to read the rest.
    if (document.destroyed) return;
  }
  const bottom = document.page.height - MARGIN;
  const firstTop = drawFirstHeader(document, invoice, options);
  const pages = paginate(
    heights,
    bottom - tableTop(firstTop),
    bottom - tableTop(CONTINUED_HEAD_BOTTOM),
    TOTALS_HEIGHT,
  );
  for (const [index, page] of pages.entries()) {
    if (index > 0) document.addPage();
    let y =
      index === 0
        ? tableTop(firstTop)
        : tableTop(drawContinuedHeader(document, invoice, options));
    drawColumnTitles(document, y);
    for (let row = page.start; row < page.end; row++) {
      const height = heights[row] ?? 0;
      drawRow(document, rows[row], y, height);
      y += height;
      await slices.pause();
      if (document.destroyed) return;
    }
    if (index === pages.length - 1) drawTotals(document, invoice, total, y);
    drawFooter(document, invoice, index + 1, pages.length);
  }
  document.end();
}

function rowHeight(document: PDFKit.PDFDocument, row: LineRow): number {
  return (
    document.heightOfString(row.description, { width: DESCRIPTION?.width }) +
    2 * ROW_PADDING
  );
}

/** The issuer, the title, and who, what and when: the first page's head. Returns its bottom. */
function drawFirstHeader(
  document: PDFKit.PDFDocument,
  invoice: IssuedInvoice,
  { issuer, timeZone }: InvoicePdfOptions,
): number {
  document.font(BOLD).fontSize(18).fillColor('black');
  document.text(issuer, MARGIN, MARGIN, { width: 330 });
  document.fontSize(24).text('Invoice', 395, MARGIN, {
    width: 150,
    align: 'right',
  });
  const details: [string, string][] = [
    ['Invoice number', formatInvoiceNumber(invoice.number)],
    ['Issue date', dayName(invoice.issuedAt, timeZone)],
    ['Billing period', periodName(invoice.period)],
    ['Customer', invoice.userName],
  ];
  let y = Math.max(document.y, MARGIN + 30) + 20;
  for (const [label, value] of details) {
    document.font(REGULAR).fontSize(10).fillColor(GREY);
    document.text(label, MARGIN, y, { width: 100, lineBreak: false });
    document.font(BOLD).fillColor('black');
    document.text(value, MARGIN + 100, y, { width: 300, lineBreak: false });
    y += 16;
  }
  return y;
}

/** The head of every later page: whose invoice this is. Returns its bottom. */
function drawContinuedHeader(
  document: PDFKit.PDFDocument,
  invoice: IssuedInvoice,
  { issuer }: InvoicePdfOptions,
): number {
  document.font(BOLD).fontSize(10).fillColor('black');
  document.text(issuer, MARGIN, MARGIN, { width: 300, lineBreak: false });
  document.font(REGULAR).fillColor(GREY);
  document.text(
    `Invoice ${formatInvoiceNumber(invoice.number)}, ${invoice.userName} (continued)`,
    300,
    MARGIN,
    { width: 245, align: 'right', lineBreak: false },
  );
  return CONTINUED_HEAD_BOTTOM;
}

/** Rows start below the column titles, which sit a little under the page's head. */
function tableTop(headBottom: number): number {
  return headBottom + 12 + 2 * ROW_PADDING + TEXT_SIZE + 2;
}

function drawColumnTitles(document: PDFKit.PDFDocument, rowsTop: number): void {
  const y = rowsTop - 2 * ROW_PADDING - TEXT_SIZE - 2;
  document.font(BOLD).fontSize(TEXT_SIZE).fillColor('black');
  for (const column of COLUMNS) {
    document.text(column.title, column.x, y + ROW_PADDING, {
      width: column.width,
      align: column.align,
      lineBreak: false,
    });
  }
  document
    .moveTo(MARGIN, rowsTop - 1)
    .lineTo(RIGHT_EDGE, rowsTop - 1)
    .lineWidth(1)
    .strokeColor('black')
    .stroke();
}

function drawRow(
  document: PDFKit.PDFDocument,
  row: LineRow | undefined,
  y: number,
  height: number,
): void {
  if (row === undefined) return;
  document.font(REGULAR).fontSize(TEXT_SIZE).fillColor('black');
  for (const column of COLUMNS) {
    document.text(row[column.key], column.x, y + ROW_PADDING, {
      width: column.width,
      align: column.align,
      lineBreak: column.key === 'description',
    });
  }
  const below = y + height;
  document
    .moveTo(MARGIN, below)
    .lineTo(RIGHT_EDGE, below)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
}

function drawTotals(
  document: PDFKit.PDFDocument,
  invoice: IssuedInvoice,
  total: string,
  rowsBottom: number,
): void {
  const figures: [string, string][] = [
    ['Calls', invoice.callCount.toLocaleString('en-US')],
    ['Billed time', clockTime(invoice.billedSeconds)],
  ];
  let y = rowsBottom + 10;
  document.font(REGULAR).fontSize(TEXT_SIZE).fillColor(GREY);
  for (const [label, value] of figures) {
    document.text(label, 300, y, {
      width: 135,
      align: 'right',
      lineBreak: false,
    });
    document.text(value, 440, y, {
      width: 105,
      align: 'right',
      lineBreak: false,
    });
    y += 14;
  }
  document
    .moveTo(300, y)
    .lineTo(RIGHT_EDGE, y)
    .lineWidth(1)
    .strokeColor('black')
    .stroke();
  document.font(BOLD).fontSize(12).fillColor('black');
  document.text('Total', 300, y + 6, {
    width: 95,
    align: 'right',
    lineBreak: false,
  });
  document.text(total, 395, y + 6, {
    width: 150,
    align: 'right',
    lineBreak: false,
  });
}

/** The page's number and the invoice's, in the bottom margin. */
function drawFooter(
  document: PDFKit.PDFDocument,
  invoice: IssuedInvoice,
  page: number,
  pages: number,
): void {
  const { margins } = document.page;
  // Text below the bottom margin would start a new page: the margin is lifted while it is drawn.
  const bottom = margins.bottom;
  margins.bottom = 0;
  document.font(REGULAR).fontSize(8).fillColor(GREY);
  document.text(
    `${formatInvoiceNumber(invoice.number)} - page ${page} of ${pages}`,
    MARGIN,
    document.page.height - MARGIN + 15,
    { width: RIGHT_EDGE - MARGIN, align: 'center', lineBreak: false },
  );
  margins.bottom = bottom;
}
