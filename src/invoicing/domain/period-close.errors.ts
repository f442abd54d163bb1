import { ConflictError } from '../../platform/errors/conflict.error.js';

/** SPEC §8: a period closes only once its month has ended. */
export class PeriodNotEndedError extends ConflictError {
  override readonly name = 'PeriodNotEndedError';

  constructor(period: string, end: Date, timeZone: string) {
    super(
      `period ${period} cannot close before its month ends at ${end.toISOString()} (${timeZone})`,
      'period',
    );
  }
}

/** SPEC §8: periods close in order; an earlier period with calls is still open. */
export class EarlierPeriodOpenError extends ConflictError {
  override readonly name = 'EarlierPeriodOpenError';

  constructor(period: string, earlier: string) {
    super(
      `period ${period} cannot close while ${earlier}, an earlier period with calls, is open: close ${earlier} first`,
      'period',
    );
  }
}

/** SPEC §8: only a closed period has invoices to list. */
export class PeriodNotClosedError extends ConflictError {
  override readonly name = 'PeriodNotClosedError';

  constructor(period: string) {
    super(`period ${period} is not closed: it has no invoices yet`, 'period');
  }
}
