import { ApiSchema, ApiProperty } from '@nestjs/swagger';
import type { CallPage } from '../../services/call-query.service.js';
import { CallResponseDto } from './call.response.dto.js';

@ApiSchema({ name: 'CallPage' })
export class CallsPageResponseDto {
  @ApiProperty({
    type: [CallResponseDto],
    description: 'The calls of this page, newest first.',
  })
  readonly data: CallResponseDto[];

  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last page.',
    type: 'string',
    nullable: true,
    example: 'MTc5NTUxMzMzMDEyMy40Mg',
  })
  readonly next_cursor: string | null;

  constructor(page: CallPage) {
    this.data = page.calls.map((call) => new CallResponseDto(call));
    this.next_cursor = page.nextCursor;
  }
}
