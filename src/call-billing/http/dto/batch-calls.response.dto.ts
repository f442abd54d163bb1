import { ApiSchema } from '@nestjs/swagger';
import { ApiInteger } from '../../../platform/http/api-fields.js';

@ApiSchema({ name: 'CallBatchResult' })
export class BatchCallsResponseDto {
  @ApiInteger(998, 'Calls stored by this batch.')
  readonly inserted: number;

  @ApiInteger(
    2,
    'Items not stored again: their key was already recorded, or repeated in the batch.',
  )
  readonly duplicates: number;

  constructor(inserted: number, duplicates: number) {
    this.inserted = inserted;
    this.duplicates = duplicates;
  }
}
