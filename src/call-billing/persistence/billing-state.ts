import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../platform/database/database-errors.js';
import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';
import { isMysql } from './billing-totals.js';

/** Totals counted with another block length would bill wrongly: nothing is billed or added. */
export class TotalsNeedRebuildError extends ServiceUnavailableError {
  constructor(reason: string) {
    super(`${reason}; an operator must run \`npm run billing:rebuild\``, 60);
  }
}

/** Refuses totals stamped with another block length than the configured one. */
export function assertSameBlocks(
  stampedBlockMs: number,
  blockMs: number,
): void {
  if (stampedBlockMs === blockMs) return;
  throw new TotalsNeedRebuildError(
    `billing totals were counted with ${stampedBlockMs / 1000}-second blocks, ` +
      `but BILLING_BLOCK_SECONDS is ${blockMs / 1000}`,
  );
}

/**
 * Checks that the stored totals were counted with `blockMs`-long blocks, in the caller's
 * transaction. Writers take a shared lock on the state row, so that a rebuild (which deletes it
 * first) waits for them and they wait for it: no call is counted twice or lost in between.
 * A new database (no calls yet) is stamped with the configured block length on first use.
 */
export async function assertTotalsCurrent(
  manager: EntityManager,
  blockMs: number,
  { forWrite }: { forWrite: boolean },
): Promise<void> {
  const lock = forWrite && isMysql(manager) ? ' LOCK IN SHARE MODE' : '';
  const [state] = await manager.query<{ block_ms: number | string }[]>(
    `SELECT block_ms FROM billing_state WHERE id = 1${lock}`,
  );
  if (state !== undefined) {
    assertSameBlocks(Number(state.block_ms), blockMs);
    return;
  }
  const [anyCall] = await manager.query<unknown[]>(
    'SELECT 1 AS found FROM calls LIMIT 1',
  );
  if (anyCall !== undefined) {
    throw new TotalsNeedRebuildError(
      'billing totals have not been counted for the stored calls',
    );
  }
  try {
    await manager.query(
      'INSERT INTO billing_state (id, block_ms) VALUES (1, ?)',
      [blockMs],
    );
  } catch (error) {
    // Another process stamped it first: check what it wrote.
    if (!isUniqueViolation(error)) throw error;
    await assertTotalsCurrent(manager, blockMs, { forWrite });
  }
}
