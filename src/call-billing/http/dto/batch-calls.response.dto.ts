import { ApiSchema, ApiProperty } from '@nestjs/swagger';

@ApiSchema({ name: 'CallBatchResult' })
export class BatchCallsResponseDto {
  @ApiProperty({
    description: 'Calls stored by this batch.',
    example: 998,
    type: 'integer',
  })
  readonly inserted: number;

  @ApiProperty({
    description:
      'Items not stored again: their key was already recorded, or repeated in the batch.',
    example: 2,
    type: 'integer',
  })
  readonly duplicates: number;

  constructor(inserted: number, duplicates: number) {
    this.inserted = inserted;
    this.duplicates = duplicates;
  }
}
