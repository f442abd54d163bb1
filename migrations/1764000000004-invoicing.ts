import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './dialect.js';

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
export class Invoicing1764000000004 implements MigrationInterface {
  name = 'Invoicing1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = isMysql(queryRunner) ? MYSQL : SQLITE;
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'service_locks',
      'credits',
      'invoice_lines',
      'invoices',
      'billing_periods',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

const ASCII = 'CHARACTER SET ascii COLLATE ascii_bin';
const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin';
const TEXT = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

const MYSQL = [
  `CREATE TABLE billing_periods (
    period char(7) ${ASCII} NOT NULL,
    status varchar(8) ${ASCII} NOT NULL,
    closed_at datetime(6) NULL,
    invoice_count int NOT NULL DEFAULT 0,
    total_micros bigint NOT NULL DEFAULT 0,
    amount_decimals tinyint NOT NULL DEFAULT 0,
    next_user varchar(32) ${ASCII} NULL,
    PRIMARY KEY (period),
    CONSTRAINT chk_billing_periods_status CHECK (status IN ('closing', 'closed'))
  ) ${TABLE}`,
  `CREATE TABLE invoices (
    number bigint NOT NULL,
    user_name varchar(32) ${ASCII} NOT NULL,
    period char(7) ${ASCII} NOT NULL,
    issued_at datetime(6) NOT NULL,
    currency char(3) ${ASCII} NOT NULL,
    call_count bigint NOT NULL,
    total_duration bigint NOT NULL,
    block_count bigint NOT NULL,
    billed_seconds bigint NOT NULL,
    total_micros bigint NOT NULL,
    amount_decimals tinyint NOT NULL,
    PRIMARY KEY (number),
    UNIQUE KEY uq_invoices_period_user (period, user_name),
    KEY idx_invoices_user_number (user_name, number)
  ) ${TABLE}`,
  `CREATE TABLE invoice_lines (
    invoice_number bigint NOT NULL,
    position int NOT NULL,
    kind varchar(6) ${ASCII} NOT NULL,
    plan varchar(32) ${ASCII} NULL,
    version datetime(3) NULL,
    prefix varchar(15) ${ASCII} NULL,
    call_count bigint NULL,
    total_duration bigint NULL,
    block_count bigint NULL,
    billed_seconds bigint NULL,
    amount_micros bigint NOT NULL,
    amount_decimals tinyint NOT NULL,
    call_id bigint NULL,
    credited_invoice bigint NULL,
    reason varchar(200) ${TEXT} NULL,
    PRIMARY KEY (invoice_number, position),
    CONSTRAINT chk_invoice_lines_kind CHECK (kind IN ('usage', 'credit'))
  ) ${TABLE}`,
  `CREATE TABLE credits (
    call_id bigint NOT NULL,
    user_name varchar(32) ${ASCII} NOT NULL,
    period char(7) ${ASCII} NOT NULL,
    amount_micros bigint NOT NULL,
    amount_decimals tinyint NOT NULL,
    invoice_number bigint NOT NULL,
    reason varchar(200) ${TEXT} NOT NULL,
    created_at datetime(6) NOT NULL,
    PRIMARY KEY (call_id),
    KEY idx_credits_user_period (user_name, period),
    KEY idx_credits_period_user (period, user_name)
  ) ${TABLE}`,
  `CREATE TABLE service_locks (
    name varchar(32) ${ASCII} NOT NULL,
    holder varchar(64) ${ASCII} NOT NULL,
    expires_at datetime(6) NOT NULL,
    PRIMARY KEY (name)
  ) ${TABLE}`,
];

const SQLITE = [
  `CREATE TABLE billing_periods (
    period char(7) PRIMARY KEY NOT NULL,
    status varchar(8) NOT NULL CHECK (status IN ('closing', 'closed')),
    closed_at datetime NULL,
    invoice_count integer NOT NULL DEFAULT 0,
    total_micros integer NOT NULL DEFAULT 0,
    amount_decimals integer NOT NULL DEFAULT 0,
    next_user varchar(32) NULL
  )`,
  `CREATE TABLE invoices (
    number integer PRIMARY KEY NOT NULL,
    user_name varchar(32) NOT NULL,
    period char(7) NOT NULL,
    issued_at datetime NOT NULL,
    currency char(3) NOT NULL,
    call_count integer NOT NULL,
    total_duration integer NOT NULL,
    block_count integer NOT NULL,
    billed_seconds integer NOT NULL,
    total_micros integer NOT NULL,
    amount_decimals integer NOT NULL
  )`,
  'CREATE UNIQUE INDEX uq_invoices_period_user ON invoices (period, user_name)',
  'CREATE INDEX idx_invoices_user_number ON invoices (user_name, number)',
  `CREATE TABLE invoice_lines (
    invoice_number integer NOT NULL,
    position integer NOT NULL,
    kind varchar(6) NOT NULL CHECK (kind IN ('usage', 'credit')),
    plan varchar(32) NULL,
    version datetime NULL,
    prefix varchar(15) NULL,
    call_count integer NULL,
    total_duration integer NULL,
    block_count integer NULL,
    billed_seconds integer NULL,
    amount_micros integer NOT NULL,
    amount_decimals integer NOT NULL,
    call_id integer NULL,
    credited_invoice integer NULL,
    reason varchar(200) NULL,
    PRIMARY KEY (invoice_number, position)
  )`,
  `CREATE TABLE credits (
    call_id integer PRIMARY KEY NOT NULL,
    user_name varchar(32) NOT NULL,
    period char(7) NOT NULL,
    amount_micros integer NOT NULL,
    amount_decimals integer NOT NULL,
    invoice_number integer NOT NULL,
    reason varchar(200) NOT NULL,
    created_at datetime NOT NULL
  )`,
  'CREATE INDEX idx_credits_user_period ON credits (user_name, period)',
  'CREATE INDEX idx_credits_period_user ON credits (period, user_name)',
  `CREATE TABLE service_locks (
    name varchar(32) PRIMARY KEY NOT NULL,
    holder varchar(64) NOT NULL,
    expires_at datetime NOT NULL
  )`,
];
