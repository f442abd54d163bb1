import { ApiSchema } from '@nestjs/swagger';
import { hasExactKeys } from '../../../platform/validation/plainly-valid.js';
import { isCallDuration } from '../../domain/call-record.rules.js';
import { IsCallDuration } from './call-record.decorators.js';

@ApiSchema({ name: 'NewCall' })
export class CreateCallRequestDto {
  @IsCallDuration()
  readonly call_duration!: number;

  /** `{"call_duration": <a valid duration>}` as it is; anything else goes to the validator. */
  static accept(value: unknown): CreateCallRequestDto | undefined {
    if (!hasExactKeys(value, ['call_duration'])) return undefined;
    const { call_duration } = value;
    if (typeof call_duration !== 'number' || !isCallDuration(call_duration)) {
      return undefined;
    }
    return Object.assign(new CreateCallRequestDto(), { call_duration });
  }
}
