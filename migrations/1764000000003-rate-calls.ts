import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  addColumns,
  column,
  columns,
  createTables,
  FIGURES,
  MONEY,
  nullable,
  rateColumns,
  types,
  type Table,
} from './ddl.js';
import { isMysql } from './dialect.js';
import { defaultTariffFromEnv } from './default-tariff.js';

/** Calls re-rated per UPDATE: bounded transactions and undo logs on a large table. */
const CALLS_PER_STEP = 50_000;

/**
 * Rating (SPEC §7): tariff plans with dated versions and rates by prefix, plan assignments, the
 * ledger's state row, rating results on every call, running totals per user, period and rate,
 * and the audit trail of corrections that re-rate a recorded call.
 *
 * Existing calls are carried forward: each is rated with the `default` plan's first version,
 * made from the two block settings the service billed with so far, and billed in the UTC month
 * it was received in, as before; `usage_totals` is then counted from them. Every bill stays the
 * same to the cent, and the old stamp that forced a rebuild goes away.
 */
export class RateCalls1764000000003 implements MigrationInterface {
  name = 'RateCalls1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    await createTables(queryRunner, [
      LEDGER_STATE,
      TARIFF_VERSIONS,
      TARIFF_RATES,
      PLAN_ASSIGNMENTS,
      USAGE_TOTALS,
      RATE_CORRECTIONS,
    ]);
    for (const ddl of addColumns('calls', RATED_CALL_COLUMNS, mysql)) {
      await queryRunner.query(ddl);
    }
    await queryRunner.query(
      'CREATE INDEX idx_calls_user_period ON calls (user_name, billing_period, created_at, id)',
    );
    const tariff = defaultTariffFromEnv(process.env);
    await queryRunner.query(
      'INSERT INTO ledger_state (id, tariff_revision, closed_through) VALUES (1, 1, NULL)',
    );
    await queryRunner.query(
      'INSERT INTO tariff_versions (plan, effective_from, amount_decimals, rounding, rate_count, revision) ' +
        `VALUES ('default', '1970-01-01 00:00:00.000', ${tariff.amountDecimals}, 'half_up', 1, 1)`,
    );
    const block = tariff.blockSeconds;
    await queryRunner.query(
      'INSERT INTO tariff_rates (plan, effective_from, prefix, first_block_seconds, increment_seconds, ' +
        'price_micros, price_unit_seconds, connect_fee_micros, no_charge_seconds) ' +
        `VALUES ('default', '1970-01-01 00:00:00.000', '', ${block}, ${block}, ${tariff.priceMicros}, ${block}, 0, 0)`,
    );
    await rateStoredCalls(queryRunner, mysql, tariff);
    await queryRunner.query(
      'INSERT INTO usage_totals (user_name, period, plan, version, prefix, amount_decimals, ' +
        'call_count, total_duration, block_count, billed_seconds, amount_micros) ' +
        'SELECT user_name, billing_period, rate_plan, rate_version, rate_prefix, MAX(amount_decimals), ' +
        'COUNT(*), SUM(call_duration), SUM(block_count), SUM(billed_seconds), SUM(amount_micros) ' +
        'FROM calls GROUP BY user_name, billing_period, rate_plan, rate_version, rate_prefix',
    );
    await queryRunner.query('DROP TABLE billing_state');
    await queryRunner.query('DROP TABLE billing_totals');
  }

  down(): Promise<void> {
    // Rated calls and tariffs have no place in the previous schema: restore a backup instead.
    return Promise.reject(
      new Error('RateCalls1764000000003 cannot be reverted'),
    );
  }
}

