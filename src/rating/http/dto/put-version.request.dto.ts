import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { RateDto } from './rate.dto.js';

/**
 * The JSON body of a version upload, for the OpenAPI document: the body is read a slice at a
 * time by the deck reader (`rate-deck-json.ts`), which applies these rules, not class-validator.
 */
@ApiSchema({ name: 'NewPlanVersion' })
export class PutVersionRequestDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 6,
    example: 4,
    description:
      'Decimals of the amounts. Default: the most decimals among the prices and connect fees.',
  })
  readonly amount_decimals?: number;

  @ApiPropertyOptional({
    enum: ['half_up', 'up', 'down'],
    default: 'half_up',
    description: 'How amounts are rounded to amount_decimals.',
  })
  readonly rounding?: string;

  @ApiProperty({
    type: [RateDto],
    maxItems: 1_000_000,
    description: 'The rates, prefix "" among them; at most 1,000,000.',
    example: [
      { prefix: '', price: '0.02' },
      {
        prefix: '4420',
        first_block_seconds: 30,
        increment_seconds: 6,
        price: '0.006',
      },
    ],
  })
  readonly rates!: RateDto[];
}
