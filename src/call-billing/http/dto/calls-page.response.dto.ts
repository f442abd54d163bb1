import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import { PageResponse } from '../../../platform/http/page.response.js';
import type { Call } from '../../persistence/call.entity.js';
import { CallResponseDto } from './call.response.dto.js';

/** A call as the listing shows it: as recorded, and whether it was voided. */
@ApiSchema({ name: 'ListedCall' })
export class ListedCallResponseDto extends CallResponseDto {
  @ApiProperty({
    description: 'When the call was voided (UTC); null unless voided.',
    example: null,
    type: 'string',
    nullable: true,
  })
  readonly voided_at: string | null;

  @ApiProperty({
    description: 'Why it was voided; null unless voided.',
    example: null,
    type: 'string',
    nullable: true,
  })
  readonly void_reason: string | null;

  constructor(call: Call) {
    super(call);
    this.voided_at = call.voidedAt?.toISOString() ?? null;
    this.void_reason = call.voidReason;
  }
}

@ApiSchema({ name: 'CallPage' })
export class CallsPageResponseDto extends PageResponse(
  ListedCallResponseDto,
  'The calls of this page, newest first.',
  'MTc5NTUxMzMzMDEyMy40Mg',
) {}
