import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { UserNameParamsDto } from './user-name.params.dto.js';

export class CallIdParamsDto extends UserNameParamsDto {
  @ApiProperty({
    description: 'The call’s id, a string of digits.',
    example: '42',
  })
  @Matches(/^[1-9]\d{0,18}$/, {
    message: 'id must be a call id: 1 to 19 digits',
  })
  readonly id!: string;
}
