import { Injectable } from '@nestjs/common';
import { Columns } from '../../platform/database/sql-values.js';
import {
  select,
  selectSingle,
  statement,
  type Statement,
} from '../../platform/database/statement.js';
import type { Rounding } from '../domain/rate-arithmetic.js';
import type { RateColumns } from '../domain/rate-columns.js';
import type { Rate } from '../domain/rate-table.js';

/** A stored version without its rates. */
export interface StoredVersion {
  readonly plan: string;
  readonly effectiveFrom: Date;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
  readonly rateCount: number;
  /** The tariff revision that wrote it: a reload fetches the rates of changed versions only. */
  readonly revision: bigint;
  /** The name of the set of its rates (`rate-sets.ts`). */
  readonly rateSet: string;
}

/** What one page of a version's rates read: how many, and the last prefix (null for none). */
export interface RatePage {
  readonly count: number;
  readonly last: string | null;
}

export interface StoredAssignment {
  readonly userName: string;
  readonly effectiveFrom: Date;
  readonly plan: string;
}

/** The reads that load the in-memory tariff catalog. */
@Injectable()
export class TariffCatalogRepository {
  /** The tariff revision as last committed. */
  revision(): Statement<bigint> {
    return selectSingle(
      'SELECT tariff_revision FROM ledger_state WHERE id = 1',
      [],
      (row) => row.bigint('tariff_revision'),
    );
  }

  versions(): Statement<StoredVersion[]> {
    return select(
      'SELECT plan, effective_from, amount_decimals, rounding, rate_count, revision, rate_set ' +
        'FROM tariff_versions ORDER BY plan, effective_from',
      [],
      storedVersionOf,
    );
  }

  /**
   * Up to `limit` rates of `version` (from its set) after `afterPrefix`, by prefix (a keyset
   * walk), appended to `into` as they are decoded: no object per rate outlives its row.
   */
  ratesInto(
    into: RateColumns,
    { rateSet, effectiveFrom }: StoredVersion,
    afterPrefix: string | null,
    limit: number,
  ): Statement<RatePage> {
    const after = afterPrefix === null ? '' : ' AND prefix > ?';
    return statement(
      'SELECT prefix, first_block_seconds, increment_seconds, price_micros, price_unit_seconds, ' +
        'connect_fee_micros, no_charge_seconds FROM tariff_rates ' +
        `WHERE rate_set = ? AND effective_from = ?${after} ORDER BY prefix LIMIT ?`,
      afterPrefix === null
        ? [rateSet, effectiveFrom, limit]
        : [rateSet, effectiveFrom, afterPrefix, limit],
      ({ rows }) => {
        let last: string | null = null;
        for (const row of rows) {
          const columns = new Columns(row);
          last = columns.text('prefix');
          into.push(
            last,
            columns.number('first_block_seconds'),
            columns.number('increment_seconds'),
            columns.number('price_micros'),
            columns.number('price_unit_seconds'),
            columns.number('connect_fee_micros'),
            columns.number('no_charge_seconds'),
          );
        }
        return { count: rows.length, last };
      },
    );
  }

  assignments(): Statement<StoredAssignment[]> {
    return select(
      'SELECT user_name, effective_from, plan FROM plan_assignments ORDER BY user_name, effective_from',
      [],
      assignmentOf,
    );
  }
}

export function storedVersionOf(row: Columns): StoredVersion {
  return {
    plan: row.text('plan'),
    effectiveFrom: row.date('effective_from'),
    amountDecimals: row.number('amount_decimals'),
    rounding: row.text('rounding') as Rounding,
    rateCount: row.number('rate_count'),
    revision: row.bigint('revision'),
    rateSet: row.text('rate_set'),
  };
}

export function rateSetKeyOf(row: Columns): {
  rateSet: string;
  effectiveFrom: Date;
} {
  return {
    rateSet: row.text('rate_set'),
    effectiveFrom: row.date('effective_from'),
  };
}

export function storedRateOf(row: Columns): Rate {
  return {
    prefix: row.text('prefix'),
    firstBlockSeconds: row.number('first_block_seconds'),
    incrementSeconds: row.number('increment_seconds'),
    priceMicros: row.bigint('price_micros'),
    priceUnitSeconds: row.number('price_unit_seconds'),
    connectFeeMicros: row.bigint('connect_fee_micros'),
    noChargeSeconds: row.number('no_charge_seconds'),
  };
}

export function assignmentOf(row: Columns): StoredAssignment {
  return {
    userName: row.text('user_name'),
    effectiveFrom: row.date('effective_from'),
    plan: row.text('plan'),
  };
}
