import type { INestApplicationContext } from '@nestjs/common';
import { BillingStateRepository } from '../../src/call-billing/persistence/billing-state.repository.js';
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
export function buildCall(overrides: CallOverrides = {}): Call {
  const createdAt = overrides.createdAt ?? DEFAULT_CREATED_AT;
  return Object.assign(new Call(), {
    userName: 'alice',
    callDuration: 545_000,
    idempotencyKey: null,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  });
}

/**
 * Stores calls at chosen `createdAt` times, bypassing the API but not the bookkeeping: the rows
 * and their running totals go in one transaction through the service's own repositories.
 * `blockSeconds` must be the app's BILLING_BLOCK_SECONDS. Returns the calls with string ids.
 */
export async function insertCalls(
  app: INestApplicationContext,
  partials: readonly CallOverrides[],
  blockSeconds = 30,
): Promise<Call[]> {
  const calls = partials.map((partial) => buildCall(partial));
  if (calls.length === 0) return calls;
  const blockMs = blockSeconds * 1000;
  const [database, repository, totals, state] = [
    app.get(Database),
    app.get(CallsRepository),
    app.get(TotalsRepository),
    app.get(BillingStateRepository),
  ];
  await database.transaction(async (transaction) => {
    const [stamp] = await transaction.run(state.forWrite());
    if (stamp === undefined) await transaction.run(state.stamp(blockMs));
    await transaction.commit(
      ...repository.insert(calls, transaction.server, { giveIds: true }),
      ...totals.add(totalsOf(calls, blockMs)),
    );
  });
  return calls;
}
