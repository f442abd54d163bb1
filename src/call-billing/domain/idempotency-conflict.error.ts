import { ConflictError } from '../../platform/errors/conflict.error.js';

/** An idempotency key came back with a different call: the client reused a key by mistake. */
export class IdempotencyConflictError extends ConflictError {
  override readonly name = 'IdempotencyConflictError';

  /** `index` is where the offending item stands in a batch; undefined for a single call. */
  constructor(idempotencyKey: string, index?: number) {
    const field =
      index === undefined
        ? 'Idempotency-Key'
        : `calls[${index}].idempotency_key`;
    super(
      `${field} "${idempotencyKey}" was already used for a different call (another call_duration, started_at or destination)`,
      field,
    );
  }
}
