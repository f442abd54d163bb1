import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_CALL_DURATION = 2_147_483_647;
const DURATION_RULE = `call_duration must be an integer between 0 and ${MAX_CALL_DURATION}`;

export class CreateCallRequestDto {
  @ApiProperty({
    description:
      'Length of the call in whole milliseconds (a JSON number, not a string).',
    example: 545_000,
    type: 'integer',
    minimum: 0,
    maximum: MAX_CALL_DURATION,
  })
  @IsInt({ message: DURATION_RULE })
  @Min(0, { message: DURATION_RULE })
  @Max(MAX_CALL_DURATION, { message: DURATION_RULE })
  readonly call_duration!: number;
}
