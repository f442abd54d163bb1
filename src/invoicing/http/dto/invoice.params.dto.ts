import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { UserNameParamsDto } from '../../../call-billing/http/dto/user-name.params.dto.js';
import { parseInvoiceNumber } from '../../../call-billing/domain/invoice-number.js';

const NUMBER_RULE =
  'number must be an invoice number as issued: INV- and at least 6 digits, like INV-000123';

export class InvoiceParamsDto extends UserNameParamsDto {
  @ApiProperty({
    description: 'The invoice number, as issued.',
    example: 'INV-000123',
    pattern: '^INV-\\d{6,19}$',
  })
  @ValidateBy({
    name: 'isInvoiceNumber',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseInvoiceNumber(value) !== undefined,
      defaultMessage: () => NUMBER_RULE,
    },
  })
  readonly number!: string;
}
