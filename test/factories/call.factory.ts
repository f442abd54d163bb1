import type { DataSource } from 'typeorm';
import { assertTotalsCurrent } from '../../src/call-billing/persistence/billing-state.js';
import {
  addToTotals,
  totalsOf,
} from '../../src/call-billing/persistence/billing-totals.js';
import { Call } from '../../src/call-billing/persistence/call.entity.js';

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
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  });
}

/**
 * Stores calls at chosen `createdAt` times, bypassing the API but not the bookkeeping: the rows
 * and their running totals go in one transaction through the same code the services use.
 * `blockSeconds` must be the app's BILLING_BLOCK_SECONDS. Returns the calls with string ids.
 */
export async function insertCalls(
  dataSource: DataSource,
  partials: readonly CallOverrides[],
  blockSeconds = 30,
): Promise<Call[]> {
  const calls = partials.map((partial) => buildCall(partial));
  if (calls.length === 0) return calls;
  const blockMs = blockSeconds * 1000;
  await dataSource.transaction(async (manager) => {
    await assertTotalsCurrent(manager, blockMs, { forWrite: true });
    const { identifiers } = await manager.getRepository(Call).insert(calls);
    calls.forEach((call, index) => {
      call.id = String(identifiers[index]?.id);
    });
    await addToTotals(manager, totalsOf(calls, blockMs));
  });
  return calls;
}
