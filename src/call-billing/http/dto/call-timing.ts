import {
  DESTINATION_PATTERN,
  parseStartedAt,
} from '../../domain/call-record.rules.js';

/** Whether the optional `started_at` and `destination` of a call body are absent or valid. */
export function plainlyValidTiming(value: Record<string, unknown>): boolean {
  const { started_at, destination } = value;
  // null is absent, as @IsOptional has it.
  if (started_at !== undefined && started_at !== null) {
    if (
      typeof started_at !== 'string' ||
      parseStartedAt(started_at) === undefined
    )
      return false;
  }
  if (destination !== undefined && destination !== null) {
    if (
      typeof destination !== 'string' ||
      !DESTINATION_PATTERN.test(destination)
    )
      return false;
  }
  return true;
}
