import { ApiProperty } from '@nestjs/swagger';
import { UserNameParamsDto } from '../../../call-billing/http/dto/user-name.params.dto.js';
import { parseInvoiceNumber } from '../../../call-billing/domain/invoice-number.js';
import { IsStringThat } from '../../../platform/validation/string-fields.js';

const NUMBER_RULE =
  'number must be an invoice number as issued: INV- and at least 6 digits, like INV-000123';

export class InvoiceParamsDto extends UserNameParamsDto {
  @ApiProperty({
    description: 'The invoice number, as issued.',
    example: 'INV-000123',
    pattern: '^INV-\\d{6,19}$',
  })
  @IsStringThat(
    'isInvoiceNumber',
    (value) => parseInvoiceNumber(value) !== undefined,
    NUMBER_RULE,
  )
  readonly number!: string;
}
