// The closing phase in the report: the close's figures (the service's column), the targets of
// issue 13 and the checks.
import type { Options } from '../options.js';
import {
  EMPTY_REPORT,
  serviceTarget,
  type PhaseReport,
  type Row,
} from '../phase.js';
import { num } from '../text.js';
import type { ClosingFigures } from './closing.js';

/** Issue 13: a million users' period closed within a minute. */
const CLOSE_SECONDS = 60;

export function closingReport(
  { closing }: ClosingFigures,
  { settings }: Options,
): PhaseReport {
  if (closing === undefined) return EMPTY_REPORT;
  const c = closing;
  const invoices = c.summary.invoice_count ?? 0;
  const perSecond = invoices / c.closeSeconds;
  // The users' period with as many users as this run's, scaled to 1,000,000 at the same rate.
  const scaled =
    c.users === 1_000_000
      ? c.closeSeconds
      : (1_000_000 / Math.max(1, invoices)) * c.closeSeconds;
  const billRatio =
    c.closedBills !== undefined &&
    c.openBills !== undefined &&
    c.openBills.rps > 0
      ? c.closedBills.rps / c.openBills.rps
      : undefined;
  const label = (text: string) => `closing: ${text}`;
  const row = (text: string, cell: string): Row => ({
    label: text.replace(/^closing: /, ''),
    cells: [cell],
  });
  const rows: Row[] = [
    row(label('users = invoices issued'), num(invoices)),
    row(
      label('seeding: POST /calls/batch, calls/s'),
      num(c.seeding.api.calls / c.seeding.api.seconds),
    ),
    row(
      label('seeding: INSERT … SELECT of the rest, s'),
      num(c.seeding.sqlSeconds, 1),
    ),
    row(label('close, s'), num(c.closeSeconds, 1)),
    row(label('invoices/s'), num(perSecond)),
    row(
      label('CPU % during it: service / MariaDB'),
      `${c.cpu.server} / ${c.cpu.mariadb}`,
    ),
    row(label('service RSS idle before it, MB'), num(c.idleRssMb, 1)),
    row(label('service peak RSS during it, MB'), num(c.peakRssMb, 1)),
    row(
      label(`PUT p50 / p99, ms, idle`),
      `${num(c.idle.p50)} / ${num(c.idle.p99)}`,
    ),
    row(
      label(`PUT p50 / p99, ms, during`),
      `${num(c.during.p50)} / ${num(c.during.p99)}`,
    ),
    row(
      label('PUT p99 during it vs idle'),
      c.idle.p99 > 0 ? `${num(c.during.p99 / c.idle.p99, 2)}x` : '-',
    ),
    row(
      label('PUT max latency, ms, idle / during'),
      `${num(c.idle.max)} / ${num(c.during.max)}`,
    ),
    row(label('PUTs answered during it'), num(c.during.ok)),
    row(label(`GET bills/s, ${c.period} (closed)`), num(c.closedBills?.rps)),
    row(label(`GET bills/s, ${c.openPeriod} (open)`), num(c.openBills?.rps)),
  ];
  return {
    header: [],
    rows: [],
    tables: [
      {
        title: [
          'closing (issue 13):',
          `${num(c.users)} users with a call in ${c.period} (the first ${num(c.seeding.api.calls)} by ` +
            `POST /calls/batch, 1,000 a batch; the other ${num(c.seeding.sqlUsers)} by INSERT … SELECT into calls ` +
            'and usage_totals as the service stores them), ' +
            `closed by POST /admin/periods/${c.period}/close while PUTs for ${c.openPeriod} come at ` +
            `${c.idle.rate}/s (16 connections; the same load idle before it); bills of ${c.period} (closed) ` +
            `and ${c.openPeriod} (open) over 1,000 of them, ${settings.rounds} alternating round(s)`,
        ],
        columns: ['service'],
        rows,
      },
    ],
    targets: [
      serviceTarget(
        label(`close of ${num(invoices)} users, s`),
        `<= ${CLOSE_SECONDS} s`,
        ' s',
        (v) => v <= CLOSE_SECONDS,
        c.closeSeconds,
      ),
      ...(c.users === 1_000_000
        ? []
        : [
            serviceTarget(
              label('close, scaled to 1,000,000 users, s'),
              `<= ${CLOSE_SECONDS} s`,
              ' s',
              (v) => v <= CLOSE_SECONDS,
              scaled,
            ),
          ]),
      serviceTarget(
        label('invoices/s'),
        '>= 16,000/s',
        '/s',
        (v) => v >= 16_000,
        perSecond,
      ),
      serviceTarget(
        label('bills/s, closed vs open period'),
        '>= 0.9x',
        'x',
        (v) => v >= 0.9,
        billRatio,
      ),
    ],
    checks: c.checks.map((check) => `closing: ${check}`),
    notes: [],
  };
}
