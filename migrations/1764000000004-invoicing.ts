import {
  column,
  columns,
  FIGURES,
  MONEY,
  nullable,
  rateColumns,
  tablesMigration,
  types,
  type Table,
} from './ddl.js';

const REASON = types.utf8('varchar(200)');

const BILLING_PERIODS: Table = {
  name: 'billing_periods',
  columns: [
    column('period', types.period),
    column(
      'status',
      types.ascii('varchar(8)'),
      'NOT NULL',
      "status IN ('closing', 'closed')",
    ),
    column('closed_at', types.datetime(6), 'NULL'),
    column('invoice_count', types.int, 'NOT NULL DEFAULT 0'),
    column('total_micros', types.bigint, 'NOT NULL DEFAULT 0'),
    column('amount_decimals', types.tinyint, 'NOT NULL DEFAULT 0'),
    column('next_user', types.userName, 'NULL'),
  ],
  primaryKey: ['period'],
  charset: 'ascii',
};

const INVOICES: Table = {
  name: 'invoices',
  columns: [
    column('number', types.bigint),
    column('user_name', types.userName),
    column('period', types.period),
    column('issued_at', types.datetime(6)),
    column('currency', types.ascii('char(3)')),
    ...FIGURES,
    column('total_micros', types.bigint),
    column('amount_decimals', types.tinyint),
  ],
  primaryKey: ['number'],
  indexes: [
    {
      name: 'uq_invoices_period_user',
      columns: ['period', 'user_name'],
      unique: true,
    },
    { name: 'idx_invoices_user_number', columns: ['user_name', 'number'] },
  ],
  charset: 'ascii',
};

const INVOICE_LINES: Table = {
  name: 'invoice_lines',
  columns: [
    column('invoice_number', types.bigint),
    column('position', types.int),
    column(
      'kind',
      types.ascii('varchar(6)'),
      'NOT NULL',
      "kind IN ('usage', 'credit')",
    ),
    ...nullable([...rateColumns(''), ...FIGURES]),
    ...MONEY,
    ...nullable(columns(types.bigint, 'call_id', 'credited_invoice')),
    column('reason', REASON, 'NULL'),
  ],
  primaryKey: ['invoice_number', 'position'],
  charset: 'ascii',
};

const CREDITS: Table = {
  name: 'credits',
  columns: [
    column('call_id', types.bigint),
    column('user_name', types.userName),
    column('period', types.period),
    ...MONEY,
    column('invoice_number', types.bigint),
    column('reason', REASON),
    column('created_at', types.datetime(6)),
  ],
  primaryKey: ['call_id'],
  indexes: [
    { name: 'idx_credits_user_period', columns: ['user_name', 'period'] },
    { name: 'idx_credits_period_user', columns: ['period', 'user_name'] },
  ],
  charset: 'ascii',
};

const SERVICE_LOCKS: Table = {
  name: 'service_locks',
  columns: [
    column('name', types.ascii('varchar(32)')),
    column('holder', types.ascii('varchar(64)')),
    column('expires_at', types.datetime(6)),
  ],
  primaryKey: ['name'],
  charset: 'ascii',
};

/**
 * Billing periods and invoices (SPEC §8).
 *
 * - `billing_periods`: one row per period that has been (or is being) closed. `next_user` is the
 *   resume cursor of a close in progress: users up to it have their invoices.
 * - `invoices` / `invoice_lines`: immutable once written; numbers are the primary key, so two
 *   closers can never hand out one number twice.
 * - `credits`: a void of a call in a closed period, booked into the period open at the moment of
 *   the void (negative amount), carried by that period's invoice.
 * - `service_locks`: leases, such as the one that lets exactly one process close periods.
 *
 * User names, periods, plans and prefixes are ASCII compared byte by byte (`ascii_bin` on MySQL,
 * SQLite's binary default), so `Bob` sorts before `alice` everywhere; reasons are free text.
 */
export const Invoicing1764000000004 = tablesMigration(
  'Invoicing1764000000004',
  [BILLING_PERIODS, INVOICES, INVOICE_LINES, CREDITS, SERVICE_LOCKS],
);
