import type { INestApplicationContext } from '@nestjs/common';
import { Call } from '../../src/call-billing/persistence/call.entity.js';
import { CallsRepository } from '../../src/call-billing/persistence/calls.repository.js';
import { TotalsRepository } from '../../src/call-billing/persistence/totals.repository.js';
import { totalsOf } from '../../src/call-billing/domain/totals.js';
import { Database } from '../../src/platform/database/database.js';
import { decimalsOf, micros } from '../support/oracle/decimal.js';

/** The fields a test may choose; everything else gets a sensible default. */
export type CallOverrides = Partial<Omit<Call, 'id'>> & { id?: string };

/**
 * The `default` plan's first version as the migration makes it from BILLING_BLOCK_SECONDS and
 * BILLING_PRICE_PER_BLOCK: equal blocks of `blockSeconds`, `price` a block, with the price's
 * number of decimals.
 */
export interface BlockTariff {
  readonly blockSeconds: number;
  /** A decimal string, like `0.05`. */
  readonly price: string;
}

/** SPEC §3.2's default: 30-second blocks at 0.05. */
export const DEFAULT_TARIFF: BlockTariff = { blockSeconds: 30, price: '0.05' };

const DEFAULT_CREATED_AT = new Date('2026-11-24T10:15:30.123Z');

/**
 * A `Call` entity as the service would have recorded it: `alice`, 545,000 ms, created, updated
 * and started at one fixed UTC instant (so tests never depend on the clock), without
 * destination, rated by `tariff` (the default one unless said otherwise) and billed in the UTC
 * month it started in. Not stored.
 */
export function buildCall(
  overrides: CallOverrides = {},
  tariff: BlockTariff = DEFAULT_TARIFF,
): Call {
  const createdAt = overrides.createdAt ?? DEFAULT_CREATED_AT;
  const startedAt = overrides.startedAt ?? createdAt;
  const callDuration = overrides.callDuration ?? 545_000;
  const blockCount = Math.ceil(callDuration / (tariff.blockSeconds * 1000));
  return Object.assign(new Call(), {
    userName: 'alice',
    callDuration,
    idempotencyKey: null,
    createdAt,
    updatedAt: createdAt,
    startedAt,
    destination: null,
    billingPeriod: startedAt.toISOString().slice(0, 7),
    late: false,
    blockCount,
    billedSeconds: blockCount * tariff.blockSeconds,
    amountMicros: BigInt(blockCount) * micros(tariff.price),
    amountDecimals: decimalsOf(tariff.price),
    ratePlan: 'default',
    rateVersion: new Date(0),
    ratePrefix: '',
    voidedAt: null,
    voidReason: null,
    ...overrides,
  });
}

/**
 * Stores calls at chosen `createdAt` (and `startedAt`) times, rated with the database's default
 * tariff (30-second blocks at 0.05 unless `tariff` says otherwise), bypassing the API but not the
 * bookkeeping: the rows and their running totals go in one transaction through the service's own
 * repositories. Returns the calls with string ids.
 */
export async function insertCalls(
  app: INestApplicationContext,
  partials: readonly CallOverrides[],
  tariff: BlockTariff = DEFAULT_TARIFF,
): Promise<Call[]> {
  const calls = partials.map((partial) => buildCall(partial, tariff));
  if (calls.length === 0) return calls;
  const [database, repository, totals] = [
    app.get(Database),
    app.get(CallsRepository),
    app.get(TotalsRepository),
  ];
  await database.transaction((transaction) =>
    transaction.commit(
      ...repository.insert(calls, transaction.server, { giveIds: true }),
      ...totals.add(totalsOf(calls)),
    ),
  );
  return calls;
}
