import { IsCallDuration } from './call-record.decorators.js';

export class CreateCallRequestDto {
  @IsCallDuration()
  readonly call_duration!: number;
}
