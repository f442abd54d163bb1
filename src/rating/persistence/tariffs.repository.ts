import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import { utcDatetimeText } from '../../platform/database/sql-values.js';
import {
  command,
  exists,
  placeholders,
  select,
  selectOne,
  type Statement,
} from '../../platform/database/statement.js';
import { prefixOfKey } from '../domain/prefix-keys.js';
import type { RateColumns } from '../domain/rate-columns.js';
import type { Rate } from '../domain/rate-table.js';
import {
  assignmentOf,
  rateSetKeyOf,
  storedRateOf,
  storedVersionOf,
  type StoredAssignment,
  type StoredVersion,
} from './tariff-catalog.repository.js';

const VERSION_COLUMNS =
  'plan, effective_from, amount_decimals, rounding, rate_count, revision, rate_set';
const RATE_COLUMNS =
  'prefix, first_block_seconds, increment_seconds, price_micros, price_unit_seconds, ' +
  'connect_fee_micros, no_charge_seconds';
/**
 * Rates per INSERT: 9 values each, well under SQLite's 32,766 bound values; and the statement's
 * values and text stay under V8's large-object size (~128 KB), so that they die young instead of
 * piling up in the old generation until a full collection.
 */
export const RATES_PER_INSERT = 1000;
/** The character after '9': every prefix that starts with "44" sorts in ["44", "44:"). */
const AFTER_DIGITS = ':';

/** Where a set of rates is stored: its name, and the `effective_from` of its version. */
export interface RateSetKey {
  readonly rateSet: string;
  readonly effectiveFrom: Date;
}

/**
 * The admin side of the tariffs: versions, their rates and plan assignments as the admin API
 * writes and lists them. (The catalog's loading reads are in `tariff-catalog.repository.ts`.)
 */
@Injectable()
export class TariffsRepository {
  constructor(private readonly database: Database) {}

  /** The version, locked on MySQL until the transaction ends when `lock` says so. */
  version(
    plan: string,
    effectiveFrom: Date,
    lock = false,
  ): Statement<StoredVersion | undefined> {
    const forUpdate =
      lock && this.database.dialect === 'mysql' ? ' FOR UPDATE' : '';
    return selectOne(
      `SELECT ${VERSION_COLUMNS} FROM tariff_versions WHERE plan = ? AND effective_from = ?${forUpdate}`,
      [plan, effectiveFrom],
      storedVersionOf,
    );
  }

  /**
   * Writes a version's row (its rates are written apart), replacing the one it has, with the
   * tariff revision that writes it.
   */
  saveVersion(row: StoredVersion): Statement<number> {
    const conflict =
      this.database.dialect === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE amount_decimals = VALUES(amount_decimals), ' +
          'rounding = VALUES(rounding), rate_count = VALUES(rate_count), revision = VALUES(revision), ' +
          'rate_set = VALUES(rate_set)'
        : 'ON CONFLICT (plan, effective_from) DO UPDATE SET amount_decimals = excluded.amount_decimals, ' +
          'rounding = excluded.rounding, rate_count = excluded.rate_count, revision = excluded.revision, ' +
          'rate_set = excluded.rate_set';
    return command(
      `INSERT INTO tariff_versions (${VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ${conflict}`,
      [
        row.plan,
        row.effectiveFrom,
        row.amountDecimals,
        row.rounding,
        row.rateCount,
        row.revision,
        row.rateSet,
      ],
    );
  }

  deleteVersion(plan: string, effectiveFrom: Date): Statement<number> {
    return command(
      'DELETE FROM tariff_versions WHERE plan = ? AND effective_from = ?',
      [plan, effectiveFrom],
    );
  }

  /**
   * One multi-row INSERT of the rates [from, to) of `rates` (at most {@link RATES_PER_INSERT})
   * into the set `set`.
   */
  insertRates(
    set: RateSetKey,
    rates: RateColumns,
    from: number,
    to: number,
  ): Statement<number> {
    // Written once, not a million times over by the driver's conversion.
    const at = utcDatetimeText(set.effectiveFrom);
    const values: unknown[] = [];
    for (let i = from; i < to; i++) {
      values.push(
        set.rateSet,
        at,
        prefixOfKey(rates.keys[i]),
        rates.firstBlock.at(i),
        rates.increment.at(i),
        // Numbers, not the text a bigint is bound as: SQLite converts a million texts slowly.
        // Prices and fees are below 10^12 micros, exact as doubles.
        rates.price.at(i),
        rates.priceUnit.at(i),
        rates.connectFee.at(i),
        rates.noCharge.at(i),
      );
    }
    return command(
      `INSERT INTO tariff_rates (rate_set, effective_from, ${RATE_COLUMNS}) ` +
        `VALUES ${placeholders(to - from, `(${placeholders(9)})`)}`,
      values,
    );
  }

