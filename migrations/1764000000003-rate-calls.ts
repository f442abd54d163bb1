import type { MigrationInterface, QueryRunner } from 'typeorm';
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
    for (const ddl of mysql ? MYSQL_TABLES : SQLITE_TABLES) {
      await queryRunner.query(ddl);
    }
    for (const ddl of mysql ? MYSQL_CALL_COLUMNS : SQLITE_CALL_COLUMNS) {
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

const ASCII = 'CHARACTER SET ascii COLLATE ascii_bin';

const MYSQL_TABLES = [
  `CREATE TABLE ledger_state (
    id tinyint NOT NULL,
    tariff_revision bigint NOT NULL,
    closed_through char(7) ${ASCII} NULL,
    PRIMARY KEY (id)
  ) ENGINE=InnoDB`,
  `CREATE TABLE tariff_versions (
    plan varchar(32) ${ASCII} NOT NULL,
    effective_from datetime(3) NOT NULL,
    amount_decimals tinyint NOT NULL,
    rounding varchar(7) ${ASCII} NOT NULL,
    rate_count int NOT NULL,
    revision bigint NOT NULL,
    PRIMARY KEY (plan, effective_from)
  ) ENGINE=InnoDB`,
  `CREATE TABLE tariff_rates (
    plan varchar(32) ${ASCII} NOT NULL,
    effective_from datetime(3) NOT NULL,
    prefix varchar(15) ${ASCII} NOT NULL,
    first_block_seconds int NOT NULL,
    increment_seconds int NOT NULL,
    price_micros bigint NOT NULL,
    price_unit_seconds int NOT NULL,
    connect_fee_micros bigint NOT NULL,
    no_charge_seconds int NOT NULL,
    PRIMARY KEY (plan, effective_from, prefix)
  ) ENGINE=InnoDB`,
  `CREATE TABLE plan_assignments (
    user_name varchar(32) ${ASCII} NOT NULL,
    effective_from datetime(3) NOT NULL,
    plan varchar(32) ${ASCII} NOT NULL,
    PRIMARY KEY (user_name, effective_from)
  ) ENGINE=InnoDB`,
  `CREATE TABLE usage_totals (
    user_name varchar(32) ${ASCII} NOT NULL,
    period char(7) ${ASCII} NOT NULL,
    plan varchar(32) ${ASCII} NOT NULL,
    version datetime(3) NOT NULL,
    prefix varchar(15) ${ASCII} NOT NULL,
    amount_decimals tinyint NOT NULL,
    call_count bigint NOT NULL,
    total_duration bigint NOT NULL,
    block_count bigint NOT NULL,
    billed_seconds bigint NOT NULL,
    amount_micros bigint NOT NULL,
    PRIMARY KEY (user_name, period, plan, version, prefix),
    KEY idx_usage_totals_period (period, user_name)
  ) ENGINE=InnoDB`,
];

MYSQL_TABLES.push(`CREATE TABLE rate_corrections (
    id bigint NOT NULL AUTO_INCREMENT,
    call_id bigint NOT NULL,
    corrected_at datetime(6) NOT NULL,
    correction varchar(120) ${ASCII} NOT NULL,
    old_rate_plan varchar(32) ${ASCII} NOT NULL,
    old_rate_version datetime(3) NOT NULL,
    old_rate_prefix varchar(15) ${ASCII} NOT NULL,
    old_amount_micros bigint NOT NULL,
    new_amount_micros bigint NOT NULL,
    PRIMARY KEY (id),
    KEY idx_rate_corrections_call (call_id)
  ) ENGINE=InnoDB`);

const MYSQL_CALL_COLUMNS = [
  `ALTER TABLE calls
    ADD COLUMN started_at datetime(3) NULL,
    ADD COLUMN destination varchar(15) ${ASCII} NULL,
    ADD COLUMN billing_period char(7) ${ASCII} NULL,
    ADD COLUMN late tinyint NOT NULL DEFAULT 0,
    ADD COLUMN block_count int NULL,
    ADD COLUMN billed_seconds int NULL,
    ADD COLUMN amount_micros bigint NULL,
    ADD COLUMN amount_decimals tinyint NULL,
    ADD COLUMN rate_plan varchar(32) ${ASCII} NULL,
    ADD COLUMN rate_version datetime(3) NULL,
    ADD COLUMN rate_prefix varchar(15) ${ASCII} NULL,
    ADD COLUMN voided_at datetime(6) NULL,
    ADD COLUMN void_reason varchar(200) NULL`,
];

const SQLITE_TABLES = [
  `CREATE TABLE ledger_state (
    id integer PRIMARY KEY NOT NULL,
    tariff_revision integer NOT NULL,
    closed_through char(7) NULL
  )`,
  `CREATE TABLE tariff_versions (
    plan varchar(32) NOT NULL,
    effective_from datetime NOT NULL,
    amount_decimals integer NOT NULL,
    rounding varchar(7) NOT NULL,
    rate_count integer NOT NULL,
    revision integer NOT NULL,
    PRIMARY KEY (plan, effective_from)
  )`,
  `CREATE TABLE tariff_rates (
    plan varchar(32) NOT NULL,
    effective_from datetime NOT NULL,
    prefix varchar(15) NOT NULL,
    first_block_seconds integer NOT NULL,
    increment_seconds integer NOT NULL,
    price_micros integer NOT NULL,
    price_unit_seconds integer NOT NULL,
    connect_fee_micros integer NOT NULL,
    no_charge_seconds integer NOT NULL,
    PRIMARY KEY (plan, effective_from, prefix)
  )`,
  `CREATE TABLE plan_assignments (
    user_name varchar(32) NOT NULL,
    effective_from datetime NOT NULL,
    plan varchar(32) NOT NULL,
    PRIMARY KEY (user_name, effective_from)
  )`,
  `CREATE TABLE usage_totals (
    user_name varchar(32) NOT NULL,
    period char(7) NOT NULL,
    plan varchar(32) NOT NULL,
    version datetime NOT NULL,
    prefix varchar(15) NOT NULL,
    amount_decimals integer NOT NULL,
    call_count integer NOT NULL,
    total_duration integer NOT NULL,
    block_count integer NOT NULL,
    billed_seconds integer NOT NULL,
    amount_micros integer NOT NULL,
    PRIMARY KEY (user_name, period, plan, version, prefix)
  )`,
  'CREATE INDEX idx_usage_totals_period ON usage_totals (period, user_name)',
];

SQLITE_TABLES.push(
  `CREATE TABLE rate_corrections (
    id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
    call_id integer NOT NULL,
    corrected_at datetime NOT NULL,
    correction varchar(120) NOT NULL,
    old_rate_plan varchar(32) NOT NULL,
    old_rate_version datetime NOT NULL,
    old_rate_prefix varchar(15) NOT NULL,
    old_amount_micros integer NOT NULL,
    new_amount_micros integer NOT NULL
  )`,
  'CREATE INDEX idx_rate_corrections_call ON rate_corrections (call_id)',
);

const SQLITE_CALL_COLUMNS = [
  'started_at datetime NULL',
  'destination varchar(15) NULL',
  'billing_period char(7) NULL',
  'late integer NOT NULL DEFAULT 0',
  'block_count integer NULL',
  'billed_seconds integer NULL',
  'amount_micros integer NULL',
  'amount_decimals integer NULL',
  'rate_plan varchar(32) NULL',
  'rate_version datetime NULL',
  'rate_prefix varchar(15) NULL',
  'voided_at datetime NULL',
  'void_reason varchar(200) NULL',
].map((column) => `ALTER TABLE calls ADD COLUMN ${column}`);
