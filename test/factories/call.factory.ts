import type { DataSource } from 'typeorm';
import { Call } from '../../src/call-billing/call.entity.js';

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
 * Stores calls straight through the repository, bypassing the API, e.g. to seed calls at chosen
 * `createdAt` times. Returns them as stored, with their ids as strings of digits.
 */
export async function insertCalls(
  dataSource: DataSource,
  partials: readonly CallOverrides[],
): Promise<Call[]> {
  const calls = partials.map((partial) => buildCall(partial));
  if (calls.length === 0) return calls;
  const { identifiers } = await dataSource.getRepository(Call).insert(calls);
  calls.forEach((call, index) => {
    call.id = String(identifiers[index]?.id);
  });
  return calls;
}
