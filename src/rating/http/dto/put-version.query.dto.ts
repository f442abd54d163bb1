import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { TariffChangeQueryDto } from './tariff-change.query.dto.js';

/** A version upload's query: for a CSV body, the version's options too. */
export class PutVersionQueryDto extends TariffChangeQueryDto {
  @ApiPropertyOptional({
    description:
      'CSV body only (JSON puts it in the body): decimals of the amounts, 0–6. Default: the most decimals among the prices and connect fees.',
    example: '4',
  })
  @IsOptional()
  @IsString()
  readonly amount_decimals?: string;

  @ApiPropertyOptional({
    description:
      'CSV body only (JSON puts it in the body): how amounts are rounded.',
    enum: ['half_up', 'up', 'down'],
    default: 'half_up',
  })
  @IsOptional()
  @IsString()
  readonly rounding?: string;
}
