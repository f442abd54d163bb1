import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { CallBatchService } from '../services/call-batch.service.js';
import { BatchCallsRequestDto } from './dto/batch-calls.request.dto.js';
import { toCallRecord } from './dto/to-call-record.js';
import { BatchCallsResponseDto } from './dto/batch-calls.response.dto.js';

@ApiTags('calls')
@Controller('calls')
export class BatchController {
  constructor(private readonly batches: CallBatchService) {}

  @Post('batch')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import up to 1,000 calls of any users in one transaction',
    description:
      'Every item is validated first: one bad item rejects the batch (400, naming each bad ' +
      "item's index) and stores nothing. Items whose key was already recorded with the same " +
      'call (call_duration, started_at and destination), or repeated in the batch, count as ' +
      'duplicates; a key recorded with another call is a 409 and stores nothing, as is an item ' +
      'started in a closed period while LATE_CALL_POLICY=reject.',
  })
  @ApiOkResponse({ type: BatchCallsResponseDto })
  @ApiProblemResponses(400, 409, 413, 415, 503)
  async import(
    @Body() { calls }: BatchCallsRequestDto,
  ): Promise<BatchCallsResponseDto> {
    const result = await this.batches.recordBatch(
      calls.map((item) =>
        toCallRecord(item.user_name, item, item.idempotency_key),
      ),
    );
    return new BatchCallsResponseDto(result.inserted, result.duplicates);
  }
}