  /**
   * Deletes the first `count` rates of a set, by prefix: a bounded slice (a million rates at once
   * would hold SQLite, and the event loop with it, for seconds). Fewer deleted than `count` means
   * none is left. MySQL takes `ORDER BY … LIMIT` on a DELETE; SQLite deletes up to the slice's
   * last prefix ('~' sorts after every prefix when fewer are left).
   */
  deleteRateSlice(
    { rateSet, effectiveFrom }: RateSetKey,
    count: number,
  ): Statement<number> {
    const set = 'rate_set = ? AND effective_from = ?';
    return this.database.dialect === 'mysql'
      ? command(
          `DELETE FROM tariff_rates WHERE ${set} ORDER BY prefix LIMIT ?`,
          [rateSet, effectiveFrom, count],
        )
      : command(
          `DELETE FROM tariff_rates WHERE ${set} AND prefix <= COALESCE((` +
            `SELECT prefix FROM tariff_rates WHERE ${set} ORDER BY prefix LIMIT 1 OFFSET ?), '~')`,
          [rateSet, effectiveFrom, rateSet, effectiveFrom, count - 1],
        );
  }

  /**
   * The first set stored after `after` (the first of all without it), in key order: a walk of
   * the primary key, a set a step. Two range reads, each on the key's prefix, where one `OR`
   * of both would scan the table on SQLite.
   */
  nextRateSet(after?: RateSetKey): Statement<RateSetKey | undefined>[] {
    const first = (where: string, values: unknown[]) =>
      selectOne(
        `SELECT rate_set, effective_from FROM tariff_rates ${where}` +
          'ORDER BY rate_set, effective_from LIMIT 1',
        values,
        rateSetKeyOf,
      );
    if (after === undefined) return [first('', [])];
    return [
      first('WHERE rate_set = ? AND effective_from > ? ', [
        after.rateSet,
        after.effectiveFrom,
      ]),
      first('WHERE rate_set > ? ', [after.rateSet]),
    ];
  }

  /** The sets the versions point to. */
  rateSetsInUse(): Statement<RateSetKey[]> {
    return select(
      'SELECT rate_set, effective_from FROM tariff_versions',
      [],
      rateSetKeyOf,
    );
  }

  /** Takes the tariff revision that a change just made (the caller holds the ledger's lock). */
  setRevision(revision: bigint): Statement<number> {
    return command('UPDATE ledger_state SET tariff_revision = ? WHERE id = 1', [
      revision,
    ]);
  }

  /** Up to `limit` plan names after `after`, in byte order. */
  plans(after: string | undefined, limit: number): Statement<string[]> {
    return select(
      'SELECT DISTINCT plan FROM tariff_versions WHERE plan > ? ORDER BY plan LIMIT ?',
      [after ?? '', limit],
      (row) => row.text('plan'),
    );
  }

  /** The versions of `plans`, by plan and `effective_from`. */
  versionsOf(plans: readonly string[]): Statement<StoredVersion[]> {
    return select(
      `SELECT ${VERSION_COLUMNS} FROM tariff_versions WHERE plan IN (${placeholders(plans.length)}) ` +
        'ORDER BY plan, effective_from',
      plans,
      storedVersionOf,
    );
  }

  planExists(plan: string): Statement<boolean> {
    return exists(
      'SELECT 1 AS found FROM tariff_versions WHERE plan = ? LIMIT 1',
      [plan],
    );
  }

  /**
   * Up to `limit` rates of a version by prefix, after `after` (a keyset walk), only those whose
   * prefix starts with `startsWith` when it is given: from the set the version points to, in the
   * same statement, so that a set replaced meanwhile is never read half-removed.
   */
  rates(
    plan: string,
    effectiveFrom: Date,
    page: { after?: string; startsWith?: string; limit: number },
  ): Statement<Rate[]> {
    const conditions = ['v.plan = ?', 'v.effective_from = ?'];
    const values: unknown[] = [plan, effectiveFrom];
    if (page.after !== undefined) {
      conditions.push('r.prefix > ?');
      values.push(page.after);
    }
    if (page.startsWith !== undefined) {
      conditions.push('r.prefix >= ?', 'r.prefix < ?');
      values.push(page.startsWith, `${page.startsWith}${AFTER_DIGITS}`);
    }
    return select(
      `SELECT ${RATE_COLUMNS} FROM tariff_versions v JOIN tariff_rates r ` +
        'ON r.rate_set = v.rate_set AND r.effective_from = v.effective_from ' +
        `WHERE ${conditions.join(' AND ')} ORDER BY r.prefix LIMIT ?`,
      [...values, page.limit],
      storedRateOf,
    );
  }

  /** Sets `user_name`'s plan from `effective_from`, replacing an assignment from that instant. */
  saveAssignment(assignment: StoredAssignment): Statement<number> {
    const conflict =
      this.database.dialect === 'mysql'
        ? 'ON DUPLICATE KEY UPDATE plan = VALUES(plan)'
        : 'ON CONFLICT (user_name, effective_from) DO UPDATE SET plan = excluded.plan';
    return command(
      `INSERT INTO plan_assignments (user_name, effective_from, plan) VALUES (?, ?, ?) ${conflict}`,
      [assignment.userName, assignment.effectiveFrom, assignment.plan],
    );
  }

  /** A user's assignments, by `effective_from`. */
  assignmentsOf(userName: string): Statement<StoredAssignment[]> {
    return select(
      'SELECT user_name, effective_from, plan FROM plan_assignments WHERE user_name = ? ' +
        'ORDER BY effective_from',
      [userName],
      assignmentOf,
    );
  }
}
