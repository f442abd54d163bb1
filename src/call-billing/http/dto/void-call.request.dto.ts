import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

const REASON_RULE = 'reason must be a string of 1 to 200 characters';

@ApiSchema({ name: 'CallVoid' })
export class VoidCallRequestDto {
  @ApiProperty({
    description: 'Why the call is voided (kept with it, and on a credit line).',
    example: 'test call from the NOC',
    minLength: 1,
    maxLength: 200,
  })
  @IsString({ message: REASON_RULE })
  @Length(1, 200, { message: REASON_RULE })
  readonly reason!: string;
}
