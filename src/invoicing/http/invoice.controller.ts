import {
  Controller,
  Get,
  Headers,
  NotFoundException,
  Param,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UserNameParamsDto } from '../../call-billing/http/dto/user-name.params.dto.js';
import { AppConfigService } from '../../platform/config/app-config.service.js';
import { ApiProblemResponses } from '../../platform/errors/problem-responses.decorator.js';
import { chooseType } from '../../platform/http/content-negotiation.js';
import { DEFAULT_PAGE_SIZE } from '../../platform/validation/page-query.decorators.js';
import { decodeInvoiceCursor } from '../domain/invoice-cursor.js';
import { parseInvoiceNumber } from '../../call-billing/domain/invoice-number.js';
import { renderInvoicePdf } from '../pdf/invoice-pdf.js';
import { InvoiceQueryService } from '../services/invoice-query.service.js';
import { InvoiceParamsDto } from './dto/invoice.params.dto.js';
import { InvoiceResponseDto } from './dto/invoice.response.dto.js';
import { InvoicesPageResponseDto } from './dto/invoices-page.response.dto.js';
import { InvoicesQueryDto } from './dto/invoices.query.dto.js';
import { INVOICE_EXAMPLE } from './invoice.example.js';

const JSON_TYPE = 'application/json';
const PDF_TYPE = 'application/pdf';
/** What an invoice can be had as; the first is the default. */
const INVOICE_TYPES = [JSON_TYPE, PDF_TYPE] as const;
const LIST_TYPES = [JSON_TYPE] as const;

@ApiTags('invoices')
@Controller('mobile/:user_name')
export class InvoiceController {
  constructor(
    private readonly invoices: InvoiceQueryService,
    private readonly config: AppConfigService,
  ) {}

  @Get('invoices')
  @ApiOperation({
    summary: "A user's invoices, newest first, one page at a time",
  })
  @ApiOkResponse({ type: InvoicesPageResponseDto })
  @ApiProblemResponses(400, 406, 503)
  async list(
    @Param() { user_name }: UserNameParamsDto,
    @Query() { limit, cursor }: InvoicesQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvoicesPageResponseDto> {
    // Its neighbour serves PDFs: asking the list for one is told, not answered with JSON.
    chooseType(accept, LIST_TYPES, reply, 'The invoice list is');
    const page = await this.invoices.page(user_name, {
      limit: limit ?? DEFAULT_PAGE_SIZE,
      before: cursor === undefined ? undefined : decodeInvoiceCursor(cursor),
    });
    return new InvoicesPageResponseDto(page);
  }

  @Get('invoices/:number')
  @ApiOperation({
    summary:
      'One of the user’s invoices, as JSON or (Accept: application/pdf) as a PDF',
  })
  @ApiExtraModels(InvoiceResponseDto)
  @ApiOkResponse({
    description:
      'The invoice. `Accept` chooses JSON (the default) or a PDF to send to the customer.',
    content: {
      [JSON_TYPE]: {
        schema: { $ref: getSchemaPath(InvoiceResponseDto) },
        example: INVOICE_EXAMPLE,
      },
      [PDF_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiProblemResponses(400, 404, 406, 503)
  async get(
    @Param() { user_name, number }: InvoiceParamsDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvoiceResponseDto | StreamableFile> {
    const type = chooseType(accept, INVOICE_TYPES, reply, 'An invoice is');
    // The DTO has checked the number; 0 names no invoice.
    const invoice = await this.invoices.find(
      user_name,
      parseInvoiceNumber(number) ?? 0n,
    );
    if (invoice === undefined) {
      throw new NotFoundException(`${user_name} has no invoice ${number}`);
    }
    if (type === JSON_TYPE) return new InvoiceResponseDto(invoice);
    return new StreamableFile(
      renderInvoicePdf(invoice, {
        issuer: this.config.get('invoicing').issuer,
        timeZone: this.config.get('billing').timeZone,
      }),
      { type: PDF_TYPE, disposition: `inline; filename="${number}.pdf"` },
    );
  }
}
