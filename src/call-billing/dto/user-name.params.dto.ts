import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { USER_NAME_PATTERN, USER_NAME_RULE } from '../user-name.js';

export class UserNameParamsDto {
  @ApiProperty({
    description:
      'The user the calls belong to; compared exactly (`Alice` and `alice` are two users).',
    example: 'alice',
    pattern: USER_NAME_PATTERN.source,
    minLength: 1,
    maxLength: 32,
  })
  @Matches(USER_NAME_PATTERN, { message: USER_NAME_RULE })
  readonly user_name!: string;
}