/** The default plan's first version on every stored call, a bounded range of ids at a time. */
async function rateStoredCalls(
  queryRunner: QueryRunner,
  mysql: boolean,
  tariff: ReturnType<typeof defaultTariffFromEnv>,
): Promise<void> {
  const rows = (await queryRunner.query(
    'SELECT MAX(id) AS last FROM calls',
  )) as { last: number | string | null }[];
  const last = Number(rows[0]?.last ?? 0);
  const blockMs = tariff.blockSeconds * 1000;
  // Integer literals, not bound values: SQLite would take a bound number as REAL and divide
  // into fractions of a block.
  const blocks = `((call_duration + ${blockMs - 1}) / ${blockMs})`;
  const integerBlocks = mysql
    ? `((call_duration + ${blockMs - 1}) DIV ${blockMs})`
    : blocks;
  const month = mysql
    ? "DATE_FORMAT(created_at, '%Y-%m')"
    : "strftime('%Y-%m', created_at)";
  for (let from = 0; from < last; from += CALLS_PER_STEP) {
    await queryRunner.query(
      `UPDATE calls SET started_at = created_at, billing_period = ${month}, late = 0, ` +
        `block_count = ${integerBlocks}, billed_seconds = ${integerBlocks} * ${tariff.blockSeconds}, ` +
        `amount_micros = ${integerBlocks} * ${tariff.priceMicros}, amount_decimals = ${tariff.amountDecimals}, ` +
        "rate_plan = 'default', rate_version = '1970-01-01 00:00:00.000', rate_prefix = '' " +
        `WHERE id > ${from} AND id <= ${from + CALLS_PER_STEP}`,
    );
  }
}

const VERSION = types.datetime(3);

const LEDGER_STATE: Table = {
  name: 'ledger_state',
  columns: [
    column('id', types.tinyint),
    column('tariff_revision', types.bigint),
    column('closed_through', types.period, 'NULL'),
  ],
  primaryKey: ['id'],
};

const TARIFF_VERSIONS: Table = {
  name: 'tariff_versions',
  columns: [
    column('plan', types.plan),
    column('effective_from', VERSION),
    column('amount_decimals', types.tinyint),
    column('rounding', types.ascii('varchar(7)')),
    column('rate_count', types.int),
    column('revision', types.bigint),
  ],
  primaryKey: ['plan', 'effective_from'],
};

const TARIFF_RATES: Table = {
  name: 'tariff_rates',
  columns: [
    column('plan', types.plan),
    column('effective_from', VERSION),
    column('prefix', types.prefix),
    ...columns(types.int, 'first_block_seconds', 'increment_seconds'),
    column('price_micros', types.bigint),
    column('price_unit_seconds', types.int),
    column('connect_fee_micros', types.bigint),
    column('no_charge_seconds', types.int),
  ],
  primaryKey: ['plan', 'effective_from', 'prefix'],
};

const PLAN_ASSIGNMENTS: Table = {
  name: 'plan_assignments',
  columns: [
    column('user_name', types.userName),
    column('effective_from', VERSION),
    column('plan', types.plan),
  ],
  primaryKey: ['user_name', 'effective_from'],
};

export const USAGE_TOTALS: Table = {
  name: 'usage_totals',
  columns: [
    column('user_name', types.userName),
    column('period', types.period),
    ...rateColumns(''),
    column('amount_decimals', types.tinyint),
    ...FIGURES,
    column('amount_micros', types.bigint),
  ],
  primaryKey: ['user_name', 'period', 'plan', 'version', 'prefix'],
  indexes: [
    { name: 'idx_usage_totals_period', columns: ['period', 'user_name'] },
  ],
};

const RATE_CORRECTIONS: Table = {
  name: 'rate_corrections',
  columns: [
    column('id', types.bigint),
    column('call_id', types.bigint),
    column('corrected_at', types.datetime(6)),
    column('correction', types.ascii('varchar(120)')),
    ...rateColumns('old_rate_'),
    ...columns(types.bigint, 'old_amount_micros', 'new_amount_micros'),
  ],
  primaryKey: ['id'],
  autoIncrement: true,
  indexes: [{ name: 'idx_rate_corrections_call', columns: ['call_id'] }],
};

/** What rating adds to every call, NULL until the stored calls are rated below. */
const RATED_CALL_COLUMNS = [
  ...nullable([
    column('started_at', types.datetime(3)),
    column('destination', types.ascii('varchar(15)')),
    column('billing_period', types.period),
  ]),
  column('late', types.tinyint, 'NOT NULL DEFAULT 0'),
  ...nullable([
    ...columns(types.int, 'block_count', 'billed_seconds'),
    ...MONEY,
    ...rateColumns('rate_'),
    column('voided_at', types.datetime(6)),
    column('void_reason', types.alike('varchar(200)')),
  ]),
];
