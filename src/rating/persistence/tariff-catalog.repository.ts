import { Injectable } from '@nestjs/common';
import {
  select,
  statement,
  type Row,
  type Statement,
} from '../../platform/database/statement.js';
import {
  bigintFrom,
  dateFrom,
  numberFrom,
  textFrom,
} from '../../platform/database/sql-values.js';
import type { Rounding } from '../domain/rate-arithmetic.js';

/** A stored version without its rates. */
export interface StoredVersion {
  readonly plan: string;
  readonly effectiveFrom: Date;
  readonly amountDecimals: number;
  readonly rounding: Rounding;
  readonly rateCount: number;
  /** The tariff revision that wrote it: a reload fetches the rates of changed versions only. */
  readonly revision: bigint;
}

/** A stored rate, its money in micros. */
export interface StoredRate {
  readonly prefix: string;
  readonly firstBlockSeconds: number;
  readonly incrementSeconds: number;
  readonly priceMicros: bigint;
  readonly priceUnitSeconds: number;
  readonly connectFeeMicros: bigint;
  readonly noChargeSeconds: number;
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
    return statement(
      'SELECT tariff_revision FROM ledger_state WHERE id = 1',
      [],
      ({ rows }) => bigintFrom(rows[0]?.tariff_revision),
    );
  }

  versions(): Statement<StoredVersion[]> {
    return select(
      'SELECT plan, effective_from, amount_decimals, rounding, rate_count, revision ' +
        'FROM tariff_versions ORDER BY plan, effective_from',
      [],
      storedVersionOf,
    );
  }

  /** Up to `limit` rates of a version after `afterPrefix`, by prefix: a keyset walk. */
  rates(
    plan: string,
    effectiveFrom: Date,
    afterPrefix: string | null,
    limit: number,
  ): Statement<StoredRate[]> {
    const after = afterPrefix === null ? '' : ' AND prefix > ?';
    return select(
      'SELECT prefix, first_block_seconds, increment_seconds, price_micros, price_unit_seconds, ' +
        'connect_fee_micros, no_charge_seconds FROM tariff_rates ' +
        `WHERE plan = ? AND effective_from = ?${after} ORDER BY prefix LIMIT ?`,
      afterPrefix === null
        ? [plan, effectiveFrom, limit]
        : [plan, effectiveFrom, afterPrefix, limit],
      storedRateOf,
    );
  }

  assignments(): Statement<StoredAssignment[]> {
    return select(
      'SELECT user_name, effective_from, plan FROM plan_assignments ORDER BY user_name, effective_from',
      [],
      (row) => ({
        userName: textFrom(row.user_name),
        effectiveFrom: dateFrom(row.effective_from),
        plan: textFrom(row.plan),
      }),
    );
  }
}

export function storedVersionOf(row: Row): StoredVersion {
  return {
    plan: textFrom(row.plan),
    effectiveFrom: dateFrom(row.effective_from),
    amountDecimals: numberFrom(row.amount_decimals),
    rounding: textFrom(row.rounding) as Rounding,
    rateCount: numberFrom(row.rate_count),
    revision: bigintFrom(row.revision),
  };
}

export function storedRateOf(row: Row): StoredRate {
  return {
    prefix: textFrom(row.prefix),
    firstBlockSeconds: numberFrom(row.first_block_seconds),
    incrementSeconds: numberFrom(row.increment_seconds),
    priceMicros: bigintFrom(row.price_micros),
    priceUnitSeconds: numberFrom(row.price_unit_seconds),
    connectFeeMicros: bigintFrom(row.connect_fee_micros),
    noChargeSeconds: numberFrom(row.no_charge_seconds),
  };
}
