import { ServiceUnavailableError } from '../../platform/errors/service-unavailable.error.js';

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

export const UNCOUNTED_CALLS =
  'billing totals have not been counted for the stored calls';
