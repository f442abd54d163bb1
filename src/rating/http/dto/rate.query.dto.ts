import { IsOptionalDestination } from '../../../call-billing/http/dto/call-record.decorators.js';
import { IsOptionalInstant } from './tariff.decorators.js';

export class RateQueryDto {
  @IsOptionalDestination()
  readonly destination?: string;

  @IsOptionalInstant('at', 'When the call would start; default: now.')
  readonly at?: string;
}
