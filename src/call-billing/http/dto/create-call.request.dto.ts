import { ApiSchema } from '@nestjs/swagger';
import { hasExactKeys } from '../../../platform/validation/plainly-valid.js';
import { isCallDuration } from '../../domain/call-record.rules.js';
import {
  IsCallDuration,
  IsOptionalDestination,
  IsOptionalStartedAt,
} from './call-record.decorators.js';
import { plainlyValidTiming } from './call-timing.js';

@ApiSchema({ name: 'NewCall' })
export class CreateCallRequestDto {
  @IsCallDuration()
  readonly call_duration!: number;

  @IsOptionalStartedAt()
  readonly started_at?: string;

  @IsOptionalDestination()
  readonly destination?: string | null;

  /** A body of valid fields as it is; anything else goes to the validator. */
  static accept(value: unknown): CreateCallRequestDto | undefined {
    if (!hasExactKeys(value, ['call_duration'], ['started_at', 'destination']))
      return undefined;
    const { call_duration } = value;
    if (typeof call_duration !== 'number' || !isCallDuration(call_duration)) {
      return undefined;
    }
    if (!plainlyValidTiming(value)) return undefined;
    return Object.assign(new CreateCallRequestDto(), value);
  }
}
