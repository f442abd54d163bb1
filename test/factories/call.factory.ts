import type { INestApplicationContext } from '@nestjs/common';
import { Call } from '../../src/call-billing/persistence/call.entity.js';
import { CallsRepository } from '../../src/call-billing/persistence/calls.repository.js';
import { TotalsRepository } from '../../src/call-billing/persistence/totals.repository.js';
import { totalsOf } from '../../src/call-billing/domain/totals.js';
import { Database } from '../../src/platform/database/database.js';

/** The fields a test may choose; everything else gets a sensible default. */
export type CallOverrides = Partial<Omit<Call, 'id'>> & { id?: string };

const DEFAULT_CREATED_AT = new Date('2026-11-24T10:15:30.123Z');

/**
 * A `Call` entity as the service would have recorded it: `alice`, 545,000 ms, created and updated
 * at one fixed UTC instant (so tests never depend on the clock). Not stored.
 */
export function buildCall(
  overrides: CallOverrides = {},
  blockSeconds = 30,
): Call {
  const createdAt = overrides.createdAt ?? DEFAULT_CREATED_AT;
  const callDuration = overrides.callDuration ?? 545_000;
  const blockCount = Math.ceil(callDuration / (blockSeconds * 1000));
  return Object.assign(new Call(), {
    userName: 'alice',
    callDuration,
    idempotencyKey: null,
    createdAt,
    updatedAt: createdAt,
    startedAt: createdAt,
    destination: null,
    billingPeriod: createdAt.toISOString().slice(0, 7),
    late: false,
    blockCount,
    billedSeconds: blockCount * blockSeconds,
    // The default tariff: 0.05 a block, 2 decimals.
    amountMicros: BigInt(blockCount) * 50_000n,
    amountDecimals: 2,
    ratePlan: 'default',
    rateVersion: new Date(0),
    ratePrefix: '',
    voidedAt: null,
    voidReason: null,
    ...overrides,
  });
}

/**
 * Stores calls at chosen `createdAt` times, rated with the default tariff (30-second blocks at
 * 0.05 unless `blockSeconds` says otherwise), bypassing the API but not the bookkeeping: the
 * rows and their running totals go in one transaction through the service's own repositories.
 * Returns the calls with string ids.
 */
export async function insertCalls(
  app: INestApplicationContext,
  partials: readonly CallOverrides[],
  blockSeconds = 30,
): Promise<Call[]> {
  const calls = partials.map((partial) => buildCall(partial, blockSeconds));
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
