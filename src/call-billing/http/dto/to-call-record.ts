import {
  destinationDigits,
  parseStartedAt,
  type CallRecord,
} from '../../domain/call-record.rules.js';

/** A call's fields as a request carries them, already validated. */
export interface CallFields {
  readonly call_duration: number;
  readonly started_at?: string | null;
  readonly destination?: string | null;
}

/** The record the write pipeline takes, from a validated PUT body or batch item. */
export function toCallRecord(
  userName: string,
  fields: CallFields,
  idempotencyKey: string | undefined | null,
): CallRecord {
  const startedAt =
    fields.started_at === undefined || fields.started_at === null
      ? undefined
      : parseStartedAt(fields.started_at);
  return {
    userName,
    durationMs: fields.call_duration,
    idempotencyKey: idempotencyKey ?? undefined,
    startedAt,
    destination: destinationDigits(fields.destination),
  };
}
