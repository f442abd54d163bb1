import { ConflictError } from '../../platform/errors/conflict.error.js';

/** The problem type of a call refused because its period is closed (LATE_CALL_POLICY=reject). */
export const PERIOD_CLOSED_TYPE = 'urn:call-billing:problem:period-closed';

/** A call started in a closed period while late calls are refused. */
export class PeriodClosedError extends ConflictError {
  override readonly name = 'PeriodClosedError';

  /** `index` is where the offending item stands in a batch; undefined for a single call. */
  constructor(
    readonly period: string,
    index?: number,
  ) {
    const field =
      index === undefined ? 'started_at' : `calls[${index}].started_at`;
    super(
      `${field} falls in ${period}, a closed billing period; late calls are refused (LATE_CALL_POLICY=reject)`,
      field,
      PERIOD_CLOSED_TYPE,
    );
  }
}
